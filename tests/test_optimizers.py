"""Tests for mlp/optimizers.py: the first steps of each optimizer worked by hand, agreement with
scikit-learn's optimizers to the bit, and the parameter checks."""

import re

import numpy as np
import pytest

from mlp.optimizers import SGD, Adam


def run(optimizer_class, gradients, theta0=1.0, **kwargs):
    """Apply one optimizer to a single scalar parameter; return theta after each step."""
    theta = np.array([theta0])
    opt = optimizer_class([theta], **kwargs)
    path = []
    for g in gradients:
        opt.step([theta], [np.array([g])])
        path.append(theta[0])
    return path


def test_plain_sgd_by_hand():
    # theta <- theta - eta g, eta = 0.1, on a 2-vector:
    #   start [1, -2];  g = [0.5, -1]  -> [1 - 0.05, -2 + 0.1] = [0.95, -1.9]
    #                   g = [-0.5, 2]  -> [0.95 + 0.05, -1.9 - 0.2] = [1.0, -2.1]
    theta = np.array([1.0, -2.0])
    opt = SGD([theta], learning_rate=0.1)
    opt.step([theta], [np.array([0.5, -1.0])])
    np.testing.assert_allclose(theta, [0.95, -1.9], rtol=1e-15)
    opt.step([theta], [np.array([-0.5, 2.0])])
    np.testing.assert_allclose(theta, [1.0, -2.1], rtol=1e-15)


def test_momentum_by_hand():
    # v <- mu v - eta g; theta <- theta + v, with eta = 0.1, mu = 0.9, theta_0 = 1:
    #   g = 1:  v = -0.1                        theta = 0.9
    #   g = 1:  v = 0.9 * (-0.1) - 0.1 = -0.19  theta = 0.71
    #   g = -2: v = 0.9 * (-0.19) + 0.2 = 0.029 theta = 0.739   (momentum still pulls down a bit)
    path = run(SGD, [1.0, 1.0, -2.0], learning_rate=0.1, momentum=0.9)
    np.testing.assert_allclose(path, [0.9, 0.71, 0.739], rtol=1e-14)


def test_nesterov_by_hand():
    # v <- mu v - eta g; theta <- theta + mu v - eta g (with the new v), eta = 0.1, mu = 0.9:
    #   g = 1:  v = -0.1,   step = 0.9 * (-0.1) - 0.1   = -0.19    theta = 0.81
    #   g = 1:  v = -0.19,  step = 0.9 * (-0.19) - 0.1  = -0.271   theta = 0.539
    #   g = -2: v = 0.029,  step = 0.9 * 0.029 + 0.2    = 0.2261   theta = 0.7651
    path = run(SGD, [1.0, 1.0, -2.0], learning_rate=0.1, momentum=0.9, nesterov=True)
    np.testing.assert_allclose(path, [0.81, 0.539, 0.7651], rtol=1e-14)


def test_adam_by_hand():
    # eta = 0.1, beta_1 = 0.9, beta_2 = 0.999, epsilon = 1e-8, theta_0 = 1
    # step 1, g = 0.5:  m = 0.1 * 0.5 = 0.05;  v = 0.001 * 0.25 = 0.00025
    #   eta_1 = 0.1 * sqrt(1 - 0.999) / (1 - 0.9) = sqrt(0.001) = 0.0316228
    #   step = eta_1 m / (sqrt v + eps) = 0.0316228 * 0.05 / (0.0158114 + 1e-8) = 0.0999999368
    #   theta = 1 - step = 0.9000000632   (Adam's first step is about eta whatever the size of g)
    # step 2, g = 0.5:  m = 0.9 * 0.05 + 0.05 = 0.095;  v = 0.999 * 0.00025 + 0.00025 = 0.00049975
    #   eta_2 = 0.1 * sqrt(1 - 0.999^2) / (1 - 0.9^2) = 0.1 * 0.0447102 / 0.19 = 0.0235317
    #   step = 0.0235317 * 0.095 / (0.0223551 + 1e-8) = 0.0999999552
    #   theta = 0.9000000632 - step = 0.8000001080
    # step 3, g = -1:   m = 0.9 * 0.095 - 0.1 = -0.0145
    #                   v = 0.999 * 0.00049975 + 0.001 = 0.00049925025 + 0.001 = 0.00149925025
    #   eta_3 = 0.1 * sqrt(1 - 0.999^3) / (1 - 0.9^3) = 0.1 * 0.0547449 / 0.271 = 0.0202011
    #   step = 0.0202011 * (-0.0145) / (0.0387201 + 1e-8) = -0.0075649311
    #   theta = 0.8000001080 - step = 0.8075650391   (the gradient changed sign: theta goes back up)
    theta = np.array([1.0])
    opt = Adam([theta], learning_rate=0.1)
    expected = [(0.0316227766, 0.9000000632), (0.0235316725, 0.8000001080),
                (0.0202010597, 0.8075650391)]
    for g, (eta_t, theta_t) in zip([0.5, 0.5, -1.0], expected):
        opt.step([theta], [np.array([g])])
        assert opt.learning_rate == pytest.approx(eta_t, abs=1e-10)
        assert theta[0] == pytest.approx(theta_t, abs=1e-10)
    assert opt.t == 3
    np.testing.assert_allclose(opt.ms[0], [-0.0145], rtol=1e-13)
    np.testing.assert_allclose(opt.vs[0], [0.00149925025], rtol=1e-13)


def test_adam_matches_the_textbook_bias_corrected_form_with_rescaled_epsilon():
    # m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t); the efficient form equals
    # theta - eta m_hat / (sqrt(v_hat) + eps / sqrt(1 - b2^t)).
    rng = np.random.RandomState(0)
    grads = rng.standard_normal((5, 3))
    theta = rng.standard_normal(3)
    expected, m, v = theta.copy(), np.zeros(3), np.zeros(3)
    opt = Adam([theta], learning_rate=0.01, epsilon=1e-3)  # a large epsilon makes its place visible
    for t, g in enumerate(grads, start=1):
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g**2
        m_hat, v_hat = m / (1 - 0.9**t), v / (1 - 0.999**t)
        expected -= 0.01 * m_hat / (np.sqrt(v_hat) + 1e-3 / np.sqrt(1 - 0.999**t))
        opt.step([theta], [g])
    np.testing.assert_allclose(theta, expected, rtol=1e-12)


def test_the_current_learning_rate_is_used():
    # a schedule changes opt.learning_rate between steps: theta = 1 - 0.1 * 1 - 0.02 * 1 = 0.88
    theta = np.array([1.0])
    opt = SGD([theta], learning_rate=0.1)
    opt.step([theta], [np.array([1.0])])
    opt.learning_rate = 0.02
    opt.step([theta], [np.array([1.0])])
    assert theta[0] == pytest.approx(0.88, rel=1e-15)
    assert opt.learning_rate_init == 0.1


def test_state_is_kept_per_parameter():
    W, b = np.zeros((2, 2)), np.zeros(2)
    opt = SGD([W, b], learning_rate=1.0, momentum=0.5)
    opt.step([W, b], [np.ones((2, 2)), -np.ones(2)])
    opt.step([W, b], [np.ones((2, 2)), -np.ones(2)])
    # v: -1, then 0.5 * -1 - 1 = -1.5; W = -1 - 1.5 = -2.5 (and +2.5 for b, whose gradient is -1)
    np.testing.assert_array_equal(W, np.full((2, 2), -2.5))
    np.testing.assert_array_equal(b, [2.5, 2.5])
    np.testing.assert_array_equal(opt.velocities[1], [1.5, 1.5])


# --- against scikit-learn's own optimizers, to the bit ----------------------------------------

sk_optimizers = pytest.importorskip("sklearn.neural_network._stochastic_optimizers")


@pytest.mark.parametrize("kind", ["sgd", "momentum", "nesterov", "adam"])
def test_same_bits_as_scikit_learn(kind):
    rng = np.random.RandomState(0)
    shapes = [(3, 4), (4,)]
    ours = [rng.standard_normal(s) for s in shapes]
    theirs = [p.copy() for p in ours]
    if kind == "adam":
        opt = Adam(ours, learning_rate=0.01)
        ref = sk_optimizers.AdamOptimizer(theirs, learning_rate_init=0.01)
    else:
        mu = 0.0 if kind == "sgd" else 0.9
        opt = SGD(ours, learning_rate=0.05, momentum=mu, nesterov=kind == "nesterov")
        ref = sk_optimizers.SGDOptimizer(theirs, learning_rate_init=0.05, momentum=mu,
                                         nesterov=kind == "nesterov")
    for _ in range(20):
        grads = [rng.standard_normal(s) for s in shapes]
        opt.step(ours, grads)
        ref.update_params(theirs, grads)
    for a, b in zip(ours, theirs):
        np.testing.assert_array_equal(a, b)


# --- bad parameters ---------------------------------------------------------------------------

@pytest.mark.parametrize("cls", [SGD, Adam])
@pytest.mark.parametrize("bad", [0, -0.1, float("nan"), float("inf"), "0.1", None, True])
def test_non_positive_learning_rate_names_the_parameter_and_the_value(cls, bad):
    with pytest.raises((TypeError, ValueError), match=r"^learning_rate must be a real number in \(0, inf\); "
                                         r"got " + re.escape(repr(bad))):
        cls([np.zeros(2)], learning_rate=bad)


@pytest.mark.parametrize("name, bad", [("momentum", -0.1), ("momentum", 1.5)])
def test_sgd_momentum_outside_0_1(name, bad):
    with pytest.raises(ValueError, match=rf"^{name} must be a real number in \[0, 1\]; got {bad}"):
        SGD([np.zeros(2)], **{name: bad})


@pytest.mark.parametrize("name, bad, interval", [("beta_1", 1.0, r"\[0, 1\)"),
                                                 ("beta_2", -0.5, r"\[0, 1\)"),
                                                 ("epsilon", 0.0, r"\(0, inf\)")])
def test_adam_parameters_outside_their_interval(name, bad, interval):
    with pytest.raises(ValueError, match=rf"^{name} must be a real number in {interval}; got {bad}"):
        Adam([np.zeros(2)], **{name: bad})


def test_reprs_show_the_settings():
    from mlp.schedules import get_schedule

    assert repr(SGD([np.zeros(2)], momentum=0.9, nesterov=True)) == (
        "SGD(learning_rate=0.1, momentum=0.9, nesterov=True, arrays=1)")
    assert repr(Adam([np.zeros(2)])).startswith("Adam(learning_rate=0.001, beta_1=0.9")
    assert [repr(get_schedule(n)) for n in ("constant", "adaptive")] == ["Constant()", "Adaptive()"]
