"""baselines.models.augmented: augmented copies only ever in training matrices, on RAVDESS's actor ids
and the EmoBox folds, through a nested grouped search."""

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.model_selection import GridSearchCV

from baselines.evaluation.protocols import get_protocol
from baselines.models.augmented import (AugmentedTraining, prefixed_grid, training_rows,
                                        with_clip_column)
from baselines.models.speakers import with_actor_column

ACTORS = np.repeat(np.arange(1, 25), 60)  # RAVDESS speech: 24 actors x 60 clips
N_CLIPS = ACTORS.size


def tables_and_data(n_tables=2):
    """Feature 0 = clip number, feature 1 = copy number (0: original): a row says what it is."""
    clip = np.arange(N_CLIPS, dtype=float)
    X = with_actor_column(np.column_stack([clip, np.zeros(N_CLIPS)]), ACTORS)
    tables = [with_actor_column(np.column_stack([clip, np.full(N_CLIPS, c + 1.0)]), ACTORS)
              for c in range(n_tables)]
    y = np.array(["neutral", "angry"] * (N_CLIPS // 2))
    return with_clip_column(X), y, tables


class Recorder(ClassifierMixin, BaseEstimator):
    """Remembers the (clip, copy) rows of every matrix it is fitted on or asked to predict."""

    fits, predictions = [], []

    def __init__(self, c=1.0):
        self.c = c

    def fit(self, X, y):
        Recorder.fits.append(X[:, :2].astype(int))
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        Recorder.predictions.append(X[:, :2].astype(int))
        return np.full(len(X), self.classes_[0])


def test_training_rows_append_the_copies_of_the_given_clips():
    X, y, tables = tables_and_data()
    X_fit, y_fit, clips = training_rows(X[[5, 9]], y[[5, 9]], tables)
    assert X_fit[:, :2].tolist() == [[5, 0], [9, 0], [5, 1], [9, 1], [5, 2], [9, 2]]
    assert y_fit.tolist() == [y[5], y[9]] * 3 and clips.tolist() == [5, 9] * 3
    assert np.all(X_fit[:, -1] == ACTORS[clips])  # the actor column travels with the copy


def test_no_copy_of_a_test_or_inner_validation_clip_is_ever_trained_on():
    X, y, tables = tables_and_data()
    protocol = get_protocol("speaker")
    for train, test in protocol.outer_splits(y, ACTORS):
        Recorder.fits.clear(), Recorder.predictions.clear()
        inner = list(protocol.inner_cv(n_splits=3).split(X[train], y[train], ACTORS[train]))
        search = GridSearchCV(AugmentedTraining(Recorder(), tables), prefixed_grid({"c": [1, 2]}),
                              cv=inner, refit=True)
        search.fit(X[train], y[train])
        search.predict(X[test])
        # GridSearchCV fits candidate by candidate, fold by fold (n_jobs=1), then refits
        assert len(Recorder.fits) == 2 * 3 + 1
        expected = [(train[fit_rows], train[val_rows]) for fit_rows, val_rows in inner] * 2
        expected.append((train, test))
        for fitted, (fit_clips, held_out) in zip(Recorder.fits, expected):
            assert set(fitted[:, 0]) == set(fit_clips)  # the fitted clips, copies included
            assert set(fitted[:, 0]).isdisjoint(held_out)  # nothing of validation or test
            assert set(ACTORS[fitted[:, 0]]).isdisjoint(ACTORS[test])  # no test actor at all
            assert len(fitted) == 3 * len(fit_clips)  # original + 2 copies of each
        # every prediction (inner validation and test) is of originals only
        assert all(np.all(p[:, 1] == 0) for p in Recorder.predictions)
        assert set(Recorder.predictions[-1][:, 0]) == set(test)


def test_the_check_catches_copies_stacked_before_the_search():
    """The naive way, copies appended to the training part before GridSearchCV: inner
    validation then scores copies of its own clips, which the check above forbids."""
    X, y, tables = tables_and_data(n_tables=1)
    protocol = get_protocol("speaker")
    train, _ = protocol.outer_splits(y, ACTORS)[0]
    X_stacked, y_stacked, clips = training_rows(X[train], y[train], tables)
    Recorder.predictions.clear()
    GridSearchCV(Recorder(), {"c": [1]}, cv=protocol.inner_cv(n_splits=3)).fit(
        X_stacked, y_stacked, groups=ACTORS[clips])
    assert not all(np.all(p[:, 1] == 0) for p in Recorder.predictions)
