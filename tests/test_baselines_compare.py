"""The main job as a library function (baselines/compare.py)."""

import pytest

from baselines import compare
from baselines.synthetic import make_ravdess_like


@pytest.fixture(scope="module")
def fs():
    return make_ravdess_like(n_features=6)


def test_run_returns_everything_the_files_and_figures_need(fs):
    result = compare.run(fs, models=["logreg", "numpy_mlp"], protocols=["speaker"], max_folds=1,
                         curves=False, progress=False)
    assert set(result.results["protocols"]["speaker"]) == {"logreg", "numpy_mlp"}
    assert result.results["features"] == {"preset": "synthetic", "n_features": 6, "n_clips": 1440,
                                        "layout": "ravdess"}
    assert result.results["config"]["inner_splits"] == 3 and result.curves == []
    assert list(result.loss) == ["speaker"] and list(result.loss["speaker"]) == ["numpy_mlp"]


def test_bad_arguments_are_reported_together_in_python_words(fs, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("fitting started before the arguments were checked")

    monkeypatch.setattr("baselines.evaluation.evaluate.run_comparison", forbidden)
    with pytest.raises(ValueError) as error:
        compare.run(fs, models=["knn", "knn"], protocols=["speaker"], random_state=2**32,
                    n_jobs=0)
    message = str(error.value)
    assert "models=['knn', 'knn']: knn given more than once" in message
    assert "random_state=4294967296: must be between 0 and 4294967295" in message
    assert "n_jobs=0: must be >= 1" in message
    with pytest.raises(ValueError, match="inner_splits=21: the training part of fold 0 of "
                                         "protocol speaker has only 20 actors"):
        compare.run(fs, models=["knn"], protocols=["speaker"], inner_splits=21)


def test_a_class_with_fewer_clips_than_inner_folds_is_found_under_random_protocols(fs):
    problems = compare.data_problems(fs.y, fs.actors, protocols=["seed"], inner_splits=100)
    assert [p.name for p in problems] == ["inner_splits"]
    assert "clips of its rarest emotion" in problems[0].reason
    assert compare.data_problems(fs.y, fs.actors, protocols=["seed", "speaker"]) == []
