"""Tests for mlp/blas_thread.py: the thread's products have np.matmul's bits for every layout it
takes, it refuses what NumPy would not send to gemm (and the split product then still gives
np.matmul's bits), a non-finite block gets NumPy's own warning or error, and the thread ends."""

import threading
import warnings

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from mlp import blas_thread, kernels
from mlp.blas_thread import BlasThread, gemm_arguments
from mlp.products import SplitMatmul, fixed_products
from mlp.training import _Gather

needs_thread = pytest.mark.skipif(not blas_thread.usable(),
                                  reason="no numba, or NumPy's BLAS is not one whose gemm "
                                         "mlp.blas_thread can find")
LARGEST = np.iinfo(np.int64).max


@pytest.fixture(autouse=True)
def thread_on():
    """The thread is off unless asked for; these tests ask."""
    with blas_thread.enabled(True):
        yield


def operands(layout_A, layout_B, dtype, m=300, k=200, n=100, seed=0):
    """A (m, k) and B (k, n), each row-major ("C") or a transposed view of one ("F")."""
    rng = np.random.RandomState(seed)
    A = rng.randn(m, k) if layout_A == "C" else rng.randn(k, m).T
    B = rng.randn(k, n) if layout_B == "C" else rng.randn(n, k).T
    return A.astype(dtype), B.astype(dtype)


@needs_thread
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("layout_A, layout_B", [("C", "C"), ("F", "C"), ("C", "F"), ("F", "F")])
def test_the_threads_product_has_np_matmuls_bits(dtype, layout_A, layout_B):
    A, B = operands(layout_A, layout_B, dtype)
    out = np.full((400, 100), np.nan, dtype)
    with threadpool_limits(limits=1, user_api="blas"), BlasThread() as thread:
        for rows in (slice(0, 150), slice(150, 300)):  # row blocks, as SplitMatmul posts them
            assert thread.start(A[rows], B, out[rows])
            # the thread's own gemm, not np.matmul
            assert thread.wait(take_back=False) == blas_thread.FINISHED
        expected = np.matmul(A, B)
        np.testing.assert_array_equal(out[:300], np.vstack([A[:150] @ B, A[150:] @ B]))
        assert np.isnan(out[300:]).all()  # nothing written outside the block
    assert np.allclose(out[:300], expected)


def test_gemm_arguments_are_numpys_row_major_call():
    A, B = operands("F", "C", np.float64, m=6, k=4, n=5)  # A a transposed view: lda = 6
    out = np.empty((6, 5))
    args = gemm_arguments(A, B, out, LARGEST)
    # dtype 0 (float64), A transposed (112), B not (111), M N K, A lda, B ldb, C ldc
    assert args[:7] == (0, 112, 111, 6, 5, 4, A.ctypes.data)
    assert args[7:] == (6, B.ctypes.data, 5, out.ctypes.data, 5)


@pytest.mark.parametrize("case", ["int", "mixed dtypes", "a dimension of 1", "strided columns",
                                  "out overlaps A", "too large"])
def test_what_numpy_would_not_send_to_gemm_is_refused_and_still_computed(case):
    rng = np.random.RandomState(1)
    A, B, out, largest = rng.randn(256, 400), rng.randn(400, 300), np.empty((256, 300)), LARGEST
    if case == "int":
        A, B, out = (A * 10).astype(np.int64), (B * 10).astype(np.int64), out.astype(np.int64)
    elif case == "mixed dtypes":
        B = B.astype(np.float32)
    elif case == "a dimension of 1":
        A, B = rng.randn(9000, 1), rng.randn(1, 600)  # 5.4 million multiply-adds: cut in two
        out = np.empty((9000, 600))
    elif case == "strided columns":
        A = rng.randn(256, 800)[:, ::2]
    elif case == "out overlaps A":
        A = rng.randn(256, 300)
        B, out = rng.randn(300, 300), A  # the product would write over its own input
    elif case == "too large":
        largest = 299  # as if the BLAS library's integers could not hold 300
    h = A.shape[0] // 2
    assert gemm_arguments(A[h:], B, out[h:], largest) is None
    if case == "too large":
        return
    with threadpool_limits(limits=1, user_api="blas"):
        expected = np.vstack([A[:h] @ B, A[h:] @ B])
    with threadpool_limits(limits=2, user_api="blas"), fixed_products() as matmul:
        result = matmul(A, B, out=None if case == "out overlaps A" else out)
    np.testing.assert_array_equal(result, expected)


def test_a_times_its_own_transpose_is_left_to_numpy():
    """NumPy computes A @ A.T with syrk, not gemm (a split block is never such a product: its
    result is not square)."""
    A = np.random.RandomState(4).randn(300, 200)
    assert gemm_arguments(A, A.T, np.empty((300, 300)), LARGEST) is None
    assert gemm_arguments(A[150:], A.T, np.empty((150, 300)), LARGEST) is not None


@needs_thread
def test_a_non_finite_block_gets_numpys_own_warning_and_error():
    """np.matmul reports an overflow through np.errstate; the thread cannot, so its block is
    computed again by np.matmul when it is not finite. Only the second block overflows here."""
    A, B = operands("C", "C", np.float64, m=256, k=400, n=300)
    A[200, 0], B[0, :] = 1e300, 1e300  # row 200 (second block) overflows, the others do not
    with threadpool_limits(limits=1, user_api="blas"), np.errstate(over="ignore"):
        expected = np.vstack([A[:128] @ B, A[128:] @ B])
    assert np.isinf(expected[200]).all() and np.isfinite(expected[:128]).all()
    with threadpool_limits(limits=2, user_api="blas"), fixed_products() as matmul:
        assert matmul.blas_thread is not None
        out = np.empty((256, 300))
        with np.errstate(over="raise"), pytest.raises(FloatingPointError):
            matmul(A, B, out=out)
        with np.errstate(over="warn"), pytest.warns(RuntimeWarning, match="overflow"):
            matmul(A, B, out=out)
        np.testing.assert_array_equal(out, expected)
        with np.errstate(over="ignore"), warnings.catch_warnings():
            warnings.simplefilter("error")
            np.testing.assert_array_equal(matmul(A, B, out=out), expected)
    with BlasThread() as thread:
        assert thread.start(A[128:], B, out[128:])
        assert thread.wait(take_back=False) == blas_thread.NOT_FINITE


@needs_thread
def test_split_products_run_on_the_thread_and_then_on_the_caller():
    """With the thread, both blocks' then() run on the calling thread (the other thread runs no
    Python): the first block's after its product, the second's after both."""
    A, B = operands("C", "C", np.float64, m=256, k=400, n=400)
    out, where = np.empty((256, 400)), {}
    with threadpool_limits(limits=1, user_api="blas"):
        blocks = {0: A[:128] @ B, 128: A[128:] @ B}

    def then(rows):
        np.testing.assert_array_equal(out[rows], blocks[rows.start])
        if rows.start == 128:
            np.testing.assert_array_equal(out[:128], blocks[0])
        where[rows.start] = threading.get_ident()

    with threadpool_limits(limits=2, user_api="blas"), fixed_products() as matmul:
        matmul(A, B, out=out, then=then)
        assert matmul.blas_thread._thread.is_alive()
    assert where == {0: threading.get_ident(), 128: threading.get_ident()}


@needs_thread
def test_the_thread_ends_and_can_start_again():
    A, B = operands("C", "C", np.float64)
    out = np.empty((300, 100))
    thread = BlasThread()
    for _ in range(2):  # a closed BlasThread starts a new thread at its next product
        assert thread.start(A, B, out)
        assert thread.wait(take_back=False) == blas_thread.FINISHED
        started = thread._thread
        thread.close()
        assert not started.is_alive()
    np.testing.assert_array_equal(out, A @ B)


@needs_thread
def test_one_product_at_a_time():
    A, B = operands("C", "C", np.float64)
    out = np.empty((300, 100))
    with BlasThread() as thread:
        with pytest.raises(RuntimeError, match="nothing was posted"):
            thread.wait()
        assert thread.start(A[:150], B, out[:150])
        with pytest.raises(RuntimeError, match="not waited for"):
            thread.start(A[150:], B, out[150:])
        thread.wait()


@needs_thread
def test_a_product_the_thread_has_not_started_is_taken_back():
    """A product posted while the thread is away (here: it does not exist) comes back to the
    caller untouched; one the thread has started is waited for."""
    A, B = operands("C", "C", np.float64)
    out = np.full((300, 100), np.nan)
    away = BlasThread()
    arguments = away.arguments(A, B, out)
    away._thread = threading.Thread()  # never started: the product must come back
    away._semaphore = blas_thread._Semaphore(away._parts)
    away.post(arguments, A, B, out)
    assert away.wait() == blas_thread.TAKEN_BACK and away.taken_back == 1
    away._thread = None
    away._semaphore.close()
    assert np.isnan(out).all()  # nothing was done: the caller does it all
    with BlasThread() as thread:
        for _ in range(20):
            out[:] = np.nan
            assert thread.start(A, B, out)
            while thread._box[0] == blas_thread.GO:  # until the thread has it (BUSY, DONE)
                pass
            assert thread.wait() == blas_thread.FINISHED
            np.testing.assert_array_equal(out, A @ B)
        assert thread.taken_back == 0


def test_turned_off_the_split_products_use_an_ordinary_thread():
    A, B = operands("C", "C", np.float64, m=256, k=400, n=300)
    with blas_thread.enabled(False):
        assert not blas_thread.available()
        with BlasThread() as thread:
            assert thread.start(A, B, np.empty((256, 300))) is False
        with threadpool_limits(limits=2, user_api="blas"), fixed_products() as matmul:
            result = matmul(A, B)
            assert matmul.blas_thread._thread is None  # never started
    with threadpool_limits(limits=1, user_api="blas"):
        np.testing.assert_array_equal(result, SplitMatmul()(A, B))


@needs_thread
@pytest.mark.parametrize("activation, plans_per_batch", [("relu", 4), ("tanh", 3)])
def test_training_runs_its_plans_on_the_thread_and_ends_on_the_same_bits(activation,
                                                                        plans_per_batch,
                                                                        monkeypatch):
    """Per batch the thread runs the second block's gather, bias and relu (not tanh: NumPy's
    tanh has no compiled loop), L2 term and 1/n, and Adam's step; the weights are those of a
    fit on one thread, bit for bit. (The thread is waited for in any case here: a product taken
    back, when the thread has no core, runs its plans on the caller, see the next test.)"""
    from mlp.early_stopping import LossPlateau
    from mlp.initialisation import init_parameters
    from mlp.network import Network
    from mlp.optimizers import Adam
    from mlp.training import train

    waits = BlasThread.wait
    monkeypatch.setattr(BlasThread, "wait", lambda self: waits(self, take_back=False))
    rng = np.random.RandomState(5)
    X, Y = rng.randn(512, 400), np.eye(8)[rng.randint(8, size=512)]
    fitted = []
    for threads in (1, 2):
        coefs, intercepts = init_parameters([400, 300, 8], random_state=0)
        net = Network(coefs, intercepts, activation=activation, loss="cross_entropy")
        with threadpool_limits(limits=threads, user_api="blas"), fixed_products() as matmul:
            train(net, Adam(net.parameters(), learning_rate=0.01), X, Y, batch_size=256,
                  max_iter=3, random_state=0, alpha=1e-3, stopping=LossPlateau(tol=0.0),
                  matmul=matmul)
            if threads == 2:
                ran = matmul.blas_thread.plans_run
        fitted.append(net.parameters())
    for a, b in zip(*fitted):
        np.testing.assert_array_equal(a, b)
    assert ran == 3 * 2 * plans_per_batch  # 3 epochs of 2 batches


@needs_thread
def test_a_product_taken_back_runs_its_hooks_on_the_caller():
    """When the thread never starts a product, the caller runs before(), the product and
    then() of that block itself: the same numbers as the blocks in turn."""
    A, B = operands("C", "C", np.float64, m=256, k=400, n=300)
    source, b = A.copy(), np.random.RandomState(6).randn(300)
    rows_of = np.random.RandomState(7).permutation(256).astype(np.intp)
    gather = _Gather(source, rows_of, A)  # as the training loop's, with its plan

    def finish(rows):  # as mlp.layers.dense_forward's, for relu
        kernels.bias_relu(out[rows], b)

    finish.plan = lambda rows: (kernels.plan_bias_relu(out[rows], b),)

    def reference():
        A[:] = source[rows_of]
        return np.maximum(np.vstack([A[:128] @ B, A[128:] @ B]) + b, 0)

    with threadpool_limits(limits=1, user_api="blas"):
        expected = reference()
        A[:] = np.nan
        out = np.empty((256, 300))
        away = BlasThread()
        away.arguments(A, B, out)  # compiles the loops
        away._thread = threading.Thread()  # never started: every product comes back
        away._semaphore = blas_thread._Semaphore(away._parts)
        SplitMatmul(blas_thread=away)(A, B, out=out, before=gather, then=finish)
        away._thread = None
        away._semaphore.close()
    assert away.taken_back == 1
    np.testing.assert_array_equal(out, expected)

