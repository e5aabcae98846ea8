"""The no-download demo: the NumPy MLP trained on scikit-learn's built-in handwritten digits.

A quick end-to-end check of :mod:`mlp` that needs no data set: 1797 8x8 images, 10 classes,
standardised with statistics of the training part only, then a 64-hidden-10 network trained with
Adam. ``audio-mlp demo`` (:mod:`baselines.cli.demo`) prints what :func:`train_on_digits` returns.

Lesson: lessons/25_running_the_comparison.md
"""

import time
from dataclasses import dataclass

import numpy as np

from baselines.checks import SEED_RANGE, Interval, out_of_range, raise_problems


@dataclass
class DigitsRun:
    """What one demo run did and how well the network recognises the test images."""

    n_train: int
    n_test: int
    hidden: int
    n_iter: int  # epochs trained
    seconds: float
    final_loss: float  # the training loss after the last epoch
    accuracy: float  # on the test images, 0 to 1


INTERVALS = {"hidden": Interval(1, 4096), "epochs": Interval(1, 10**5),
             "seed": Interval(*SEED_RANGE)}
"""What :func:`train_on_digits` accepts (``audio-mlp demo`` checks its options against it)."""


def train_on_digits(*, hidden=100, epochs=100, seed=0):
    """Train a 64-``hidden``-10 ReLU network for at most ``epochs`` epochs on 75% of the digits
    (split and initialised with ``seed``) and score it on the other 25%: a :class:`DigitsRun`.
    A value outside :data:`INTERVALS` raises ``ValueError`` before any work."""
    raise_problems(out_of_range({"hidden": hidden, "epochs": epochs, "seed": seed}, INTERVALS))
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    from mlp import Adam, Network, init_parameters, train

    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=seed
    )
    scaler = StandardScaler().fit(X_train)  # fit on the training part only
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    Y_train = np.eye(10)[y_train]  # one-hot targets, (n_samples, 10)

    coefs, intercepts = init_parameters([64, hidden, 10], activation="relu", random_state=seed)
    network = Network(coefs, intercepts, activation="relu", loss="cross_entropy")
    optimizer = Adam(coefs + intercepts, learning_rate=1e-3)
    start = time.perf_counter()
    history = train(network, optimizer, X_train, Y_train, batch_size=64, max_iter=epochs,
                    alpha=1e-4, random_state=seed)
    seconds = time.perf_counter() - start
    accuracy = float(np.mean(network.predict(X_test).argmax(axis=1) == y_test))
    return DigitsRun(len(X_train), len(X_test), hidden, history.n_iter, seconds,
                     float(history.loss_curve[-1]), accuracy)
