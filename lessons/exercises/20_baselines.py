"""Lesson 20 exercises: which points are support vectors, and the RBF decision function.

Write the bodies, then run ``audio-mlp exercises check 20``. NumPy only; the checks compare with
scikit-learn's SVC.
"""

import numpy as np


def support_vector_mask(f, y_signed):
    """Which training points a soft-margin SVM keeps as support vectors (L20.2).

    f: (n,) the decision values w^T x_s + b; y_signed: (n,) labels +1 / -1. A point is a
    support vector when it is on or inside the margin or on the wrong side: y_s f(x_s) <= 1.
    Allow a tolerance of 1e-3 (the solver stops at that precision). Returns a bool mask (n,).
    """
    raise NotImplementedError


def rbf_decision(X, support_vectors, dual_coef, intercept, gamma):
    """f(x) = sum over support vectors of alpha_s y_s K(x_s, x) + b, with the RBF kernel (L20.3).

    X: (n, d); support_vectors: (n_sv, d); dual_coef: (n_sv,) = alpha_s y_s; intercept: b.
    K(x, x') = exp(-gamma ||x - x'||^2). Returns f: (n,).
    """
    raise NotImplementedError
