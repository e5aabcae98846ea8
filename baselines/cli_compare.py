"""``audio-mlp compare``: the main job. Every model, every protocol, nested CV, results and figures.

Steps: load (or extract) the RAVDESS features (:func:`features.dataset.load_dataset`); run the
nested cross-validation (:func:`baselines.evaluate.run_comparison`); draw the learning and
validation curves (:mod:`baselines.curves`); write the figures, then ``results.md``, then
``results.json`` (:mod:`baselines.results`). Nothing is written until everything is computed, and
each file is written atomically, so an interrupted run leaves no half-written results.

Lesson: lessons/25_running_the_comparison.md
"""

import time
from pathlib import Path

from baselines.cli_data import add_data_options, adapt_to_data, with_backend
from baselines.models import ALL_MODEL_NAMES, MLP_PARAMS, check_model_name, param_grid
from baselines.protocols import PROTOCOL_NAMES, get_protocol

DEFAULT_PROTOCOLS = ("seed", "speaker")


def register(subparsers):
    parser = subparsers.add_parser(
        "compare", help="compare the NumPy MLP with scikit-learn's MLP and classical baselines",
        description=__doc__.splitlines()[0].replace("``", ""))
    parser.add_argument("--data", metavar="DIR", help="RAVDESS folder (default: $RAVDESS_DIR), a "
                        "folder with one sub-folder per class, or a manifest")
    add_data_options(parser)  # --layout, --group-pattern, --label-pattern, --backend, --scheduler
    parser.add_argument("--preset", default="default", help="feature preset: default or seed")
    parser.add_argument("--models", nargs="+", default=list(ALL_MODEL_NAMES), metavar="MODEL",
                        help="models to compare (default: all, with their _spk variants): "
                        + ", ".join(ALL_MODEL_NAMES))
    parser.add_argument("--protocols", nargs="+", default=None,
                        metavar="PROTOCOL", help="evaluation protocols (default: seed speaker on "
                        "RAVDESS, else grouped when the data has groups, random5 otherwise): "
                        + ", ".join(PROTOCOL_NAMES))
    parser.add_argument("--jobs", type=int, default=2, help="parallel processes (default 2)")
    parser.add_argument("--full", action="store_true", help="search the larger grids")
    parser.add_argument("--inner-splits", type=int, default=3,
                        help="inner cross-validation folds for the search (default 3)")
    parser.add_argument("--max-folds", type=int, default=None,
                        help="only the first N outer folds of each protocol (quick checks)")
    parser.add_argument("--no-curves", action="store_true",
                        help="skip the learning and validation curves")
    parser.add_argument("--seed", type=int, default=0, help="random_state of every model")
    parser.add_argument("--out", default="results", help="output folder (default results/)")
    parser.set_defaults(func=with_backend(run))


def check_names(models, protocols):
    """A list of problems with the requested names (empty when all are known)."""
    problems = []
    for name in models:
        try:
            check_model_name(name)
        except ValueError as exc:
            problems.append(str(exc))
    for name in protocols or []:  # None: chosen from the data (baselines.cli_data.adapt_to_data)
        try:
            get_protocol(name)
        except ValueError as exc:
            problems.append(str(exc))
    return problems


def below_minimum(args, minimums):
    """``--option value: must be >= minimum`` for every option of ``args`` below its minimum.

    Options left unset (``None``, e.g. ``--max-folds``) are not checked. Shared with ``train``.
    """
    values = {name: getattr(args, name) for name in minimums}
    return [f"--{name.replace('_', '-')} {value}: must be >= {minimums[name]}"
            for name, value in values.items() if value is not None and value < minimums[name]]


def data_error(exc, file=None):
    """Print a problem with the RAVDESS data and how to fix it; the exit status, 2.

    Shared by every command that reads the data (``compare``, ``train``, ``features``,
    ``figures``); ``file`` is where the command prints its errors.
    """
    print(f"audio-mlp: error: cannot use the RAVDESS data: {exc}\n"
          "Fix: set RAVDESS_DIR (or pass --data DIR) to the folder holding Actor_01 ... "
          "Actor_24, the complete 1440-clip speech release.", file=file)
    return 2


def checked_features(args, problems):
    """The FeatureSet for ``args``, or ``None`` after printing ``problems`` (bad options, checked
    before any data is read) or what is wrong with the data. Shared with ``train``."""
    if problems:
        print("audio-mlp: error: " + "; ".join(problems))
        return None
    from baselines.cli_data import load_features as load_any_layout

    fs = load_any_layout(args)
    if fs is not None:
        print(fs.summary())
    return fs


def load_features(data, preset, jobs):
    """The FeatureSet, or ``None`` after printing what is wrong and how to fix it."""
    from features.dataset import load_dataset
    from features.presets import get_preset

    try:
        get_preset(preset)  # an unknown preset is the user's typo, not a data problem
    except ValueError as exc:
        print(f"audio-mlp: error: --preset: {exc}")
        return None
    try:
        return load_dataset(data, preset=preset, n_jobs=jobs)
    except (ValueError, OSError) as exc:  # RavdessError, ExtractionError; missing or failed download
        data_error(exc)
    return None


def run(args):
    start = time.perf_counter()
    problems = check_names(args.models, args.protocols)
    problems += below_minimum(args, {"jobs": 1, "inner_splits": 2, "max_folds": 1})
    fs = checked_features(args, problems)
    if fs is None:
        return 2
    data_problems = adapt_to_data(args, fs)  # default protocols; what the data cannot support
    if data_problems:
        print("audio-mlp: error: " + "; ".join(data_problems))
        return 2
    try:
        results, figures = compute(fs, args)
    except KeyboardInterrupt:
        print("\ninterrupted: nothing was written")
        return 130
    written = write_outputs(results, figures, Path(args.out))
    print((Path(args.out) / "results.md").read_text(encoding="utf-8"))
    print(f"wrote {len(written)} files to {args.out}/ in {time.perf_counter() - start:.0f} s")
    return 0


def compute(fs, args):
    """Everything, in memory: the results dict and the figures still to be drawn."""
    from baselines.curves import all_curves
    from baselines.evaluate import run_comparison
    from baselines.metrics import label_order
    from baselines.results import summarise

    folds = run_comparison(fs.X, fs.y, fs.actors, models=args.models, protocols=args.protocols,
                           full=args.full, n_jobs=args.jobs, inner_splits=args.inner_splits,
                           max_folds=args.max_folds, random_state=args.seed)
    config = {"models": args.models, "protocols": args.protocols, "full": args.full,
              "inner_splits": args.inner_splits, "max_folds": args.max_folds,
              "random_state": args.seed, "jobs": args.jobs, "mlp_params": MLP_PARAMS,
              "grids": {m: param_grid(m, full=args.full) for m in args.models}}
    features = {"preset": fs.preset, "n_features": int(fs.X.shape[1]), "n_clips": len(fs.y),
                "layout": getattr(fs, "layout", "ravdess")}
    results = summarise(folds, labels=label_order(fs.y), features=features, config=config)
    curves = [] if args.no_curves else all_curves(fs.X, fs.y, fs.actors, n_jobs=args.jobs,
                                                  random_state=args.seed)
    loss = {}
    for r in folds:  # the loss curves of the plain MLPs in the first fold of each protocol
        if r.model in ("numpy_mlp", "sklearn_mlp") and r.fold == 0 and r.loss_curve:
            loss.setdefault(r.protocol, {})[r.model] = r.loss_curve
    return results, {"curves": curves, "loss": loss}


def write_outputs(results, figures, out):
    """Figures first, then results.md and results.json (each atomic); the paths written."""
    from baselines import plots
    from baselines.results import write_results

    written = []
    for protocol, table in results["protocols"].items():
        for model, row in table.items():
            written.append(plots.plot_confusion(
                row["confusion_normalised"], results["labels"],
                title=f"{model}, protocol {protocol}", path=out / "figures" /
                f"confusion_{protocol}_{model}.png",
                noun="emotion" if results["features"].get("layout", "ravdess") == "ravdess"
                else "class"))
    for protocol, curves in figures["loss"].items():
        written.append(plots.plot_loss_curves(curves, title=f"training loss, fold 0 of {protocol}",
                                              path=out / "figures" / f"loss_{protocol}.png"))
    for curve in figures["curves"]:
        stem = curve.name.replace(" ", "_")
        written.append(plots.plot_curve(curve, title=f"numpy_mlp: {curve.name}",
                                        path=out / "figures" / f"curve_{stem}.png",
                                        log_x=curve.name == "alpha"))
    written.append(plots.plot_comparison(results, path=out / "figures" / "comparison.png"))
    json_path, md_path = write_results(results, out)
    return written + [md_path, json_path]
