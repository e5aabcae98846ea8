"""The compiled loops of mlp.kernels give the very bits of the NumPy passes they replace.

Each loop is run on the same inputs as the NumPy code it stands for (``kernels.fused(False)``),
in float64 and float32, with NaN, infinities and signed zeros among the values; a whole fit must
then end on the same bits with the loops on and off.
"""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning

from mlp import MLPClassifier, MLPRegressor, kernels
from mlp.activations import relu_backward
from mlp.layers import add_bias_and_activate, dense_backward
from mlp.activations import relu
from mlp.optimizers import Adam

pytestmark = pytest.mark.skipif(kernels._numba() is None, reason="numba is not installed")

DTYPES = [np.float64, np.float32]
SHAPE = (300, 300)  # 90,000 elements: above FUSED_MIN


def special(rng, dtype, shape=SHAPE):
    """Random values with NaN, +-inf and +-0 planted at fixed places."""
    a = rng.randn(*shape).astype(dtype)
    a.flat[:6] = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-30]
    return a


def same_bits(a, b):
    return a.dtype == b.dtype and np.array_equal(a.view(np.uint8), b.view(np.uint8))


@pytest.mark.parametrize("dtype", DTYPES)
def test_adam_loop_gives_the_bits_of_the_numpy_passes(dtype):
    rng = np.random.RandomState(0)
    start = [special(rng, dtype), rng.randn(300, 300).astype(dtype)]
    results = []
    for on in (False, True):
        theta = [p.copy() for p in start]
        opt = Adam(theta, learning_rate=0.01)
        rng_g = np.random.RandomState(1)
        with kernels.fused(on), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # the planted NaN and inf
            for _ in range(3):
                opt.step(theta, [special(rng_g, dtype), rng_g.randn(300, 300).astype(dtype)])
            # the loop did run (a learning rate NumPy would widen to float64 would stop it)
            assert kernels.adam_update(*[np.zeros(SHAPE, dtype)] * 4, beta_1=opt.beta_1,
                                       beta_2=opt.beta_2, learning_rate=opt.learning_rate,
                                       epsilon=opt.epsilon) is on
        results.append((theta, opt.ms, opt.vs))
    for numpy_arrays, loop_arrays in zip(*results):
        for a, b in zip(numpy_arrays, loop_arrays):
            assert same_bits(a, b)


@pytest.mark.parametrize("alpha", [0.0, 1e-4])
@pytest.mark.parametrize("dtype", DTYPES)
def test_penalise_and_divide_gives_the_bits_of_the_numpy_passes(dtype, alpha):
    rng = np.random.RandomState(2)
    X, W, delta = special(rng, dtype, (64, 300)), special(rng, dtype), rng.randn(64, 300).astype(dtype)
    out = []
    for on in (False, True):
        with kernels.fused(on):
            out.append(dense_backward(X, W, delta, alpha=alpha, need_dX=False))
    for a, b in zip(out[0][1:], out[1][1:]):
        assert same_bits(a, b)


@pytest.mark.parametrize("dtype", DTYPES)
def test_relu_backward_loop_gives_the_bits_of_numpy(dtype):
    rng = np.random.RandomState(4)
    A, dA = special(rng, dtype), special(rng, dtype)[::-1].copy()
    A.flat[6:12] = [1, 1, -1, -1, 0, -0.0]
    dA.flat[6:12] = [np.nan, -0.0, np.inf, 3, np.inf, 2]
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # inf * 0 in NumPy's product
        for on in (False, True):
            with kernels.fused(on):
                out.append(relu_backward(A, dA, out=np.empty_like(dA)))
    assert same_bits(*out)


@pytest.mark.parametrize("dtype", DTYPES)
def test_bias_relu_loop_gives_the_bits_of_numpy(dtype):
    rng = np.random.RandomState(5)
    Z, b = special(rng, dtype), special(rng, dtype, (300,))[::-1].copy()
    # zeros of both signs (-0 + -0 is -0, which max(z, 0) must turn into +0), exact cancellation
    Z.flat[6:12] = [-0.0, 0.0, -1.0, np.nan, 2.0, -0.0]
    b[6:12] = [-0.0, -0.0, 1.0, 0.0, -2.0, 0.0]
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # inf - inf in the planted values
        for on in (False, True):
            with kernels.fused(on):
                assert kernels.bias_relu(Z.copy(), b) is on
                out.append(add_bias_and_activate(Z.copy(), b, relu))
    assert same_bits(*out)
    assert np.isnan(out[1]).any() and (np.signbit(out[1]) == np.signbit(out[0])).all()


def test_a_wider_scalar_keeps_numpy_in_charge():
    """NumPy computes float32 * np.float64(alpha) in float64: the loop, which works in the
    arrays' dtype, must step aside so that the bits stay NumPy's."""
    W = np.ones(SHAPE, np.float32)
    dW = np.full(SHAPE, 3.0, np.float32)
    assert not kernels.penalise_and_divide(dW, W, np.float64(1e-4), 7)
    assert kernels.penalise_and_divide(dW, W, 1e-4, 7)


def test_small_or_strided_arrays_run_numpy():
    assert not kernels.uses_loops(np.zeros(kernels.FUSED_MIN - 1))
    assert not kernels.uses_loops(np.zeros((400, 300))[:, ::2])
    assert not kernels.uses_loops(np.zeros(kernels.FUSED_MIN), np.zeros(kernels.FUSED_MIN, np.float32))


def test_a_loop_numba_cannot_compile_falls_back_to_numpy_with_a_warning(monkeypatch):
    def broken(*args):
        raise kernels._numba().core.errors.TypingError("no implementation for these types")

    monkeypatch.setattr(kernels, "_loops", lambda: {"relu_backward": broken})
    monkeypatch.setattr(kernels, "_enabled", True)
    rng = np.random.RandomState(6)
    A, dA = rng.randn(*SHAPE), rng.randn(*SHAPE)
    with pytest.warns(RuntimeWarning, match="could not compile the 'relu_backward' loop"):
        out = relu_backward(A, dA, out=np.empty_like(dA))
    np.testing.assert_array_equal(out, dA * (A > 0))
    assert not kernels.uses_loops(A)  # turned off for the rest of the process


def test_without_numba_the_numpy_passes_run(monkeypatch):
    monkeypatch.setattr(kernels, "_loops", lambda: None)
    assert not kernels.uses_loops(np.zeros(SHAPE))


@pytest.mark.parametrize("estimator, target", [(MLPClassifier, "classes"), (MLPRegressor, "values")])
@pytest.mark.parametrize("dtype", DTYPES)
def test_a_fit_ends_on_the_same_bits_with_the_loops_on_and_off(estimator, target, dtype):
    rng = np.random.RandomState(5)
    X = rng.randn(600, 200).astype(dtype)
    y = rng.randint(4, size=600) if target == "classes" else X[:, :3].sum(axis=1)
    fits = []
    for on in (False, True):
        with kernels.fused(on), warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            fits.append(estimator(hidden_layer_sizes=(300,), batch_size=256, max_iter=3,
                                  alpha=1e-3, random_state=0).fit(X, y))
    for a, b in zip(fits[0].coefs_ + fits[0].intercepts_, fits[1].coefs_ + fits[1].intercepts_):
        assert same_bits(a, b)
    assert fits[0].loss_curve_ == fits[1].loss_curve_
