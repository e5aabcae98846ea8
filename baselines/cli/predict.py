"""``audio-mlp predict MODEL FILE_OR_DIR...``: classify recordings with a model saved by ``train``.

Loads the complete model (:meth:`baselines.models.model_file.Model.load`, refused if its preset or
feature version does not match the installed code), extracts each file's features as training did,
and prints per file the predicted class and the ``--top K`` probabilities: a table, or one JSON
object per line with ``--json``. Unreadable files are named on stderr and left out (``--strict``
stops).

Lesson: lessons/19_your_own_audio.md#a-model-that-classifies-recordings
"""

import json
import sys

from baselines.cli import options


def register(subparsers):
    parser = options.add_command(
        subparsers, "predict", __doc__,
        help="classify audio files with a model saved by audio-mlp train")
    parser.add_argument("model", metavar="MODEL", help="the .npz saved by audio-mlp train "
                        "(its .json description beside it)")
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR",
                        help="audio files, or folders searched recursively")
    parser.add_argument("--top", type=int, default=3, metavar="K",
                        help="how many classes to show per file (default 3)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--jobs", type=int, default=1, help="processes for feature extraction")
    options.add_strict(parser)
    parser.set_defaults(func=run)


def format_table(predictions, k):
    """The predictions as a plain-text table, one row per file."""
    rows = [("file", "predicted", f"top {k}")]
    for path, top in zip(predictions.paths, predictions.top(k)):
        rows.append((str(path), top[0][0], "  ".join(f"{c} {p:.3f}" for c, p in top)))
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    return "\n".join(f"{a:<{widths[0]}}  {b:<{widths[1]}}  {c}" for a, b, c in rows)


def json_lines(predictions, k):
    """One JSON object per file: path, predicted class, the top-k probabilities."""
    return "\n".join(json.dumps({"path": str(path), "predicted": top[0][0],
                                 "top": [{"class": c, "probability": p} for c, p in top]})
                     for path, top in zip(predictions.paths, predictions.top(k)))


def run(args):
    from baselines.models.model_file import Model

    if args.top < 1 or args.jobs < 1:
        print("audio-mlp: error: --top and --jobs must be >= 1", file=sys.stderr)
        return 2
    try:
        model = Model.load(args.model)
        predictions = model.predict_files(args.paths, n_jobs=args.jobs, strict=args.strict)
    except (ValueError, OSError) as exc:  # ModelFileError, CollectionError, ExtractionError
        print(f"audio-mlp: error: {exc}", file=sys.stderr)
        return 2
    for path, reason in predictions.skipped:
        print(f"skipped {path}: {reason}", file=sys.stderr)
    k = min(args.top, len(model.classes))
    if predictions.paths:
        print(json_lines(predictions, k) if args.json else format_table(predictions, k))
    return 0 if predictions.paths else 1
