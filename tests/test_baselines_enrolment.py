"""baselines.models.enrolment: statistics from the k enrolment rows only, and those rows never scored."""

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.model_selection import GridSearchCV, GroupKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from baselines.models.enrolment import (EnrolmentNormaliser, enrolment_accuracy, enrolment_mask,
                                        scored_rows, standardise_from_enrolment)
from baselines.models.speakers import with_actor_column


def test_mask_draws_k_rows_per_actor_reproducibly():
    actors = np.repeat([3, 7, 11], 20)
    mask = enrolment_mask(actors, k=8, random_state=0)
    assert [int(mask[actors == a].sum()) for a in (3, 7, 11)] == [8, 8, 8]
    np.testing.assert_array_equal(mask, enrolment_mask(actors, k=8, random_state=0))
    assert not np.array_equal(mask, enrolment_mask(actors, k=8, random_state=1))


def test_mask_refuses_an_actor_with_too_few_rows():
    with pytest.raises(ValueError, match="actor 2 has 3 rows"):
        enrolment_mask(np.array([1] * 10 + [2] * 3), k=3)


def test_statistics_come_only_from_the_enrolment_rows():
    rng = np.random.default_rng(0)
    actors = np.repeat([1, 2], 30)
    X = rng.normal(size=(60, 3))
    enrolled = enrolment_mask(actors, k=8)
    out = standardise_from_enrolment(X, actors, enrolled)
    for a in (1, 2):
        ref = X[(actors == a) & enrolled]
        np.testing.assert_allclose(out[actors == a], (X[actors == a] - ref.mean(0)) / ref.std(0))
    # changing any non-enrolment row changes that row only, never anybody's statistics
    X2 = X.copy()
    X2[~enrolled] += 1000.0
    out2 = standardise_from_enrolment(X2, actors, enrolled)
    np.testing.assert_allclose(out2[enrolled], out[enrolled])


def test_with_std_false_only_centres_with_the_enrolment_mean():
    rng = np.random.default_rng(3)
    actors = np.repeat([1, 2], 15)
    X = rng.normal(3.0, 5.0, size=(30, 2))
    enrolled = enrolment_mask(actors, k=6)
    out = standardise_from_enrolment(X, actors, enrolled, with_std=False)
    for a in (1, 2):
        np.testing.assert_allclose(out[actors == a],
                                   X[actors == a] - X[(actors == a) & enrolled].mean(0))
    step = EnrolmentNormaliser(k=6, with_std=False)
    np.testing.assert_allclose(step.fit_transform(with_actor_column(X, actors)), out)


def test_transformer_drops_the_actor_column_and_matches_the_function():
    rng = np.random.default_rng(1)
    actors = np.repeat([4, 9], 12)
    X = rng.normal(size=(24, 2))
    step = EnrolmentNormaliser(k=5, random_state=3)
    out = step.fit_transform(with_actor_column(X, actors))
    np.testing.assert_allclose(out, standardise_from_enrolment(
        X, actors, enrolment_mask(actors, k=5, random_state=3)))


class Recorder(ClassifierMixin, BaseEstimator):
    """Predicts a class from a row's first feature; remembers which rows it was asked about."""

    asked = []

    def fit(self, X, y):
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        Recorder.asked.append(X.copy())
        return np.where(X[:, 0] > 0, self.classes_[1], self.classes_[0])


def test_the_enrolment_rows_are_never_scored():
    actors = np.repeat([1, 2, 3], 10)
    X = with_actor_column(np.arange(30.0)[:, None], actors)
    y = np.array(["a", "b"] * 15)
    pipe = Pipeline([("speaker", EnrolmentNormaliser(k=4)), ("model", Recorder())]).fit(X, y)
    keep = scored_rows(X, k=4)
    assert keep.sum() == 30 - 12
    # a right answer on every scored row, a wrong one on every enrolment row: accuracy is 1
    y_pred = pipe.predict(X)
    y_rigged = np.where(keep, y_pred, np.where(y_pred == "a", "b", "a"))
    assert enrolment_accuracy(pipe, X, y_rigged) == 1.0
    assert np.mean(y_pred == y_rigged) < 1.0


def test_the_scorer_works_inside_a_grouped_search():
    rng = np.random.default_rng(2)
    actors = np.repeat(np.arange(1, 7), 20)
    y = rng.integers(0, 2, 120)
    X = with_actor_column(rng.normal(size=(120, 3)) + y[:, None] + actors[:, None], actors)
    pipe = Pipeline([("speaker", EnrolmentNormaliser(k=8)), ("scale", StandardScaler()),
                     ("model", Recorder())])
    search = GridSearchCV(pipe, {"speaker__k": [4, 8]}, cv=GroupKFold(3),
                          scoring=enrolment_accuracy).fit(X, y, groups=actors)
    assert 0.5 < search.best_score_ <= 1.0
