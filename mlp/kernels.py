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

Each loop can also be described as a *plan* (``plan_adam``, ``plan_bias_relu``, ...: the loop's
name, its arrays and its scalars) to be run later by :func:`run`, or by the BLAS thread of the
split products (:mod:`mlp.blas_thread`), which runs these same loops from the arrays' addresses.

Lesson: lessons/09_estimator.md#one-pass-instead-of-twelve
"""

import functools
import os
import warnings
from contextlib import contextmanager

import numpy as np

FUSED_MIN = 64  # elements from which a compiled loop replaces NumPy's passes (below, a
# NumPy call costs about what the loop does; above, the loop wins: 1 to 3 us against 6 to
# 13 us for Adam's step on 8 to 2400 elements, where each of NumPy's twelve calls has its cost)
_enabled = os.environ.get("MLP_FUSED", "1") != "0"  # MLP_FUSED=0 turns the loops off


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
    # exception check in the loop, so that the loop can be vectorised. nogil: the loops let go of
    # Python's lock, so that the two threads of a split product (mlp.products) run theirs at once.
    jit = numba.njit(cache=True, error_model="numpy", nogil=True)

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
    def relu_backward(A, dA, out):
        one, zero = A.dtype.type(1), A.dtype.type(0)
        for i in range(A.size):
            out[i] = dA[i] * (one if A[i] > 0 else zero)  # dA * [a > 0]  (L2.4)

    @jit
    def bias_relu(Z, b):
        zero = Z.dtype.type(0)
        for i in range(Z.shape[0]):
            for j in range(Z.shape[1]):
                z = Z[i, j] + b[j]  # (L1.2)
                # np.maximum(z, 0): z if larger, NaN kept as it is, +0 for either zero  (L2.4)
                Z[i, j] = z if (z > zero or z != z) else zero

    @jit
    def gather(X, rows, out):
        last = X.shape[0] - 1
        for i in range(rows.size):
            r = min(max(rows[i], 0), last)  # as X.take(rows, axis=0, mode="clip")
            for j in range(X.shape[1]):
                out[i, j] = X[r, j]

    return {"adam": adam, "penalise_and_divide": penalise_and_divide, "divide": divide,
            "relu_backward": relu_backward, "bias_relu": bias_relu, "gather": gather}


def _run(name, *args):
    """Run loop ``name``; True if it ran. If numba cannot compile it here, warn once, turn the
    loops off and return False (the caller then runs NumPy's passes: nothing was written yet,
    since a loop is compiled before it runs)."""
    global _enabled
    try:
        _loops()[name](*args)
    except _numba().core.errors.NumbaError as problem:
        warnings.warn(f"mlp.kernels: numba could not compile the {name!r} loop, so NumPy's "
                      f"passes run instead (the same numbers, slower): {problem}",
                      RuntimeWarning, stacklevel=3)
        _enabled = False
        return False
    return True


def _flat(a):
    return a.reshape(-1)  # a view: the arrays are C-contiguous


_WEAK = (float, int)  # Python numbers: NumPy computes array op number in the array's dtype


def _in_dtype(dtype, *scalars):
    """True if NumPy computes ``array (dtype) op scalar`` in ``dtype`` for every scalar (a Python
    number always; a NumPy scalar of a wider type would make it compute in that type)."""
    return all(type(s) in _WEAK or np.result_type(dtype, s) == dtype for s in scalars)


def adam_update(theta, g, m, v, *, beta_1, beta_2, learning_rate, epsilon):
    """Adam's step (L7.4)-(L7.7) on one parameter in one pass; False if the loop cannot run
    (the caller then runs NumPy's passes)."""
    return run(plan_adam(theta, g, m, v, beta_1=beta_1, beta_2=beta_2,
                         learning_rate=learning_rate, epsilon=epsilon))


def penalise_and_divide(dW, W, alpha, n):
    """dW <- (dW + alpha W) / n in one pass (L4.2); False if the loop cannot run."""
    return run(plan_penalise_and_divide(dW, W, alpha, n))


def relu_backward(A, dA, out):
    """out <- dA * [A > 0] in one pass (L2.4); False if the loop cannot run."""
    if out is None or not uses_loops(A, dA, out):
        return False
    return _run("relu_backward", _flat(A), _flat(dA), _flat(out))


def bias_relu(Z, b):
    """Z <- max(Z + b, 0) in place, in one pass (L1.2, L2.4), for Z (n, units) and b (units,);
    False if the loop cannot run."""
    return run(plan_bias_relu(Z, b))


# A *plan* is one loop to run later, perhaps on another thread (mlp.blas_thread runs plans on
# its thread, from the arrays' addresses): (name, arrays, scalars), the scalars as Python or
# NumPy numbers that the loop converts to the arrays' dtype, as NumPy would. A plan function
# returns None where the loop could not run (then NumPy's passes run, on the caller's thread).


def plan_adam(theta, g, m, v, *, beta_1, beta_2, learning_rate, epsilon):
    """The plan of :func:`adam_update`, or None."""
    if not (uses_loops(theta, g, m, v)
            and _in_dtype(theta.dtype, beta_1, beta_2, learning_rate, epsilon)):
        return None
    return ("adam", (theta, g, m, v),
            (beta_1, 1 - beta_1, beta_2, 1 - beta_2, -learning_rate, epsilon))


def plan_penalise_and_divide(dW, W, alpha, n):
    """The plan of :func:`penalise_and_divide` (only the division when ``alpha`` is 0), or
    None."""
    if not (uses_loops(dW, W) and _in_dtype(dW.dtype, alpha, n)):
        return None
    return ("penalise_and_divide", (dW, W), (alpha, n)) if alpha else ("divide", (dW,), (n,))


def plan_bias_relu(Z, b):
    """The plan of :func:`bias_relu`, or None."""
    if not (Z.ndim == 2 and b.shape == Z.shape[1:] and uses_loops(Z, b)):
        return None
    return ("bias_relu", (Z, b), ())


def plan_gather(X, rows, out):
    """The plan of ``X.take(rows, axis=0, out=out, mode="clip")`` (a batch's gather: a copy,
    so the same bits whichever way), or None."""
    if not (X.ndim == 2 and out.shape == (rows.shape[0], X.shape[1]) and rows.ndim == 1
            and rows.dtype == np.intp and rows.flags.c_contiguous and uses_loops(X, out)):
        return None
    return ("gather", (X, rows, out), ())


_SHAPED = ("bias_relu", "gather")  # loops that take their arrays as they are, not flattened


def run(plan):
    """Run ``plan`` on this thread; False (nothing done) if it is None or cannot be compiled."""
    if plan is None:
        return False
    name, arrays, scalars = plan
    scalar = arrays[0].dtype.type
    arrays = arrays if name in _SHAPED else tuple(_flat(a) for a in arrays)
    return _run(name, *arrays, *(scalar(s) for s in scalars))
