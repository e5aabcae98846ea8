"""Checks of lessons/exercises/01_neurons_and_layers.py: the layer against (L1.1) written as
loops, the network against scikit-learn's own forward pass (MLPClassifier.predict_proba)."""

import warnings

import numpy as np

from baselines.course.exercises import CheckFailed, Task


def _compare(name, got, expected, what):
    got = np.asarray(got, dtype=float)
    if got.shape != expected.shape:
        raise CheckFailed(f"{name} returned shape {got.shape}; expected {expected.shape}")
    error = np.abs(got - expected)
    worst = np.unravel_index(np.argmax(error), error.shape)
    if error[worst] > 1e-9 * (1 + np.abs(expected[worst])):
        raise CheckFailed(f"{name} differs from {what}: largest difference {error[worst]:.3g} "
                          f"at [{', '.join(str(int(i)) for i in worst)}]")


def check_dense_layer(student):
    rng = np.random.default_rng(10)
    X, W, b = rng.normal(size=(5, 3)), rng.normal(size=(3, 4)), rng.normal(size=4)
    by_loops = np.empty((5, 4))
    for s in range(5):
        for j in range(4):
            by_loops[s, j] = sum(X[s, i] * W[i, j] for i in range(3)) + b[j]  # (L1.1)
    _compare("dense_layer", student.dense_layer(X.copy(), W.copy(), b.copy()), by_loops,
             "(L1.1) summed over the inputs")
    square = rng.normal(size=(4, 4))  # a square W hides a transposition from the shapes
    _compare("dense_layer (square W)", student.dense_layer(X @ W, square, b), X @ W @ square + b,
             "(L1.1) summed over the inputs")


def _sklearn_probabilities(coefs, intercepts, X):
    """scikit-learn's forward pass with our weights: fit a model of the same shape, swap them in."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    units = [W.shape[0] for W in coefs] + [coefs[-1].shape[1]]
    y = np.arange(len(X)) % units[-1]  # every class present, so 3+ classes give a softmax
    model = MLPClassifier(hidden_layer_sizes=units[1:-1], activation="tanh", max_iter=1,
                          random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
    model.coefs_ = [W.copy() for W in coefs]
    model.intercepts_ = [b.copy() for b in intercepts]
    return model.predict_proba(X)


def check_forward(student):
    rng = np.random.default_rng(11)
    units = [4, 5, 6, 3]  # two hidden layers
    coefs = [rng.normal(size=(a, b)) for a, b in zip(units[:-1], units[1:])]
    intercepts = [rng.normal(size=b) for b in units[1:]]
    X = rng.normal(size=(9, 4))
    P = student.forward(X.copy(), [W.copy() for W in coefs], [b.copy() for b in intercepts])
    _compare("forward", P, _sklearn_probabilities(coefs, intercepts, X),
             "scikit-learn's predict_proba with the same weights")


TASKS = [
    Task("dense_layer", "one dense layer on a batch, Z = XW + b (L1.2)", check_dense_layer),
    Task("forward", "the forward pass of a tanh network with a softmax output", check_forward),
]
