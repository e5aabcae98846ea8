"""Tests for mlp/initialisation.py: Glorot bounds, the draw order, dtypes and random states."""

import re

import numpy as np
import pytest

from mlp.initialisation import check_random_state, glorot_bound, glorot_uniform, init_parameters


def test_bounds_by_hand():
    # r = sqrt(6 / (fan_in + fan_out)): sqrt(6 / 6) = 1, sqrt(6 / 24) = 0.5
    assert glorot_bound(4, 2) == 1.0
    assert glorot_bound(20, 4, activation="tanh") == 0.5
    # logistic: r = sqrt(2 / (fan_in + fan_out)): sqrt(2 / 8) = 0.5
    assert glorot_bound(5, 3, activation="logistic") == 0.5
    assert glorot_bound(5, 3, activation="relu") == pytest.approx(np.sqrt(3) * 0.5, rel=1e-15)


@pytest.mark.parametrize("activation, factor", [("relu", 6), ("tanh", 6), ("identity", 6),
                                                ("logistic", 2)])
def test_draws_fill_the_interval_and_stay_inside(activation, factor):
    fan_in, fan_out = 300, 200
    r = np.sqrt(factor / (fan_in + fan_out))
    W, b = glorot_uniform(fan_in, fan_out, activation=activation, random_state=0)
    assert W.shape == (fan_in, fan_out) and b.shape == (fan_out,)
    assert np.abs(W).max() <= r and np.abs(b).max() <= r
    # 60,000 uniform draws reach within 0.1% of both ends, and their variance is r^2 / 3
    assert W.max() > 0.999 * r and W.min() < -0.999 * r
    assert W.var() == pytest.approx(r**2 / 3, rel=0.02)
    assert abs(W.mean()) < 0.01 * r


def test_draw_order_is_w1_b1_w2_b2_from_one_random_state():
    # by hand: the same seed, the same calls in the same order
    rng = np.random.RandomState(7)
    r1, r2 = np.sqrt(6 / (3 + 4)), np.sqrt(6 / (4 + 2))
    W1 = rng.uniform(-r1, r1, (3, 4))
    b1 = rng.uniform(-r1, r1, 4)
    W2 = rng.uniform(-r2, r2, (4, 2))
    b2 = rng.uniform(-r2, r2, 2)

    coefs, intercepts = init_parameters([3, 4, 2], activation="tanh", random_state=7)
    for got, want in zip(coefs + intercepts, [W1, W2, b1, b2]):
        np.testing.assert_array_equal(got, want)


def test_biases_are_not_zero():
    # as in scikit-learn, the biases come from the same U(-r, r) as the weights
    _, intercepts = init_parameters([3, 50, 2], random_state=0)
    assert (intercepts[0] != 0).all()


def test_a_passed_random_state_is_advanced_not_copied():
    rng = np.random.RandomState(3)
    first = init_parameters([2, 3], random_state=rng)[0][0]
    second = init_parameters([2, 3], random_state=rng)[0][0]
    assert not np.array_equal(first, second)  # rng moved on
    again = init_parameters([2, 3], random_state=3)[0][0]
    np.testing.assert_array_equal(first, again)  # an int seed starts afresh


def test_a_generator_is_accepted_and_drawn_from_in_the_same_order():
    coefs, intercepts = init_parameters([2, 3, 1], activation="logistic",
                                        random_state=np.random.default_rng(11))
    rng = np.random.default_rng(11)
    r1, r2 = np.sqrt(2 / 5), np.sqrt(2 / 4)
    expected = [rng.uniform(-r1, r1, (2, 3)), rng.uniform(-r1, r1, 3),
                rng.uniform(-r2, r2, (3, 1)), rng.uniform(-r2, r2, 1)]
    for got, want in zip([coefs[0], intercepts[0], coefs[1], intercepts[1]], expected):
        np.testing.assert_array_equal(got, want)


def test_the_global_numpy_seed_is_not_used():
    np.random.seed(0)
    a = init_parameters([2, 2], random_state=5)[0][0]
    np.random.seed(1)
    b = init_parameters([2, 2], random_state=5)[0][0]
    np.testing.assert_array_equal(a, b)


def test_float32_is_the_float64_draw_rounded():
    # drawn in float64 then cast, so float32 parameters are the float64 ones rounded
    c64, i64 = init_parameters([3, 4, 2], random_state=0)
    c32, i32 = init_parameters([3, 4, 2], random_state=0, dtype=np.float32)
    for p32, p64 in zip(c32 + i32, c64 + i64):
        assert p32.dtype == np.float32
        np.testing.assert_array_equal(p32, p64.astype(np.float32))
    assert all(p.dtype == np.float64 for p in c64 + i64)


def test_check_random_state():
    assert isinstance(check_random_state(None), np.random.RandomState)
    rs, gen = np.random.RandomState(0), np.random.default_rng(0)
    assert check_random_state(rs) is rs and check_random_state(gen) is gen
    assert check_random_state(np.int64(4)).uniform() == np.random.RandomState(4).uniform()


@pytest.mark.parametrize("bad", ["0", 1.5, True, [1, 2]])
def test_bad_random_state_names_the_parameter_and_the_value(bad):
    with pytest.raises(ValueError, match=r"random_state must be .*; got " + re.escape(repr(bad))):
        check_random_state(bad)


@pytest.mark.parametrize("units, name, value", [([3, 0, 2], "fan_out", "0"),
                                                ([0, 2], "fan_in", "0"),
                                                ([3, 2.5], "fan_out", "2.5"),
                                                ([-1, 2], "fan_in", "-1")])
def test_bad_layer_sizes_name_the_size_and_the_value(units, name, value):
    with pytest.raises(ValueError, match=rf"{name} must be a positive integer; got {value}$"):
        init_parameters(units, random_state=0)


def test_too_few_layer_sizes_are_refused():
    with pytest.raises(ValueError, match=r"units must list at least an input and an output size; "
                                         r"got \[3\]"):
        init_parameters([3], random_state=0)
