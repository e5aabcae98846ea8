"""Calibration and novelty (issue 24, item 5): the pieces on synthetic numbers, and the aims on
RAVDESS (held-out clips rarely flagged, the calibration error falls, odd sounds flagged)."""

import os

import numpy as np
import pytest

from baselines.models.confidence import (HeldOutFold, Novelty, apply_temperature,
                                         expected_calibration_error, fit_temperature,
                                         held_out_report, reliability)


def overconfident(n=600, seed=0, accuracy=0.6, n_classes=4):
    """Probabilities that are right ``accuracy`` of the time but put 0.97 on their top class."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, n_classes, n)
    top = np.where(rng.random(n) < accuracy, y, (y + 1) % n_classes)
    proba = np.full((n, n_classes), 0.03 / (n_classes - 1))
    proba[np.arange(n), top] = 0.97
    return proba, y


def test_a_perfectly_calibrated_set_has_no_calibration_error():
    proba = np.array([[0.75, 0.25]] * 4)  # 75% sure, and right 3 times in 4
    assert expected_calibration_error(proba, np.array([0, 0, 0, 1])) == pytest.approx(0)
    assert expected_calibration_error(proba, np.array([0, 0, 0, 0])) == pytest.approx(0.25)


def test_temperature_scaling_keeps_the_labels_and_lowers_the_error():
    proba, y = overconfident()
    temperature = fit_temperature(proba, y)
    scaled = apply_temperature(proba, temperature)
    assert temperature > 1
    assert (scaled.argmax(axis=1) == proba.argmax(axis=1)).all()
    assert expected_calibration_error(scaled, y) < expected_calibration_error(proba, y) / 4
    assert np.allclose(scaled.sum(axis=1), 1)
    confidence, accuracy, counts = reliability(scaled, y)
    assert counts.sum() == len(y) and np.nanmax(np.abs(confidence - accuracy)) < 0.1


def test_novelty_flags_rows_far_from_the_training_rows():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(400, 20)) @ rng.normal(size=(20, 20))  # correlated features
    novelty = Novelty.fit(X[:300])
    threshold = np.quantile(novelty.score(X[300:]), 0.99)
    novelty.threshold = threshold
    assert novelty.flagged(X[300:]).mean() <= 0.02
    odd = X[300:310].copy()
    odd[:, 0] = X[:, 0].max() * 3  # one feature far outside its range
    assert novelty.flagged(odd).all()


def test_the_report_scores_each_fold_with_the_other_folds_settings():
    folds = []
    for seed in range(3):
        proba, y = overconfident(seed=seed)
        folds.append(HeldOutFold(y, proba, np.random.default_rng(seed).chisquare(5, len(y))))
    report = held_out_report(folds)
    assert len(report.ece_before) == 3 and all(
        after < before for before, after in zip(report.ece_before, report.ece_after))
    assert report.temperature > 1 and all(0 <= share <= 0.05 for share in report.flagged)
    single = held_out_report(folds[:1])
    assert single.ece_before == [] and single.temperature > 1


@pytest.fixture(scope="module")
def ravdess_model(tmp_path_factory):
    """A small MLP on RAVDESS under the speaker protocol (each fold's held-out predictions kept),
    then the final model calibrated on them, as audio-mlp train does."""
    if not os.environ.get("RAVDESS_DIR"):
        pytest.skip("RAVDESS_DIR is not set: point it at the folder holding Actor_01 ... Actor_24")
    from baselines.evaluation.evaluate import fit_fold
    from baselines.evaluation.protocols import get_protocol
    from baselines.models.confidence import held_out_fold
    from baselines.models.model_file import train_model
    from baselines.models.speakers import with_actor_column
    from features.dataset import load_dataset

    fs = load_dataset(progress=False)
    params = {"model__hidden_layer_sizes": (64,), "model__max_iter": 60,
              "model__early_stopping": False}
    X_aug, classes = with_actor_column(fs.X, fs.actors), np.unique(fs.y)
    folds = []
    for k, (train, test) in enumerate(get_protocol("speaker").outer_splits(fs.y, fs.actors)):
        result = fit_fold("speaker", "numpy_mlp", k, X_aug, fs.y, fs.actors, train, test,
                          params=params, keep_proba=True)
        folds.append(held_out_fold(result, fs.X, train, classes))
    report = held_out_report(folds)
    return train_model(fs, params, recipe="numpy_mlp", held_out=report), report


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_on_ravdess_few_held_out_clips_are_flagged_and_calibration_improves(ravdess_model):
    _, report = ravdess_model
    assert np.mean(report.flagged) <= 0.05
    assert np.mean(report.ece_after) < np.mean(report.ece_before)
    assert sum(a < b for a, b in zip(report.ece_after, report.ece_before)) >= 5  # of 6 folds


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_on_ravdess_a_tone_noise_and_padded_silence_are_flagged(ravdess_model, tmp_path):
    import soundfile as sf

    model, _ = ravdess_model
    sr, seconds = 48000, 3.5  # RAVDESS's rate and a typical clip's length
    t = np.arange(int(sr * seconds)) / sr
    rng = np.random.default_rng(0)
    near_silence = np.zeros_like(t)
    near_silence[: sr // 10] = 1e-3 * rng.standard_normal(sr // 10)  # a faint click, then zeros
    sounds = {"sine.wav": 0.5 * np.sin(2 * np.pi * 220 * t),
              "noise.wav": np.clip(0.3 * rng.standard_normal(t.size), -1, 1),
              "silence.wav": near_silence}
    for name, wave in sounds.items():
        sf.write(tmp_path / name, wave, sr)
    predictions = model.predict_files([tmp_path])
    assert sorted(p.name for p in predictions.paths) == sorted(sounds)
    assert predictions.flagged.all(), dict(zip(predictions.paths, predictions.novelty))
