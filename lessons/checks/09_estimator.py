"""Checks of lessons/exercises/09_estimator.py, against the arrays of models scikit-learn fits."""

import warnings

import numpy as np

from baselines.course.exercises import CheckFailed, Task


def check_n_parameters(student):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    rng = np.random.default_rng(70)
    for hidden, n_features, n_classes in [((7,), 5, 3), ((4, 6), 3, 2), ((3,), 9, 8), ((), 4, 2),
                                          ((5, 2, 3), 6, 4)]:
        X = rng.normal(size=(4 * n_classes, n_features))
        y = np.arange(len(X)) % n_classes
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = MLPClassifier(hidden_layer_sizes=hidden, max_iter=1, random_state=0).fit(X, y)
        expected = sum(W.size for W in model.coefs_) + sum(b.size for b in model.intercepts_)
        got = student.n_parameters(tuple(hidden), n_features, n_classes)
        if got != expected:
            raise CheckFailed(f"n_parameters({tuple(hidden)}, n_features={n_features}, "
                              f"n_classes={n_classes}) = {got}; a fitted scikit-learn model holds "
                              f"another number")


TASKS = [
    Task("n_parameters", "count the weights and biases of a fitted MLPClassifier",
         check_n_parameters),
]
