"""Lesson 24 exercise: one point of a learning curve.

Write the body, then run ``audio-mlp exercises check 24``. The check compares with
sklearn.model_selection.learning_curve.
"""

import numpy as np
from sklearn.base import clone


def learning_curve_point(estimator, X, y, train, val, n_train):
    """Training and validation accuracy of a model fit on the first ``n_train`` training rows.

    Fit a fresh copy (``clone``) of ``estimator`` on the rows ``train[:n_train]``; score it on
    those same rows (training accuracy) and on the rows ``val`` (validation accuracy). Their
    difference is the gap (L24.1). Returns ``(train_accuracy, validation_accuracy)``.
    """
    raise NotImplementedError
