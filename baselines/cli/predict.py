"""``audio-mlp predict MODEL FILE_OR_DIR...``: classify recordings with a model saved by ``train``.

Loads the complete model (:meth:`baselines.models.model_file.Model.load`, refused if its preset or
feature version does not match the installed code), extracts each file's features as training did,
and prints per file the predicted class, the ``--top K`` probabilities (calibrated by the
temperature ``train`` fitted on held-out predictions) and the novelty score, how unlike the
training data the file is: a table, or one JSON object per line with ``--json``. A file whose
score is above the model's threshold gets one ``audio-mlp: warning:`` line: its probabilities
describe a guess outside what the model learned. Unreadable files are named on stderr and left
out (``--strict`` stops).

Lesson: lessons/19_your_own_audio.md#a-model-that-classifies-recordings
"""

import json
import sys
import warnings

from baselines.cli import options


def register(subparsers):
    parser = options.add_command(subparsers, "predict", __doc__)
    parser.add_argument("model", metavar="MODEL", help="the one file saved by audio-mlp train "
                        "(--out)")
    parser.add_argument("paths", nargs="+", metavar="FILE_OR_DIR",
                        help="audio files, or folders searched recursively")
    parser.add_argument("--top", type=int, default=3, metavar="K",
                        help="how many classes to show per file (default 3)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument("--jobs", type=int, default=1, help="processes for feature extraction")
    options.add_strict(parser)
    parser.set_defaults(func=run)


def novelty_cell(predictions, i):
    """The novelty column of file ``i``: its score, ``!`` when flagged, ``—`` without a detector."""
    if predictions.novelty is None:
        return "—"
    return f"{predictions.novelty[i]:.1f}" + (" !" if predictions.flagged[i] else "")


def format_table(predictions, k):
    """The predictions as a plain-text table, one row per file."""
    rows = [("file", "predicted", "novelty", f"top {k}")]
    for i, (path, top) in enumerate(zip(predictions.paths, predictions.top(k))):
        rows.append((str(path), top[0][0], novelty_cell(predictions, i),
                     "  ".join(f"{c} {p:.3f}" for c, p in top)))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "\n".join(f"{a:<{widths[0]}}  {b:<{widths[1]}}  {n:>{widths[2]}}  {c}"
                     for a, b, n, c in rows)


def json_lines(predictions, k):
    """One JSON object per file: path, predicted class, the top-k probabilities, the novelty
    score and whether it is above the threshold (``null`` for a model without a detector)."""
    lines = []
    for i, (path, top) in enumerate(zip(predictions.paths, predictions.top(k))):
        novelty = None if predictions.novelty is None else float(predictions.novelty[i])
        lines.append(json.dumps({"path": str(path), "predicted": top[0][0],
                                 "top": [{"class": c, "probability": p} for c, p in top],
                                 "novelty": novelty,
                                 "unlike_training": None if novelty is None
                                 else bool(predictions.flagged[i])}))
    return "\n".join(lines)


def warn_unlike_training(predictions, model_path):
    """One warning per file that looks unlike the training data; a note for a model without a
    detector."""
    if predictions.novelty is None:
        warnings.warn(f"{model_path} has no calibration or novelty check (saved before model "
                      "format 2): its probabilities are the raw MLP's; retrain it with audio-mlp "
                      "train", stacklevel=2)
        return
    for path, score, flagged in zip(predictions.paths, predictions.novelty, predictions.flagged):
        if flagged:
            warnings.warn(f"{path}: unlike the training data (novelty {score:.1f} > threshold "
                          f"{predictions.threshold:.1f}); its probabilities mean little",
                          stacklevel=2)


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
    warn_unlike_training(predictions, args.model)
    k = min(args.top, len(model.classes))
    if predictions.paths:
        print(json_lines(predictions, k) if args.json else format_table(predictions, k))
    return 0 if predictions.paths else 1
