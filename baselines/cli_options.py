"""What the ``audio-mlp`` commands share: their common options, their checks, their error style.

* the options several commands take, declared once: ``--data``, ``--preset`` (its ``choices``
  from the preset table), ``--jobs``, ``--seed``, ``--out``;
* :func:`error`: every problem goes to stderr as ``audio-mlp: error: ...`` and the command exits
  with status 2, as argparse does for the errors it finds itself;
* :func:`report`: the :class:`~baselines.checks.Problem` records of a library check, in
  command-line words (``--seed``, not ``random_state=``);
* :func:`worker_count`: ``--jobs`` capped at the number of CPUs, with a note;
* :func:`checked_features`: report the option problems, or else load the features
  (:func:`load_features`: "load the features, or say what is wrong"): a problem with the data gets
  the RAVDESS advice, a file that cannot be written (the cache) is named as such.

Every output path is checked before any data is read (:func:`file_problem`,
:func:`baselines.outputs.folder_problem`).

Lesson: lessons/25_running_the_comparison.md#checked-before-any-work
"""

import os
import re
import sys
from pathlib import Path

OPTION_NAMES = {"random_state": "--seed", "n_jobs": "--jobs", "data_dir": "--data"}
"""Library parameter -> command-line option, where the two names differ."""

DEFAULT_JOBS = 2


def add_data(parser):
    parser.add_argument("--data", metavar="DIR", help="RAVDESS folder (default: $RAVDESS_DIR, "
                        "else a copy in the cache, else download)")


def add_preset(parser):
    from features.presets import PRESETS

    parser.add_argument("--preset", default="default", choices=list(PRESETS),
                        help="feature preset (default: default)")


def add_jobs(parser, what="worker processes"):
    parser.add_argument("--jobs", type=int, default=DEFAULT_JOBS, metavar="N",
                        help=f"{what} (default {DEFAULT_JOBS}; at most the number of CPUs)")


def add_seed(parser):
    parser.add_argument("--seed", type=int, default=0, metavar="N",
                        help="random_state of the models and the random splits (default 0)")


def add_out(parser, default, what):
    parser.add_argument("--out", default=default, metavar="PATH",
                        help=f"{what} (default {default})")


def error(*problems):
    """Print each problem as ``audio-mlp: error: ...`` on stderr; the exit status, 2."""
    for problem in problems:
        print(f"audio-mlp: error: {problem}", file=sys.stderr)
    return 2


def note(message):
    print(f"audio-mlp: note: {message}", file=sys.stderr)


def report(problems):
    """:func:`error` for a list of problems (strings or ``Problem`` records); ``None`` if empty."""
    if not problems:
        return None
    return error(*(p if isinstance(p, str) else p.for_command_line(OPTION_NAMES)
                   for p in problems))


def worker_count(jobs):
    """``--jobs`` capped at the CPUs this process may use (with a note); below 1 is left for the
    range check (:func:`baselines.checks.out_of_range`) to reject."""
    from joblib import cpu_count

    available = cpu_count()
    if jobs > available:
        note(f"--jobs {jobs} is more than the {available} CPUs here; using {available}")
        return available
    return jobs


def file_problem(path, *, option="--out", suffix=None):
    """Why ``path`` cannot be written as a new file, or ``None`` (checked before any work)."""
    from baselines.outputs import writable_folder_problem

    path = Path(path)
    if suffix and path.suffix != suffix:
        return f"{option} {path}: the file name must end in {suffix}"
    if path.is_dir():
        return f"{option} {path}: is a folder; give a file name"
    problem = writable_folder_problem(path.parent)
    return f"{option} {path}: {problem}" if problem else None


def in_command_line_words(exc, *, has_limit=False):
    """A library error about the data, in the command line's words (``--data``, ``--limit N``).

    An incomplete folder (:class:`features.ravdess.IncompleteError`) carries its listing apart
    from the Python advice, so the advice is given here in option words instead.
    """
    from features.ravdess import IncompleteError

    if isinstance(exc, IncompleteError):
        subset = (f" (or pass --limit N to work on N of its {exc.n_found} clips on purpose)"
                  if has_limit else "")
        return f"{exc.listing}\nFix the folder, or point RAVDESS_DIR at a complete copy{subset}."
    message = re.sub(r"\bpass data_dir\b", "pass --data DIR", str(exc))
    return re.sub(r"\bdata_dir=", "--data ", message)


def _inside(path, folder):
    return folder is not None and Path(path).resolve().is_relative_to(Path(folder).resolve())


def checked_features(args, problems):
    """The FeatureSet for ``args``, or ``None`` after reporting ``problems`` (the options and
    output paths, checked before any data is read) or what is wrong with the data."""
    if report(problems):
        return None
    args.jobs = worker_count(args.jobs)
    fs = load_features(args)
    if fs is not None:
        print(fs.summary())
    return fs


def load_features(args, *, limit=None, cache_dir=None, strict=False, progress=True):
    """The FeatureSet for ``args.data``, ``args.preset`` and ``args.jobs``, or ``None`` after
    printing what is wrong and how to fix it."""
    from features.dataset import load_dataset

    try:
        return load_dataset(args.data, preset=args.preset, n_jobs=args.jobs, limit=limit,
                            strict=strict, cache_dir=cache_dir, progress=progress)
    except (ValueError, OSError) as exc:  # RavdessError, ExtractionError; missing data; I/O
        filename = getattr(exc, "filename", None)
        data = args.data or os.environ.get("RAVDESS_DIR")
        if isinstance(exc, OSError) and filename and not _inside(filename, data):
            fix = "pass --cache DIR or set" if hasattr(args, "cache") else "set"
            error(f"cannot write {filename}: {exc.strerror or exc} (not a problem with the "
                  f"RAVDESS data: {fix} AUDIO_MLP_CACHE to a writable folder)")
            return None
        data_error(exc, has_limit=hasattr(args, "limit"))
        return None


def data_error(exc, *, has_limit=False):
    """:func:`error` for a problem with the RAVDESS data, and how to fix it; the exit status, 2."""
    message = in_command_line_words(exc, has_limit=has_limit)
    return error(f"cannot use the RAVDESS data: {message}\nFix: set RAVDESS_DIR (or pass --data DIR) to the folder holding Actor_01 ... "
                 "Actor_24, the complete 1440-clip speech release.")
