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
