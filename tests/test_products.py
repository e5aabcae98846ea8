"""Tests for mlp/products.py: the split product is (L9.4) block by block, training inside
fixed_products gives the same bits for one BLAS thread and two, and plain BLAS products (on this
machine's library) do not, which is why the module exists."""

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_info, threadpool_limits

from mlp import MLPClassifier, blas_thread, products
from mlp.early_stopping import LossPlateau
from mlp.initialisation import init_parameters
from mlp.network import Network
from mlp.optimizers import Adam
from mlp.products import SPLIT_MIN, SplitMatmul, fixed_products
from mlp.training import train


def blas_threads():
    return [info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"]


def big_product(dtype=np.float64, seed=0):
    """(256, 400) @ (400, 300): 30.7 million multiply-adds, well above SPLIT_MIN."""
    rng = np.random.RandomState(seed)
    A, B = rng.randn(256, 400).astype(dtype), rng.randn(400, 300).astype(dtype)
    assert A.shape[0] * A.shape[1] * B.shape[1] >= SPLIT_MIN
    return A, B


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_large_product_is_two_fixed_row_blocks(dtype):
    A, B = big_product(dtype)
    with threadpool_limits(limits=1, user_api="blas"):
        by_hand = np.vstack([A[:128] @ B, A[128:] @ B])  # (L9.2) with h = 256 // 2
        alone = SplitMatmul()(A, B)
        with fixed_products() as matmul:
            threaded = matmul(A, B, out=np.empty((256, 300), dtype))
    np.testing.assert_array_equal(alone, by_hand)
    np.testing.assert_array_equal(threaded, by_hand)
    scale = np.abs(A) @ np.abs(B)  # the size of the terms summed, for a rounding tolerance
    eps = np.finfo(dtype).eps
    assert np.all(np.abs(alone - A @ B) <= 400 * eps * scale)


def test_transposed_operands_and_the_out_buffer_are_used():
    A, B = big_product()
    out = np.empty((400, 300))
    D = np.random.RandomState(1).randn(256, 300)
    with threadpool_limits(limits=1, user_api="blas"):  # SplitMatmul alone does not pin
        result = SplitMatmul()(A.T, D, out=out)  # (400, 256) @ (256, 300): dW = X^T delta
        assert result is out
        np.testing.assert_array_equal(out, np.vstack([A[:, :200].T @ D, A[:, 200:].T @ D]))


def test_a_small_product_is_not_cut():
    A, B = np.ones((3, 4)), np.arange(8.0).reshape(4, 2)
    np.testing.assert_array_equal(SplitMatmul()(A, B), A @ B)


def test_fixed_products_pins_blas_to_one_thread_and_restores_it():
    if not blas_threads():
        pytest.skip("threadpoolctl finds no BLAS library to limit")
    with threadpool_limits(limits=2, user_api="blas"):
        with fixed_products() as matmul:
            assert set(blas_threads()) == {1}
            assert matmul.executor is not None  # two allowed: the blocks run side by side
        assert set(blas_threads()) == {2}
    with threadpool_limits(limits=1, user_api="blas"):
        with fixed_products() as matmul:
            assert matmul.executor is None  # one allowed: the blocks run in turn


def fit_classifier(n_threads, dtype, solver="adam"):
    """512 x 200 inputs, 300 hidden units, batches of 256: products the BLAS library threads."""
    rng = np.random.RandomState(0)
    y = rng.randint(8, size=512)
    X = (rng.randn(8, 200)[y] + 2.0 * rng.randn(512, 200)).astype(dtype)
    with threadpool_limits(limits=n_threads, user_api="blas"), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = MLPClassifier(hidden_layer_sizes=(300,), batch_size=256, max_iter=3, tol=0.0,
                              solver=solver, random_state=0).fit(X, y)
    return model, X


@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_training_gives_the_same_bits_with_one_blas_thread_and_two(dtype, solver):
    one, X = fit_classifier(1, dtype, solver)
    two, _ = fit_classifier(2, dtype, solver)  # the second block on an ordinary Python thread
    with blas_thread.enabled(True):
        blas, _ = fit_classifier(2, dtype, solver)  # on mlp.blas_thread's, where it can run
    for other in (two, blas):
        np.testing.assert_array_equal(getattr(one, "loss_curve_", one.loss_),
                                      getattr(other, "loss_curve_", other.loss_))
        for a, b in zip(one.coefs_ + one.intercepts_, other.coefs_ + other.intercepts_):
            np.testing.assert_array_equal(a, b)
    with threadpool_limits(limits=1, user_api="blas"):
        P_one = one.predict_proba(X)
    with threadpool_limits(limits=2, user_api="blas"):
        P_two = two.predict_proba(X)
    np.testing.assert_array_equal(P_one, P_two)


def test_plain_blas_products_would_not_give_the_same_bits():
    """The control: training with np.matmul itself, without the pinning, depends on the thread
    count on this machine's BLAS (OpenBLAS splits a product differently for one thread and two).
    Where a BLAS library happens to be thread-count invariant there is nothing to show."""
    rng = np.random.RandomState(0)
    X = rng.randn(512, 200)
    Y = np.eye(8)[rng.randint(8, size=512)]
    results = []
    for n_threads in (1, 2):
        coefs, intercepts = init_parameters([200, 300, 8], random_state=0)
        net = Network(coefs, intercepts, activation="relu", loss="cross_entropy")
        with threadpool_limits(limits=n_threads, user_api="blas"):
            train(net, Adam(coefs + intercepts), X, Y, batch_size=256, max_iter=2,
                  random_state=0, stopping=LossPlateau(tol=0.0), matmul=products.matmul)
        results.append(coefs[0].copy())
    if np.array_equal(*results):
        pytest.skip("this BLAS library gives the same bits for one thread and two")
    assert not np.array_equal(*results)


@pytest.mark.parametrize("threads", [1, 2])
def test_then_sees_each_block_once_after_its_product(threads):
    A, B = big_product()
    seen = []

    def then(rows):  # the block's rows are final when then() is called for them
        np.testing.assert_array_equal(out[rows], A[rows] @ B)
        seen.append((rows.start, rows.stop))

    out = np.empty((256, 300))
    with threadpool_limits(limits=threads, user_api="blas"), fixed_products() as matmul:
        matmul(A, B, out=out, then=then)
    assert sorted(seen) == [(0, 128), (128, 256)]
    seen.clear()
    small = np.ones((3, 4))
    SplitMatmul()(small, B[:4], out=np.empty((3, 300)), then=lambda rows: seen.append(rows))
    assert seen == [slice(None)]  # an uncut product is one block


@pytest.mark.parametrize("columns, own", [(300, False), (400, True)])
def test_a_large_block_is_finished_on_its_own_thread_a_small_one_by_the_caller(columns, own):
    """(256, columns) float64: blocks of 128 rows are 307 kB (below OWN_THEN_MIN) or 410 kB."""
    import threading

    A = np.random.RandomState(2).randn(256, 400)
    B = np.random.RandomState(3).randn(400, columns)
    assert ((A[128:] @ B).nbytes >= products.OWN_THEN_MIN) is own
    threads = {}
    with (blas_thread.enabled(False), threadpool_limits(limits=2, user_api="blas"),
          fixed_products() as matmul):  # the ordinary thread (the BLAS thread runs no Python)
        result = matmul(A, B, then=lambda rows: threads.update({rows.start: threading.get_ident()}))
    assert threads[0] == threading.get_ident()
    assert (threads[128] != threading.get_ident()) is own
    with threadpool_limits(limits=1, user_api="blas"):
        np.testing.assert_array_equal(result, np.vstack([A[:128] @ B, A[128:] @ B]))


def test_the_second_thread_works_under_the_callers_errstate():
    """np.errstate is a per-thread setting: the caller's must hold on both threads."""
    A, B = big_product()
    out = np.empty((256, 300))

    def overflow(rows):
        out[rows] *= 1e308  # overflows for any nonzero entry

    with (blas_thread.enabled(False), threadpool_limits(limits=2, user_api="blas"),
          fixed_products() as matmul):
        assert matmul.executor is not None
        with np.errstate(over="raise"), pytest.raises(FloatingPointError):
            matmul(A, B, out=out, then=lambda rows: overflow(rows) if rows.start else None)
        with np.errstate(over="ignore"), warnings.catch_warnings():
            warnings.simplefilter("error")  # no warning may escape from the second block
            matmul(A, B, out=out, then=overflow)
