"""Nested cross-validation (baselines/evaluation/evaluate.py): what is fit on what, and what it measures."""

from types import SimpleNamespace

import numpy as np
import pytest

from baselines.evaluation import evaluate
from baselines.evaluation.evaluate import fit_fold, n_candidates, plan, run_comparison
from baselines.evaluation.protocols import get_protocol
from baselines.models.speakers import SpeakerNormaliser, split_actor_column, with_actor_column
from baselines.synthetic import make_ravdess_like


@pytest.fixture(scope="module")
def fs():
    return make_ravdess_like()


def test_held_out_speakers_are_never_fit_and_the_test_fold_is_predicted_once(fs, monkeypatch):
    seen_in_fit, seen_in_transform = [], []
    fit, transform = SpeakerNormaliser.fit, SpeakerNormaliser.transform

    def spy_fit(self, X, y=None):
        seen_in_fit.append(set(split_actor_column(X)[1].tolist()))
        return fit(self, X, y)

    def spy_transform(self, X):
        seen_in_transform.append(set(split_actor_column(X)[1].tolist()))
        return transform(self, X)

    monkeypatch.setattr(SpeakerNormaliser, "fit", spy_fit)
    monkeypatch.setattr(SpeakerNormaliser, "transform", spy_transform)
    X_aug = with_actor_column(fs.X, fs.actors)
    train, test = get_protocol("speaker").outer_splits(fs.y, fs.actors)[2]
    held_out = set(fs.actors[test].tolist())
    result = fit_fold("speaker", "knn", 2, X_aug, fs.y, fs.actors, train, test)
    # 2 candidates x 3 inner folds + 1 refit, none of which saw a held-out actor
    assert len(seen_in_fit) == 7
    assert all(not actors & held_out for actors in seen_in_fit)
    # inner validation folds are whole training actors; the held-out actors appear exactly once
    assert sum(bool(actors & held_out) for actors in seen_in_transform) == 1
    inner_val = [a for a in seen_in_transform if not a & held_out and len(a) < 20]
    assert len(inner_val) >= 6 and all(a <= set(fs.actors[train].tolist()) for a in inner_val)
    np.testing.assert_array_equal(result.test_index, test)
    assert result.best_params["model__n_neighbors"] in (5, 15) and 0 <= result.inner_score <= 1


def test_every_clip_is_tested_once_per_model(fs):
    results = run_comparison(fs.X, fs.y, fs.actors, models=["logreg", "knn_spk"],
                             protocols=["random5", "speaker"], progress=False)
    assert len(results) == 2 * (5 + 6)
    for protocol in ("random5", "speaker"):
        for model in ("logreg", "knn_spk"):
            tested = np.concatenate([r.test_index for r in results
                                     if r.protocol == protocol and r.model == model])
            assert sorted(tested.tolist()) == list(range(len(fs.y)))


def test_random_splits_flatter_when_speakers_have_quirks(fs):
    # The synthetic speakers express each emotion in their own way (L21.2): a speaker-dependent
    # split lets kNN find the same speaker's other clips, a speaker-independent one does not.
    results = run_comparison(fs.X, fs.y, fs.actors, models=["knn"],
                             protocols=["random5", "speaker"], progress=False)
    acc = {p: np.mean([np.mean(r.y_pred == r.y_true) for r in results if r.protocol == p])
           for p in ("random5", "speaker")}
    assert acc["random5"] > acc["speaker"] + 0.2


def test_parallel_and_sequential_runs_agree(fs):
    kwargs = dict(models=["svc_linear"], protocols=["speaker"], max_folds=2, progress=False)
    one = run_comparison(fs.X, fs.y, fs.actors, n_jobs=1, **kwargs)
    two = run_comparison(fs.X, fs.y, fs.actors, n_jobs=2, **kwargs)
    assert [r.fold for r in one] == [r.fold for r in two] == [0, 1]
    for a, b in zip(one, two):
        np.testing.assert_array_equal(a.y_pred, b.y_pred)


def test_plan_puts_mlps_first_and_rejects_unknown_models(fs):
    tasks = plan(fs.y, fs.actors, models=["knn", "numpy_mlp"], protocols=["speaker"], max_folds=2)
    assert [(t[1], t[2]) for t in tasks] == [("numpy_mlp", 0), ("numpy_mlp", 1), ("knn", 0),
                                             ("knn", 1)]
    with pytest.raises(ValueError, match="unknown model 'mlp'"):
        plan(fs.y, fs.actors, models=["mlp"], protocols=["speaker"])
    assert n_candidates({"a": [1, 2], "b": [1, 2, 3]}) == 6 and n_candidates({}) == 1


def test_a_single_candidate_grid_skips_the_inner_search(fs, monkeypatch):
    monkeypatch.setattr(evaluate, "param_grid", lambda name, full=False: {"model__C": [0.1]})
    train, test = get_protocol("speaker").outer_splits(fs.y, fs.actors)[0]
    result = fit_fold("speaker", "logreg", 0, with_actor_column(fs.X, fs.actors), fs.y,
                      fs.actors, train, test)
    assert result.inner_score is None and result.best_params == {"model__C": 0.1}


def test_a_fold_gives_the_same_bits_whatever_the_callers_blas_threads():
    """fit_fold pins BLAS to one thread: OpenBLAS's float64 products round differently when split
    over two threads (measured: 28.6% of an MLP's weights differ after 5 epochs), so without the
    pin the same fold would give a different model on a machine with more cores."""
    from threadpoolctl import threadpool_limits

    fs = make_ravdess_like(n_features=230)
    X_aug = with_actor_column(fs.X, fs.actors)
    train, test = get_protocol("speaker").outer_splits(fs.y, fs.actors)[0]
    runs = []
    for threads in (1, 2):
        with threadpool_limits(limits=threads):
            runs.append(fit_fold("speaker", "numpy_mlp", 0, X_aug, fs.y, fs.actors, train, test,
                                 full=False, inner_splits=2))
    assert runs[0].loss_curve == runs[1].loss_curve
    np.testing.assert_array_equal(runs[0].y_pred, runs[1].y_pred)


def test_data_too_small_for_the_folds_is_refused_before_anything_is_fitted(monkeypatch):
    # three actors: an outer grouped fold trains on two, too few for three inner folds. Called
    # from Python (the command line checks first), this used to end in scikit-learn's error
    # about "n_splits=3 greater than the number of groups" from deep inside the search.
    rng = np.random.RandomState(0)
    X, y, actors = rng.randn(60, 5), np.repeat(["a", "b", "c"], 20), np.tile([1, 2, 3], 20)
    fitted = []
    def fake_fit(protocol, model, fold, *args, **kwargs):
        fitted.append(fold)
        return SimpleNamespace(protocol=protocol, model=model, fold=fold)

    monkeypatch.setattr(evaluate, "fit_fold", fake_fit)
    with pytest.raises(ValueError, match=r"inner_splits=3: the training part of fold 0 of "
                                         r"protocol grouped has only 2 actors"):
        run_comparison(X, y, actors, models=["logreg"], protocols=["grouped"], progress=False)
    assert fitted == []
    # two inner folds fit in two actors: accepted
    run_comparison(X, y, actors, models=["logreg"], protocols=["grouped"], inner_splits=2,
                   progress=False)
    assert len(fitted) == 3
