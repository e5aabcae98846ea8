"""``audio-mlp demo``: train the NumPy MLP on scikit-learn's built-in handwritten digits.

A quick end-to-end check that needs no download: 1797 8x8 images, 10 classes, standardised with
statistics of the training part only, then a 64-100-10 network trained with Adam.
"""

import time

import numpy as np

from baselines.cli import options


def register(subparsers):
    parser = options.add_command(
        subparsers, "demo", __doc__,
        help="train the NumPy MLP on scikit-learn's digits (no download needed)")
    parser.add_argument("--hidden", type=int, default=100, help="hidden units (default 100)")
    parser.add_argument("--epochs", type=int, default=100, help="maximum epochs (default 100)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.set_defaults(func=run)


def run(args):
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    from mlp import Adam, Network, init_parameters, train

    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=args.seed
    )
    scaler = StandardScaler().fit(X_train)  # fit on the training part only
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    Y_train = np.eye(10)[y_train]  # one-hot targets, (n_samples, 10)

    coefs, intercepts = init_parameters([64, args.hidden, 10], activation="relu",
                                        random_state=args.seed)
    network = Network(coefs, intercepts, activation="relu", loss="cross_entropy")
    optimizer = Adam(coefs + intercepts, learning_rate=1e-3)
    start = time.perf_counter()
    history = train(network, optimizer, X_train, Y_train, batch_size=64, max_iter=args.epochs,
                    alpha=1e-4, random_state=args.seed)
    seconds = time.perf_counter() - start

    accuracy = np.mean(network.predict(X_test).argmax(axis=1) == y_test)
    print(f"digits: {len(X_train)} training and {len(X_test)} test images, 10 classes")
    print(f"network 64-{args.hidden}-10 (relu, softmax), Adam, {history.n_iter} epochs "
          f"in {seconds:.1f} s, final training loss {history.loss_curve[-1]:.4f}")
    print(f"test accuracy: {accuracy:.2%}")
    return 0
