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
threads, one after the other otherwise: the same numbers either way, only the time differs. The
second thread is :class:`mlp.blas_thread.BlasThread`, which calls the BLAS library from compiled
code and never waits on Python's lock, where it can run; an ordinary Python thread otherwise.
Products below ``SPLIT_MIN`` multiply-adds are not cut (the second thread would cost more than it
saves) and run single-threaded as they are.

A product can carry the element-wise work that comes before and after it, block by block:
``before(rows)`` (the training loop gathers the batch's rows there) and ``then(rows)`` (bias and
activation, the L2 term and 1/n, the optimizer's step), so that each block is finished while it
is in the cache of the core that computed it. A hook with a ``plan(rows)`` method (see
:mod:`mlp.kernels`) can be run by the BLAS thread itself, on its own block.

Lesson: lessons/09_estimator.md#where-the-time-goes
"""

from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import numpy as np
from scipy import sparse

from mlp.blas_limit import one_thread
from mlp.blas_thread import FINISHED, NOT_FINITE, TAKEN_BACK, BlasThread

SPLIT_MIN = 2**22  # n * k * m multiply-adds from which a product is cut in two row blocks
OWN_THEN_MIN = 384 * 1024  # bytes of a block from which its then() runs on its own thread


def matmul(A, B, out=None, *, before=None, then=None):
    """``A @ B`` into ``out``; ``A`` may be a scipy sparse matrix (a sparse X, or its transpose).
    ``before(slice(None))`` and ``then(slice(None))``, if given, are called before and after the
    product (as in :class:`SplitMatmul`, whose one block this is)."""
    if before is not None:
        before(slice(None))
    if not sparse.issparse(A):
        out = np.matmul(A, B, out=out)
    else:
        product = np.asarray(A @ B)  # sparse @ dense is dense
        if out is None:
            out = product
        else:
            np.copyto(out, product)
    if then is not None:
        then(slice(None))
    return out


class SplitMatmul:
    """``np.matmul(A, B, out=out)`` for 2-D ``A`` (n, k) and ``B`` (k, m), computed as (L9.4).

    ``blas_thread``, a :class:`mlp.blas_thread.BlasThread`, computes the second block while the
    calling thread computes the first, where it can; else ``executor``, a
    ``concurrent.futures`` executor, does; without either the blocks run in turn.

    >>> A, B = np.arange(12.0).reshape(4, 3), np.ones((3, 2))
    >>> np.array_equal(SplitMatmul()(A, B), A @ B)
    True
    """

    def __init__(self, executor=None, blas_thread=None):
        self.executor = executor
        self.blas_thread = blas_thread

    def __call__(self, A, B, out=None, *, before=None, then=None):
        """``A @ B`` into ``out``. ``then(rows)``, if given, is called for each block of rows of
        the result as soon as it is done, with ``rows`` a slice (``slice(None)`` for an uncut
        product). ``before(rows)``, if given, is called before the block's product: it may fill
        ``A[rows]`` (a training loop gathers the batch there). Both must touch those rows only;
        where they run changes no number. Where they run: the first block's on the calling
        thread; the second's, with the BLAS thread, on that thread as plans (``hook.plan(rows)``,
        see :mod:`mlp.kernels`) if the hook has them, else on the calling thread (``before``
        ahead of the post, ``then`` once both products are done); with an ordinary thread, on
        it, except a ``then`` of a block under ``OWN_THEN_MIN`` bytes, which the calling thread
        runs once both products are done (short steps on two Python threads at once spend more
        time waiting for Python's lock than they save)."""
        n, k = A.shape
        m = B.shape[1]
        if n * k * m < SPLIT_MIN or n < 2 or sparse.issparse(A):
            # uncut: a small product, or a sparse one (scipy's product, on one thread)
            return matmul(A, B, out=out, before=before, then=then)
        if out is None:
            out = np.empty((n, m), np.result_type(A, B))
        h = n // 2  # the fixed cut of (L9.4): it depends on the shape alone
        first, second = slice(0, h), slice(h, n)
        if self.blas_thread is not None:
            posted = self.blas_thread.arguments(A[second], B, out[second])
            if posted is not None:
                return self._on_blas_thread(posted, A, B, out, first, second, before, then)
        if self.executor is None:
            _block(A, B, out, first, before, then)
            _block(A, B, out, second, before, then)
            return out
        # A small block's then() is run by this thread, after its own: two threads running
        # short Python steps at once mostly wait for each other (and for Python's lock)
        own = then is None or out[second].nbytes >= OWN_THEN_MIN
        # the second block runs under the caller's np.errstate (a per-thread setting)
        other = self.executor.submit(_under, np.geterr(), _block, A, B, out, second, before,
                                     then if own else None)
        try:
            _block(A, B, out, first, before, then)  # (h, k) @ (k, m) -> rows :h of (n, m)
        finally:
            other.result()  # never return (or raise) while the other thread still writes
        if not own:
            then(second)
        return out

    def _on_blas_thread(self, posted, A, B, out, first, second, before, then):
        """The second block on :attr:`blas_thread`, with what comes before and after its product
        where those can be written as plans for its compiled loops (:mod:`mlp.kernels`); what
        cannot runs on this thread (the other thread runs no Python): ``before`` ahead of the
        post, ``then`` once both products are done."""
        early = plans_of(before, second)
        if early is None:
            early = ()
            before(second)  # A[second] is filled before the other thread reads it
        late = plans_of(then, second)
        self.blas_thread.post(posted, A[second], B, out[second], before=early,
                              then=() if late is None else late)
        try:
            _block(A, B, out, first, before, then)
        finally:
            outcome = self.blas_thread.wait()  # never return (or raise) while it still writes
        if outcome == TAKEN_BACK:  # it never started: all of it here
            if early:
                before(second)
            np.matmul(A[second], B, out=out[second])
        elif outcome == NOT_FINITE:  # the same numbers again, now with np.matmul's warning
            np.matmul(A[second], B, out=out[second])
        if then is not None and (late is None or outcome != FINISHED):
            then(second)
        return out


def plans_of(hook, rows):
    """``hook(rows)`` as plans (``hook.plan(rows)``, see :mod:`mlp.kernels`): () for no hook,
    None if it has no plans (or none for these rows)."""
    if hook is None:
        return ()
    plan = getattr(hook, "plan", None)
    return None if plan is None else plan(rows)


def _under(errstate, fn, *args):
    with np.errstate(**errstate):
        return fn(*args)


def _block(A, B, out, rows, before, then):
    if before is not None:
        before(rows)
    np.matmul(A[rows], B, out=out[rows])
    if then is not None:
        then(rows)


@contextmanager
def fixed_products():
    """Within the block, the BLAS library runs on one thread; yields a :class:`SplitMatmul`.

    The split product uses a second thread of ours (:class:`mlp.blas_thread.BlasThread`, or an
    ordinary thread where that cannot run) if the BLAS library was allowed two or more threads
    when the block was entered (``threadpoolctl.threadpool_limits(1)`` around a call
    therefore means one thread in all). The limit is process-wide while the block runs, and
    blocks may overlap in several threads (:func:`mlp.blas_limit.one_thread`).

    Lesson: lessons/09_estimator.md#where-the-time-goes
    """
    with one_thread() as allowed:
        if allowed < 2:
            yield SplitMatmul()
            return
        with ThreadPoolExecutor(max_workers=1) as executor, BlasThread() as blas_thread:
            yield SplitMatmul(executor, blas_thread)
