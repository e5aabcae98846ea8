"""Tests for mlp/layers.py: the dense layer's forward values and its three gradients."""

import numpy as np
import pytest

from mlp.gradcheck import check_gradient
from mlp.layers import dense_backward, dense_forward


@pytest.fixture
def layer():
    rng = np.random.RandomState(0)
    n, fan_in, fan_out = 5, 3, 4
    return {
        "X": rng.standard_normal((n, fan_in)),
        "W": rng.standard_normal((fan_in, fan_out)),
        "b": rng.standard_normal(fan_out),
        "R": rng.standard_normal((n, fan_out)),  # the upstream gradient, delta
    }


def test_forward_by_hand():
    # two samples, two inputs, two units:
    #   row 1: [1, 2] W = [1*1 + 2*3, 1*(-1) + 2*0.5] = [7, 0];   + b = [7.5, -1]
    #   row 2: [0, -1] W = [-3, -0.5];                             + b = [-2.5, -1.5]
    X = np.array([[1.0, 2.0], [0.0, -1.0]])
    W = np.array([[1.0, -1.0], [3.0, 0.5]])
    b = np.array([0.5, -1.0])
    np.testing.assert_array_equal(dense_forward(X, W, b), [[7.5, -1.0], [-2.5, -1.5]])


def test_backward_by_hand():
    # delta = [[1, 0], [-1, 2]], n = 2, with X, W from test_forward_by_hand:
    #   X^T delta = [[1*1 + 0*(-1), 1*0 + 0*2], [2*1 + (-1)*(-1), 2*0 + (-1)*2]] = [[1, 0], [3, -2]]
    #   dW = X^T delta / 2 = [[0.5, 0], [1.5, -1]]
    #   db = (column sums of delta) / 2 = [0, 2] / 2 = [0, 1]
    #   dX = delta W^T = [[1*1 + 0*(-1), 1*3 + 0*0.5], [-1*1 + 2*(-1), -1*3 + 2*0.5]] = [[1, 3], [-3, -2]]
    X = np.array([[1.0, 2.0], [0.0, -1.0]])
    W = np.array([[1.0, -1.0], [3.0, 0.5]])
    delta = np.array([[1.0, 0.0], [-1.0, 2.0]])
    dX, dW, db = dense_backward(X, W, delta)
    np.testing.assert_array_equal(dW, [[0.5, 0.0], [1.5, -1.0]])
    np.testing.assert_array_equal(db, [0.0, 1.0])
    np.testing.assert_array_equal(dX, [[1.0, 3.0], [-3.0, -2.0]])
    # with alpha = 0.5 the weights add alpha W / n = 0.25 W = [[0.25, -0.25], [0.75, 0.125]]
    _, dW_l2, db_l2 = dense_backward(X, W, delta, alpha=0.5)
    np.testing.assert_array_equal(dW_l2, [[0.75, -0.25], [2.25, -0.875]])
    np.testing.assert_array_equal(db_l2, db)  # biases are not penalised


def test_weight_and_bias_gradients_match_finite_differences(layer):
    # dW and db are gradients of the *mean* (1/n) sum(R * Z), with Z = X W + b and delta = R.
    X, W, b, R = layer["X"], layer["W"], layer["b"], layer["R"]
    n = X.shape[0]
    _, dW, db = dense_backward(X, W, R)

    def mean_loss():
        return float(np.sum(R * dense_forward(X, W, b)) / n)

    assert check_gradient(mean_loss, W, dW) < 1e-7
    assert check_gradient(mean_loss, b, db) < 1e-7


def test_input_gradient_matches_finite_differences(layer):
    # dX = delta W^T is the gradient of the *summed* sum(R * Z): each row is one sample's own
    # gradient, passed on to the layer below before any averaging.
    X, W, b, R = layer["X"], layer["W"], layer["b"], layer["R"]
    dX, _, _ = dense_backward(X, W, R)
    assert check_gradient(lambda: float(np.sum(R * dense_forward(X, W, b))), X, dX) < 1e-7


def test_weight_gradient_with_l2_matches_finite_differences(layer):
    X, W, b, R = layer["X"], layer["W"], layer["b"], layer["R"]
    n, alpha = X.shape[0], 0.7
    _, dW, _ = dense_backward(X, W, R, alpha=alpha)

    def mean_loss_plus_l2():
        return float(np.sum(R * dense_forward(X, W, b)) / n + alpha / (2 * n) * np.sum(W**2))

    assert check_gradient(mean_loss_plus_l2, W, dW) < 1e-7


def test_a_transposed_weight_gradient_is_caught():
    # a classic mistake: delta^T X instead of X^T delta (shape fits only for a square W)
    rng = np.random.RandomState(5)
    X, W, b, R = (rng.standard_normal(s) for s in [(6, 3), (3, 3), (3,), (6, 3)])
    wrong = (R.T @ X) / 6
    err = check_gradient(lambda: float(np.sum(R * dense_forward(X, W, b)) / 6), W, wrong)
    assert err > 0.1


def test_need_dx_false_skips_the_input_gradient(layer):
    X, W, R = layer["X"], layer["W"], layer["R"]
    dX, dW, db = dense_backward(X, W, R, need_dX=False)
    assert dX is None
    _, dW_full, db_full = dense_backward(X, W, R)
    np.testing.assert_array_equal(dW, dW_full)
    np.testing.assert_array_equal(db, db_full)
