"""One BLAS thread while any block in the process needs it, safe when blocks overlap in threads.

A BLAS library's thread count is one setting for the whole process. ``threadpoolctl``'s
``threadpool_limits(1)`` sets it on entry and puts the old value back on exit, which is right
for one block at a time in one thread. Two things go wrong when blocks overlap in several
threads (two fits in the threads of one Dask worker, or of a ``ThreadPoolExecutor``):

* the first to leave puts the old limit back while the other still runs, whose products from
  then on run on several BLAS threads and round differently;
* threadpoolctl 3.8 and later let only one thread at a time set OpenBLAS's limit (the first to
  set it, until its last block ends) and *silently ignore the others*: a fit in a worker thread,
  while the main thread is inside ``threadpool_limits(2)``, would not be pinned at all.

:func:`one_thread` counts the blocks instead: the first to enter sets the limit, the last to
leave restores it, and each takes threadpoolctl's control of OpenBLAS for the moment it sets the
limit (and gives it back at once, so that the main thread's own blocks still restore theirs).
OpenMP's limit is another matter: it is a per-thread setting, which threadpoolctl sets
correctly in any thread; ``one_thread(openmp=True)`` also sets it for the calling thread. A
program that changes the BLAS limit itself while such a block runs in another thread still
undoes it; within this project every such block goes through here.

Lesson: lessons/09_estimator.md#same-bits-for-any-number-of-blas-threads
"""

import os
import sys
import threading
from contextlib import contextmanager

import threadpoolctl
from threadpoolctl import ThreadpoolController, threadpool_limits

_lock = threading.Lock()
_holders = 0  # blocks inside one_thread(), in any thread
_limiter = None  # the first block's threadpoolctl limiter, which restores the old limits
_allowed = 1  # BLAS threads allowed when the first block entered
_here = threading.local()  # .depth: how deep this thread is inside one_thread()
_found = (None, -1)  # (ThreadpoolController, len(sys.modules) when it looked)


def _forget_in_child():
    """A child forked while another thread was inside a block inherits the lock held and a count
    of blocks that no longer run there: start afresh (the limit it inherited stays as it is)."""
    global _lock, _holders, _limiter
    _lock, _holders, _limiter = threading.Lock(), 0, None


if hasattr(os, "register_at_fork"):  # POSIX
    os.register_at_fork(after_in_child=_forget_in_child)


def _controller():
    """threadpoolctl's view of the loaded libraries, looked up again only after new imports
    (each new look reads the process's library list: about 3 ms, more than a prediction on a
    thousand rows takes). Called with ``_lock`` held."""
    global _found
    if _found[1] != len(sys.modules):
        _found = (ThreadpoolController(), len(sys.modules))
    return _found[0]


def _free_control():
    """Let the next thread that sets OpenBLAS's limit through threadpoolctl do so (threadpoolctl
    3.8 and later; before, any thread could)."""
    owner = getattr(threadpoolctl, "OpenBLASController", None)
    clear = getattr(owner, "clear_controlling_thread", None)
    if clear is not None:
        clear(force=True)


@contextmanager
def one_thread(*, openmp=False):
    """Within the block, the BLAS library runs on one thread; yields how many threads the caller
    allowed it: the count before the first of the overlapping blocks entered, or 1 inside
    another such block of the same thread (whose work already has the cores). With ``openmp``,
    OpenMP's loops started from this thread run on one thread too (scikit-learn's
    nearest-neighbour searches and gradient boosting use them).

    >>> from threadpoolctl import threadpool_info
    >>> with one_thread():
    ...     {info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"}
    {1}
    """
    global _holders, _limiter, _allowed
    depth = getattr(_here, "depth", 0)
    with _lock:
        if _holders == 0:
            _free_control()
            _limiter = _controller().limit(limits=1, user_api="blas")  # set at once, no `with`
            _free_control()
            _allowed = _limiter.get_original_num_threads().get("blas") or 1
        _holders += 1
        allowed = 1 if depth else _allowed
    _here.depth = depth + 1
    try:
        if openmp:
            with threadpool_limits(limits=1, user_api="openmp"):
                yield allowed
        else:
            yield allowed
    finally:
        _here.depth = depth
        with _lock:
            _holders -= 1
            if _holders == 0:  # perhaps not the thread that set the limit
                _free_control()
                _limiter.restore_original_limits()
                _free_control()
                _limiter = None
