"""Reference solutions to lessons/exercises/22_nested.py."""

import numpy as np
from sklearn.model_selection import GridSearchCV, GroupKFold


def nested_cv(estimator, param_grid, X, y, groups, outer_splits, inner_splits=3):
    """Search inside, measure outside."""
    scores = []
    for train, test in outer_splits:
        search = GridSearchCV(estimator, param_grid, cv=GroupKFold(n_splits=inner_splits))
        search.fit(X[train], y[train], groups=groups[train])  # inner CV + refit, training part only
        scores.append(float(np.mean(search.predict(X[test]) == y[test])))  # predicted once
    return scores
