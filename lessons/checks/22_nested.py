"""Checks of lessons/exercises/22_nested.py, with a spy estimator that records which rows every
fit and every prediction saw (column 0 of X is the row number)."""

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

from baselines.course.exercises import CheckFailed, Task

LOG = []  # (rows fitted on, rows predicted) for every predict call; fits as (rows, None)


class Spy(ClassifierMixin, BaseEstimator):  # mixin first: scikit-learn sees a classifier
    """Predicts class ``shift`` steps after the training majority; records what it touches."""

    def __init__(self, shift=0):
        self.shift = shift

    def fit(self, X, y):
        self.rows_ = frozenset(X[:, 0].astype(int).tolist())
        self.classes_, counts = np.unique(y, return_counts=True)
        self.label_ = self.classes_[(counts.argmax() + self.shift) % len(self.classes_)]
        LOG.append((self.rows_, None))
        return self

    def predict(self, X):
        LOG.append((self.rows_, frozenset(X[:, 0].astype(int).tolist())))
        return np.full(len(X), self.label_)


def _data():
    rng = np.random.default_rng(0)
    groups = rng.permutation(np.repeat(np.arange(12), 10))  # 12 speakers x 10 clips, shuffled
    y = rng.integers(0, 3, groups.size)
    X = np.column_stack([np.arange(groups.size), rng.normal(size=groups.size)])  # row id, noise
    outer = [(np.nonzero(groups % 4 != k)[0], np.nonzero(groups % 4 == k)[0]) for k in range(4)]
    return X, y, groups, outer


def _expected(X, y, groups, outer, grid, inner):
    """By hand: the inner folds GroupKFold makes, each candidate's mean score, argmax, refit."""
    from sklearn.model_selection import GroupKFold
    scores = []
    for train, test in outer:
        means = []
        for shift in grid["shift"]:
            fold_scores = []
            for a, b in GroupKFold(n_splits=inner).split(X[train], y[train], groups[train]):
                model = Spy(shift).fit(X[train][a], y[train][a])
                fold_scores.append(np.mean(model.predict(X[train][b]) == y[train][b]))
            means.append(np.mean(fold_scores))
        best = grid["shift"][int(np.argmax(means))]
        scores.append(np.mean(Spy(best).fit(X[train], y[train]).predict(X[test]) == y[test]))
    return scores


def check_nested(student):
    X, y, groups, outer = _data()
    grid, inner = {"shift": [0, 1, 2]}, 3
    expected = _expected(X, y, groups, outer, grid, inner)
    LOG.clear()
    got = student.nested_cv(Spy(), grid, X, y, groups, outer, inner_splits=inner)
    log = list(LOG)
    LOG.clear()
    trains = [frozenset(train.tolist()) for train, _ in outer]
    for fitted, predicted in log:
        if not any(fitted <= train for train in trains):
            raise CheckFailed("a fit saw rows of the test fold it was meant to be scored on: the "
                              "search or the refit must use the training part only")
        if predicted is None:
            continue
        seen = set(groups[sorted(fitted)].tolist()) & set(groups[sorted(predicted)].tolist())
        if seen:
            raise CheckFailed(f"a model was scored on speaker {sorted(seen)[0]}, whose clips it "
                              f"was fit on: the inner folds must be grouped by speaker too")
    n_fits = sum(predicted is None for _, predicted in log)
    if n_fits != len(outer) * (len(grid["shift"]) * inner + 1):
        raise CheckFailed(f"{n_fits} fits for {len(outer)} outer folds; (L22.2) says "
                          f"{len(grid['shift'])} candidates x {inner} inner folds + 1 refit each")
    for k, (train, test) in enumerate(outer):
        refits = [predicted for fitted, predicted in log
                  if fitted == trains[k] and predicted is not None]  # the refit's predictions
        if refits != [frozenset(test.tolist())]:
            raise CheckFailed(f"outer fold {k}: the model refit on the whole training part must "
                              f"predict the test fold exactly once (and nothing else)")
    got = [float(s) for s in got]
    if len(got) != len(outer) or not np.allclose(got, expected):
        raise CheckFailed(f"the scores {np.round(got, 3).tolist()} are not the accuracies of the "
                          f"settings the inner search picks, on the outer test folds")


TASKS = [Task("nested_cv", "search inside each training part, score each test fold once (L22.2)",
              check_nested)]
