"""Checks of lessons/exercises/20_baselines.py, against sklearn.svm.SVC on 2-D synthetic data."""

import numpy as np
from sklearn.svm import SVC

from baselines.course.exercises import CheckFailed, Task


def _two_blobs(seed, n=60, spread=1.3):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(-1, spread, (n, 2)), rng.normal(1, spread, (n, 2))])  # overlapping
    y = np.repeat([-1, 1], n)
    return X, y


def check_support(student):
    for C in (0.01, 1.0):  # misclassified points can lie beyond the far side of the margin
        X, y = _two_blobs(0)
        svm = SVC(kernel="linear", C=C, tol=1e-6).fit(X, y)
        f = svm.decision_function(X)
        expected = np.zeros(len(y), bool)
        expected[svm.support_] = True
        got = np.asarray(student.support_vector_mask(f, y))
        if got.shape != expected.shape or got.dtype != bool:
            raise CheckFailed(f"support_vector_mask returned {got.dtype} of shape {got.shape}; "
                              f"expected a bool mask of shape {expected.shape}")
        margin = y * f
        clear = np.abs(margin - 1) > 1e-2  # points not exactly on the margin, where SVC is clear
        wrong = np.nonzero((got != expected) & clear)[0]
        if wrong.size:
            s = wrong[0]
            raise CheckFailed(f"with C={C:g}, point {s} (y f = {margin[s]:+.2f}) is "
                              f"{'' if expected[s] else 'not '}a support vector of SVC, but your "
                              f"mask says the opposite")


def check_decision(student):
    X, y = _two_blobs(1, n=40)
    for gamma in (0.1, 2.0):
        svm = SVC(kernel="rbf", gamma=gamma, C=1.0).fit(X, y)
        grid = np.random.default_rng(2).uniform(-3, 3, (25, 2))
        got = np.asarray(student.rbf_decision(grid, svm.support_vectors_, svm.dual_coef_.ravel(),
                                              svm.intercept_[0], gamma), dtype=float)
        expected = svm.decision_function(grid)
        if got.shape != expected.shape:
            raise CheckFailed(f"rbf_decision of 25 points has shape {got.shape}; expected (25,)")
        error = np.abs(got - expected)
        if error.max() > 1e-8:
            raise CheckFailed(f"with gamma={gamma}, rbf_decision differs from SVC.decision_function "
                              f"by {error.max():.3g} at point {int(error.argmax())}")


TASKS = [
    Task("support_vector_mask", "which points are support vectors: y f <= 1 (L20.2)",
         check_support),
    Task("rbf_decision", "the RBF SVM's decision function from its support vectors (L20.3)",
         check_decision),
]
