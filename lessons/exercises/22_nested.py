"""Lesson 22 exercise: the nested cross-validation loop.

Write the body, then run ``audio-mlp exercises check 22``. Use scikit-learn's GridSearchCV and
GroupKFold; the check spies on every fit and every prediction.
"""

import numpy as np
from sklearn.model_selection import GridSearchCV, GroupKFold


def nested_cv(estimator, param_grid, X, y, groups, outer_splits, inner_splits=3):
    """One test accuracy per outer fold; the settings chosen inside the training part only.

    For each ``(train, test)`` in ``outer_splits``: search ``param_grid`` by a grid search whose
    inner folds are a ``GroupKFold(inner_splits)`` over ``groups[train]``, fit on the training
    part only; refit the best setting on the whole training part (GridSearchCV does); predict
    the test fold once and score it. X: (n, d), y: (n,), groups: (n,).
    Returns a list of accuracies, one per outer fold, in the order of ``outer_splits``.
    """
    raise NotImplementedError
