"""Where the parallel work runs: this machine (joblib's processes) or a Dask cluster.

Feature extraction (:func:`features.dataset.load_dataset`,
:func:`features.collection_dataset.load_collection`) and the comparison
(:func:`baselines.evaluation.evaluate.run_comparison`) hand their tasks to joblib's ``Parallel``.
joblib can send those tasks to a ``dask.distributed`` cluster instead of local processes: inside
:func:`parallel_backend` ``("dask", "tcp://host:8786")`` every ``Parallel`` call runs its tasks on
the cluster's workers, and the code that builds the tasks does not change.

What travels over the network is what each task is called with and what it returns: for feature
extraction a file *path* and the preset, and back one feature vector (230 numbers); for the
comparison the feature matrix and the fold indices, and back the predictions. The audio itself
never travels: every worker must see the data at the same path (a shared or network file system,
or the same copy on every machine). Every extraction and every fit runs inside
``threadpoolctl.threadpool_limits(limits=1)`` (one BLAS and one OpenMP thread), so a worker gives
the same bits as this process. That limit is one setting for the whole worker process, so a
worker must run one task at a time: the clusters this project starts have single-threaded
workers (``LocalCluster(threads_per_worker=1)``), and a cluster of your own should too
(``dask worker ADDRESS --nthreads 1``, one worker process per core). A worker that runs two tasks
at once in its threads lets the first to finish put its thread count back while the other
still computes.

Without a backend (``"local"``, the default) nothing changes.

Lesson: lessons/19_your_own_audio.md#more-than-one-machine
"""

import sys
from contextlib import contextmanager

BACKENDS = ("local", "dask")


@contextmanager
def parallel_backend(backend="local", scheduler=None, *, n_jobs=1):
    """Run joblib's ``Parallel`` calls inside on ``backend``; yields the ``n_jobs`` to pass them.

    ``"dask"`` connects a ``dask.distributed.Client`` to ``scheduler`` (an address such as
    ``tcp://10.0.0.5:8786``, or a ``LocalCluster``) and yields ``max(n_jobs, 2)``: joblib's Dask
    backend spreads the tasks over every worker whatever the number, but an ``n_jobs`` of 1
    would make the callers skip ``Parallel`` altogether. ``"local"`` yields ``n_jobs`` unchanged.
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend={backend!r}: choose one of {', '.join(BACKENDS)}")
    if backend == "local":
        if scheduler is not None:
            raise ValueError("a scheduler address needs backend='dask'")
        yield n_jobs
        return
    if scheduler is None:
        raise ValueError("backend='dask' needs a scheduler address (e.g. tcp://host:8786)")
    try:
        from dask.distributed import Client
    except ImportError:
        raise ImportError("backend='dask' needs dask.distributed: pip install "
                          "'audio-mlp[cluster]'") from None
    from joblib import parallel_config

    with Client(scheduler) as client, parallel_config(backend="dask"):
        client.wait_for_workers(1)
        yield max(n_jobs, 2)


PARENT_POLL_SECONDS = 0.5
"""How often a local worker checks that the process that started it still exists."""


def _watch_parent(parent):
    """End this worker process once ``parent`` is no longer its parent (it died)."""
    import os
    import time

    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def _start_worker(parent):
    """loky's initializer of every local worker: Ctrl-C is the parent's to handle, and the
    worker ends within :data:`PARENT_POLL_SECONDS` of its parent's death."""
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True,
                     name="watch-parent").start()


def _spawning_without_sigint(fork_exec):
    """``fork_exec`` with SIGINT blocked in the calling thread: the new process inherits the
    blocked signal through ``exec``, so a Ctrl-C while it imports Python's ``site`` cannot kill
    it with a traceback (``Fatal Python error: init_import_site``) before the initializer runs.
    A signal that arrives meanwhile waits and reaches the parent once unblocked."""
    import functools
    import signal

    @functools.wraps(fork_exec)
    def spawn(*args, **kwargs):
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            return fork_exec(*args, **kwargs)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)

    spawn.blocks_sigint = True
    return spawn


QUIET_TRACKER = "ignore:resource_tracker:UserWarning"
"""A ``-W`` option for loky's resource tracker. When Ctrl-C stops the workers, the tracker finds
their semaphores still registered, removes them, and warns that they "appear to be leaked": a
true but useless line after ``audio-mlp: interrupted``. The tracker takes its ``-W`` options from
this process's ``sys.warnoptions`` when it starts."""


@contextmanager
def guarded_workers():
    """joblib's local worker processes, started inside, leave Ctrl-C to this process (which
    stops them and cleans up) and end when this process dies, even by SIGKILL.

    joblib's loky backend passes an ``initializer`` to every new worker (:func:`_start_worker`:
    ignore SIGINT, watch the parent). A worker still importing Python when Ctrl-C arrives has not
    run it yet, so on POSIX its start is also wrapped (:func:`_spawning_without_sigint`). The
    wrapping is skipped if loky's internals differ from the version this was written for.
    Its resource tracker starts with :data:`QUIET_TRACKER`.
    """
    import os

    from joblib import parallel_config

    try:
        from joblib.externals.loky.backend import fork_exec as module
    except ImportError:  # Windows, or another loky
        module = None
    if module is not None and hasattr(module, "fork_exec") and \
            not getattr(module.fork_exec, "blocks_sigint", False):
        module.fork_exec = _spawning_without_sigint(module.fork_exec)
    added = QUIET_TRACKER not in sys.warnoptions
    if added:  # read when loky starts its resource tracker, a process of its own
        sys.warnoptions.append(QUIET_TRACKER)
    try:
        with parallel_config(backend="loky", initializer=_start_worker, initargs=(os.getpid(),)):
            yield
    finally:
        if added:
            sys.warnoptions.remove(QUIET_TRACKER)
