"""The options every data-reading command shares: layout, patterns, and where the work runs.

``compare``, ``train`` and ``features`` read ``--data`` in any layout (:mod:`features.collection`):
:func:`add_data_options` adds ``--layout``, ``--group-pattern``, ``--label-pattern``,
``--backend`` and ``--scheduler``; :func:`load_features` reads the data with
:func:`features.collection_dataset.load_collection`; :func:`adapt_to_data` fills in what depends
on the data (the default protocol, whether the per-group ``_spk`` variants and the grouped curves
make sense) and says what it chose; :func:`with_backend` runs a command on the chosen backend
(:func:`features.backend.parallel_backend`).

Lesson: lessons/19_your_own_audio.md#from-the-command-line
"""

import functools

from features.backend import BACKENDS
from features.collection import LAYOUTS


def add_data_options(parser):
    """Add the layout, pattern and backend options to a subcommand's ``parser``."""
    parser.add_argument("--layout", choices=LAYOUTS, default=None,
                        help="how --data is organised (default: detected): the RAVDESS release, "
                        "one sub-folder per class, or a CSV/TSV manifest with path,label[,group]")
    parser.add_argument("--group-pattern", metavar="REGEX", default=None,
                        help="take each file's group (speaker, session) from its name: a regular "
                        "expression with a named group, e.g. '_(?P<group>[a-z]+)_'")
    parser.add_argument("--label-pattern", metavar="REGEX", default=None,
                        help="take each file's label from its name: (?P<label>...)")
    parser.add_argument("--backend", choices=BACKENDS, default="local",
                        help="where the parallel work runs: local processes, or a Dask cluster")
    parser.add_argument("--scheduler", metavar="ADDRESS", default=None,
                        help="the Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --backend dask)")


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
            print(f"audio-mlp: error: --backend {args.backend}: {exc}")
            return 2
    return wrapped


def load_features(args, *, file=None):
    """The :class:`~features.collection_dataset.CollectionSet` for ``args``, or ``None`` after
    printing what is wrong with the data and how to fix it."""
    from baselines.cli_compare import data_error
    from features.collection import CollectionError
    from features.collection_dataset import load_collection
    from features.presets import get_preset

    try:
        get_preset(args.preset)  # an unknown preset is the user's typo, not a data problem
    except ValueError as exc:
        print(f"audio-mlp: error: --preset: {exc}", file=file)
        return None
    options = dict(layout=args.layout, preset=args.preset, n_jobs=args.jobs,
                   label_pattern=args.label_pattern, group_pattern=args.group_pattern)
    options.update({name: getattr(args, name) for name in ("limit", "strict", "cache_dir")
                    if getattr(args, name, None) is not None})
    try:
        return load_collection(args.data, **options)
    except CollectionError as exc:  # the layout's own problems: not a RAVDESS fix
        print(f"audio-mlp: error: cannot use the data: {exc}", file=file)
    except (ValueError, OSError) as exc:  # RavdessError, ExtractionError; missing or failed download
        data_error(exc, file=file)
    return None


def adapt_to_data(args, fs):
    """Fill in ``args.protocols``, drop what the data cannot support; print each choice.

    Returns a list of problems (empty when the run can go ahead).
    """
    from baselines.group_protocols import check_inner_groups, default_protocols

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
    if "grouped" in args.protocols:
        try:
            check_inner_groups(fs.actors, args.inner_splits)
        except ValueError as exc:
            return [str(exc)]
    return []


def data_kind(fs):
    """``(layout, has_groups)`` of a FeatureSet; a plain (RAVDESS) FeatureSet has actor groups."""
    return getattr(fs, "layout", "ravdess"), getattr(fs, "has_groups", True)
