"""results.json / results.md and the figures (baselines/results.py, baselines/figures/comparison.py)."""

import json
import os

import numpy as np
import pytest

from baselines import results
from baselines.evaluation.curves import Curve
from baselines.evaluation.evaluate import FoldResult
from baselines.evaluation.metrics import label_order
from baselines.figures import comparison as plots

LABELS = label_order(np.array(["neutral", "calm", "happy"]))


def fold(protocol, model, k, correct):
    """A FoldResult with 4 test clips of which ``correct`` are right."""
    y_true = np.array(["neutral", "calm", "happy", "calm"])
    y_pred = np.where(np.arange(4) < correct, y_true, "happy")
    y_pred[2] = "happy" if correct > 2 else "neutral"  # clip 2 (happy) is right only if correct > 2
    return FoldResult(protocol=protocol, model=model, fold=k, test_index=np.arange(4) + 4 * k,
                      y_true=y_true, y_pred=y_pred, best_params={"model__alpha": 0.01},
                      inner_score=0.5, seconds=1.0, loss_curve=[1.0, 0.5])


@pytest.fixture
def summary():
    folds = [fold("speaker", "numpy_mlp", 0, 4), fold("speaker", "numpy_mlp", 1, 2),
             fold("speaker", "sklearn_mlp", 0, 3), fold("speaker", "sklearn_mlp", 1, 2),
             fold("seed", "knn", 0, 1)]
    return results.summarise(folds, labels=LABELS,
                             features={"preset": "x", "n_features": 3, "n_clips": 20},
                             config={"grid": {"alpha": (1, 2)}, "full": False, "inner_splits": 3},
                             versions={"numpy": "x"})


def test_summary_has_the_published_shape_and_numbers(summary):
    row = summary["protocols"]["speaker"]["numpy_mlp"]
    assert [f["accuracy"] for f in row["folds"]] == [1.0, 0.5]
    assert row["accuracy_mean"] == 0.75 and row["accuracy_std"] == 0.25
    assert set(row) >= {"accuracy_mean", "accuracy_std", "macro_f1_mean", "folds"}
    assert summary["protocols"]["seed"]["knn"]["accuracy_std"] == 0.0
    assert set(summary) >= {"protocols", "features", "config", "versions"}
    # pooled confusion counts: 8 test clips over the two folds
    assert np.sum(row["confusion"]) == 8
    np.testing.assert_allclose(np.sum(row["confusion_normalised"], axis=1), 1.0)
    diff = summary["paired"]["speaker"]["numpy_mlp - sklearn_mlp"]
    np.testing.assert_allclose(diff["per_fold"], [0.25, 0.0])
    assert "seed" not in summary["paired"]  # no pair ran under seed


def test_n_iter_is_the_fitted_models_count_not_the_length_of_its_loss_curve():
    # an lbfgs MLP or a logistic regression keeps no loss curve but has run iterations; an
    # early-stopped MLP's curve and n_iter_ agree, but the count must come from n_iter_ alone
    folds = [FoldResult(**{**vars(fold("grouped", "logreg", 0, 2)), "loss_curve": [],
                           "n_iter": 37}),
             FoldResult(**{**vars(fold("grouped", "numpy_mlp", 0, 2)), "n_iter": 12}),
             FoldResult(**{**vars(fold("grouped", "knn", 0, 2)), "loss_curve": []})]
    out = results.summarise(folds, labels=LABELS, features={}, config={}, versions={})
    table = out["protocols"]["grouped"]
    assert table["logreg"]["folds"][0]["n_iter"] == 37
    assert table["numpy_mlp"]["folds"][0]["n_iter"] == 12  # its loss curve has 2 entries
    assert table["knn"]["folds"][0]["n_iter"] is None  # nothing iterated


def test_files_round_trip_and_markdown_lists_every_model(summary, tmp_path):
    js, md = results.write_results(summary, tmp_path)
    loaded = json.loads(js.read_text())
    assert loaded["protocols"]["speaker"]["numpy_mlp"]["accuracy_mean"] == 0.75
    assert loaded["config"]["grid"]["alpha"] == [1, 2]  # tuples became lists
    text = md.read_text()
    assert "`x` preset, 3 features, 20 clips" in text and "(3 inner folds, small grid)" in text
    assert "| numpy_mlp | 75.0 ± 25.0 |" in text and "| knn | 25.0 ± 0.0 |" in text
    assert "`numpy_mlp - sklearn_mlp`: +12.50 ± 12.50 points" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["results.json", "results.md"]


def test_an_interrupted_write_keeps_the_old_file_and_leaves_no_temporary(summary, tmp_path,
                                                                         monkeypatch):
    (tmp_path / "results.md").write_text("old")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        results.write_results(summary, tmp_path)
    assert (tmp_path / "results.md").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["results.md"]


def test_figures_are_written_as_png(summary, tmp_path):
    png = b"\x89PNG"
    row = summary["protocols"]["speaker"]["numpy_mlp"]
    paths = [
        plots.plot_confusion(row["confusion_normalised"], LABELS, title="t", path=tmp_path / "c.png"),
        plots.plot_loss_curves({"a": [1.0, 0.5], "b": [1.1, 0.4]}, title="t", path=tmp_path / "l.png"),
        plots.plot_comparison(summary, path=tmp_path / "bars.png"),
        plots.plot_curve(Curve("alpha", [0.1, 1.0], np.ones((2, 3)), np.zeros((2, 3))), title="t",
                         path=tmp_path / "v.png", log_x=True),
    ]
    assert all(p.read_bytes()[:4] == png for p in paths)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bars.png", "c.png", "l.png", "v.png"]
    with pytest.raises(ValueError, match="does not match 3 labels"):
        plots.plot_confusion(np.eye(2), LABELS, title="t", path=tmp_path / "bad.png")


def test_written_files_get_the_permissions_of_an_ordinary_new_file(summary, tmp_path):
    mask = os.umask(0o022)
    try:
        path, _ = results.write_results(summary, tmp_path)
        figure = plots.plot_loss_curves({"a": [1.0]}, title="t", path=tmp_path / "l.png")
    finally:
        os.umask(mask)
    assert oct(path.stat().st_mode & 0o777) == oct(figure.stat().st_mode & 0o777) == oct(0o644)


def test_the_confusion_figure_puts_the_truth_on_rows_with_one_label_list(monkeypatch, tmp_path):
    drawn = []
    monkeypatch.setattr(plots, "save_figure", lambda fig, path: drawn.append(fig) or path)
    C = np.array([[0.5, 0.5, 0.0], [0.0, 1.0, 0.0], [0.25, 0.0, 0.75]])  # row i: true LABELS[i]
    plots.plot_confusion(C, LABELS, title="t", path=tmp_path / "c.png")
    ax = drawn[0].axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == LABELS
    assert [t.get_text() for t in ax.get_yticklabels()] == LABELS
    assert ax.get_ylabel() == "true emotion" and ax.get_xlabel() == "predicted emotion"
    np.testing.assert_array_equal(ax.images[0].get_array(), C)  # imshow: row i drawn at y = i
    assert ax.texts[2 * 3 + 2].get_text() == "0.75"  # cell (true happy, predicted happy)


def test_importing_the_plots_module_leaves_matplotlib_alone():
    import subprocess
    import sys

    code = ("import sys, baselines.figures.comparison; "
            "print('matplotlib.pyplot' in sys.modules, 'matplotlib' in sys.modules)")
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         check=True).stdout
    assert out.split() == ["False", "False"]


def test_balanced_accuracy_beside_accuracy_when_classes_are_unequal(summary):
    """Here calm has 2 clips per fold, neutral and happy 1: the column appears, computed per fold."""
    from sklearn.metrics import balanced_accuracy_score

    row = summary["protocols"]["speaker"]["sklearn_mlp"]
    f = fold("speaker", "sklearn_mlp", 0, 3)  # accuracy 3/4; recalls 1, 1/2, 1: balanced 5/6
    assert row["folds"][0]["accuracy"] == 0.75
    assert row["folds"][0]["balanced_accuracy"] == pytest.approx(5 / 6)
    assert row["folds"][0]["balanced_accuracy"] == pytest.approx(
        balanced_accuracy_score(f.y_true, f.y_pred))
    text = results.to_markdown(summary)
    assert "| model | accuracy | balanced accuracy | macro-F1 |" in text
    assert "per-speaker-normalised" in text  # RAVDESS's words when no layout is named
    equal = results.summarise(
        [FoldResult(protocol="grouped", model="logreg", fold=0, test_index=np.arange(2),
                    y_true=np.array(["a", "b"]), y_pred=np.array(["a", "a"]), best_params={},
                    inner_score=None, seconds=0.1)],
        labels=["a", "b"], features={"preset": "x", "n_features": 3, "n_clips": 2, "layout": "folders"},
        config={"full": False, "inner_splits": 3}, versions={"numpy": "x"})
    text = results.to_markdown(equal)
    assert "| model | accuracy | macro-F1 |" in text and "balanced" not in text
    assert "per-group-normalised variant: each group's features" in text


@pytest.mark.parametrize("rows, command", [
    ({"numpy_mlp_prosody_spk": 0.67, "numpy_mlp_prosody_speed": 0.59, "numpy_mlp": 0.53},
     "the best that classifies a single new recording is `numpy_mlp_prosody_speed`: "
     "`audio-mlp train --data YOUR_FOLDER --recipe numpy_mlp_prosody_speed`"),
    ({"numpy_mlp": 0.53, "svc_rbf": 0.50}, "`audio-mlp train --data YOUR_FOLDER --recipe numpy_mlp`"),
    ({"svc_rbf": 0.50}, "none of these rows is a recipe a model file holds; `audio-mlp train --data "
                        "YOUR_FOLDER` trains the default"),
])
def test_the_reading_guide_names_a_recipe_train_can_save(rows, command):
    from baselines.results import reading_guide

    results = {"protocols": {"speaker": {m: {"accuracy_mean": a} for m, a in rows.items()}},
               "features": {"preset": "default"}}
    guide = reading_guide(results)
    assert guide.startswith("Trust `speaker`") and command in guide
    assert f"The best row here is `{max(rows, key=rows.get)}`" in guide
