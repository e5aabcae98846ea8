"""``audio-mlp compare`` and ``audio-mlp train`` end to end (baselines/cli_compare.py, cli_train.py).

Synthetic data for the wiring; with ``RAVDESS_DIR`` set, a reduced comparison on the real features
(two MLPs and one per-speaker baseline, two speaker folds).
"""

import json
import os

import numpy as np
import pytest

from baselines import cli_compare
from baselines.cli import main
from baselines.cli_train import fold_scaler
from baselines.models import make_model
from baselines.speakers import with_actor_column
from baselines.synthetic import make_ravdess_like


@pytest.fixture
def synthetic(monkeypatch):
    fs = make_ravdess_like()
    monkeypatch.setattr("baselines.cli_data.load_features", lambda args, file=None: fs)
    return fs


def test_unknown_names_get_a_clear_message(capsys, tmp_path):
    code = main(["compare", "--models", "svm", "knn", "--protocols", "loso", "--out",
                 str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 2
    assert "unknown model 'svm'" in out and "svc_rbf" in out
    assert "unknown protocol 'loso'" in out and "speaker" in out
    assert not any(tmp_path.iterdir())


def test_train_rejects_bad_hyperparameters_before_loading_data(capsys):
    assert main(["train", "--alpha", "-1", "--lr", "0", "--data", "/nonexistent"]) == 2
    out = capsys.readouterr().out
    assert "--alpha -1.0: must be >= 0" in out and "--lr 0.0: must be > 0" in out
    assert "RAVDESS" not in out  # stopped before looking for the data


def test_train_checks_jobs_like_compare(capsys):
    assert main(["train", "--jobs", "0", "--data", "/nonexistent"]) == 2
    assert main(["compare", "--jobs", "0", "--data", "/nonexistent"]) == 2
    out = capsys.readouterr().out
    assert out.count("--jobs 0: must be >= 1") == 2 and "RAVDESS" not in out


def test_an_unknown_preset_or_a_failed_download_gets_a_clear_message(capsys, monkeypatch):
    assert main(["compare", "--preset", "fancy", "--models", "knn"]) == 2
    out = capsys.readouterr().out
    assert "--preset" in out and "'fancy'" in out and "RAVDESS_DIR" not in out

    def offline(*args, **kwargs):  # what requests raises without network: an OSError
        raise ConnectionError("Failed to resolve 'zenodo.org'")

    monkeypatch.setattr("features.dataset.load_dataset", offline)
    assert main(["compare", "--models", "knn"]) == 2
    out = capsys.readouterr().out
    assert "zenodo.org" in out and "set RAVDESS_DIR" in out


def test_a_missing_or_incomplete_data_folder_says_how_to_fix_it(capsys, tmp_path):
    assert main(["compare", "--data", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 2
    assert "RAVDESS_DIR" in capsys.readouterr().out
    actor = tmp_path / "ravdess" / "Actor_01"
    actor.mkdir(parents=True)
    (actor / "03-01-01-01-01-01-01.wav").write_bytes(b"")
    assert main(["compare", "--data", str(tmp_path / "ravdess"), "--out", str(tmp_path)]) == 2
    out = capsys.readouterr().out
    assert "cannot use the RAVDESS data" in out and "1440" in out
    assert not (tmp_path / "results.json").exists()


def test_compare_writes_results_and_figures(synthetic, tmp_path, capsys):
    out = tmp_path / "res"
    code = main(["compare", "--models", "logreg", "knn_spk", "--protocols", "speaker", "seed",
                 "--max-folds", "2", "--no-curves", "--jobs", "1", "--out", str(out)])
    assert code == 0
    results = json.loads((out / "results.json").read_text())
    assert set(results["protocols"]) == {"speaker", "seed"}
    for protocol, n_folds in (("speaker", 2), ("seed", 1)):
        for model in ("logreg", "knn_spk"):
            row = results["protocols"][protocol][model]
            assert len(row["folds"]) == n_folds
            assert 0.0 <= row["accuracy_mean"] <= 1.0 and isinstance(row["accuracy_std"], float)
    assert results["features"] == {"preset": "synthetic", "n_features": 20, "n_clips": 1440,
                                   "layout": "ravdess"}
    assert "| knn_spk |" in (out / "results.md").read_text()
    figures = sorted(p.name for p in (out / "figures").iterdir())
    assert "comparison.png" in figures and "confusion_speaker_knn_spk.png" in figures
    assert not [p for p in out.rglob(".*")]  # no temporary file left behind
    assert "Protocol `speaker` (2 folds)" in capsys.readouterr().out


def test_an_interrupted_run_writes_nothing(synthetic, tmp_path, monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("baselines.evaluate.run_comparison", interrupted)
    assert main(["compare", "--models", "knn", "--out", str(tmp_path / "res")]) == 130
    assert "nothing was written" in capsys.readouterr().out
    assert not (tmp_path / "res").exists()


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_folding_the_scaler_into_the_first_layer_keeps_the_predictions():
    fs = make_ravdess_like(n_features=6)
    X_aug = with_actor_column(fs.X, fs.actors)
    pipeline = make_model("numpy_mlp").set_params(model__hidden_layer_sizes=(12,),
                                                  model__max_iter=20).fit(X_aug, fs.y)
    folded = fold_scaler(pipeline.named_steps["model"], pipeline.named_steps["scale"])
    np.testing.assert_allclose(folded.predict_proba(fs.X), pipeline.predict_proba(X_aug),
                               atol=1e-10)
    # the original classifier is untouched: it still expects scaled input
    assert not np.allclose(pipeline.named_steps["model"].coefs_[0], folded.coefs_[0])


def needs_ravdess():
    if not os.environ.get("RAVDESS_DIR"):
        pytest.skip("RAVDESS_DIR is not set: point it at the folder holding Actor_01 ... Actor_24")


def test_reduced_comparison_on_ravdess(tmp_path):
    needs_ravdess()
    out = tmp_path / "res"
    code = main(["compare", "--models", "numpy_mlp", "sklearn_mlp", "svc_rbf_spk",
                 "--protocols", "speaker", "--max-folds", "2", "--no-curves", "--jobs", "2",
                 "--out", str(out)])
    assert code == 0
    results = json.loads((out / "results.json").read_text())
    table = results["protocols"]["speaker"]
    assert results["features"]["n_clips"] == 1440 and set(table) == {"numpy_mlp", "sklearn_mlp",
                                                                      "svc_rbf_spk"}
    for row in table.values():
        assert len(row["folds"]) == 2 and all(f["n_test"] == 240 for f in row["folds"])
        assert row["accuracy_mean"] > 1 / 8 + 0.15  # clearly better than chance (12.5%)
    # the target: our MLP within 1.5 points of scikit-learn's, fold by fold
    diff = results["paired"]["speaker"]["numpy_mlp - sklearn_mlp"]
    assert diff["max_abs"] <= 0.015


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_train_on_ravdess_saves_a_standalone_model(tmp_path, capsys):
    needs_ravdess()
    from features.dataset import load_dataset
    from mlp import MLPClassifier

    path = tmp_path / "model.npz"
    assert main(["train", "--protocol", "speaker", "--max-folds", "1", "--max-iter", "15",
                 "--hidden", "64", "--out", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Iteration 15, loss" in out and "fold 0: accuracy" in out
    model = MLPClassifier.load(path)
    fs = load_dataset(progress=False)
    assert model.coefs_[0].shape == (fs.X.shape[1], 64)
    assert np.mean(model.predict(fs.X) == fs.y) > 0.5  # trained on these clips
