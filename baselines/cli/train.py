"""``audio-mlp train``: train the NumPy MLP on RAVDESS with chosen hyperparameters, fold by fold.

For each outer fold of the protocol, the model pipeline
(:func:`baselines.models.registry.make_model`, scaler fit on the training part) is trained with the
given hyperparameters instead of a search (:func:`baselines.evaluation.evaluate.fit_fold` with
``params``, one BLAS thread, so the same bits on any machine), printing the loss after every epoch,
and scored on the test fold. The test folds' probabilities and novelty scores then calibrate the
final model (:mod:`baselines.models.confidence`): the expected calibration error before and after
temperature scaling, and the share of test clips flagged as unlike the training data, are printed
per fold, each fold scored with a temperature and a threshold fitted on the other folds. Then one
final model is trained on every clip, the scaler folded into its first layer, and saved as one
file with its temperature and novelty detector (:func:`baselines.models.model_file.train_model`,
L25.1). This module only parses the options, calls those functions and prints.

Lesson: lessons/25_running_the_comparison.md#training-one-model
"""

from baselines.checks import SEED_RANGE, Interval, out_of_range
from baselines.cli import options
from baselines.evaluation.protocols import PROTOCOL_NAMES
from baselines.models.mlp_params import MLP_PARAMS

INTERVALS = {"alpha": Interval(0), "batch_size": Interval(1), "lr": Interval(0, low_open=True),
             "max_iter": Interval(1), "max_folds": Interval(1), "n_jobs": Interval(1),
             "random_state": Interval(*SEED_RANGE)}


def hidden_sizes(text):
    """``"300"`` -> (300,), ``"300,100"`` -> (300, 100); argparse's type for ``--hidden``."""
    import argparse

    try:
        sizes = tuple(int(part) for part in str(text).split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--hidden {text!r}: expected sizes like 300 or 300,100")
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"--hidden {text!r}: every size must be >= 1")
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


def register(subparsers):
    from mlp.activations import ACTIVATIONS

    parser = options.add_command(
        subparsers, "train", __doc__,
        help="train the NumPy MLP on RAVDESS or your own recordings, report fold metrics, save the model")
    p = MLP_PARAMS
    options.add_data(parser)
    options.add_preset(parser)
    parser.add_argument("--protocol", default=None, choices=PROTOCOL_NAMES,
                        help="evaluation protocol (default: speaker on RAVDESS, else grouped "
                        "when the data has groups, random5 otherwise)")
    parser.add_argument("--hidden", type=hidden_sizes, default=p["hidden_layer_sizes"],
                        help="hidden layer sizes, e.g. 300 or 300,100 (default 300)")
    parser.add_argument("--activation", default=p["activation"], choices=list(ACTIVATIONS))
    parser.add_argument("--solver", default=p["solver"], choices=["sgd", "adam", "lbfgs"],
                        help="sgd, adam (default) or lbfgs (full batch: ignores --batch-size, "
                        "--lr and --early-stopping; --max-iter counts its iterations)")
    parser.add_argument("--alpha", type=float, default=p["alpha"], help="L2 strength")
    parser.add_argument("--batch-size", type=int, default=p["batch_size"])
    parser.add_argument("--lr", type=float, default=p["learning_rate_init"],
                        help="learning_rate_init")
    parser.add_argument("--max-iter", type=int, default=p["max_iter"], help="maximum epochs")
    parser.add_argument("--early-stopping", action="store_true",
                        help="stop on a 10%% validation split instead of the training loss")
    parser.add_argument("--max-folds", type=int, default=None, help="only the first N folds")
    options.add_seed(parser)
    options.add_strict(parser)
    options.add_jobs(parser, "processes for feature extraction")
    options.add_out(parser, "model.npz", "where to save the final model (.npz)")
    parser.set_defaults(func=options.with_backend(run))


def run(args):
    import numpy as np

    from baselines.evaluation.evaluate import fit_fold
    from baselines.evaluation.metrics import fold_metrics, label_order
    from baselines.evaluation.protocols import get_protocol
    from baselines.models.confidence import held_out_fold, held_out_report
    from baselines.models.speakers import with_actor_column
    from baselines.results import summarise

    values = {"alpha": args.alpha, "batch_size": args.batch_size, "lr": args.lr,
              "max_iter": args.max_iter, "max_folds": args.max_folds, "n_jobs": args.jobs,
              "random_state": args.seed}
    problems = out_of_range(values, INTERVALS)
    problems += [p for p in [options.file_problem(args.out, suffix=".npz")] if p]
    fs = options.checked_features(args, problems)  # bad options fail before any data is read
    if fs is None:
        return 2
    if args.protocol is None:  # as compare chooses (group_protocols.default_protocols)
        from baselines.evaluation.group_protocols import default_protocols

        layout, has_groups = options.data_kind(fs)
        protocols, reason = default_protocols(has_groups, layout=layout)
        args.protocol = protocols[-1]
        print(f"protocol: {args.protocol} ({reason}; choose with --protocol)")
    params = {"model__hidden_layer_sizes": args.hidden, "model__activation": args.activation,
              "model__solver": args.solver, "model__alpha": args.alpha,
              "model__batch_size": args.batch_size, "model__learning_rate_init": args.lr,
              "model__max_iter": args.max_iter, "model__early_stopping": args.early_stopping,
              "model__verbose": True}  # the loss after every epoch
    X_aug, labels = with_actor_column(fs.X, fs.actors), label_order(fs.y)
    protocol = get_protocol(args.protocol)
    splits = protocol.outer_splits(fs.y, fs.actors, random_state=args.seed)
    folds, held_out = [], []
    for k, (train, test) in enumerate(splits[:args.max_folds]):
        line = f"--- fold {k}: {len(train)} training clips, {len(test)} test clips"
        if protocol.grouped:  # data without groups has fs.groups None, and no grouped protocol
            names = fs.actors if fs.groups is None else fs.groups
            word = "actors" if options.data_kind(fs)[0] == "ravdess" else "groups"
            line += f" ({word} {sorted(set(names[test].tolist()))})"
        print(line)
        result = fit_fold(args.protocol, "numpy_mlp", k, X_aug, fs.y, fs.actors, train, test,
                          params=params, random_state=args.seed, keep_proba=True)
        folds.append(result)
        held_out.append(held_out_fold(result, fs.X, train, np.unique(fs.y)))
        m = fold_metrics(result.y_true, result.y_pred, labels)
        print(f"fold {k}: accuracy {m['accuracy']:.2%}, macro-F1 {m['macro_f1']:.2%} "
              f"({result.n_iter} {'iterations' if args.solver == 'lbfgs' else 'epochs'}, "
              f"{result.seconds:.1f} s" + (", did not converge" * bool(result.convergence_warnings))
              + ")")
    row = summarise(folds, labels=labels, features={}, config={},
                    versions={})["protocols"][args.protocol]["numpy_mlp"]
    print(f"{args.protocol}: accuracy {row['accuracy_mean']:.2%} ± {row['accuracy_std']:.2%}, "
          f"macro-F1 {row['macro_f1_mean']:.2%} ± {row['macro_f1_std']:.2%} "
          f"over {len(folds)} folds")

    report = held_out_report(held_out)
    print_confidence(report)

    print("--- final model on every clip")
    from baselines.models.model_file import train_model

    model = train_model(fs, params, random_state=args.seed, held_out=report)  # L25.1
    try:
        model.save(args.out)
    except OSError as exc:  # the previous file at --out, if any, is whole (one atomic write)
        return options.error(f"cannot save the model to {args.out}: "
                             f"{exc.strerror or exc}; nothing was written there")
    print(f"saved {args.out}: audio-mlp predict {args.out} FILE... classifies recordings into "
          f"{', '.join(model.classes)} (temperature {model.temperature:.2f}, novelty threshold "
          f"{model.novelty.threshold:.1f}); Model.load('{args.out}').classifier.predict(X) takes "
          f"unscaled {fs.preset}-preset features")
    return 0
