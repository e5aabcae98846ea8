"""Matrix products whose bits do not depend on how many threads the BLAS library may use.

A BLAS library splits a large product among its threads, and the way it splits changes the
rounding: with OpenBLAS, ``X @ W`` of a (256, 400) batch by (400, 300) weights differs in the last
bits between one thread and two, so a network trained with one thread walks a (very slightly)
different path than the same network trained with two. To keep "same input, same bits", training
pins the BLAS library to one thread and cuts every large product itself, always in the same two
row blocks of the output:

    C[:h] = A[:h] B,   C[h:] = A[h:] B,   h = n // 2                                    (L9.4)

Each block is an ordinary single-threaded BLAS product, so its bits depend only on the shapes. The
two blocks run side by side on two threads when the caller's BLAS was allowed two or more
threads, one after the other otherwise: the same numbers either way, only the time differs.
Products below ``SPLIT_MIN`` multiply-adds are not cut (the second thread would cost more than it
saves) and run single-threaded as they are.

Lesson: lessons/09_estimator.md#where-the-time-goes
"""

import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import numpy as np
from scipy import sparse
from threadpoolctl import ThreadpoolController

SPLIT_MIN = 2**22  # n * k * m multiply-adds from which a product is cut in two row blocks


def matmul(A, B, out=None):
    """``A @ B`` into ``out``; ``A`` may be a scipy sparse matrix (a sparse X, or its transpose)."""
    if not sparse.issparse(A):
        return np.matmul(A, B, out=out)
    product = np.asarray(A @ B)  # sparse @ dense is dense
    if out is None:
        return product
    np.copyto(out, product)
    return out


class SplitMatmul:
    """``np.matmul(A, B, out=out)`` for 2-D ``A`` (n, k) and ``B`` (k, m), computed as (L9.4).

    ``executor``, a ``concurrent.futures`` executor, runs the second block while the calling
    thread computes the first; without one the blocks run in turn.

    >>> A, B = np.arange(12.0).reshape(4, 3), np.ones((3, 2))
    >>> np.array_equal(SplitMatmul()(A, B), A @ B)
    True
    """

    def __init__(self, executor=None):
        self.executor = executor

    def __call__(self, A, B, out=None):
        n, k = A.shape
        m = B.shape[1]
        if n * k * m < SPLIT_MIN or n < 2 or sparse.issparse(A):
            return matmul(A, B, out=out)  # sparse products are scipy's, single-threaded
        if out is None:
            out = np.empty((n, m), np.result_type(A, B))
        h = n // 2  # the fixed cut of (L9.4): it depends on the shape alone
        if self.executor is None:
            np.matmul(A[:h], B, out=out[:h])
            np.matmul(A[h:], B, out=out[h:])
        else:
            second = self.executor.submit(np.matmul, A[h:], B, out=out[h:])
            np.matmul(A[:h], B, out=out[:h])  # (h, k) @ (k, m) -> rows :h of (n, m)
            second.result()
        return out


_found = (None, -1)  # (ThreadpoolController, len(sys.modules) when it looked)


def _controller():
    """threadpoolctl's view of the loaded BLAS libraries, looked up again only after new
    imports (each new look reads the process's library list: about 3 ms, more than a
    prediction on a thousand rows takes)."""
    global _found
    if _found[1] != len(sys.modules):
        _found = (ThreadpoolController(), len(sys.modules))
    return _found[0]


@contextmanager
def fixed_products():
    """Within the block, the BLAS library runs on one thread; yields a :class:`SplitMatmul`.

    The split product uses a second thread of ours if the BLAS library was allowed two or more
    threads when the block was entered (``threadpoolctl.threadpool_limits(1)`` around a call
    therefore means one thread in all). The limit is process-wide while the block runs.

    Lesson: lessons/09_estimator.md#where-the-time-goes
    """
    with _controller().limit(limits=1, user_api="blas") as limiter:
        allowed = limiter.get_original_num_threads().get("blas") or 1
        if allowed < 2:
            yield SplitMatmul()
            return
        with ThreadPoolExecutor(max_workers=1) as executor:
            yield SplitMatmul(executor)
