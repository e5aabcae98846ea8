"""The Dask backend: a two-worker LocalCluster gives the local features and fold results, bit for bit."""

import numpy as np
import pytest

from baselines.evaluation.evaluate import run_comparison
from features.backend import parallel_backend
from features.collection_dataset import load_collection
from features.synthetic_corpus import make_corpus

distributed = pytest.importorskip(
    "distributed", reason="dask.distributed is not installed (pip install 'audio-mlp[cluster]')")


def test_backend_arguments_are_checked():
    with pytest.raises(ValueError, match="backend='spark'"):
        with parallel_backend("spark"):
            pass
    with pytest.raises(ValueError, match="needs a scheduler address"):
        with parallel_backend("dask"):
            pass
    with pytest.raises(ValueError, match="needs backend='dask'"):
        with parallel_backend("local", "tcp://127.0.0.1:8786"):
            pass
    with parallel_backend("local", n_jobs=3) as jobs:
        assert jobs == 3


def test_a_local_cluster_gives_the_local_numbers(tmp_path):
    """Two single-threaded worker processes, as every cluster this project starts (each task
    pins its process to one BLAS thread with threadpool_limits, so a worker runs one at a time)."""
    make_corpus(tmp_path / "sounds", n_classes=3, n_groups=4, per_group=3, seconds=0.4,
                sr=[16000, 44100])
    options = dict(progress=False, group_pattern=r"^(?P<group>g\d\d)_")
    local = load_collection(tmp_path / "sounds", cache_dir=tmp_path / "local", **options)
    compare = dict(models=["logreg", "knn_spk"], protocols=["grouped", "random5"],
                   progress=False)
    local_folds = run_comparison(local.X, local.y, local.actors, n_jobs=1, **compare)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1,
                                  processes=True, dashboard_address=None) as cluster:
        assert len(cluster.workers) == 2
        with parallel_backend("dask", cluster.scheduler_address, n_jobs=1) as jobs:
            assert jobs == 2  # Parallel is used (n_jobs > 1); dask spreads over its workers
            remote = load_collection(tmp_path / "sounds", cache_dir=tmp_path / "remote",
                                     n_jobs=jobs, **options)
            remote_folds = run_comparison(remote.X, remote.y, remote.actors, n_jobs=jobs,
                                          **compare)
    assert not remote.from_cache  # extracted on the cluster, not read from a cache
    np.testing.assert_array_equal(remote.X, local.X)
    assert len(remote_folds) == len(local_folds) == 2 * (4 + 5)
    for a, b in zip(local_folds, remote_folds):
        assert (a.protocol, a.model, a.fold) == (b.protocol, b.model, b.fold)
        np.testing.assert_array_equal(a.test_index, b.test_index)
        np.testing.assert_array_equal(a.y_pred, b.y_pred)
        assert a.best_params == b.best_params and a.inner_score == b.inner_score
