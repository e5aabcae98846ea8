"""Tests for mlp/gradcheck.py, and through it the whole network's backward pass.

The checker itself is first tested on functions whose gradients are known; then it checks every
weight and bias gradient of small networks (1 to 3 hidden layers x every hidden activation x every
output kind x with and without L2), and it must fail on networks that are deliberately wrong.
"""

import re

import numpy as np
import pytest

from mlp.activations import ACTIVATIONS, Activation
from mlp.gradcheck import check_gradient, check_network_gradients, numerical_gradient, relative_error
from mlp.initialisation import init_parameters
from mlp.network import Network

# output kind -> (loss, number of output units)
OUTPUTS = {
    "softmax": ("cross_entropy", 3),
    "logistic": ("binary_cross_entropy", 1),
    "identity": ("squared_error", 2),
}


def make_problem(hidden, activation, output, *, seed=0, n_samples=5, n_features=3):
    """A small float64 network and a batch (X, Y) of matching shapes."""
    rng = np.random.RandomState(seed)
    loss, n_outputs = OUTPUTS[output]
    coefs, intercepts = init_parameters([n_features, *hidden, n_outputs], activation=activation,
                                        random_state=rng)
    net = Network(coefs, intercepts, activation=activation, loss=loss)
    X = rng.standard_normal((n_samples, n_features))
    if output == "softmax":
        Y = np.eye(n_outputs)[rng.randint(0, n_outputs, size=n_samples)]  # one-hot (n, 3)
    elif output == "logistic":
        Y = rng.randint(0, 2, size=(n_samples, 1)).astype(float)
    else:
        Y = rng.standard_normal((n_samples, n_outputs))
    return net, X, Y


# --- the checker on known gradients -----------------------------------------------------------

def test_numerical_gradient_of_a_quadratic_form():
    # f(x) = x^T A x has gradient (A + A^T) x
    rng = np.random.RandomState(0)
    A = rng.standard_normal((4, 4))
    x = rng.standard_normal(4)
    np.testing.assert_allclose(numerical_gradient(lambda: float(x @ A @ x), x), (A + A.T) @ x,
                               rtol=1e-8)


def test_numerical_gradient_restores_x():
    x = np.array([[0.1, -0.2], [0.3, 0.4]])
    before = x.copy()
    numerical_gradient(lambda: float(np.sum(np.exp(x))), x)
    np.testing.assert_array_equal(x, before)  # bit for bit


@pytest.mark.parametrize("layout", ["fortran", "transposed"])
def test_numerical_gradient_of_a_non_contiguous_array(layout):
    # A transposed weight matrix (a view) must be perturbed itself, not a flattened copy of it.
    base = np.arange(1.0, 7.0).reshape(2, 3)
    x = np.asfortranarray(base) if layout == "fortran" else base.T
    grad = numerical_gradient(lambda: float(np.sum(x**2)), x)
    np.testing.assert_allclose(grad, 2 * x, rtol=1e-9)  # d/dx x^2 = 2x


def test_central_differences_are_second_order():
    # For f = sin, the error of (L6.1) is about h^2 / 6 |f'''| : 100 times smaller for h / 10.
    x = np.array([0.7])
    f = lambda: float(np.sin(x[0]))  # noqa: E731
    err_big = abs(numerical_gradient(f, x, h=1e-2)[0] - np.cos(0.7))
    err_small = abs(numerical_gradient(f, x, h=1e-3)[0] - np.cos(0.7))
    assert err_big == pytest.approx(1e-4 / 6 * np.cos(0.7), rel=1e-3)
    assert 90 < err_big / err_small < 110


def test_relative_error_by_hand():
    # a = [3, 4], b = [3, 0]: |a - b| = 4, |a| + |b| = 5 + 3 = 8, so 0.5
    assert relative_error(np.array([3.0, 4.0]), np.array([3.0, 0.0])) == 0.5
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([2.0]), np.array([-2.0])) == 1.0  # wrong sign: the maximum


def test_check_gradient_fails_for_a_wrong_sign_or_factor():
    x = np.array([0.3, -1.2, 2.0])
    f = lambda: float(np.sum(np.sin(x)))  # noqa: E731
    assert check_gradient(f, x, np.cos(x)) < 1e-9
    assert check_gradient(f, x, -np.cos(x)) == pytest.approx(1.0, rel=1e-8)
    assert check_gradient(f, x, 2 * np.cos(x)) == pytest.approx(1 / 3, rel=1e-8)


def test_float32_is_refused_naming_x_and_its_dtype():
    x = np.ones(3, dtype=np.float32)
    with pytest.raises(ValueError, match=r"x must be a float64 .*got float32"):
        numerical_gradient(lambda: float(x.sum()), x)
    with pytest.raises(ValueError, match=r"x must be a float64 .*got list"):
        numerical_gradient(lambda: 0.0, [1.0, 2.0])


@pytest.mark.parametrize("h", [0.0, -1e-5, float("nan")])
def test_non_positive_step_is_refused_naming_h_and_its_value(h):
    x = np.ones(2)
    with pytest.raises(ValueError, match=r"h must be positive; got " + re.escape(repr(h))):
        numerical_gradient(lambda: float(x.sum()), x, h=h)


def test_gradients_of_different_shapes_are_refused():
    with pytest.raises(ValueError, match=r"differ in shape: \(2,\) and \(3,\)"):
        relative_error(np.ones(2), np.ones(3))


# --- whole networks ---------------------------------------------------------------------------

@pytest.mark.parametrize("alpha", [0.0, 0.3])
@pytest.mark.parametrize("output", sorted(OUTPUTS))
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
@pytest.mark.parametrize("hidden", [(4,), (4, 3), (3, 4, 2)], ids=["1hidden", "2hidden", "3hidden"])
def test_network_gradients_match_finite_differences(hidden, activation, output, alpha):
    # The largest errors (a few 1e-8) come from 3 logistic layers: each multiplies the gradient
    # by at most 1/4, so the first layer's gradient is tiny and rounding noise weighs more.
    net, X, Y = make_problem(hidden, activation, output, seed=len(hidden))
    errors = check_network_gradients(net, X, Y, alpha=alpha)
    assert len(errors) == 2 * (len(hidden) + 1)  # every W and every b was checked
    worst = max(errors, key=errors.get)
    assert errors[worst] < 1e-7, f"{worst}: relative error {errors[worst]:.3g}"


def test_network_gradients_leave_the_parameters_unchanged():
    net, X, Y = make_problem((4, 3), "tanh", "softmax")
    before = [p.copy() for p in net.coefs + net.intercepts]
    check_network_gradients(net, X, Y, alpha=0.1)
    for p, q in zip(net.coefs + net.intercepts, before):
        np.testing.assert_array_equal(p, q)


@pytest.mark.parametrize("activation, wrong", [("tanh", "logistic"), ("logistic", "tanh"),
                                               ("relu", "identity")])
def test_a_network_with_a_wrong_activation_derivative_is_caught(activation, wrong):
    # The forward pass uses `activation`, the backward pass another activation's derivative.
    net, X, Y = make_problem((4, 3), activation, "softmax", seed=3, n_samples=8)
    good = ACTIVATIONS[activation]
    net.activation = Activation(good.name, good.forward, ACTIVATIONS[wrong].backward)
    errors = check_network_gradients(net, X, Y)
    # the output layer's gradients do not go through a hidden derivative; the earlier ones do
    assert errors["coefs[2]"] < 1e-7
    assert errors["coefs[0]"] > 1e-2 and errors["coefs[1]"] > 1e-2


def test_a_missing_l2_term_is_caught():
    # the gradients are computed without the penalty that the loss includes
    net, X, Y = make_problem((4,), "tanh", "logistic")
    _, coef_grads, _ = net.loss_and_gradients(X, Y, alpha=0.0)

    def loss_with_l2():
        return net.loss_value(Y, net.forward(X)[-1], alpha=5.0)

    assert check_gradient(loss_with_l2, net.coefs[0], coef_grads[0].copy()) > 1e-2


def test_a_wrong_sign_in_the_network_gradient_is_caught():
    net, X, Y = make_problem((4,), "relu", "softmax")
    _, coef_grads, _ = net.loss_and_gradients(X, Y)

    def loss():
        return net.loss_value(Y, net.forward(X)[-1])

    assert check_gradient(loss, net.coefs[1], -coef_grads[1].copy()) == pytest.approx(1.0, abs=1e-6)


def test_a_float32_network_is_refused():
    net, X, Y = make_problem((4,), "tanh", "softmax")
    net.coefs = [W.astype(np.float32) for W in net.coefs]
    net.intercepts = [b.astype(np.float32) for b in net.intercepts]
    with pytest.raises(ValueError, match="float64"):
        check_network_gradients(net, X.astype(np.float32), Y.astype(np.float32))
