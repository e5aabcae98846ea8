"""Augmented copies in training rows only: an estimator that adds them inside its own ``fit``.

An augmented copy of a clip is almost the clip: if it sat in a test fold (or in the validation
part of the inner search) while its original was trained on, or the other way round, the score
would measure recognition of a clip already heard. So the copies must follow their source clip:
only the clips a model is *fitted* on may bring their copies.

The simplest way to guarantee it under any cross-validation, nested or not, is to add the copies
where the training happens. :class:`AugmentedTraining` wraps a pipeline; ``X`` carries each row's
clip number (its row in the full data set) as one more last column (:func:`with_clip_column`):

* ``fit(X, y)``: looks up the augmented copies of exactly those clips in the tables it holds
  (:func:`training_rows`), appends them to the rows it was given, and fits the pipeline;
* ``predict(X)`` / ``score``: the original rows only, never a copy.

GridSearchCV, the outer fold, any splitter: each fit sees its own training clips and their copies,
and every validation or test row is an original. The tables are ``(n_clips, n_features + 1)`` (the
features with the actor column, as ``baselines.models.speakers.with_actor_column`` makes them), row
i the copy of clip i.

Lesson: lessons/18_prosody_and_augmentation.md#augmentation-only-in-training-folds
"""

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone


def with_clip_column(X_actor):
    """``X_actor`` (n_clips, n_features + 1) with the clip number 0..n-1 appended as a last column."""
    X_actor = np.asarray(X_actor, dtype=np.float64)
    return np.column_stack([X_actor, np.arange(len(X_actor), dtype=np.float64)])


def training_rows(X, y, tables):
    """The rows a model is fitted on: the given ones, then each table's copies of the same clips.

    ``X``: (n, n_features + 2), clip number last; ``y``: (n,); ``tables``: list of
    (n_clips, n_features + 1). Returns ``(X_fit (n * (1 + len(tables)), n_features + 1), y_fit,
    clip numbers of the rows)``.
    """
    X = np.asarray(X, dtype=np.float64)
    clips = X[:, -1].astype(int)
    rows = [X[:, :-1]] + [np.asarray(table)[clips] for table in tables]
    n_copies = 1 + len(tables)
    return np.vstack(rows), np.tile(np.asarray(y), n_copies), np.tile(clips, n_copies)


class AugmentedTraining(ClassifierMixin, BaseEstimator):
    """``estimator`` fitted on its training clips plus their copies in ``tables``; predicts originals."""

    def __init__(self, estimator, tables=()):
        self.estimator = estimator
        self.tables = tables

    def fit(self, X, y):
        X_fit, y_fit, _ = training_rows(X, y, self.tables)
        self.estimator_ = clone(self.estimator).fit(X_fit, y_fit)
        self.classes_ = self.estimator_.classes_
        return self

    def predict(self, X):
        return self.estimator_.predict(np.asarray(X, dtype=np.float64)[:, :-1])

    def predict_proba(self, X):
        return self.estimator_.predict_proba(np.asarray(X, dtype=np.float64)[:, :-1])


def prefixed_grid(grid):
    """A pipeline's grid (``model__alpha``) for the wrapped one (``estimator__model__alpha``)."""
    return {f"estimator__{key}": values for key, values in grid.items()}
