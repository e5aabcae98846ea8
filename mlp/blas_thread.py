"""A second thread for the split products that never waits on Python's lock, nor sleeps.

:class:`mlp.products.SplitMatmul` computes one row block of a large product on the calling
thread and the other on a second thread (L9.4). With an ordinary Python thread, each hand-over
costs more than it should: the thread sleeps between products, and waking a sleeping thread takes
30 us or more on a virtual machine that halts its idle cores; the thread must then take Python's
lock (and may sleep again while the caller holds it), and the caller sleeps until the thread is
done. Measured on a 2-core machine, a (256, 180) by (180, 300) product and its dW counterpart lost
about 190 us per batch that way against the same two half-products timed on one core, which is a
quarter of their time.

:class:`BlasThread` is a thread that runs a compiled loop (numba, ``nogil``) for its whole life:
it watches a small integer array, the *mailbox*, and when the caller posts a product there it
calls the BLAS library's gemm itself, writes "done", and watches again. It never takes Python's
lock. After each product it keeps watching (with the processor's pause hint, yielding its core
to any other program every 64 looks) for about half a millisecond, long enough for the next
product of a batch; then it sleeps on a POSIX semaphore until the caller posts again. The caller waits for
"done" by watching too. "Go" and "done" are stored with release and read with acquire semantics,
so that whoever sees one sees what was written before it.

The bits are NumPy's: the thread calls the very gemm function of the BLAS library NumPy itself
uses (found with threadpoolctl, and checked against ``np.matmul`` once) with the arguments
``np.matmul`` passes for the same arrays (row-major, each operand transposed or not by its
strides). A product NumPy would not send to gemm (a non-float dtype, a stride BLAS cannot take, a
dimension of 1, overlapping memory, ``A @ A.T``) is not posted: the caller computes it with
``np.matmul``. ``np.matmul`` also reports overflow and invalid operations through
``np.errstate``; the thread cannot, so it checks that its block came out finite and, if not, the
caller computes that block again with ``np.matmul`` (the same numbers, now with NumPy's warning
or error).

The work before and after the product reaches the thread as *plans* of :mod:`mlp.kernels`' loops
(a batch's gather; bias and relu; the L2 term, 1/n and Adam's step), which it runs from the
arrays' addresses: the same loops, so the same bits. A product the thread has not started when
the caller is done with its own block (the thread had no core, or is still waking up) is taken
back: the caller does all of it itself. Then, and after a product, the thread checks whether it
is on the caller's core (the two then take turns instead of working side by side: the system
puts a new thread there while the other core is busy, and does not move one that never sleeps);
if so it pins itself to the other cores (sched_setaffinity), and the system moves it at once.

The thread is off unless asked for, with ``MLP_BLAS_THREAD=1`` in the environment or within
:func:`enabled`: in the benchmark it made most fits faster than the ordinary thread, but on a
shared virtual machine some whole fits ran 30 to 50% slower, for reasons of thread placement that
the measures above reduce but do not remove. Without numba, or with a BLAS library whose gemm
cannot be found (NumPy built against MKL or Accelerate, say), or off Linux (the thread uses
glibc's unnamed semaphores, sched_getcpu and sched_setaffinity), :func:`usable` is False and the
split products use an ordinary thread even when it is asked for: the same numbers either way.

Lesson: lessons/09_estimator.md#a-thread-that-does-not-sleep
"""

import ctypes
import functools
import os
import threading
from contextlib import contextmanager

import numpy as np

from mlp import kernels

IDLE, GO, BUSY, DONE, STOP, TAKEN = 0, 1, 2, 3, 4, 5  # the mailbox's first slot
_ROW_MAJOR, _NO_TRANS, _TRANS = 101, 111, 112  # CBLAS's enums
# The mailbox: state, dtype (0 float64, 1 float32), transA, transB, M, N, K, A, lda, B, ldb, C,
# ldc (addresses as integers), finite (1 if the block came out finite), the number of plans to
# run before the product and after it, "late" (a product was taken back), the core the caller
# was on when it posted, then the plans: _STEP slots each (the loop's number, float32 or not,
# four (address, size) pairs, two dimensions), their scalars in a float64 array beside it
_STEPS, _STEP, _MOST_STEPS = 18, 12, 4
_SLOTS = _STEPS + _STEP * _MOST_STEPS
_LOOPS = {"gather": 1, "bias_relu": 2, "penalise_and_divide": 3, "divide": 4, "adam": 5}
FINISHED, NOT_FINITE, TAKEN_BACK = "finished", "not finite", "taken back"  # what wait() says
_LOOKS_BEFORE_SLEEP = 15_000  # looks for the next product before it sleeps (about 0.5 ms)
# Off unless asked for (MLP_BLAS_THREAD=1, or enabled()): faster in most fits measured, but on
# a shared virtual machine some whole fits ran 30 to 50% slower than with the ordinary thread
_enabled = os.environ.get("MLP_BLAS_THREAD", "0") == "1"


def usable():
    """True if a :class:`BlasThread` can run here: numba, Linux, and NumPy's own gemm found and
    checked against ``np.matmul``."""
    return _compiled() is not None


def available():
    """True if the split products will use a :class:`BlasThread`: :func:`usable`, and turned on
    (``MLP_BLAS_THREAD=1`` in the environment, or within :func:`enabled`)."""
    return _enabled and usable()


@contextmanager
def enabled(on=True):
    """Turn the thread on (or off) within the block (a process-wide switch, read at each
    product); off, the split products use an ordinary thread. The numbers are the same.

    >>> with enabled(False):
    ...     available()
    False
    """
    global _enabled
    previous, _enabled = _enabled, bool(on)
    try:
        yield
    finally:
        _enabled = previous


@functools.cache
def _numpy_gemm():
    """``({dtype: gemm function}, the largest dimension its integers hold)`` for NumPy's BLAS
    library, or None.

    NumPy's wheels carry OpenBLAS built with the symbol prefix ``scipy_``, and ``64_`` appended
    to every name when its integers have 64 bits; the library file lies inside NumPy's own
    directory (``numpy.libs`` beside it on Linux and Windows, ``numpy/.dylibs`` on macOS)."""
    from threadpoolctl import threadpool_info

    home = os.path.dirname(os.path.dirname(os.path.abspath(np.__file__)))
    for library in threadpool_info():
        path = library.get("filepath") or ""
        try:
            inside = os.path.relpath(os.path.abspath(path), home).split(os.sep)[0]
        except ValueError:  # another drive
            continue
        if library.get("user_api") != "blas" or inside not in ("numpy", "numpy.libs"):
            continue
        try:
            shared = ctypes.CDLL(path)
        except OSError:
            return None
        for suffix, integer in (("64_", ctypes.c_int64), ("", ctypes.c_int32)):
            try:
                found = {dtype: (getattr(shared, f"scipy_cblas_{letter}gemm{suffix}"), real)
                         for dtype, letter, real in ((np.float64, "d", ctypes.c_double),
                                                     (np.float32, "s", ctypes.c_float))}
            except AttributeError:
                continue
            functions = {}
            for dtype, (symbol, real) in found.items():
                address = ctypes.cast(symbol, ctypes.c_void_p).value
                # cblas_?gemm(order, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc),
                # pointers passed as integers of their width
                signature = ctypes.CFUNCTYPE(None, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                             integer, integer, integer, real, ctypes.c_ssize_t,
                                             integer, ctypes.c_ssize_t, integer, real,
                                             ctypes.c_ssize_t, integer)
                functions[np.dtype(dtype)] = signature(address)
            return functions, np.iinfo(np.int64 if suffix else np.int32).max - 1
    return None


def _libc_function(name, restype, *argtypes):
    try:
        function = getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError, TypeError):
        return None
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(function, ctypes.c_void_p).value)


@functools.cache
def _compiled():
    """The compiled loops and the functions they call, or None if they cannot run here; compiled
    (and checked against ``np.matmul``) on first use, on the calling thread."""
    numba = kernels._numba()
    gemm = _numpy_gemm()
    system = {name: _libc_function(name, ctypes.c_int, *argtypes) for name, argtypes in (
        ("sem_init", (ctypes.c_ssize_t, ctypes.c_int, ctypes.c_uint)),
        ("sem_destroy", (ctypes.c_ssize_t,)), ("sem_wait", (ctypes.c_ssize_t,)),
        ("sem_post", (ctypes.c_ssize_t,)), ("sched_yield", ()), ("sched_getcpu", ()),
        ("sched_setaffinity", (ctypes.c_int, ctypes.c_size_t, ctypes.c_ssize_t)))}
    if numba is None or gemm is None or None in system.values():
        return None  # (unnamed POSIX semaphores, sched_getcpu, sched_setaffinity: Linux)
    try:
        from mlp import _blas_loops

        parts = _Parts(_blas_loops, system, gemm[0][np.dtype(np.float64)],
                       gemm[0][np.dtype(np.float32)], gemm[1])
        with _Semaphore(parts) as semaphore:  # compile each loop (each returns at once)
            stopped = np.zeros(_SLOTS, np.int64)
            stopped[0] = STOP
            parts.post(np.zeros(_SLOTS, np.int64), semaphore)  # one wake-up to use...
            parts.serve(stopped, _scalars(), semaphore)  # ...here, where it sees STOP
        parts.wait(np.full(_SLOTS, DONE, np.int64))
        parts.take_back(np.zeros(_SLOTS, np.int64))
        if not _agrees_with_numpy(parts):
            return None
    except numba.core.errors.NumbaError:
        return None
    return parts


class _Parts:
    """What a :class:`BlasThread` needs: the compiled loops, with the functions they call bound
    (NumPy's dgemm and sgemm, the semaphore's, sched_yield), and the largest dimension the BLAS
    library's integers hold."""

    def __init__(self, loops, system, dgemm, sgemm, largest):
        self.system, self.largest = system, largest
        self.serve = lambda box, scalars, semaphore, spin=0: loops.serve(
            box, scalars, semaphore.address, system["sem_wait"], system["sched_yield"],
            system["sched_getcpu"], dgemm, sgemm, spin, _cores(), system["sched_setaffinity"])
        self.post = lambda box, semaphore: loops.post(box, semaphore.address, system["sem_post"],
                                                      system["sched_getcpu"])
        self.stop = lambda box, semaphore: loops.stop(box, semaphore.address, system["sem_post"])
        self.wait = lambda box: loops.wait(box, system["sched_yield"])
        self.take_back = loops.take_back


def _cores():
    """Two cpu_set_t bit masks (1024 cores each): the cores this process may use, then room for
    the thread's own mask (see mlp._blas_loops._move_off)."""
    cores = np.zeros(32, np.int64)
    for cpu in os.sched_getaffinity(0):
        if cpu < 1024:
            cores[cpu // 64] |= np.int64(1) << (cpu % 64)
    return cores


class _Semaphore:
    """An unnamed POSIX semaphore in a NumPy buffer: the thread sleeps on it (sem_wait) until the
    caller posts (sem_post), without Python's lock on either side."""

    def __init__(self, parts):
        self._parts = parts
        self._memory = np.zeros(8, np.int64)  # 64 bytes, 8-aligned: a sem_t is 32 on Linux
        self.address = self._memory.ctypes.data
        if parts.system["sem_init"](self.address, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "sem_init failed")

    def close(self):
        self._parts.system["sem_destroy"](self.address)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def gemm_arguments(A, B, out, largest):
    """The mailbox's slots 1 to 12 for ``np.matmul(A, B, out=out)``, as NumPy would call gemm for
    these arrays, or None if NumPy would not call gemm for them (it then loops on its own, or
    copies, or calls gemv or syrk)."""
    dtype = out.dtype
    if dtype not in (np.float64, np.float32) or A.dtype != dtype or B.dtype != dtype:
        return None
    if A.ndim != 2 or B.ndim != 2 or out.ndim != 2:
        return None
    (m, k), (k2, n) = A.shape, B.shape
    if k2 != k or out.shape != (m, n) or min(m, k, n) < 2:
        return None
    if not (A.flags.aligned and B.flags.aligned and out.flags.aligned and out.flags.writeable):
        return None
    if np.may_share_memory(out, A) or np.may_share_memory(out, B):
        return None  # NumPy would compute into a temporary first
    a_at, b_at = A.ctypes.data, B.ctypes.data
    if a_at == b_at and m == n and A.strides == B.strides[::-1]:
        return None  # A @ A.T: NumPy calls syrk
    size = dtype.itemsize
    a, b, c = _layout(A, size), _layout(B, size), _layout(out, size)
    if a is None or b is None or c is None or c[0] != _NO_TRANS:
        return None
    if max(m, k, n, a[1], b[1], c[1]) > largest:
        return None
    return (0 if dtype == np.float64 else 1, a[0], b[0], m, n, k, a_at, a[1], b_at, b[1],
            out.ctypes.data, c[1])


def _layout(M, size):
    """(CBLAS transpose flag, leading dimension) for a row-major gemm call on 2-D ``M``, the way
    NumPy's matmul reads its strides (rows contiguous first, then columns), or None."""
    (rows, columns), (down, across) = M.shape, M.strides
    if across == size and down % size == 0 and down // size >= columns:
        return _NO_TRANS, down // size
    if down == size and across % size == 0 and across // size >= rows:
        return _TRANS, across // size
    return None


def _scalars():
    return np.zeros((_MOST_STEPS, 6))


def _encode(plan, record, scalars):
    """A plan of :mod:`mlp.kernels` into its mailbox record and its row of scalars."""
    name, arrays, values = plan
    record[0], record[1] = _LOOPS[name], arrays[0].dtype == np.float32
    for j in range(4):
        a = arrays[j] if j < len(arrays) else arrays[0]  # unused pairs repeat the first
        record[2 + 2 * j], record[3 + 2 * j] = a.ctypes.data, a.size
    record[10], record[11] = arrays[0].shape if arrays[0].ndim == 2 else (arrays[0].size, 1)
    scalars[:len(values)] = values


def _agrees_with_numpy(parts):
    """One product of each dtype through the thread against ``np.matmul``, bit for bit (a gemm
    that is not NumPy's own would differ in the last bits somewhere)."""
    rng = np.random.RandomState(0)
    box = np.zeros(_SLOTS, np.int64)
    with _Semaphore(parts) as semaphore:
        thread = threading.Thread(target=parts.serve, args=(box, _scalars(), semaphore),
                                  daemon=True)
        thread.start()
        try:
            for dtype in (np.float64, np.float32):
                A = rng.randn(160, 96).astype(dtype)
                B = rng.randn(80, 96).astype(dtype).T  # a transposed operand, too
                out = np.empty((160, 80), dtype)
                box[1:13] = gemm_arguments(A, B, out, parts.largest)
                parts.post(box, semaphore)
                parts.wait(box)
                if not np.array_equal(out, np.matmul(A, B)):
                    return False
        finally:
            parts.stop(box, semaphore)
            thread.join()
    return True


class BlasThread:
    """The second thread of a split product. :meth:`start` posts ``np.matmul(A, B, out=out)``
    to it (False, nothing posted, if NumPy would not call gemm for those arrays or if the thread
    cannot run here), :meth:`wait` waits for it; one product at a time. The loops are compiled
    and the thread started at the first product; :meth:`close` ends the thread (``with
    BlasThread() as thread:`` does).

    >>> A, B, out = np.ones((4, 3)), np.ones((3, 2)), np.empty((4, 2))
    >>> with enabled(), BlasThread() as thread:
    ...     if not (thread.start(A, B, out) and thread.wait() == FINISHED):
    ...         out = np.matmul(A, B, out=out)  # no numba here, or it was taken back
    >>> out.tolist()
    [[3.0, 3.0], [3.0, 3.0], [3.0, 3.0], [3.0, 3.0]]
    """

    def __init__(self):
        self._parts = None
        self._box = np.zeros(_SLOTS, np.int64)
        self._scalars = _scalars()
        self._thread = None
        self._semaphore = None
        self._busy = False
        self._posted = None
        self.taken_back = 0  # products the caller took back (see wait)
        self.plans_run = 0  # plans the thread ran

    def arguments(self, A, B, out):
        """What :meth:`post` takes for ``np.matmul(A, B, out=out)``, or None if this thread
        cannot compute it (see :func:`gemm_arguments`; or the thread cannot run here)."""
        if not available():
            return None
        if self._parts is None:
            self._parts = _compiled()
        return gemm_arguments(A, B, out, self._parts.largest)

    def post(self, arguments, A, B, out, before=(), then=()):
        """Post ``np.matmul(A, B, out=out)``, whose :meth:`arguments` are ``arguments``, and
        the plans (:mod:`mlp.kernels`) to run before it and after it (those after it only if
        its result is finite); four plans at most. The arrays must stay as they are, and
        unread by others where the thread writes, until :meth:`wait`."""
        if self._busy:
            raise RuntimeError("BlasThread.post: the last product was not waited for")
        if len(before) + len(then) > _MOST_STEPS:
            raise ValueError(f"BlasThread.post: {len(before) + len(then)} plans; at most "
                             f"{_MOST_STEPS} fit in the mailbox")
        parts = self._parts
        if self._thread is None:
            self._semaphore = _Semaphore(parts)
            self._thread = threading.Thread(target=parts.serve,
                                            args=(self._box, self._scalars, self._semaphore,
                                                  _LOOKS_BEFORE_SLEEP),
                                            name="mlp-blas-thread", daemon=True)
            self._thread.start()
        box = self._box
        box[1:13] = arguments
        box[14], box[15] = len(before), len(then)
        for k, plan in enumerate(tuple(before) + tuple(then)):
            _encode(plan, box[_STEPS + _STEP * k:_STEPS + _STEP * (k + 1)], self._scalars[k])
        self._posted = (A, B, out, before, then)  # kept alive (and taken back) until wait()
        self._busy = True
        parts.post(box, self._semaphore)

    def start(self, A, B, out):
        """:meth:`post` ``np.matmul(A, B, out=out)`` if this thread can compute it; True if
        posted."""
        arguments = self.arguments(A, B, out)
        if arguments is None:
            return False
        self.post(arguments, A, B, out)
        return True

    def wait(self, take_back=True):
        """Wait for the posted product. Returns :data:`FINISHED` (the product and its plans are
        done), :data:`NOT_FINITE` (the plans before it and the product are done, but the
        product is not finite everywhere: the caller should compute it again with np.matmul,
        for NumPy's warning or error, and run what comes after it), or :data:`TAKEN_BACK`:
        the thread had not started it yet (it may not have had a core since, or was napping),
        and now never will; the caller does all of it, with no time spent waiting.
        ``take_back=False`` waits for the thread in any case. :attr:`taken_back` and
        :attr:`plans_run` count."""
        if not self._busy:
            raise RuntimeError("BlasThread.wait: nothing was posted")
        self._busy = False
        self._posted = None
        if take_back and self._parts.take_back(self._box):
            self.taken_back += 1
            return TAKEN_BACK
        if not self._parts.wait(self._box):
            self.plans_run += int(self._box[14])
            return NOT_FINITE
        self.plans_run += int(self._box[14] + self._box[15])
        return FINISHED

    def close(self):
        """End the thread (after the product posted last, if any, is done)."""
        if self._busy:
            self.wait()
        if self._thread is not None:
            self._parts.stop(self._box, self._semaphore)
            self._thread.join()
            self._thread = None
            self._semaphore.close()
            self._box[0] = IDLE  # a thread started later must not read the old STOP

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
