"""Tests for mlp/losses.py: values (by hand and against scikit-learn), the fused gradient P - Y
(by finite differences), the L2 penalty, clipping, and the name lookup."""

import re

import numpy as np
import pytest
from sklearn.metrics import log_loss, mean_squared_error

from mlp.activations import softmax
from mlp.gradcheck import check_gradient
from mlp.losses import (
    LOSSES,
    binary_cross_entropy,
    cross_entropy,
    get_loss,
    l2_penalty,
    output_delta,
    squared_error,
)


def one_hot(labels, n_classes):
    return np.eye(n_classes)[labels]


# --- values -----------------------------------------------------------------------------------

def test_cross_entropy_by_hand():
    # -(log 0.5 + log 0.75 + log 0.2) / 3 = (0.693147 + 0.287682 + 1.609438) / 3 = 0.863422
    Y = one_hot([0, 1, 2], 3)
    P = np.array([[0.5, 0.25, 0.25], [0.25, 0.75, 0.0], [0.4, 0.4, 0.2]])
    expected = -(np.log(0.5) + np.log(0.75) + np.log(0.2)) / 3
    assert cross_entropy(Y, P) == pytest.approx(expected, rel=1e-15)
    assert cross_entropy(Y, P) == pytest.approx(0.863422, abs=1e-6)


def test_binary_cross_entropy_by_hand():
    # y = 1, p = 0.75 -> -log 0.75;  y = 0, p = 0.5 -> -log 0.5;  mean = 0.490415
    Y = np.array([[1.0], [0.0]])
    P = np.array([[0.75], [0.5]])
    assert binary_cross_entropy(Y, P) == pytest.approx((np.log(4 / 3) + np.log(2)) / 2, rel=1e-15)
    assert binary_cross_entropy(Y, P) == pytest.approx(0.490415, abs=1e-6)


def test_squared_error_by_hand():
    # rows: (1-0)^2 + (2-4)^2 = 5 and (0-0)^2 + (-1-1)^2 = 4;  (5 + 4) / (2 * 2) = 2.25
    Y = np.array([[0.0, 4.0], [0.0, 1.0]])
    P = np.array([[1.0, 2.0], [0.0, -1.0]])
    assert squared_error(Y, P) == 2.25


def test_cross_entropy_agrees_with_sklearn_log_loss():
    rng = np.random.RandomState(0)
    labels = rng.randint(0, 4, size=50)
    P = softmax(rng.standard_normal((50, 4)) * 2)
    ours = cross_entropy(one_hot(labels, 4), P)
    assert ours == pytest.approx(log_loss(labels, P, labels=[0, 1, 2, 3]), rel=1e-12)


def test_binary_cross_entropy_agrees_with_sklearn_log_loss():
    rng = np.random.RandomState(1)
    y = rng.randint(0, 2, size=40)
    p = rng.uniform(0.01, 0.99, size=40)
    ours = binary_cross_entropy(y[:, None].astype(float), p[:, None])  # column vectors (n, 1)
    assert ours == pytest.approx(log_loss(y, p), rel=1e-12)


def test_squared_error_of_one_output_is_half_the_mse():
    rng = np.random.RandomState(2)
    y, p = rng.standard_normal(30), rng.standard_normal(30)
    assert squared_error(y[:, None], p[:, None]) == pytest.approx(
        mean_squared_error(y, p) / 2, rel=1e-13)


# --- clipping (L3.4) --------------------------------------------------------------------------

def test_probability_exactly_zero_gives_a_finite_loss():
    eps = np.finfo(np.float64).eps
    with np.errstate(all="raise"):  # log(0) would raise here
        ce = cross_entropy(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]]))
        bce_zero = binary_cross_entropy(np.array([[1.0]]), np.array([[0.0]]))
        bce_one = binary_cross_entropy(np.array([[0.0]]), np.array([[1.0]]))
    assert ce == pytest.approx(-np.log(eps), rel=1e-12)  # about 36.04
    assert bce_zero == pytest.approx(-np.log(eps), rel=1e-12)
    assert bce_one == pytest.approx(-np.log(eps), rel=1e-6)  # 1 - (1 - eps) is eps up to rounding


def test_zero_targets_with_zero_probabilities_cost_nothing():
    # 0 * log(0) is taken as 0 (xlogy), so a perfect one-hot prediction costs (almost) nothing.
    Y = one_hot([0, 1], 2)
    assert cross_entropy(Y, Y.copy()) < 1e-15


def test_float32_probabilities_are_clipped_at_float32_eps():
    eps32 = float(np.finfo(np.float32).eps)
    loss = cross_entropy(np.array([[1.0, 0.0]], np.float32), np.array([[0.0, 1.0]], np.float32))
    assert loss == pytest.approx(-np.log(eps32), rel=1e-6)  # about 15.9, not 36


# --- the fused gradient (L3.5) against finite differences -------------------------------------

PAIRS = [
    ("cross_entropy", 3),
    ("binary_cross_entropy", 1),
    ("squared_error", 2),
]


def random_targets(loss_name, n, k, rng):
    if loss_name == "cross_entropy":
        return one_hot(rng.randint(0, k, size=n), k)
    if loss_name == "binary_cross_entropy":
        return rng.randint(0, 2, size=(n, 1)).astype(float)
    return rng.standard_normal((n, k))


@pytest.mark.parametrize("loss_name, n_outputs", PAIRS)
def test_fused_gradient_matches_finite_differences(loss_name, n_outputs):
    # d/dZ loss(Y, g(Z)) with g the paired output activation is exactly (P - Y) / n.
    rng = np.random.RandomState(7)
    n = 6
    loss = LOSSES[loss_name]
    Z = rng.standard_normal((n, n_outputs))
    Y = random_targets(loss_name, n, n_outputs, rng)
    analytic = output_delta(Y, loss.output_activation(Z)) / n
    err = check_gradient(lambda: float(loss.value(Y, loss.output_activation(Z))), Z, analytic)
    assert err < 1e-7, f"{loss_name}: relative error {err:.3g}"


@pytest.mark.parametrize("loss_name, n_outputs", PAIRS)
def test_forgetting_the_division_by_n_is_caught(loss_name, n_outputs):
    rng = np.random.RandomState(8)
    n = 6
    loss = LOSSES[loss_name]
    Z = rng.standard_normal((n, n_outputs))
    Y = random_targets(loss_name, n, n_outputs, rng)
    wrong = output_delta(Y, loss.output_activation(Z))  # missing "/ n"
    err = check_gradient(lambda: float(loss.value(Y, loss.output_activation(Z))), Z, wrong)
    assert err == pytest.approx((n - 1) / (n + 1), rel=1e-5)  # |n g - g| / (|n g| + |g|)


def test_fused_gradient_is_wrong_for_an_unpaired_activation():
    # P - Y is cross-entropy's gradient only through softmax; through the logistic it is not.
    from mlp.activations import logistic

    rng = np.random.RandomState(9)
    Z = rng.standard_normal((5, 3))
    Y = one_hot(rng.randint(0, 3, size=5), 3)
    analytic = output_delta(Y, logistic(Z)) / 5
    err = check_gradient(lambda: float(cross_entropy(Y, logistic(Z))), Z, analytic)
    assert err > 1e-2


def test_output_delta_is_p_minus_y_and_can_write_in_place():
    Y = np.array([[1.0, 0.0]])
    P = np.array([[0.75, 0.25]])
    np.testing.assert_array_equal(output_delta(Y, P), [[-0.25, 0.25]])
    buffer = np.empty((1, 2))
    assert output_delta(Y, P, out=buffer) is buffer
    np.testing.assert_array_equal(buffer, [[-0.25, 0.25]])


# --- the L2 penalty (L3.6) --------------------------------------------------------------------

def test_l2_penalty_by_hand():
    # ||W1||^2 = 1 + 4 + 9 + 16 = 30, ||W2||^2 = 0.25 + 0.25 = 0.5; alpha / (2 n) = 0.1 / 8
    W1 = np.array([[1.0, -2.0], [3.0, 4.0]])
    W2 = np.array([[0.5], [-0.5]])
    assert l2_penalty([W1, W2], alpha=0.1, n_samples=4) == pytest.approx(0.1 / 8 * 30.5, rel=1e-15)
    assert l2_penalty([W1, W2], alpha=0.0, n_samples=4) == 0.0


def test_l2_penalty_gradient_matches_finite_differences():
    # d/dW (alpha / 2n) ||W||^2 = alpha W / n  (the term dense_backward adds, (L4.2))
    rng = np.random.RandomState(11)
    W1, W2 = rng.standard_normal((3, 4)), rng.standard_normal((4, 2))
    alpha, n = 0.3, 5
    for W in (W1, W2):
        err = check_gradient(lambda: float(l2_penalty([W1, W2], alpha, n)), W, alpha * W / n)
        assert err < 1e-7


# --- lookup -----------------------------------------------------------------------------------

def test_each_loss_is_paired_with_its_output_activation():
    from mlp.activations import identity, logistic

    assert get_loss("cross_entropy").output_activation is softmax
    assert get_loss("binary_cross_entropy").output_activation is logistic
    assert get_loss("squared_error").output_activation is identity


@pytest.mark.parametrize("bad", ["log_loss", "hinge", None])
def test_unknown_loss_names_the_parameter_and_the_value(bad):
    with pytest.raises(ValueError, match=r"^loss must be one of .*; got " + re.escape(repr(bad))):
        get_loss(bad)
