"""Spreading a layer's big array operations over CPU threads.

Training a small network spends its time in three matrix products per layer and batch
(``X W`` forwards; ``X^T delta`` and ``delta W^T`` backwards) and in the optimizer's element-wise updates. A BLAS
library parallelises a product on its own, but for shapes like (256 x 180) @ (180 x 300) its threads
cost about as much as they save, and they stall badly when another process shares the cores. Here
the work is split by hand instead: each thread computes a block of the output's *columns*,

    X W = [X W[:, :h] | X W[:, h:]]

with a single-threaded BLAS call. Every output entry is still one dot product over the same
inputs, so the result equals the unsplit product up to rounding. Element-wise updates are split
into blocks of rows. NumPy releases the interpreter lock inside these calls, so the threads truly
run at the same time.

:class:`Threads` is passed explicitly to :func:`mlp.training.train` (its ``n_threads``); nothing
here is global. Operations below ``min_work`` multiply-adds run in the calling thread, unsplit.

Lesson: lessons/09_estimator.md#using-both-cores
"""

import numbers
import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext

import numpy as np
from threadpoolctl import threadpool_limits


def available_cores():
    """The number of CPU cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Threads:
    """A small pool that runs column blocks of a product, or row blocks of an update, at once.

    >>> threads = Threads(2, min_work=0)
    >>> A, B = np.arange(6.0).reshape(2, 3), np.arange(12.0).reshape(3, 4)
    >>> np.array_equal(threads.matmul(A, B), A @ B)
    True
    >>> threads.close()
    """

    def __init__(self, n_threads=2, *, min_work=1_000_000):
        if isinstance(n_threads, bool) or not isinstance(n_threads, numbers.Integral) \
                or n_threads < 1:
            raise ValueError(f"n_threads must be a positive integer; got {n_threads!r}")
        self.n_threads = int(n_threads)
        self.min_work = min_work
        self._pool = ThreadPoolExecutor(self.n_threads - 1) if n_threads > 1 else None

    def _run(self, fn, blocks):
        """fn(block) for every block: all but the last in the pool, the last right here."""
        futures = [self._pool.submit(fn, block) for block in blocks[:-1]]
        fn(blocks[-1])
        for future in futures:
            future.result()  # re-raises an exception from a worker

    def _bounds(self, length):
        edges = np.linspace(0, length, self.n_threads + 1).round().astype(int)
        return [slice(a, b) for a, b in zip(edges[:-1], edges[1:]) if b > a]

    def matmul(self, A, B, out=None):
        """``A @ B`` for 2-D arrays, the columns of the result computed in blocks across threads."""
        n_rows, inner = A.shape
        n_columns = B.shape[1]
        if self._pool is None or n_rows * inner * n_columns < self.min_work or n_columns < 2:
            return np.matmul(A, B, out=out)
        if out is None:
            out = np.empty((n_rows, n_columns), dtype=np.result_type(A, B))
        # out[:, cols] = A @ B[:, cols]: each thread writes its own columns  (n_rows, |cols|)
        self._run(lambda cols: np.matmul(A, B[:, cols], out=out[:, cols]),  # (L9.1)
                  self._bounds(n_columns))
        return out

    def elementwise(self, fn, arrays):
        """``fn(*arrays)`` where ``fn`` works entry by entry, on row blocks across threads.

        All ``arrays`` share their first dimension; each call gets the same rows of every one.
        """
        rows = arrays[0].shape[0]
        if self._pool is None or arrays[0].size < self.min_work // 10 or rows < 2:
            fn(*arrays)
            return
        self._run(lambda block: fn(*(a[block] for a in arrays)), self._bounds(rows))

    @contextmanager
    def single_threaded_blas(self):
        """While split across our threads, each BLAS call must use one thread only."""
        limiter = threadpool_limits(1, user_api="blas") if self._pool else nullcontext()
        with limiter:
            yield

    def close(self):
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
