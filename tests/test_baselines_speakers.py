"""Per-speaker normalisation and the actor column (baselines/models/speakers.py)."""

import numpy as np
import pytest
from sklearn.preprocessing import StandardScaler

from baselines.models.speakers import (SpeakerNormaliser, split_actor_column,
                                       standardise_per_speaker, with_actor_column)


def test_hand_worked_example():
    # actor 1: values 2 and 4 -> mean 3, std 1 -> -1, +1; actor 2: 10, 10, 40 -> mean 20,
    # std sqrt((100 + 100 + 400) / 3) = sqrt(200) -> -10/sqrt(200), -10/sqrt(200), 20/sqrt(200)
    X = np.array([[2.0], [10.0], [4.0], [10.0], [40.0]])
    actors = np.array([1, 2, 1, 2, 2])
    out = standardise_per_speaker(X, actors).ravel()
    s = np.sqrt(200.0)
    np.testing.assert_allclose(out, [-1.0, -10 / s, 1.0, -10 / s, 20 / s])


def test_each_actor_equals_its_own_standard_scaler():
    rng = np.random.default_rng(0)
    X = rng.normal(5.0, 3.0, size=(90, 4))
    actors = np.repeat([3, 7, 11], 30)
    rng.shuffle(actors)
    out = standardise_per_speaker(X, actors)
    for a in (3, 7, 11):
        rows = actors == a
        np.testing.assert_allclose(out[rows], StandardScaler().fit_transform(X[rows]))


def test_constant_feature_within_an_actor_becomes_zero_not_nan():
    X = np.array([[1.0, 5.0], [2.0, 5.0]])
    out = standardise_per_speaker(X, np.array([1, 1]))
    assert np.all(np.isfinite(out)) and np.all(out[:, 1] == 0)


def test_the_transformer_is_stateless_test_rows_use_only_their_own_statistics():
    rng = np.random.default_rng(1)
    X_train, X_test = rng.normal(size=(40, 3)), rng.normal(10, 2, size=(20, 3))
    a_train, a_test = np.repeat([1, 2], 20), np.repeat([3, 4], 10)
    step = SpeakerNormaliser(active=True).fit(with_actor_column(X_train, a_train))
    out = step.transform(with_actor_column(X_test, a_test))
    np.testing.assert_allclose(out, standardise_per_speaker(X_test, a_test))
    # fitting on completely different rows changes nothing
    other = SpeakerNormaliser(active=True).fit(with_actor_column(X_train * 100 + 3, a_train))
    np.testing.assert_allclose(other.transform(with_actor_column(X_test, a_test)), out)


def test_inactive_step_only_drops_the_actor_column():
    X = np.arange(12.0).reshape(4, 3)
    step = SpeakerNormaliser(active=False)
    np.testing.assert_array_equal(step.fit_transform(with_actor_column(X, [1, 1, 2, 2])), X)


def test_actor_column_round_trip_and_errors():
    X = np.ones((3, 2))
    features, actors = split_actor_column(with_actor_column(X, [4, 5, 6]))
    np.testing.assert_array_equal(features, X)
    assert actors.tolist() == [4, 5, 6]
    with pytest.raises(ValueError, match="actors"):
        with_actor_column(X, [1, 2])
    step = SpeakerNormaliser().fit(with_actor_column(X, [1, 1, 2]))
    with pytest.raises(ValueError, match="columns"):
        step.transform(np.ones((3, 5)))
