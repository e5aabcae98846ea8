"""Tests for mlp/network.py: a forward and backward pass worked by hand, buffers, and bad input.

(The finite-difference checks of whole networks are in tests/test_gradcheck.py.)
"""

import numpy as np
import pytest

from mlp.gradcheck import check_network_gradients
from mlp.initialisation import init_parameters
from mlp.network import Network
from mlp.validation import check_matrix

LN3 = np.log(3.0)  # logistic(ln 3) = 1 / (1 + 1/3) = 3/4, which keeps the numbers below simple


def tiny_network(loss="binary_cross_entropy"):
    """2 inputs -> 2 relu units -> 1 logistic output (or 2 softmax outputs).

    W1 = [[0.5, -0.5],      b1 = [0, -0.5]
          [0.25, 1.0]]
    logistic output: W2 = [[ln 3], [1]],        b2 = [-1]
    softmax output:  W2 = [[ln 3, 0], [1, 1]],  b2 = [0, 0]
    """
    W1 = np.array([[0.5, -0.5], [0.25, 1.0]])
    b1 = np.array([0.0, -0.5])
    if loss == "binary_cross_entropy":
        W2, b2 = np.array([[LN3], [1.0]]), np.array([-1.0])
    else:
        W2, b2 = np.array([[LN3, 0.0], [1.0, 1.0]]), np.array([0.0, 0.0])
    return Network([W1, W2], [b1, b2], activation="relu", loss=loss)


# Two samples, n = 2:
X = np.array([[1.0, 2.0],
              [-1.0, 1.0]])


def test_hand_worked_forward_and_backward_logistic_output():
    net = tiny_network("binary_cross_entropy")
    Y = np.array([[1.0], [0.0]])

    # Forward, hidden layer: Z1 = X W1 + b1
    #   sample 1: [1*0.5 + 2*0.25, 1*(-0.5) + 2*1.0] + [0, -0.5] = [1.0, 1.5 - 0.5] = [1, 1]
    #   sample 2: [-0.5 + 0.25, 0.5 + 1.0] + [0, -0.5]            = [-0.25, 1]
    # A1 = relu(Z1) = [[1, 1], [0, 1]]      (the -0.25 is cut to 0)
    # Output: Z2 = A1 W2 + b2
    #   sample 1: 1*ln3 + 1*1 - 1 = ln 3  -> P = logistic(ln 3) = 0.75
    #   sample 2: 0*ln3 + 1*1 - 1 = 0     -> P = logistic(0)    = 0.5
    X_in, A1, P = net.forward(X)
    assert X_in is X
    np.testing.assert_array_equal(A1, [[1.0, 1.0], [0.0, 1.0]])
    np.testing.assert_allclose(P, [[0.75], [0.5]], rtol=1e-15)

    # Loss: -(log 0.75 + log(1 - 0.5)) / 2 = (0.2876821 + 0.6931472) / 2 = 0.4904146
    loss, coef_grads, intercept_grads = net.loss_and_gradients(X, Y)
    assert loss == pytest.approx(0.4904146265058631, rel=1e-15)

    # Backward. Output delta = P - Y = [[0.75 - 1], [0.5 - 0]] = [[-0.25], [0.5]]
    # dW2 = A1^T delta / n = [[1*(-0.25) + 0*0.5], [1*(-0.25) + 1*0.5]] / 2 = [[-0.125], [0.125]]
    # db2 = (-0.25 + 0.5) / 2 = [0.125]
    np.testing.assert_allclose(coef_grads[1], [[-0.125], [0.125]], rtol=1e-15)
    np.testing.assert_allclose(intercept_grads[1], [0.125], rtol=1e-15)
    # Into the hidden layer: dA1 = delta W2^T, with W2^T = [[ln3, 1]]
    #   sample 1: -0.25 * [ln3, 1] = [-0.25 ln3, -0.25]
    #   sample 2:  0.5  * [ln3, 1] = [ 0.5 ln3,  0.5 ]
    # relu': 1 where A1 > 0. Sample 2's first unit is 0, so its gradient is blocked:
    #   delta1 = [[-0.25 ln3, -0.25], [0, 0.5]]
    # dW1 = X^T delta1 / n, with X^T = [[1, -1], [2, 1]]
    #   row 1: [1*(-0.25 ln3) + (-1)*0, 1*(-0.25) + (-1)*0.5] / 2 = [-0.125 ln3, -0.375]
    #   row 2: [2*(-0.25 ln3) + 1*0,    2*(-0.25) + 1*0.5]    / 2 = [-0.25 ln3,  0]
    # db1 = [-0.25 ln3 + 0, -0.25 + 0.5] / 2 = [-0.125 ln3, 0.125]
    # (-0.125 ln3 = -0.1373265, -0.25 ln3 = -0.2746531)
    np.testing.assert_allclose(coef_grads[0], [[-0.1373265360835137, -0.375],
                                               [-0.2746530721670275, 0.0]], rtol=1e-14, atol=0)
    np.testing.assert_allclose(intercept_grads[0], [-0.1373265360835137, 0.125], rtol=1e-14)


def test_hand_worked_forward_and_backward_softmax_output():
    net = tiny_network("cross_entropy")
    Y = np.array([[1.0, 0.0], [0.0, 1.0]])  # sample 1 is class 0, sample 2 class 1

    # A1 = [[1, 1], [0, 1]] as above. Z2 = A1 W2 + b2:
    #   sample 1: [ln3 + 1, 0 + 1] -> softmax: e^(ln3+1) / (e^(ln3+1) + e^1) = 3/4, and 1/4
    #   sample 2: [1, 1]           -> softmax: [1/2, 1/2]
    P = net.predict(X)
    np.testing.assert_allclose(P, [[0.75, 0.25], [0.5, 0.5]], rtol=1e-15)

    # Loss: -(log 0.75 + log 0.5) / 2, the same 0.4904146 as with the logistic output
    loss, coef_grads, intercept_grads = net.loss_and_gradients(X, Y)
    assert loss == pytest.approx(0.4904146265058631, rel=1e-15)

    # delta = P - Y = [[-0.25, 0.25], [0.5, -0.5]]
    # dW2 = A1^T delta / 2 = [[-0.25 + 0, 0.25 + 0], [-0.25 + 0.5, 0.25 - 0.5]] / 2
    #     = [[-0.125, 0.125], [0.125, -0.125]]
    # db2 = [-0.25 + 0.5, 0.25 - 0.5] / 2 = [0.125, -0.125]
    np.testing.assert_allclose(coef_grads[1], [[-0.125, 0.125], [0.125, -0.125]], rtol=1e-15)
    np.testing.assert_allclose(intercept_grads[1], [0.125, -0.125], rtol=1e-15)
    # dA1 = delta W2^T, W2^T = [[ln3, 1], [0, 1]]:
    #   sample 1: [-0.25 ln3 + 0.25*0, -0.25 + 0.25] = [-0.25 ln3, 0]
    #   sample 2: [0.5 ln3 + 0,         0.5 - 0.5  ] = [ 0.5 ln3,  0]
    # (hidden unit 2 feeds both classes equally, and softmax ignores a shift common to all
    #  classes, so its gradient is exactly 0)
    # relu' blocks sample 2's unit 1: delta1 = [[-0.25 ln3, 0], [0, 0]]
    # dW1 = X^T delta1 / 2 = [[1*(-0.25 ln3), 0], [2*(-0.25 ln3), 0]] / 2 = [[-0.125 ln3, 0], [-0.25 ln3, 0]]
    # db1 = [-0.125 ln3, 0]
    # (the zeros come out as 0.25 - 0.25 with P rounded in float64, so about 1e-17, not 0)
    np.testing.assert_allclose(coef_grads[0], [[-0.1373265360835137, 0.0],
                                               [-0.2746530721670275, 0.0]], rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(intercept_grads[0], [-0.1373265360835137, 0.0], rtol=1e-14,
                               atol=1e-15)


def test_hand_worked_l2_penalty():
    # With alpha = 0.5 the loss gains (alpha / 2n) (||W1||^2 + ||W2||^2):
    #   ||W1||^2 = 0.25 + 0.25 + 0.0625 + 1 = 1.5625,  ||W2||^2 = ln3^2 + 1 = 2.2069490
    #   0.5 / 4 * (1.5625 + 2.2069490) = 0.4711811
    # and each dW gains alpha W / n = W / 4; the biases are not penalised.
    net = tiny_network("binary_cross_entropy")
    Y = np.array([[1.0], [0.0]])
    loss0, cg0, ig0 = _copy_grads(net.loss_and_gradients(X, Y))  # alpha = 0
    loss, coef_grads, intercept_grads = net.loss_and_gradients(X, Y, alpha=0.5)
    assert loss - loss0 == pytest.approx(0.47118112010157276, rel=1e-14)
    np.testing.assert_allclose(coef_grads[1], [[-0.125 + LN3 / 4], [0.125 + 0.25]], rtol=1e-15)
    for l in range(2):
        np.testing.assert_allclose(coef_grads[l], cg0[l] + net.coefs[l] / 4, rtol=1e-15)
        np.testing.assert_array_equal(intercept_grads[l], ig0[l])


def _copy_grads(result):
    loss, coef_grads, intercept_grads = result
    return loss, [g.copy() for g in coef_grads], [g.copy() for g in intercept_grads]


# --- structure and buffers ---------------------------------------------------------------------

def make_network(units=(4, 5, 3, 3), activation="tanh", loss="cross_entropy", seed=0):
    coefs, intercepts = init_parameters(list(units), activation=activation, random_state=seed)
    return Network(coefs, intercepts, activation=activation, loss=loss)


def test_units_and_shapes():
    net = make_network()
    assert net.units == [4, 5, 3, 3]
    activations = net.forward(np.ones((6, 4)))
    assert [A.shape for A in activations] == [(6, 4), (6, 5), (6, 3), (6, 3)]


def test_the_network_uses_the_very_arrays_it_was_given():
    coefs, intercepts = init_parameters([2, 3, 1], random_state=0)
    net = Network(coefs, intercepts, loss="binary_cross_entropy")
    x = np.array([[0.3, -0.7]])
    before = net.predict(x).copy()
    intercepts[1] += 10.0  # an optimizer updating in place updates the network
    assert net.predict(x)[0, 0] > before[0, 0]


def test_forward_does_not_change_x_and_softmax_rows_sum_to_one():
    net = make_network()
    X_in = np.random.RandomState(1).standard_normal((7, 4))
    X_copy = X_in.copy()
    P = net.predict(X_in)
    np.testing.assert_array_equal(X_in, X_copy)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-15)
    assert (P > 0).all()


def test_backward_changes_neither_the_activations_nor_the_parameters():
    """The optimizer steps after backward: the pass itself must leave what it read untouched."""
    net = make_network()
    rng = np.random.RandomState(2)
    X_in = rng.standard_normal((6, 4))
    Y = np.eye(3)[rng.randint(0, 3, size=6)]
    acts = net.forward(X_in)
    acts_before = [A.copy() for A in acts]
    params_before = [p.copy() for p in net.parameters()]
    coef_grads, intercept_grads = net.backward(acts, Y, alpha=0.2)
    assert [g.shape for g in coef_grads + intercept_grads] == [p.shape for p in params_before]
    for A, before in zip(acts, acts_before):
        np.testing.assert_array_equal(A, before)
    for p, before in zip(net.parameters(), params_before):
        np.testing.assert_array_equal(p, before)


def test_no_hidden_layer_is_logistic_regression():
    # One layer only: the network is logistic regression, whose gradient is X^T (p - y) / n.
    rng = np.random.RandomState(4)
    W, b = rng.standard_normal((3, 1)), rng.standard_normal(1)
    net = Network([W], [b], loss="binary_cross_entropy")
    X_in = rng.standard_normal((8, 3))
    y = rng.randint(0, 2, size=(8, 1)).astype(float)
    p = 1 / (1 + np.exp(-(X_in @ W + b)))
    _, (dW,), (db,) = net.loss_and_gradients(X_in, y)
    np.testing.assert_allclose(dW, X_in.T @ (p - y) / 8, rtol=1e-13)
    np.testing.assert_allclose(db, (p - y).mean(axis=0), rtol=1e-13)
    assert max(check_network_gradients(net, X_in, y).values()) < 1e-7


# --- bad input ----------------------------------------------------------------------------------

def test_x_with_the_wrong_number_of_features_names_x_and_its_shape():
    net = make_network()
    with pytest.raises(ValueError, match=r"X must have shape \(n_samples, 4\); got \(6, 3\)"):
        net.forward(np.ones((6, 3)))
    with pytest.raises(ValueError, match=r"X must have shape \(n_samples, 4\); got \(4,\)"):
        net.forward(np.ones(4))


def test_inconsistent_layers_are_refused():
    W1, W2 = np.ones((2, 3)), np.ones((4, 1))
    b1, b2 = np.ones(3), np.ones(1)
    with pytest.raises(ValueError, match=r"layer 1: coefs\[1\] has 4 rows but the layer before "
                                         r"it has 3 units"):
        Network([W1, W2], [b1, b2])
    with pytest.raises(ValueError, match=r"intercepts\[0\] must have shape \(3,\); got \(2, 3\) "
                                         r"and \(2,\)"):
        Network([W1], [np.ones(2)])
    with pytest.raises(ValueError, match=r"same length; got 2 and 1"):
        Network([W1, np.ones((3, 1))], [b1])
    with pytest.raises(ValueError, match=r"same length; got 0 and 0"):
        Network([], [])


def test_unknown_activation_and_loss_are_named():
    W, b = np.ones((2, 1)), np.ones(1)
    with pytest.raises(ValueError, match=r"activation must be one of .*; got 'softmax'"):
        Network([W], [b], activation="softmax")
    with pytest.raises(ValueError, match=r"loss must be one of .*; got 'hinge'"):
        Network([W], [b], loss="hinge")


def test_check_matrix_names_the_array_and_the_problem():
    with pytest.raises(ValueError, match=r"Y must be 2-D .*got shape \(3,\)"):
        check_matrix(np.ones(3), "Y")
    with pytest.raises(ValueError, match=r"X has 3 columns; expected 2"):
        check_matrix(np.ones((4, 3)), "X", n_columns=2)
    bad = np.ones((3, 2))
    bad[2, 1] = np.nan
    with pytest.raises(ValueError, match=r"X contains NaN .*row 2, column 1: nan"):
        check_matrix(bad, "X")
    bad[2, 1] = -np.inf
    with pytest.raises(ValueError, match=r"X contains NaN or infinity .*row 2, column 1: -inf"):
        check_matrix(bad, "X")
    assert np.isnan(check_matrix(np.array([[np.nan]]), "X", allow_nan=True)[0, 0])
    ints = check_matrix([[1, 2]], "X")
    assert ints.dtype == np.float64 and ints.tolist() == [[1.0, 2.0]]


def test_parameters_are_the_network_arrays_themselves_coefs_first():
    from mlp.initialisation import init_parameters

    coefs, intercepts = init_parameters([3, 4, 2], random_state=0)
    net = Network(coefs, intercepts, activation="relu", loss="cross_entropy")
    params = net.parameters()
    assert [p is q for p, q in zip(params, coefs + intercepts)] == [True] * 4
    assert repr(net) == ("Network(units=[3, 4, 2], activation='relu', loss='cross_entropy', "
                         "dtype=float64)")
