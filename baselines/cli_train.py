"""``audio-mlp train``: train the NumPy MLP on RAVDESS with chosen hyperparameters, fold by fold.

For each outer fold of the protocol, the model pipeline (:func:`baselines.models.make_model`,
scaler fit on the training part) is trained with the given hyperparameters, printing the loss
after every epoch, and scored on the test fold. Then one final model is trained on every clip and
saved with ``MLPClassifier.save``. So that the saved ``.npz`` alone is a complete model, the
scaler is folded into the first layer (:func:`fold_scaler`): with x' = (x - mu) / sigma,

    x' W + b = x (W / sigma[:, None]) + (b - (mu / sigma) W)              (L25.1)

so ``MLPClassifier.load(path).predict(raw_features)`` gives the pipeline's predictions.

Lesson: lessons/25_running_the_comparison.md#training-one-model
"""

import copy
import time

import numpy as np

from baselines.cli_data import add_data_options, with_backend
from baselines.models import MLP_PARAMS
from baselines.protocols import PROTOCOL_NAMES


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


def register(subparsers):
    parser = subparsers.add_parser(
        "train", help="train the NumPy MLP on RAVDESS, report fold metrics, save the model",
        description=__doc__.splitlines()[0].replace("``", ""))
    p = MLP_PARAMS
    parser.add_argument("--data", metavar="DIR", help="RAVDESS folder (default: $RAVDESS_DIR), a "
                        "folder with one sub-folder per class, or a manifest")
    add_data_options(parser)  # --layout, --group-pattern, --label-pattern, --backend, --scheduler
    parser.add_argument("--preset", default="default", help="feature preset: default or seed")
    parser.add_argument("--protocol", default=None, choices=PROTOCOL_NAMES,
                        help="evaluation protocol (default: speaker on RAVDESS, else grouped "
                        "when the data has groups, random5 otherwise)")
    parser.add_argument("--hidden", type=hidden_sizes, default=p["hidden_layer_sizes"],
                        help="hidden layer sizes, e.g. 300 or 300,100 (default 300)")
    parser.add_argument("--activation", default=p["activation"],
                        choices=["identity", "logistic", "tanh", "relu"])
    parser.add_argument("--solver", default=p["solver"], choices=["sgd", "adam"])
    parser.add_argument("--alpha", type=float, default=p["alpha"], help="L2 strength")
    parser.add_argument("--batch-size", type=int, default=p["batch_size"])
    parser.add_argument("--lr", type=float, default=p["learning_rate_init"],
                        help="learning_rate_init")
    parser.add_argument("--max-iter", type=int, default=p["max_iter"], help="maximum epochs")
    parser.add_argument("--early-stopping", action="store_true",
                        help="stop on a 10%% validation split instead of the training loss")
    parser.add_argument("--max-folds", type=int, default=None, help="only the first N folds")
    parser.add_argument("--seed", type=int, default=0, help="random_state")
    parser.add_argument("--jobs", type=int, default=2, help="processes for feature extraction")
    parser.add_argument("--out", default="model.npz", help="where to save the final model")
    parser.set_defaults(func=with_backend(run))


def fold_scaler(classifier, scaler):
    """A copy of a fitted MLP that takes unscaled input: the scaler folded into layer 1 (L25.1)."""
    folded = copy.deepcopy(classifier)
    W, b = classifier.coefs_[0], classifier.intercepts_[0]  # W: (n_features, n_hidden)
    mu, sigma = scaler.mean_, scaler.scale_  # (n_features,)
    folded.coefs_[0] = W / sigma[:, None]  # (L25.1) row i of W divided by sigma_i
    folded.intercepts_[0] = b - (mu / sigma) @ W  # (L25.1)
    return folded


def run(args):
    from baselines.cli_compare import below_minimum, checked_features
    from baselines.cli_data import data_kind
    from baselines.metrics import fold_metrics, label_order, mean_std
    from baselines.models import make_model
    from baselines.protocols import get_protocol
    from baselines.speakers import with_actor_column

    problems = below_minimum(args, {"alpha": 0, "batch_size": 1, "max_iter": 1, "max_folds": 1,
                                    "jobs": 1})
    if args.lr <= 0:
        problems.append(f"--lr {args.lr}: must be > 0")
    fs = checked_features(args, problems)  # bad options fail before any data is read
    if fs is None:
        return 2
    if args.protocol is None:  # as compare chooses (baselines.group_protocols.default_protocols)
        from baselines.group_protocols import default_protocols

        layout, has_groups = data_kind(fs)
        protocols, reason = default_protocols(has_groups, layout=layout)
        args.protocol = protocols[-1]
        print(f"protocol: {args.protocol} ({reason}; choose with --protocol)")
    params = {"model__hidden_layer_sizes": args.hidden, "model__activation": args.activation,
              "model__solver": args.solver, "model__alpha": args.alpha,
              "model__batch_size": args.batch_size, "model__learning_rate_init": args.lr,
              "model__max_iter": args.max_iter, "model__early_stopping": args.early_stopping,
              "model__verbose": True}
    X_aug, labels = with_actor_column(fs.X, fs.actors), label_order(fs.y)
    splits = get_protocol(args.protocol).outer_splits(fs.y, fs.actors, random_state=args.seed)
    accuracies, f1s = [], []
    for k, (train, test) in enumerate(splits[:args.max_folds]):
        groups = fs.actors if getattr(fs, "groups", None) is None else fs.groups
        held_out = sorted(set(groups[test].tolist()))
        word = "actors" if data_kind(fs)[0] == "ravdess" else "groups"
        print(f"--- fold {k}: {len(train)} training clips, {len(test)} test clips"
              + (f" ({word} {held_out})" if get_protocol(args.protocol).grouped else ""))
        start = time.perf_counter()
        model = make_model("numpy_mlp", random_state=args.seed).set_params(**params)
        model.fit(X_aug[train], fs.y[train])
        m = fold_metrics(fs.y[test], model.predict(X_aug[test]), labels)
        accuracies.append(m["accuracy"])
        f1s.append(m["macro_f1"])
        print(f"fold {k}: accuracy {m['accuracy']:.2%}, macro-F1 {m['macro_f1']:.2%} "
              f"({model.named_steps['model'].n_iter_} epochs, {time.perf_counter() - start:.1f} s)")
    (acc, acc_std), (f1, f1_std) = mean_std(accuracies), mean_std(f1s)
    print(f"{args.protocol}: accuracy {acc:.2%} ± {acc_std:.2%}, macro-F1 {f1:.2%} ± {f1_std:.2%} "
          f"over {len(accuracies)} folds")

    print("--- final model on every clip")
    from baselines.model_file import sidecar, train_model

    model = train_model(fs, params, random_state=args.seed)  # the scaler folded in (L25.1)
    model.save(args.out)
    print(f"saved {args.out} and {sidecar(args.out)}: audio-mlp predict {args.out} FILE... "
          f"classifies recordings into {', '.join(model.classes)}; "
          f"MLPClassifier.load('{args.out}').predict(X) takes unscaled {fs.preset}-preset features")
    return 0
