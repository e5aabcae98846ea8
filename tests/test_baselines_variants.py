"""The named MLP variants (baselines.models.registry.VARIANTS) through fit_fold and compare.run: each field
of ModelSpec on synthetic data, copies never of a validation or test clip, enrolment rows never
scored, and the definitions recorded."""

import numpy as np
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.ensemble import VotingClassifier
from sklearn.pipeline import Pipeline

from baselines import compare
from baselines.evaluation import evaluate
from baselines.evaluation.evaluate import fit_fold, model_inputs, run_comparison
from baselines.evaluation.protocols import get_protocol
from baselines.models.enrolment import enrolment_mask
from baselines.models.registry import (ALL_MODEL_NAMES, MODELS, VARIANT_NAMES, ModelSpec, get_model,
                                       make_model)
from baselines.models.speakers import SpeakerNormaliser
from baselines.synthetic import make_ravdess_like


@pytest.fixture(scope="module")
def fs():
    return make_ravdess_like(n_features=6)


def small_fold(fs, n_train_actors=6):
    """A speaker fold on few actors: training actors 1..n, test actors 23 and 24."""
    train = np.flatnonzero(fs.actors <= n_train_actors)
    test = np.flatnonzero(fs.actors >= 23)
    return train, test


def test_the_base_models_are_unchanged_and_the_variants_are_apart():
    assert len(ALL_MODEL_NAMES) == 14 and not set(ALL_MODEL_NAMES) & set(VARIANT_NAMES)
    for name in ALL_MODEL_NAMES:
        spec = get_model(name)
        assert spec.preset is None and spec.augment == () and spec.enrolment_k is None
    assert set(compare.DEFAULT_VARIANTS) == {"speaker"}  # the default run: speaker only
    assert set(compare.DEFAULT_VARIANTS["speaker"]) < set(VARIANT_NAMES)


def test_preset_gives_the_variant_its_own_features(fs):
    other = fs.X[:, ::-1] * 3.0  # (n_clips, n_features): a stand-in for the prosody table
    tables = {("synthetic", None): fs.X, ("prosody", None): other}
    X_aug, copies = model_inputs("numpy_mlp_prosody", tables, fs.actors, "synthetic")
    np.testing.assert_array_equal(X_aug[:, :-1], other)
    np.testing.assert_array_equal(X_aug[:, -1], fs.actors)
    assert copies == []
    X_base, _ = model_inputs("numpy_mlp", tables, fs.actors, "synthetic")
    np.testing.assert_array_equal(X_base[:, :-1], fs.X)
    with pytest.raises(ValueError, match=r"numpy_mlp_prosody needs the feature tables \[\('prosody'"):
        model_inputs("numpy_mlp_prosody", {("synthetic", None): fs.X}, fs.actors, "synthetic")


def test_compare_run_says_which_tables_are_missing_before_fitting(fs):
    with pytest.raises(ValueError, match=r"\('prosody', 'speed0.9'\)"):
        compare.run(fs, models=["knn"], protocols=["speaker"], curves=False,
                    variants={"speaker": ["numpy_mlp_prosody_speed"]},
                    tables={("prosody", None): fs.X})
    assert compare.tables_needed(["knn"], {"speaker": ["numpy_mlp_prosody_speed",
                                                       "numpy_mlp_balanced"]}, "default") == [
        ("prosody", None), ("prosody", "speed0.9"), ("prosody", "speed1.1")]


def test_a_variant_already_among_the_models_of_a_protocol_is_a_problem():
    problems = compare.option_problems(models=["numpy_mlp_seeds5"], protocols=["speaker"],
                                       variants={"speaker": ["numpy_mlp_seeds5"], "nope": []})
    text = " ".join(str(p) for p in problems)
    assert "already run under speaker" in text and "unknown protocol 'nope'" in text


class Recorder(ClassifierMixin, BaseEstimator):
    """Remembers feature 0 (the clip number, + 10000 for a copy) of every fit and prediction."""

    fits, predictions = [], []

    def __init__(self, c=1.0):
        self.c = c

    def fit(self, X, y):
        Recorder.fits.append(X[:, 0].astype(int))
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        Recorder.predictions.append(X[:, 0].astype(int))
        return np.full(len(X), self.classes_[0])


def test_compare_path_trains_on_copies_of_the_fitted_clips_only(fs, monkeypatch):
    """fit_fold with an ``augment`` spec, as run_comparison calls it: every fit (3 inner folds x 2
    candidates, then the refit) sees its own clips and their copies; no fit sees a validation or
    test clip or its copy; every prediction is of originals."""
    monkeypatch.setitem(MODELS, "recorder_speed", ModelSpec(
        lambda rs: Recorder(), {"model__c": [1.0, 2.0]}, {}, augment=("speed0.9", "speed1.1")))
    monkeypatch.setattr(evaluate, "make_model", lambda name, random_state=0: Pipeline(
        [("speaker", SpeakerNormaliser(active=False)), ("model", MODELS[name].factory(0))]))
    clip = np.arange(len(fs.y), dtype=float)[:, None]  # (n_clips, 1): a row says which clip
    tables = {("synthetic", None): clip, ("synthetic", "speed0.9"): clip + 10000,
              ("synthetic", "speed1.1"): clip + 10000}
    X, copies = model_inputs("recorder_speed", tables, fs.actors, "synthetic")
    protocol = get_protocol("speaker")
    train, test = protocol.outer_splits(fs.y, fs.actors)[1]
    Recorder.fits.clear(), Recorder.predictions.clear()
    result = fit_fold("speaker", "recorder_speed", 1, X, fs.y, fs.actors, train, test,
                      copies=copies)
    inner = list(protocol.inner_cv(n_splits=3).split(X[train], fs.y[train], fs.actors[train]))
    expected = [(train[f], train[v]) for f, v in inner] * 2 + [(train, test)]
    assert len(Recorder.fits) == len(expected) == 7
    for fitted, (fit_clips, held_out) in zip(Recorder.fits, expected):
        originals, copied = fitted[fitted < 10000], fitted[fitted >= 10000] - 10000
        assert sorted(originals) == sorted(fit_clips)
        assert sorted(copied) == sorted(np.tile(fit_clips, 2))  # two copies of each, no other
        assert set(fitted % 10000).isdisjoint(held_out)
    assert all(np.all(p < 10000) for p in Recorder.predictions)
    np.testing.assert_array_equal(np.sort(Recorder.predictions[-1]), np.sort(test))
    assert result.best_params["estimator__model__c"] in (1.0, 2.0)
    with pytest.raises(ValueError, match="needs 2 augmented tables"):
        fit_fold("speaker", "recorder_speed", 1, X, fs.y, fs.actors, train, test)


def test_augmented_variant_fits_on_three_times_the_rows(fs):
    rng = np.random.default_rng(0)
    tables = {("synthetic", None): fs.X}
    tables.update({("prosody", None): fs.X, ("prosody", "speed0.9"): fs.X + 0.1 * rng.normal(
        size=fs.X.shape), ("prosody", "speed1.1"): fs.X + 0.1 * rng.normal(size=fs.X.shape)})
    X, copies = model_inputs("numpy_mlp_prosody_speed", tables, fs.actors, "synthetic")
    assert X.shape == (len(fs.y), fs.X.shape[1] + 2) and len(copies) == 2
    train, test = small_fold(fs)
    result = fit_fold("speaker", "numpy_mlp_prosody_speed", 0, X, fs.y, fs.actors, train, test,
                      copies=copies, params={"model__alpha": 1.0})
    assert len(result.y_pred) == len(test) and set(result.y_pred) <= set(fs.y)
    assert result.best_params == {"estimator__model__alpha": 1.0}  # params given as the pipeline's


def test_enrolment_rows_are_never_scored(fs):
    X = with_actor = model_inputs("numpy_mlp_prosody_enrol8", {("prosody", None): fs.X},
                                  fs.actors, "synthetic")[0]
    assert with_actor.shape[1] == fs.X.shape[1] + 1
    train, test = small_fold(fs)
    result = fit_fold("speaker", "numpy_mlp_prosody_enrol8", 0, X, fs.y, fs.actors, train, test,
                      inner_splits=2)
    enrolled = test[enrolment_mask(fs.actors[test], k=8)]  # the 8 rows of each test actor
    assert len(enrolled) == 16 and len(result.test_index) == 2 * (60 - 8)
    assert set(result.test_index).isdisjoint(enrolled)
    assert set(result.test_index) | set(enrolled) == set(test)
    np.testing.assert_array_equal(result.y_true, fs.y[result.test_index])
    assert result.best_params["speaker__with_std"] in (True, False)  # searched with alpha
    assert make_model("numpy_mlp_prosody_enrol8").named_steps["speaker"].k == 8


def test_ensembles_class_weight_and_dropout_are_their_own_models(fs):
    assert isinstance(make_model("numpy_mlp_seeds5").named_steps["model"], VotingClassifier)
    assert len(make_model("numpy_mlp_seeds5").named_steps["model"].estimators) == 5
    assert [n for n, _ in make_model("mlp_svc").named_steps["model"].estimators] == ["mlp", "svc"]
    assert make_model("numpy_mlp_balanced").named_steps["model"].class_weight == "balanced"
    assert make_model("numpy_mlp").named_steps["model"].class_weight is None
    assert get_model("numpy_mlp_dropout").grid["model__dropout"] == [0.0, 0.2]
    train, test = small_fold(fs, n_train_actors=4)
    X = model_inputs("numpy_mlp_dropout", {(None, None): fs.X}, fs.actors, None)[0]
    result = fit_fold("speaker", "numpy_mlp_dropout", 0, X, fs.y, fs.actors, train, test,
                      inner_splits=2)
    assert result.best_params["model__dropout"] in (0.0, 0.2)  # chosen by the inner search
    seeds = fit_fold("speaker", "numpy_mlp_seeds5", 0, X, fs.y, fs.actors, train, test)
    assert seeds.best_params == {} and seeds.inner_score is None and seeds.loss_curve == []


def test_variants_run_under_their_own_protocols_and_are_recorded(fs):
    rng = np.random.default_rng(1)
    tables = {("prosody", None): np.hstack([fs.X, rng.normal(size=(len(fs.y), 2))])}
    c = compare.run(fs, models=["logreg"], protocols=["random5"], max_folds=1, curves=False,
                    variants={"speaker": ["numpy_mlp_prosody_spk"]}, tables=tables,
                    progress=False)
    tables_run = c.results["protocols"]
    assert set(tables_run["random5"]) == {"logreg"}
    assert set(tables_run["speaker"]) == {"numpy_mlp_prosody_spk"}
    definition = c.results["config"]["definitions"]["numpy_mlp_prosody_spk"]
    assert definition["preset"] == "prosody" and definition["per_speaker"] is True
    assert definition["augment"] == [] and definition["enrolment_k"] is None
    assert c.results["config"]["variants"] == {"speaker": ["numpy_mlp_prosody_spk"]}
    assert c.results["config"]["grids"]["numpy_mlp_prosody_spk"] == {"model__alpha": [0.01, 1.0]}


def test_variant_results_pair_with_numpy_mlp(fs):
    tables = {("prosody", None): fs.X}
    folds = run_comparison(fs.X, fs.y, fs.actors, models=["numpy_mlp"], protocols=["speaker"],
                           max_folds=1, variants={"speaker": ["numpy_mlp_prosody"]},
                           tables=tables, preset="synthetic", progress=False)
    from baselines.results import summarise

    results = summarise(folds, labels=sorted(set(fs.y)), features={}, config={}, versions={})
    pair = results["paired"]["speaker"]["numpy_mlp_prosody - numpy_mlp"]
    # the same features and seed: the same predictions, a zero difference
    assert pair["per_fold"] == [0.0]


def test_the_egemaps_variants_are_our_mlp_on_the_egemaps_preset():
    plain, spk = get_model("numpy_mlp_egemaps"), get_model("numpy_mlp_egemaps_spk")
    assert plain.preset == spk.preset == "egemaps" and spk.per_speaker and not plain.per_speaker
    assert plain.grid == get_model("numpy_mlp").grid  # searched like every MLP, inside the folds
    defaults = set(compare.DEFAULT_VARIANTS["speaker"])
    assert {"numpy_mlp_egemaps", "numpy_mlp_egemaps_spk"} <= defaults
    assert compare.tables_needed(["knn"], {"speaker": ["numpy_mlp_egemaps_spk"]}, "default") == [
        ("egemaps", None)]


def test_without_opensmile_the_egemaps_variants_are_left_out_and_recorded(fs, monkeypatch):
    import sys

    from baselines.results import to_markdown

    monkeypatch.setitem(sys.modules, "opensmile", None)  # import opensmile fails
    kept, left_out = compare.without_unavailable({"speaker": ["numpy_mlp_egemaps", "mlp_svc",
                                                              "numpy_mlp_egemaps_spk"]})
    assert kept == {"speaker": ["mlp_svc"]}
    assert set(left_out) == {"numpy_mlp_egemaps", "numpy_mlp_egemaps_spk"}
    assert all('pip install "audio-mlp[opensmile]"' in why for why in left_out.values())
    # asked for by name, it is a problem before any work, not a silent omission
    problems = compare.option_problems(models=["numpy_mlp_egemaps"], protocols=["speaker"],
                                       variants={"speaker": ["numpy_mlp_egemaps_spk"]})
    assert [(p.name, p.value) for p in problems] == [("models", "numpy_mlp_egemaps"),
                                                     ("variants", "numpy_mlp_egemaps_spk")]
    assert "cannot run here: the egemaps preset needs the opensmile package" in problems[0].reason
    result = compare.run(fs, models=["logreg"], protocols=["speaker"], max_folds=1, curves=False,
                         progress=False, left_out=left_out).results
    assert result["config"]["left_out"] == left_out
    text = to_markdown(result)
    assert "Left out: `numpy_mlp_egemaps` (the egemaps preset needs" in text
    assert "Left out: `numpy_mlp_egemaps_spk`" in text and "audio-mlp[opensmile]" in text


def test_with_opensmile_nothing_is_left_out():
    pytest.importorskip("opensmile")
    names = {"speaker": list(compare.DEFAULT_VARIANTS["speaker"])}
    assert compare.unavailable(VARIANT_NAMES) == {}
    assert compare.without_unavailable(names) == (names, {})



class RowRecorder(ClassifierMixin, BaseEstimator):
    """Remembers the rows (after the pipeline's speaker step) of every fit."""

    fits = []

    def fit(self, X, y):
        RowRecorder.fits.append(np.array(X))
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.full(len(X), self.classes_[0])


def test_copy_actors_meet_no_real_actor():
    actors = np.array([1, 2, 24, 24])
    first, second = evaluate.copy_actors(actors, 1), evaluate.copy_actors(actors, 2)
    assert set(first).isdisjoint(actors) and set(second).isdisjoint(actors)
    assert set(first).isdisjoint(second)
    np.testing.assert_array_equal(first % 25, actors)  # still one number per actor
    with pytest.raises(ValueError, match=">= 0"):
        evaluate.copy_actors(np.array([-1, 2]), 1)


@pytest.mark.parametrize("apart", [True, False])
def test_copies_as_speakers_standardise_each_copy_with_its_own_statistics(fs, monkeypatch, apart):
    """A copy that shifts and scales every feature of a speaker (as a speed copy moves pitch) is,
    standardised apart, exactly its original; pooled with the originals, it keeps its shift."""
    monkeypatch.setitem(MODELS, "recorder_voices", ModelSpec(
        lambda rs: RowRecorder(), {}, {}, per_speaker=True, augment=("speed1.1",),
        copies_as_speakers=apart))
    monkeypatch.setattr(evaluate, "make_model", lambda name, random_state=0: Pipeline(
        [("speaker", SpeakerNormaliser(active=True)), ("model", MODELS[name].factory(0))]))
    tables = {("synthetic", None): fs.X, ("synthetic", "speed1.1"): 1.5 * fs.X + 4.0}
    X, copies = model_inputs("recorder_voices", tables, fs.actors, "synthetic")
    assert set(copies[0][:, -1]).isdisjoint(fs.actors) == apart
    train, test = small_fold(fs)
    RowRecorder.fits.clear()
    result = fit_fold("speaker", "recorder_voices", 0, X, fs.y, fs.actors, train, test,
                      copies=copies)
    assert len(result.y_pred) == len(test)  # the originals only are predicted
    (rows,) = RowRecorder.fits  # no search: one fit, the training clips then their copies
    originals, copied = rows[:len(train)], rows[len(train):]
    assert np.allclose(originals, copied) == apart


def test_enrolment_with_copies_scores_the_same_rows_as_without(fs):
    """Speed copies and enrolment together: the clip-number column does not move the enrolment
    draw, so the scored rows are those of the variant without copies."""
    rng = np.random.default_rng(2)
    tables = {("prosody", None): fs.X, ("prosody", "speed0.9"): fs.X + 0.1 * rng.normal(
        size=fs.X.shape), ("prosody", "speed1.1"): fs.X + 0.1 * rng.normal(size=fs.X.shape)}
    X, copies = model_inputs("numpy_mlp_prosody_speedvoices_enrol8", tables, fs.actors, "synthetic")
    train, test = small_fold(fs)
    result = fit_fold("speaker", "numpy_mlp_prosody_speedvoices_enrol8", 0, X, fs.y, fs.actors,
                      train, test, copies=copies, inner_splits=2)
    plain = fit_fold("speaker", "numpy_mlp_prosody_enrol8", 0, X[:, :-1], fs.y, fs.actors, train,
                     test, inner_splits=2)
    np.testing.assert_array_equal(result.test_index, plain.test_index)
    assert len(result.test_index) == 2 * (60 - 8)
    assert "estimator__speaker__with_std" in result.best_params  # searched inside the folds


def test_the_opt_in_variants_stay_out_of_the_default_run_and_the_seed_vote_searches_alpha(fs):
    assert set(compare.OPT_IN_VARIANTS) <= set(VARIANT_NAMES)
    assert not set(compare.OPT_IN_VARIANTS) & set(compare.DEFAULT_VARIANTS["speaker"])
    vote = make_model("numpy_mlp_prosody_speed_seeds5").named_steps["model"]
    assert vote.seeds == (0, 1, 2, 3, 4) and "alpha" in vote.get_params()
    train, test = small_fold(fs, n_train_actors=4)
    X = model_inputs("numpy_mlp", {(None, None): fs.X}, fs.actors, None)[0]
    from baselines.models.ensembles import SeedVote

    model = make_model("numpy_mlp").set_params(model=SeedVote(seeds=(0, 1), alpha=1.0))
    model.fit(X[train], fs.y[train])
    proba = model.predict_proba(X[test])  # (L18.13): the members' probabilities averaged
    members = [m.predict_proba(model[:-1].transform(X[test]))
               for m in model.named_steps["model"].estimators_]
    np.testing.assert_allclose(proba, np.mean(members, axis=0))
    np.testing.assert_array_equal(model.predict(X[test]),
                                  model.classes_[proba.argmax(axis=1)])


def test_the_rich_variant_is_prosody_speed_on_the_prosody_rich_preset_and_opt_in():
    rich, speed = get_model("numpy_mlp_rich_speed"), get_model("numpy_mlp_prosody_speed")
    assert rich.preset == "prosody_rich" and speed.preset == "prosody"
    assert rich.augment == speed.augment == ("speed0.9", "speed1.1")
    assert rich.grid == speed.grid and not rich.per_speaker and not rich.enrolment_k
    assert "numpy_mlp_rich_speed" in compare.OPT_IN_VARIANTS
    # its three tables are extracted only when it is asked for
    assert ("prosody_rich", "speed0.9") in compare.tables_needed(
        ["numpy_mlp"], {"speaker": ["numpy_mlp_rich_speed"]}, "default")
    assert not any(p == "prosody_rich" for p, _ in compare.tables_needed(
        ["numpy_mlp"], compare.DEFAULT_VARIANTS, "default"))
