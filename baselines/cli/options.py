"""What the ``audio-mlp`` commands share: their common options, their checks, their error style.

* the options several commands take, declared once: ``--data``, ``--preset`` (its ``choices``
  from the preset table), ``--jobs``, ``--seed``, ``--strict``, ``--out``;
* :func:`error`: every problem goes to stderr as ``audio-mlp: error: ...`` and the command exits
  with status 2, as argparse does for the errors it finds itself;
* :func:`report`: the :class:`~baselines.checks.Problem` records of a library check, in
  command-line words (``--seed``, not ``random_state=``);
* :func:`worker_count`: ``--jobs`` capped at the number of CPUs, with a note;
* :func:`checked_features`: report the option problems, or else load the features
  (:func:`load_features`: "load the features, or say what is wrong"): a problem with the data gets
  the RAVDESS advice, a file that cannot be written (the cache) is named as such.

* :func:`add_data_options`, :func:`with_backend`, :func:`adapt_to_data`: ``--data`` in any layout
  (``--layout``, ``--group-pattern``, ``--label-pattern``), the work on a Dask cluster
  (``--backend dask --scheduler ADDRESS``), and what the data decides (the default protocols,
  whether per-group ``_spk`` models make sense), each choice printed.

Every output path is checked before any data is read (:func:`file_problem`,
:func:`baselines.outputs.folder_problem`).

Lesson: lessons/25_running_the_comparison.md#checked-before-any-work
"""

import functools
import os
import re
import sys
from pathlib import Path

OPTION_NAMES = {"random_state": "--seed", "n_jobs": "--jobs", "data_dir": "--data"}
"""Library parameter -> command-line option, where the two names differ."""

DEFAULT_JOBS = 2


COMMAND_HELP = {
    "demo": "train the NumPy MLP on scikit-learn's digits (no download needed)",
    "features": "extract the features of RAVDESS or your own recordings (or load them from the "
                "cache)",
    "figures": "draw waveform, spectrogram, mel, MFCC and chroma of one clip",
    "compare": "compare the NumPy MLP with scikit-learn's MLP and classical baselines",
    "train": "train the NumPy MLP on RAVDESS or your own recordings, report fold metrics, save "
             "the model",
    "exercises": "list the lessons' exercises, or check your answers to one lesson's",
    "predict": "classify audio files with a model saved by audio-mlp train",
    "course": "build the lessons as a website (offline math, search, notebooks)",
}
"""Each command's line in ``audio-mlp --help``: known without importing the command's module, so
the list of commands costs no import of NumPy, SciPy or scikit-learn."""


def add_command(subparsers, name, doc):
    """The parser of subcommand ``name``: its line of :data:`COMMAND_HELP` in the
    list of commands, and the first paragraph of the command module's docstring ``doc``, without
    its reStructuredText markup, atop its ``--help``."""
    return subparsers.add_parser(name, help=COMMAND_HELP[name],
                                 description=plain_text(doc.split("\n\n")[0]))


def plain_text(rst):
    """``rst`` without reStructuredText markup: double backquotes, roles, the L-labels.

    >>> plain_text("``audio-mlp train``: see :func:`baselines.models.model_file.train_model`")
    'audio-mlp train: see train_model'
    """
    text = re.sub(r":\w+:`~?(?:[\w.]*\.)?([^`]+)`", r"\1", rst)
    return " ".join(text.replace("``", "").split())


def add_data(parser, *, layouts=True):
    """``--data`` and (``layouts``) the options that say how to read it (:func:`add_data_options`)."""
    parser.add_argument("--data", metavar="DIR", help="RAVDESS folder (default: $RAVDESS_DIR, "
                        "else a copy in the cache, else download), a folder with one sub-folder "
                        "per class, or a CSV/TSV manifest")
    if layouts:
        add_data_options(parser)  # --layout, --group-pattern, --label-pattern, --backend, --scheduler


def add_preset(parser):
    from features.presets import PRESETS

    parser.add_argument("--preset", default="default", choices=list(PRESETS),
                        help="feature preset: " + ", ".join(PRESETS) + " (default: default; "
                        'egemaps needs pip install "audio-mlp[opensmile]")')


def add_jobs(parser, what="worker processes"):
    parser.add_argument("--jobs", type=int, default=DEFAULT_JOBS, metavar="N",
                        help=f"{what} (default {DEFAULT_JOBS}; at most the number of CPUs)")


def add_seed(parser):
    parser.add_argument("--seed", type=int, default=0, metavar="N",
                        help="random_state of the models and the random splits (default 0)")


def add_strict(parser):
    parser.add_argument("--strict", action="store_true",
                        help="stop at the first file that cannot be used (default: name it, "
                        "leave it out and go on)")


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
        return (f"{exc.listing}\nFix the folder, or point RAVDESS_DIR at a complete copy{subset}; "
                "to use just these clips as your own data, sort them into one sub-folder per "
                "class and pass --layout folders (or list them in a manifest, --layout manifest).")
    message = re.sub(r"\bpass data_dir\b", "pass --data DIR", str(exc))
    message = re.sub(r"\blayout='(\w+)'", r"--layout \1", message)
    return re.sub(r"\bdata_dir=", "--data ", message)


def _inside(path, folder):
    return folder is not None and Path(path).resolve().is_relative_to(Path(folder).resolve())


def checked_features(args, problems):
    """The FeatureSet for ``args``, or ``None`` after reporting ``problems`` (the options and
    output paths, checked before any data is read) or what is wrong with the data."""
    if report(problems):
        return None
    args.jobs = worker_count(args.jobs)
    fs = load_features(args, strict=getattr(args, "strict", False))
    if fs is not None:
        print(fs.summary())
    return fs


def load_features(args, *, limit=None, cache_dir=None, strict=False, progress=True):
    """The FeatureSet for ``args.data``, ``args.preset`` and ``args.jobs``, or ``None`` after
    printing what is wrong and how to fix it."""
    from features.collection import CollectionError
    from features.collection_dataset import load_collection
    from features.dataset import ExtractionError

    try:  # any layout: RAVDESS, one folder per class, a manifest (features.collection)
        return load_collection(args.data, layout=getattr(args, "layout", None), preset=args.preset,
                               n_jobs=args.jobs, limit=limit, strict=strict, cache_dir=cache_dir,
                               progress=progress,
                               label_pattern=getattr(args, "label_pattern", None),
                               group_pattern=getattr(args, "group_pattern", None))
    except CollectionError as exc:  # the layout's own problems: not a RAVDESS fix
        error(f"cannot use the data (--data {args.data}): {in_command_line_words(exc)}")
        return None
    except ImportError as exc:  # a preset whose optional library is missing (egemaps)
        error(f"--preset {args.preset}: {exc}")
        return None
    except ExtractionError as exc:  # a file that cannot be used (--strict), or none at all
        why = (" (--strict stops at the first one; without it such a file is named and left out)"
               if strict else "")
        error(f"cannot extract features: {exc}{why}")
        return None
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
    if "\nFix" not in message:  # the error does not say its own fix yet
        message += ("\nFix: set RAVDESS_DIR (or pass --data DIR) to the folder holding Actor_01 "
                    "... Actor_24, the complete 1440-clip speech release.")
    return error(f"cannot use the RAVDESS data: {message}")


def add_data_options(parser):
    """Add the layout, pattern and backend options to a subcommand's ``parser``.

    Lesson: lessons/19_your_own_audio.md#from-the-command-line
    """
    from features.backend import BACKENDS
    from features.collection import LAYOUTS

    parser.add_argument("--layout", choices=LAYOUTS, default=None,
                        help="how --data is organised (default: detected): the RAVDESS release, "
                        "one sub-folder per class, or a CSV/TSV manifest with path,label[,group]")
    parser.add_argument("--group-pattern", metavar="REGEX", default=None,
                        help="take each file's group (speaker, session) from its name: a regular "
                        "expression with a named group, e.g. '_(?P<group>[a-z]+)_' (default: "
                        "none; RAVDESS names and a manifest's group column give groups)")
    parser.add_argument("--label-pattern", metavar="REGEX", default=None,
                        help="take each file's label from its name: (?P<label>...) (default: "
                        "none; the sub-folder, the manifest's label column or the RAVDESS name)")
    parser.add_argument("--backend", choices=BACKENDS, default="local",
                        help="where the parallel work runs: local processes, or a Dask cluster "
                        "(default local)")
    parser.add_argument("--scheduler", metavar="ADDRESS", default=None,
                        help="the Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --backend dask; "
                        "default: none, which --backend dask refuses)")


def with_backend(run):
    """``run(args)`` inside :func:`features.backend.parallel_backend` of ``args.backend``."""
    @functools.wraps(run)
    def wrapped(args):
        from features.backend import parallel_backend

        if args.backend == "local" and args.scheduler is None:
            return run(args)  # nothing changes without a backend
        try:
            with parallel_backend(args.backend, args.scheduler, n_jobs=args.jobs) as jobs:
                args.jobs = jobs
                return run(args)
        except (ValueError, ImportError, OSError) as exc:  # no scheduler, not installed, no reach
            return error(f"--backend {args.backend}: {exc}")
    return wrapped


def adapt_to_data(args, fs):
    """Fill in ``args.protocols``, drop what the data cannot support; print each choice.

    Returns a list of problems (empty when the run can go ahead).
    """
    from baselines.evaluation.group_protocols import check_inner_groups, default_protocols

    layout, has_groups = data_kind(fs)
    if getattr(args, "protocols", None) is None:
        protocols, reason = default_protocols(has_groups, layout=layout)
        args.protocols = list(protocols)
        print(f"protocols: {' '.join(args.protocols)} ({reason}; choose with --protocols)")
    if not has_groups:
        dropped = [m for m in args.models if m.endswith("_spk")]
        if dropped:
            args.models = [m for m in args.models if not m.endswith("_spk")]
            print(f"models: {', '.join(dropped)} left out (per-group normalisation needs groups; "
                  "give them with a group column or --group-pattern)")
        if "grouped" in args.protocols:
            return ["--protocols grouped: the data has no groups (a group column or "
                    "--group-pattern gives them)"]
    elif len(set(fs.actors.tolist())) < 3 and not args.no_curves:
        args.no_curves = True
        print("curves: skipped (they hold out groups in 3 folds; the data has fewer groups)")
    if not args.no_curves:
        from baselines.evaluation.curves import too_small_reason

        reason = too_small_reason(fs.y, fs.actors)
        if reason:
            args.no_curves = True
            print(f"curves: skipped ({reason})")
    if "grouped" in args.protocols:
        try:
            check_inner_groups(fs.actors, args.inner_splits)
        except ValueError as exc:
            return [str(exc)]
    return []


def data_kind(fs):
    """``(layout, has_groups)`` of a FeatureSet; a plain (RAVDESS) FeatureSet has actor groups."""
    return getattr(fs, "layout", "ravdess"), getattr(fs, "has_groups", True)
