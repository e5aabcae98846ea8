"""Fused element-wise loops for the training step: the same arithmetic in one pass over memory.

NumPy runs every operation as its own pass over whole arrays. Adam's update (L7.4)-(L7.7) is
twelve of them: each reads one or two arrays of the parameter's size and writes one, so for a
(400, 300) weight matrix (960 kB in float64, more than a core's fast cache) the step spends its
time moving memory, not computing. The loops below do, element by element, exactly the
operations the NumPy code does, in the same order and in the same dtype, so each element gets
the very same roundings: the result has the same bits, only one pass instead of twelve.

That equality holds because each +, *, / and sqrt of IEEE arithmetic is rounded on its own, and
the compiler is not allowed to merge a multiply and an add into one fused multiply-add (numba
does not, unless asked for ``fastmath``). Every scalar is converted to the arrays' dtype first,
as NumPy does with a Python number (NEP 50). ``tests/test_kernels.py`` checks the equality bit for
bit in float64 and float32, NaN, infinities and signed zeros included.

The loops are compiled by numba (which librosa already installs) the first time an array of at
least ``FUSED_MIN`` elements needs one; the compiled code is cached on disk. Without numba, or
for small or non-contiguous arrays, or inside ``fused(False)``, the NumPy code runs. Either way
the numbers are the same; only the time differs (``benchmarks/bench_mlp.py`` shows both).

Lesson: lessons/09_estimator.md#one-pass-instead-of-twelve
"""

import functools
import os
import threading
from contextlib import contextmanager

import numpy as np

FUSED_MIN = 2**14  # elements from which a compiled loop replaces NumPy's passes
SHARED_MIN = 2**16  # elements from which a loop is shared with the second thread
_enabled = os.environ.get("MLP_FUSED", "1") != "0"  # MLP_FUSED=0 turns the loops off
_second = None  # (executor, owner thread id): who runs the second half of a large loop


@contextmanager
def second_thread(executor):
    """Within the block, a loop over at least ``SHARED_MIN`` elements runs its second half on
    ``executor`` (a ``concurrent.futures`` executor) while the calling thread runs the first.
    Each element is computed the same way wherever it runs, so the bits do not change.
    :func:`mlp.products.fixed_products` opens this block with its own second thread."""
    global _second
    previous, _second = _second, (executor, threading.get_ident())
    try:
        yield
    finally:
        _second = previous


def _in_halves(loop, size, halves, scalars=()):
    """Run ``loop(*first, *scalars)`` and ``loop(*second, *scalars)``, side by side when a second
    thread is open and the work (``size`` elements) is large; ``halves(k)`` gives the arrays of
    half k (0 or 1), or of the whole (None)."""
    # only the thread that opened the block shares (the second thread itself must not wait
    # for itself)
    if _second is None or size < SHARED_MIN or threading.get_ident() != _second[1]:
        loop(*halves(None), *scalars)
        return
    other = _second[0].submit(loop, *halves(1), *scalars)
    loop(*halves(0), *scalars)
    other.result()


def _flat_halves(*arrays):
    """``halves`` for :func:`_in_halves` over flat views of ``arrays`` (same size each)."""
    flat = [a.reshape(-1) for a in arrays]  # views: the arrays are C-contiguous
    h = flat[0].size // 2
    return lambda k: flat if k is None else [a[:h] if k == 0 else a[h:] for a in flat]


@contextmanager
def fused(enabled=True):
    """Turn the compiled loops on or off within the block (a process-wide switch).

    >>> with fused(False):
    ...     uses_loops(np.zeros(FUSED_MIN))
    False
    """
    global _enabled
    previous, _enabled = _enabled, bool(enabled)
    try:
        yield
    finally:
        _enabled = previous


@functools.cache
def _numba():
    """The numba module, or None if it cannot be imported."""
    try:
        import numba
    except Exception:  # not installed, or built for another NumPy: fall back to NumPy
        return None
    return numba


def uses_loops(*arrays):
    """True if the compiled loops will run on ``arrays``: on, large, C-contiguous, one float
    dtype, and numba importable."""
    first = arrays[0]
    return (_enabled and first.size >= FUSED_MIN and first.dtype.kind == "f"
            and all(a.flags.c_contiguous and a.dtype == first.dtype for a in arrays)
            and _loops() is not None)


@functools.cache
def _loops():
    """Compile (once, lazily) and return the loops, or None without numba."""
    numba = _numba()
    if numba is None:
        return None
    # error_model="numpy": a division by zero gives inf or NaN as in NumPy, with no Python
    # exception check in the loop, so that the loop can be vectorised; nogil: a second thread
    # may run a loop at the same time
    jit = numba.njit(cache=True, nogil=True, error_model="numpy")

    @jit
    def adam(theta, g, m, v, b1, c1, b2, c2, neg_lr, eps):
        for i in range(theta.size):
            gi = g[i]
            mi = m[i] * b1 + gi * c1  # (L7.4)
            vi = v[i] * b2 + (gi * gi) * c2  # (L7.5)
            m[i] = mi
            v[i] = vi
            theta[i] += (mi * neg_lr) / (np.sqrt(vi) + eps)  # (L7.7)

    @jit
    def penalise_and_divide(dW, W, alpha, n):
        for i in range(dW.size):
            dW[i] = (dW[i] + W[i] * alpha) / n  # (L4.2)

    @jit
    def divide(dW, n):
        for i in range(dW.size):
            dW[i] = dW[i] / n

    @jit
    def add_halves_penalised(g, g1, g2, W, alpha, n):
        for i in range(g.size):
            g[i] = ((g1[i] + g2[i]) + W[i] * alpha) / n  # (L9.6)

    @jit
    def add_halves(g, g1, g2, n):
        for i in range(g.size):
            g[i] = (g1[i] + g2[i]) / n  # (L9.6)

    @jit
    def relu_backward(A, dA, out):
        one, zero = A.dtype.type(1), A.dtype.type(0)
        for i in range(A.size):
            out[i] = dA[i] * (one if A[i] > 0 else zero)  # dA * [a > 0]  (L2.4)

    return {"adam": adam, "penalise_and_divide": penalise_and_divide, "divide": divide,
            "relu_backward": relu_backward,
            "add_halves_penalised": add_halves_penalised, "add_halves": add_halves}


def _in_dtype(dtype, *scalars):
    """True if NumPy computes ``array (dtype) op scalar`` in ``dtype`` for every scalar (a Python
    number always; a NumPy scalar of a wider type would make it compute in that type)."""
    return all(np.result_type(dtype, s) == dtype for s in scalars)


def adam_update(theta, g, m, v, *, beta_1, beta_2, learning_rate, epsilon):
    """Adam's step (L7.4)-(L7.7) on one parameter in one pass; False if the loop cannot run
    (the caller then runs NumPy's passes)."""
    if not (uses_loops(theta, g, m, v)
            and _in_dtype(theta.dtype, beta_1, beta_2, learning_rate, epsilon)):
        return False
    scalar = theta.dtype.type
    _in_halves(_loops()["adam"], theta.size, _flat_halves(theta, g, m, v),
               (scalar(beta_1), scalar(1 - beta_1), scalar(beta_2), scalar(1 - beta_2),
                scalar(-learning_rate), scalar(epsilon)))
    return True


def penalise_and_divide(dW, W, alpha, n):
    """dW <- (dW + alpha W) / n in one pass (L4.2); False if the loop cannot run."""
    if not alpha and n == 1:
        return True  # nothing to do: x / 1 is x, bit for bit
    if not (uses_loops(dW, W) and _in_dtype(dW.dtype, alpha, n)):
        return False
    scalar = dW.dtype.type
    if alpha:
        _in_halves(_loops()["penalise_and_divide"], dW.size, _flat_halves(dW, W), (scalar(alpha), scalar(n)))
    else:
        _in_halves(_loops()["divide"], dW.size, _flat_halves(dW), (scalar(n),))
    return True


def add_halves(g, g1, g2, W, alpha, n):
    """g <- (g1 + g2 + alpha W) / n, the gradient of a batch from its halves' sums (L9.6);
    ``W`` None (biases) or ``alpha`` 0 leaves out the L2 term. In one pass if it can."""
    alpha = alpha if W is not None else 0
    if uses_loops(g, g1, g2) and _in_dtype(g.dtype, alpha, n) and (
            not alpha or (W.flags.c_contiguous and W.dtype == g.dtype)):
        scalar = g.dtype.type
        if alpha:
            _in_halves(_loops()["add_halves_penalised"], g.size, _flat_halves(g, g1, g2, W),
                       (scalar(alpha), scalar(n)))
        else:
            _in_halves(_loops()["add_halves"], g.size, _flat_halves(g, g1, g2), (scalar(n),))
        return
    np.add(g1, g2, out=g)  # (L9.6)
    if alpha:
        g += alpha * W  # (L4.2)
    g /= n


def relu_backward(A, dA, out):
    """out <- dA * [A > 0] in one pass (L2.4); False if the loop cannot run."""
    if out is None or not uses_loops(A, dA, out):
        return False
    _in_halves(_loops()["relu_backward"], A.size, _flat_halves(A, dA, out))
    return True
