"""``audio-mlp train``: train the NumPy MLP on RAVDESS or your own recordings, fold by fold, and save it.

What is trained is a recipe (``--recipe``, :data:`baselines.models.model_file.RECIPES`), one of the
comparison's models: its features, the augmented copies of the training clips, its MLP settings.
The default, :data:`~baselines.models.model_file.DEFAULT_RECIPE`, is the recipe with the best
speaker-independent accuracy of the comparison (lesson 19); every option not given is the
recipe's own setting, the one compare fits it with. For each outer fold of the protocol, the
recipe's pipeline (:func:`baselines.models.registry.make_model`, scaler fit on the training part,
copies of the training clips only) is trained with those settings instead of a search
(:func:`baselines.evaluation.evaluate.fit_fold` with ``params``, one BLAS thread, so the same bits
on any machine) and scored on the test fold: one line per fold (``--verbose`` adds the loss after
every epoch). What the fits need of the data (the
folds, the early-stopping split) is checked before any fit
(:func:`baselines.evaluation.small_data.fit_problems`). The test folds' probabilities and novelty
scores then calibrate the final model (:mod:`baselines.models.confidence`): the expected
calibration error before and after temperature scaling, and the share of test clips flagged as
unlike the training data, are printed per fold, each fold scored with a temperature and a
threshold fitted on the other folds. Then one final model is trained on every clip, the scaler
folded into its first layer, and saved as one file with its temperature and novelty detector
(:func:`baselines.models.model_file.train_model`, L25.1), recording its recipe, whose preset
``predict`` extracts. This module only parses the options, calls those functions and prints.

Lesson: lessons/25_running_the_comparison.md#training-one-model
"""

import argparse
import warnings

from baselines.checks import SEED_RANGE, Interval, out_of_range
from baselines.cli import options

MAX_UNITS = 4096
"""The widest hidden layer ``--hidden`` accepts (a 4096 x 4096 layer is 128 MiB of weights)."""
INTERVALS = {"alpha": Interval(0, 10**4), "batch_size": Interval(1, 10**6),
             "lr": Interval(0, 10, low_open=True), "max_iter": Interval(1, 10**5),
             "max_folds": Interval(1), "n_jobs": Interval(1), "random_state": Interval(*SEED_RANGE)}
"""The values ``train`` accepts; outside them a fit diverges, runs for days or fills the memory."""
BATCH_WARNING = "Got `batch_size` less than 1 or larger than sample size"


def hidden_sizes(text):
    """``"300"`` -> (300,), ``"300,100"`` -> (300, 100); argparse's type for ``--hidden``."""
    try:
        sizes = tuple(int(part) for part in str(text).split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--hidden {text!r}: expected sizes like 300 or 300,100")
    if not sizes or min(sizes) < 1 or max(sizes) > MAX_UNITS:
        raise argparse.ArgumentTypeError(f"--hidden {text!r}: every size must be between 1 and "
                                         f"{MAX_UNITS}")
    return sizes


def print_confidence(report):
    """The calibration and novelty lines of a :class:`~baselines.models.confidence.HeldOutReport`."""
    if not report.ece_before:
        print(f"calibration: temperature {report.temperature:.2f} from the one fold's test "
              "predictions (measuring it on held-out folds needs at least 2 folds)")
        return
    for k, (before, after, flagged) in enumerate(zip(report.ece_before, report.ece_after,
                                                     report.flagged)):
        print(f"fold {k}: expected calibration error {before:.3f} -> {after:.3f} after "
              f"temperature scaling; {flagged:.1%} of its clips flagged as unlike the training data")
    mean = lambda values: sum(values) / len(values)  # noqa: E731
    print(f"calibration: ECE on the test folds {mean(report.ece_before):.3f} -> "
          f"{mean(report.ece_after):.3f} (each fold's temperature fitted on the other folds); the "
          f"saved model's temperature {report.temperature:.2f}; {mean(report.flagged):.1%} of "
          f"test clips flagged as unlike the training data")


def recipe_help():
    """``--recipe``'s help: each recipe with its features and copies, the default named."""
    from baselines.models.model_file import DEFAULT_RECIPE, RECIPES
    from baselines.models.registry import get_model

    described = []
    for name in RECIPES:
        spec = get_model(name)
        what = [f"{spec.preset} preset" if spec.preset else "--preset"]
        what += [", ".join(spec.augment) + " copies"] if spec.augment else []
        described.append(f"{name} ({'; '.join(what)})")
    return (f"what to train, one of the comparison's models: {', '.join(described)} (default "
            f"{DEFAULT_RECIPE}, the best speaker-independent accuracy of the comparison among "
            "them, lesson 19; models that standardise each speaker, ensembles and models with "
            "another searched setting are refused)")


def register(subparsers):
    from baselines.evaluation.protocols import PROTOCOL_NAMES
    from baselines.models.model_file import DEFAULT_RECIPE, RECIPES, recipe_settings
    from baselines.models.registry import get_model, param_grid
    from features.presets import PRESETS
    from mlp.activations import ACTIVATIONS

    parser = options.add_command(subparsers, "train", __doc__)
    p = recipe_settings(DEFAULT_RECIPE)
    searched = " and ".join(f"{a:g}" for a in param_grid(DEFAULT_RECIPE).get("model__alpha", []))
    parser.epilog = ("Every MLP setting not given is the recipe's own, the one compare fits it "
                     "with (MLP_PARAMS, baselines/models/mlp_params.py, for every recipe"
                     + (f"; compare also searches alpha among {searched} in each fold, train "
                        "takes --alpha" if searched else "") + ").")
    options.add_data(parser)
    parser.add_argument("--recipe", default=DEFAULT_RECIPE, metavar="NAME", help=recipe_help())
    own = [name for name in RECIPES if get_model(name).preset is None]
    parser.add_argument("--preset", default=None, choices=list(PRESETS),
                        help="feature preset, for a recipe without a preset of its own ("
                        + ", ".join(own) + "): " + ", ".join(PRESETS) + " (default: the "
                        "recipe's own; 'default' for those)")
    parser.add_argument("--protocol", default=None, choices=PROTOCOL_NAMES,
                        help="evaluation protocol (default: speaker on RAVDESS, else grouped "
                        "when the data has groups, random5 otherwise)")
    parser.add_argument("--hidden", type=hidden_sizes, default=None,
                        help="hidden layer sizes, e.g. 300 or 300,100, each at most "
                        f"{MAX_UNITS} (default {','.join(map(str, p['hidden_layer_sizes']))})")
    parser.add_argument("--activation", default=None, choices=list(ACTIVATIONS),
                        help=f"hidden-layer activation (default {p['activation']})")
    parser.add_argument("--solver", default=None, choices=["sgd", "adam", "lbfgs"],
                        help=f"sgd, adam or lbfgs (default {p['solver']}; lbfgs is full batch: "
                        "it ignores --batch-size, --lr and --early-stopping, and --max-iter "
                        "counts its iterations)")
    parser.add_argument("--alpha", type=float, default=None,
                        help=f"L2 strength, 0 to 10000 (default {p['alpha']:g})")
    parser.add_argument("--batch-size", type=int, default=None, metavar="N",
                        help=f"clips per minibatch (default {p['batch_size']}; clipped to the "
                        "training clips when there are fewer)")
    parser.add_argument("--lr", type=float, default=None,
                        help=f"learning_rate_init, above 0 and at most 10 "
                        f"(default {p['learning_rate_init']:g})")
    parser.add_argument("--max-iter", type=int, default=None, metavar="N",
                        help=f"maximum epochs (default {p['max_iter']})")
    parser.add_argument("--early-stopping", action=argparse.BooleanOptionalAction, default=None,
                        help="stop when the score on a validation split of the training clips "
                        "stops improving, or (--no-early-stopping) when the training loss does "
                        f"(default {'on' if p['early_stopping'] else 'off'}, turned off with a "
                        "note when a training part is too small for the split)")
    parser.add_argument("--max-folds", type=int, default=None, metavar="N",
                        help="only the first N folds (default: all)")
    parser.add_argument("--verbose", action="store_true",
                        help="print the training loss after every epoch (default: one line per "
                        "fold)")
    options.add_seed(parser)
    options.add_strict(parser)
    options.add_jobs(parser, "processes for feature extraction")
    options.add_out(parser, "model.npz", "where to save the final model (.npz)")
    parser.set_defaults(func=options.with_backend(run))


OPTIONS = {"hidden_layer_sizes": "hidden", "activation": "activation", "solver": "solver",
           "alpha": "alpha", "batch_size": "batch_size", "learning_rate_init": "lr",
           "max_iter": "max_iter", "early_stopping": "early_stopping"}
"""MLP setting (:data:`baselines.models.model_file.TRAINED_SETTINGS`) -> its option's attribute."""


def recipe_problems(args):
    """What is wrong with ``--recipe`` and ``--preset`` (checked before any data is read); sets
    ``args.preset`` to the recipe's preset when it has one."""
    from baselines.compare import unavailable
    from baselines.models.model_file import RECIPES, recipe_problem
    from baselines.models.registry import MODELS, get_model

    allowed = f"train takes one of {', '.join(RECIPES)}"
    if args.recipe not in MODELS:
        return [f"--recipe {args.recipe}: no such model; {allowed}"]
    why = recipe_problem(args.recipe)
    if why:
        return [f"--recipe {args.recipe}: cannot be saved as one model: {why}; {allowed}"]
    preset = get_model(args.recipe).preset
    if preset and args.preset not in (None, preset):
        return [f"--preset {args.preset}: recipe {args.recipe} is trained on the {preset} "
                "preset (for other features choose a recipe without a preset of its own, e.g. "
                "--recipe numpy_mlp)"]
    args.preset = preset or args.preset or "default"
    return [f"--recipe {args.recipe}: cannot run here: {why}"
            for why in unavailable([args.recipe]).values()]


def mlp_settings(args):
    """The recipe's MLP settings, each replaced by its option when given."""
    from baselines.models.model_file import recipe_settings

    settings = recipe_settings(args.recipe)
    for key, attribute in OPTIONS.items():
        if getattr(args, attribute) is not None:
            settings[key] = getattr(args, attribute)
    return settings


def run(args):
    import numpy as np

    from baselines.compare import load_tables, tables_needed
    from baselines.evaluation.evaluate import fit_fold, model_inputs
    from baselines.evaluation.metrics import fold_metrics, label_order
    from baselines.evaluation.protocols import get_protocol
    from baselines.models.confidence import held_out_fold, held_out_report
    from baselines.models.registry import get_model
    from baselines.results import summarise
    from features.collection import natural_sorted

    problems = recipe_problems(args)
    values = {"alpha": args.alpha, "batch_size": args.batch_size, "lr": args.lr,
              "max_iter": args.max_iter, "max_folds": args.max_folds, "n_jobs": args.jobs,
              "random_state": args.seed}  # None: the recipe's setting, within range
    problems += out_of_range(values, INTERVALS)
    problems += [p for p in [options.file_problem(args.out, suffix=".npz")] if p]
    fs = options.checked_features(args, problems)  # bad options fail before any data is read
    if fs is None:
        return 2
    problem = protocol_problem(args, fs)
    if problem:
        return options.error(problem)
    spec = get_model(args.recipe)
    print(f"recipe: {args.recipe} ({spec.description}; choose with --recipe)")
    settings = mlp_settings(args)
    params = {f"model__{key}": value for key, value in settings.items()}
    params["model__verbose"] = args.verbose
    if options.report(fit_checks(args, fs, params)):
        return 2
    tables = load_tables(fs, tables_needed([args.recipe], {}, fs.preset), n_jobs=args.jobs,
                         progress=True)  # the augmented copies of every clip
    X_in, copies = model_inputs(args.recipe, {**tables, (fs.preset, None): fs.X}, fs.actors,
                                fs.preset)
    labels = label_order(fs.y)
    protocol = get_protocol(args.protocol)
    splits = protocol.outer_splits(fs.y, fs.actors, random_state=args.seed)
    folds, held_out = [], []
    for k, (train, test) in enumerate(splits[:args.max_folds]):
        line = f"--- fold {k}: {len(train)} training clips, {len(test)} test clips"
        if protocol.grouped:  # data without groups has fs.groups None, and no grouped protocol
            names = fs.actors if fs.groups is None else fs.groups
            word = "actors" if options.data_kind(fs)[0] == "ravdess" else "groups"
            line += f" ({word} {', '.join(map(str, natural_sorted(set(names[test].tolist()))))})"
        print(line)
        result = fit_fold(args.protocol, args.recipe, k, X_in, fs.y, fs.actors, train, test,
                          params=params, copies=copies, random_state=args.seed, keep_proba=True)
        folds.append(result)
        held_out.append(held_out_fold(result, fs.X, train, np.unique(fs.y)))
        m = fold_metrics(result.y_true, result.y_pred, labels)
        print(f"fold {k}: accuracy {m['accuracy']:.2%}, macro-F1 {m['macro_f1']:.2%} "
              f"({result.n_iter} {'iterations' if settings['solver'] == 'lbfgs' else 'epochs'}, "
              f"{result.seconds:.1f} s" + (", did not converge" * bool(result.convergence_warnings))
              + ")")
    row = summarise(folds, labels=labels, features={}, config={},
                    versions={})["protocols"][args.protocol][args.recipe]
    print(f"{args.protocol}: accuracy {row['accuracy_mean']:.2%} ± {row['accuracy_std']:.2%}, "
          f"macro-F1 {row['macro_f1_mean']:.2%} ± {row['macro_f1_std']:.2%} "
          f"over {len(folds)} folds")

    report = held_out_report(held_out)
    print_confidence(report)

    print("--- final model on every clip")
    from baselines.models.model_file import train_model

    with warnings.catch_warnings():  # a batch larger than the data is clipped (checked above)
        warnings.filterwarnings("ignore", message=BATCH_WARNING)
        model = train_model(fs, params, recipe=args.recipe, tables=tables,
                            random_state=args.seed, held_out=report)  # L25.1
    try:
        model.save(args.out)
    except OSError as exc:  # the previous file at --out, if any, is whole (one atomic write)
        return options.error(f"cannot save the model to {args.out}: "
                             f"{exc.strerror or exc}; nothing was written there")
    print(f"saved {args.out} (recipe {model.recipe}): audio-mlp predict {args.out} FILE... "
          f"classifies recordings into {', '.join(model.classes)} (temperature "
          f"{model.temperature:.2f}, novelty threshold {model.novelty.threshold:.1f}); "
          f"Model.load('{args.out}').classifier.predict(X) takes unscaled {fs.preset}-preset "
          "features")
    return 0


def protocol_problem(args, fs):
    """Choose ``args.protocol`` from the data if not given (printing why); what is wrong with the
    choice, or ``None``: a protocol that holds out groups needs data with groups."""
    from baselines.evaluation.group_protocols import default_protocols
    from baselines.evaluation.protocols import get_protocol

    layout, has_groups = options.data_kind(fs)
    if args.protocol is None:  # as compare chooses
        protocols, reason = default_protocols(has_groups, layout=layout)
        args.protocol = protocols[-1]
        print(f"protocol: {args.protocol} ({reason}; choose with --protocol)")
    if get_protocol(args.protocol).grouped and not has_groups:
        return (f"--protocol {args.protocol}: the data has no groups, so it cannot hold out "
                "whole groups (give them with a group column or --group-pattern, or choose "
                "--protocol random5)")
    return None


def fit_checks(args, fs, params):
    """The problems the folds and the fits would meet (:func:`baselines.compare.fit_checks` for
    the outer folds, :func:`baselines.evaluation.small_data.fit_problems` for the fixed
    ``params``), in option words; warn once if the chosen ``--batch-size`` is clipped. Early
    stopping not asked for (the recipe's default) is turned off in ``params``, with a note, where
    a training part is too small for its validation split."""
    from baselines.compare import data_problems
    from baselines.evaluation.small_data import FIX, fit_problems, training_parts

    settings = dict(max_folds=args.max_folds, random_state=args.seed)
    problems = data_problems(fs.y, fs.actors, protocols=[args.protocol], inner_splits=1,
                             **settings)  # inner_splits=1: no search, so no inner folds
    if problems:
        return problems
    found = fit_problems(fs.y, fs.actors, models=[args.recipe], protocols=[args.protocol],
                         params=params, **settings)
    if found and args.early_stopping is None:  # the recipe's default, not asked for: adapt
        params["model__early_stopping"] = False
        print(f"early stopping: off ({found[0].reason.removesuffix('; ' + FIX)}; "
              "--early-stopping insists)")
        found = []
    problems = [f"--early-stopping: {p.reason}" for p in found]
    fewest = min(len(index) for _, index in training_parts(fs.y, fs.actors, args.protocol,
                                                           search=False, **settings))
    if (args.batch_size is not None and args.batch_size > fewest
            and params["model__solver"] != "lbfgs"):
        warnings.warn(f"--batch-size {args.batch_size} is more than the {fewest} clips of the "
                      "smallest training part; its batches hold them all (as scikit-learn "
                      "clips it)", stacklevel=2)
    return problems
