"""Tests for mlp/activations.py: values, derivatives (by finite differences), stability, errors."""

import re
import warnings

import numpy as np
import pytest
from scipy.special import softmax as scipy_softmax

from mlp.activations import (
    ACTIVATIONS,
    get_activation,
    identity,
    logistic,
    relu,
    relu_backward,
    softmax,
    tanh,
)
from mlp.gradcheck import check_gradient

NAMES = sorted(ACTIVATIONS)


def away_from_zero(rng, shape):
    """Random pre-activations with |z| >= 0.1, so no relu kink lies within h of any entry."""
    Z = rng.uniform(0.1, 3.0, size=shape)
    return Z * rng.choice([-1.0, 1.0], size=shape)


# --- forward values against the textbook formulas -------------------------------------------

def test_forward_values_match_the_formulas():
    Z = np.array([[-2.0, -0.5, 0.0], [0.5, 1.0, 3.0]])
    np.testing.assert_array_equal(identity(Z), Z)
    np.testing.assert_allclose(logistic(Z), 1 / (1 + np.exp(-Z)), rtol=1e-15)
    np.testing.assert_allclose(tanh(Z), (np.exp(Z) - np.exp(-Z)) / (np.exp(Z) + np.exp(-Z)),
                               rtol=1e-14)
    np.testing.assert_array_equal(relu(Z), [[0.0, 0.0, 0.0], [0.5, 1.0, 3.0]])


def test_hand_worked_values():
    # logistic(0) = 1/2; logistic(ln 3) = 1 / (1 + 1/3) = 3/4; tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 3/5
    np.testing.assert_allclose(logistic(np.array([[0.0, np.log(3.0)]])), [[0.5, 0.75]], rtol=1e-15)
    np.testing.assert_allclose(tanh(np.array([[np.log(2.0)]])), [[0.6]], rtol=1e-15)


@pytest.mark.parametrize("name", NAMES)
def test_forward_keeps_the_input_unless_asked_to_overwrite_it(name):
    f = ACTIVATIONS[name].forward
    Z = np.array([[-1.0, 0.25], [2.0, -3.0]])
    Z_before = Z.copy()
    A = f(Z)
    assert A is not Z
    np.testing.assert_array_equal(Z, Z_before)  # untouched
    A_inplace = f(Z, out=Z)
    assert A_inplace is Z  # the result was written into Z
    np.testing.assert_array_equal(A_inplace, A)


@pytest.mark.parametrize("name", NAMES)
def test_backward_into_out_gives_the_same_numbers(name):
    rng = np.random.RandomState(0)
    act = ACTIVATIONS[name]
    A = act.forward(away_from_zero(rng, (3, 4)))
    dA = rng.standard_normal((3, 4))
    expected = act.backward(A, dA)
    buffer = dA.copy()
    result = act.backward(A, buffer, out=buffer)
    assert result is buffer
    np.testing.assert_array_equal(result, expected)


# --- derivatives: backward vs finite differences of forward ---------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_backward_matches_finite_differences(name):
    # f(Z) = sum(R * act(Z)) with random weights R has gradient R * act'(Z), which is what
    # backward(A, dA=R) computes; one scalar function checks every element at once.
    rng = np.random.RandomState(42)
    act = ACTIVATIONS[name]
    Z = away_from_zero(rng, (4, 5))
    R = rng.standard_normal((4, 5))
    analytic = act.backward(act.forward(Z), R)
    err = check_gradient(lambda: float(np.sum(R * act.forward(Z))), Z, analytic)
    assert err < 1e-7, f"{name}: relative error {err:.3g}"


def test_a_wrong_derivative_is_caught():
    # tanh's forward with logistic's backward: the checker must report a large error.
    rng = np.random.RandomState(1)
    Z = away_from_zero(rng, (4, 5))
    R = rng.standard_normal((4, 5))
    wrong = ACTIVATIONS["logistic"].backward(tanh(Z), R)
    err = check_gradient(lambda: float(np.sum(R * tanh(Z))), Z, wrong)
    assert err > 0.1


def test_relu_derivative_is_zero_at_the_kink():
    A = relu(np.array([[-1.0, 0.0, 2.0]]))
    np.testing.assert_array_equal(relu_backward(A, np.array([[5.0, 5.0, 5.0]])), [[0.0, 0.0, 5.0]])


# --- softmax ----------------------------------------------------------------------------------

def test_softmax_matches_scipy_and_rows_sum_to_one():
    Z = np.random.RandomState(3).standard_normal((6, 4)) * 5
    P = softmax(Z)
    np.testing.assert_allclose(P, scipy_softmax(Z, axis=1), rtol=1e-14)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-15)


def test_softmax_of_huge_logits_is_finite():
    # Without the max-subtraction exp(1000) overflows to inf and inf/inf is nan.
    Z = np.array([[1000.0, 999.0, -1000.0], [1e300, 1e300, 0.0], [-1e4, -1e4 - np.log(3.0), -1e4]])
    P = softmax(Z)
    assert np.isfinite(P).all()
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-15)
    # row 0: exp(0), exp(-1), exp(-2000) = 0 -> [1, e^-1, 0] / (1 + e^-1)
    np.testing.assert_allclose(P[0], [1 / (1 + np.exp(-1)), np.exp(-1) / (1 + np.exp(-1)), 0.0])
    np.testing.assert_allclose(P[1], [0.5, 0.5, 0.0])
    # row 2: weights 1, 1/3, 1 -> [3/7, 1/7, 3/7]
    np.testing.assert_allclose(P[2], [3 / 7, 1 / 7, 3 / 7], rtol=1e-12)


def test_softmax_leaves_its_input_alone_and_can_write_in_place():
    Z = np.array([[1.0, 2.0], [3.0, 3.0]])
    P = softmax(Z)
    np.testing.assert_array_equal(Z, [[1.0, 2.0], [3.0, 3.0]])
    same = softmax(Z, out=Z)
    assert same is Z
    np.testing.assert_array_equal(same, P)


def test_logistic_of_very_negative_inputs_gives_no_warning():
    Z = np.array([[-1000.0, -745.0, -50.0, 1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning (overflow in exp) fails the test
        with np.errstate(all="raise"):
            A = logistic(Z)
    assert np.isfinite(A).all()
    assert (A[0, :3] >= 0).all() and A[0, 0] < 1e-300
    np.testing.assert_allclose(A[0, 2], np.exp(-50.0) / (1 + np.exp(-50.0)), rtol=1e-14)
    assert A[0, 3] == 1.0


# --- lookup -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_get_activation_finds_every_name(name):
    act = get_activation(name)
    assert act.name == name and act is ACTIVATIONS[name]


@pytest.mark.parametrize("bad", ["sigmoid", "softmax", "", None, 3])
def test_unknown_activation_names_the_parameter_and_the_value(bad):
    message = r"activation must be one of .*; got " + re.escape(repr(bad))
    with pytest.raises(ValueError, match=message):
        get_activation(bad)


def test_the_parameter_name_in_the_message_can_be_chosen():
    with pytest.raises(ValueError, match=r"^hidden_activation must be .*got 'Relu'"):
        get_activation("Relu", parameter="hidden_activation")
