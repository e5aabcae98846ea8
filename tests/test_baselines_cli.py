"""``audio-mlp compare`` and ``audio-mlp train`` end to end (baselines/cli/compare.py, train.py).

Synthetic data for the wiring; with ``RAVDESS_DIR`` set, a reduced comparison on the real features
(two MLPs and one per-speaker baseline, two speaker folds).
"""

import json
import os

import numpy as np
import pytest

from baselines.cli import main
from baselines.models.model_file import fold_scaler
from baselines.models.registry import make_model
from baselines.models.speakers import with_actor_column
from baselines.synthetic import make_ravdess_like


@pytest.fixture
def synthetic(monkeypatch):
    """``load_dataset`` returns the synthetic speakers; the calls it got are in ``fs.calls``."""
    fs = make_ravdess_like()
    fs.calls = []
    monkeypatch.setattr("features.dataset.load_dataset",
                        lambda *args, **kwargs: fs.calls.append(kwargs) or fs)
    return fs


@pytest.fixture
def no_data(monkeypatch):
    """Fails the test if a command reads any data."""
    def forbidden(*args, **kwargs):
        raise AssertionError("the data was read before the options were checked")

    monkeypatch.setattr("features.dataset.load_dataset", forbidden)


@pytest.fixture
def no_fitting(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("fitting started before the options were checked")

    monkeypatch.setattr("baselines.evaluation.evaluate.run_comparison", forbidden)


def errors_of(capsys):
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.err


QUICK = ["--models", "logreg", "knn_spk", "--protocols", "speaker", "seed", "--max-folds", "2",
         "--no-curves", "--jobs", "1", "--no-variants"]


def test_unknown_names_get_a_clear_message(capsys, tmp_path, no_data):
    code = main(["compare", "--models", "svm", "knn", "--protocols", "loso", "--out",
                 str(tmp_path)])
    err = errors_of(capsys)
    assert code == 2
    assert "audio-mlp: error: --models svm: unknown model 'svm'" in err and "svc_rbf" in err
    assert "--protocols loso: unknown protocol 'loso'" in err and "speaker" in err
    assert not any(tmp_path.iterdir())


def test_an_unknown_preset_is_refused_by_the_parser_with_the_choices(capsys, no_data):
    with pytest.raises(SystemExit) as stop:
        main(["compare", "--preset", "fancy"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "--preset" in err and "'fancy'" in err and "default" in err and "seed" in err


def test_train_rejects_bad_hyperparameters_before_loading_data(capsys, no_data):
    assert main(["train", "--alpha", "-1", "--lr", "0", "--data", "/nonexistent"]) == 2
    err = errors_of(capsys)
    assert "--alpha -1.0: must be between 0 and 10000" in err and "--lr 0.0: must be > 0" in err
    assert "RAVDESS" not in err  # stopped before looking for the data


@pytest.mark.parametrize("command", [["compare"], ["train"], ["features"]])
@pytest.mark.parametrize("jobs", ["0", "-3"])
def test_every_command_names_a_bad_jobs_option(command, jobs, capsys, no_data):
    assert main(command + ["--jobs", jobs, "--data", "/nonexistent"]) == 2
    err = errors_of(capsys)
    assert f"--jobs {jobs}: must be >= 1" in err and "RAVDESS" not in err


@pytest.mark.parametrize("limit", ["0", "-3"])
def test_features_names_a_bad_limit(limit, capsys, no_data):
    assert main(["features", "--limit", limit]) == 2
    err = errors_of(capsys)
    assert f"--limit {limit}: must be >= 1" in err and "RAVDESS" not in err


@pytest.mark.parametrize("command", [["compare"], ["train"]])
@pytest.mark.parametrize("seed", ["-1", str(2**32)])
def test_a_seed_outside_the_range_numpy_accepts_is_refused(command, seed, capsys, no_data):
    assert main(command + ["--seed", seed]) == 2
    assert f"--seed {seed}: must be between 0 and 4294967295" in errors_of(capsys)


def test_repeated_models_are_refused_before_any_work(capsys, no_data):
    assert main(["compare", "--models", "numpy_mlp", "sklearn_mlp", "numpy_mlp"]) == 2
    assert "--models numpy_mlp sklearn_mlp numpy_mlp: numpy_mlp given more than once" in \
        errors_of(capsys)


def test_too_many_inner_splits_are_refused_before_fitting(synthetic, tmp_path, capsys,
                                                          no_fitting):
    code = main(["compare", "--models", "knn", "--protocols", "speaker", "--inner-splits", "21",
                 "--out", str(tmp_path / "res")])
    assert code == 2
    assert ("--inner-splits 21: the training part of fold 0 of protocol speaker has only 20 "
            "actors") in errors_of(capsys)
    assert not (tmp_path / "res").exists()


def test_jobs_beyond_the_cpus_are_capped_with_a_note(synthetic, tmp_path, capsys):
    from joblib import cpu_count

    code = main(["compare", "--models", "logreg", "--protocols", "seed", "--no-curves",
                 "--no-variants", "--jobs", "100000", "--out", str(tmp_path / "res")])
    assert code == 0
    assert f"--jobs 100000 is more than the {cpu_count()} CPUs here; using {cpu_count()}" in \
        capsys.readouterr().err
    assert synthetic.calls[0]["n_jobs"] == cpu_count()
    assert json.loads((tmp_path / "res" / "results.json").read_text())["config"]["jobs"] == \
        cpu_count()


def test_a_missing_or_incomplete_data_folder_says_how_to_fix_it(capsys, tmp_path):
    assert main(["compare", "--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "r")]) == 2
    err = errors_of(capsys)
    assert "RAVDESS_DIR" in err and "--data " + str(tmp_path / "nowhere") in err
    assert "data_dir" not in err
    actor = tmp_path / "ravdess" / "Actor_01"
    actor.mkdir(parents=True)
    (actor / "03-01-01-01-01-01-01.wav").write_bytes(b"")
    assert main(["compare", "--data", str(tmp_path / "ravdess"), "--out", str(tmp_path / "r")]) == 2
    err = errors_of(capsys)
    assert "cannot use the RAVDESS data" in err and "1440" in err and "limit" not in err
    assert main(["features", "--data", str(tmp_path / "ravdess"),
                 "--cache", str(tmp_path / "cache")]) == 2
    err = errors_of(capsys)
    assert "--limit N" in err and "limit=" not in err  # the option, not the Python parameter
    assert not (tmp_path / "r").exists()


def test_a_failed_download_gets_the_data_advice(capsys, monkeypatch, tmp_path):
    def offline(*args, **kwargs):  # what requests raises without network: an OSError
        raise ConnectionError("Failed to resolve 'zenodo.org'")

    monkeypatch.setattr("features.dataset.load_dataset", offline)
    assert main(["compare", "--models", "knn", "--out", str(tmp_path / "r")]) == 2
    err = errors_of(capsys)
    assert "zenodo.org" in err and "set RAVDESS_DIR" in err


def test_a_cache_that_cannot_be_written_is_named_and_the_data_is_not_blamed(capsys, monkeypatch,
                                                                             tmp_path):
    entry = tmp_path / "cache" / "features" / "default-1234.npz"

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(entry))

    monkeypatch.setattr("features.dataset.load_dataset", read_only)
    assert main(["compare", "--models", "knn", "--data", str(tmp_path / "data"), "--layout",
                 "ravdess", "--out", str(tmp_path / "r")]) == 2
    err = errors_of(capsys)
    assert f"cannot write {entry}: Permission denied" in err and "AUDIO_MLP_CACHE" in err
    assert "set RAVDESS_DIR" not in err and "cannot use the RAVDESS data" not in err


def test_ctrl_c_while_loading_the_features_is_a_message_not_a_traceback(capsys, monkeypatch,
                                                                         tmp_path):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("features.dataset.load_dataset", interrupted)
    for command in (["compare", "--out", str(tmp_path / "r")], ["train"], ["features"]):
        assert main(command) == 130
        assert "interrupted" in errors_of(capsys)


@pytest.mark.parametrize("out", ["model.bin", "missing/model.npz", "."])
def test_train_checks_its_model_path_before_loading_data(out, tmp_path, capsys, no_data):
    assert main(["train", "--out", str(tmp_path / out)]) == 2
    err = errors_of(capsys)
    assert f"--out {tmp_path / out}:" in err and "RAVDESS" not in err


def test_an_output_path_that_is_a_file_is_refused_before_any_work(tmp_path, capsys, no_data):
    taken = tmp_path / "taken"
    taken.write_text("mine")
    assert main(["compare", "--out", str(taken)]) == 2
    assert f"--out: {taken} is a file, not a folder" in errors_of(capsys)
    assert main(["figures", "--out", str(taken)]) == 2
    assert f"--out {taken}: is a file, not a folder" in errors_of(capsys)
    assert main(["features", "--cache", str(taken)]) == 2
    assert f"--cache {taken}: is a file, not a folder" in errors_of(capsys)
    assert main(["compare", "--out", str(tmp_path / "no" / "such")]) == 2
    assert f"the folder {tmp_path / 'no'} does not exist" in errors_of(capsys)
    assert taken.read_text() == "mine"


def test_compare_writes_results_and_figures(synthetic, tmp_path, capsys):
    out = tmp_path / "res"
    assert main(["compare", *QUICK, "--out", str(out)]) == 0
    results = json.loads((out / "results.json").read_text())
    assert set(results["protocols"]) == {"speaker", "seed"}
    for protocol, n_folds in (("speaker", 2), ("seed", 1)):
        for model in ("logreg", "knn_spk"):
            row = results["protocols"][protocol][model]
            assert len(row["folds"]) == n_folds
            assert 0.0 <= row["accuracy_mean"] <= 1.0 and isinstance(row["accuracy_std"], float)
    assert results["features"] == {"preset": "synthetic", "n_features": 20, "n_clips": 1440,
                                   "layout": "ravdess"}
    markdown = (out / "results.md").read_text()
    assert "| knn_spk |" in markdown
    figures = sorted(p.name for p in (out / "figures").iterdir())
    assert "comparison.png" in figures and "confusion_speaker_knn_spk.png" in figures
    assert not [p for p in out.rglob(".*")]  # no temporary file left behind
    assert sorted(p.name for p in tmp_path.iterdir()) == ["res"]  # nor a temporary folder
    printed = capsys.readouterr().out
    assert markdown in printed and "Protocol `speaker` (2 folds)" in printed


def test_a_second_run_replaces_the_first_and_leaves_no_stale_figure(synthetic, tmp_path):
    out = tmp_path / "res"
    assert main(["compare", *QUICK, "--out", str(out)]) == 0
    assert (out / "figures" / "confusion_seed_logreg.png").exists()
    assert main(["compare", "--models", "knn", "--protocols", "seed", "--no-curves", "--jobs",
                 "1", "--no-variants", "--out", str(out)]) == 0
    figures = sorted(p.name for p in (out / "figures").iterdir())
    assert figures == ["comparison.png", "confusion_seed_knn.png"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["res"]


def test_a_folder_holding_other_files_is_refused_before_any_work(tmp_path, capsys, no_data):
    out = tmp_path / "res"
    (out / "figures").mkdir(parents=True)
    (out / "results.md").write_text("old")
    (out / "figures" / "comparison.png").write_bytes(b"old")
    (out / "notes.txt").write_text("mine")
    (out / "figures" / "diagram.svg").write_text("mine")
    assert main(["compare", "--out", str(out)]) == 2
    err = errors_of(capsys)
    assert "figures/diagram.svg" in err and "notes.txt" in err and "results.md" not in err
    assert (out / "notes.txt").read_text() == "mine" and (out / "results.md").read_text() == "old"


def previous_run(out):
    (out / "figures").mkdir(parents=True)
    (out / "results.md").write_text("old")
    (out / "results.json").write_text("{}")
    (out / "figures" / "confusion_seed_svc_rbf.png").write_bytes(b"old")
    return sorted(p.relative_to(out) for p in out.rglob("*"))


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError(28, "No space left on device")])
def test_an_interrupted_or_failed_write_keeps_the_previous_run(failure, synthetic, tmp_path,
                                                               monkeypatch, capsys):
    out = tmp_path / "res"
    before = previous_run(out)

    def fails(*args, **kwargs):
        raise failure

    monkeypatch.setattr("baselines.results.write_results", fails)  # after the figures
    code = main(["compare", *QUICK, "--out", str(out)])
    err = errors_of(capsys)
    assert code == (130 if failure is KeyboardInterrupt else 2)
    assert f"{out} is as it was" in err
    if failure is not KeyboardInterrupt:
        assert "No space left on device" in err
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert (out / "results.md").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["res"]  # no temporary folder left


def test_an_interrupted_computation_writes_nothing(synthetic, tmp_path, monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("baselines.evaluation.evaluate.run_comparison", interrupted)
    assert main(["compare", "--models", "knn", "--no-variants", "--out",
                 str(tmp_path / "res")]) == 130
    assert "nothing was written" in errors_of(capsys)
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
                 "--no-variants", "--out", str(out)])
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
    from baselines.models.model_file import DEFAULT_RECIPE, Model
    from baselines.models.registry import get_model
    from features.dataset import load_dataset

    path = tmp_path / "model.npz"
    assert main(["train", "--protocol", "speaker", "--max-folds", "1", "--max-iter", "15", "--verbose",
                 "--hidden", "64", "--out", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Iteration 15, loss" in out and "fold 0: accuracy" in out
    saved = Model.load(path)
    assert saved.recipe == DEFAULT_RECIPE  # the default recipe, on its own preset's features
    model, fs = saved.classifier, load_dataset(preset=saved.preset, progress=False)
    assert saved.preset == get_model(DEFAULT_RECIPE).preset
    assert model.coefs_[0].shape == (fs.X.shape[1], 64)
    assert np.mean(model.predict(fs.X) == fs.y) > 0.5  # trained on these clips


def test_variants_default_to_speaker_and_follow_the_options():
    import argparse

    from baselines.cli import compare as cli_compare
    from baselines.compare import DEFAULT_VARIANTS

    parser = argparse.ArgumentParser()
    cli_compare.register(parser.add_subparsers())
    groups = lambda *argv: cli_compare.variant_groups(parser.parse_args(["compare", *argv]))  # noqa: E731
    assert groups() == {p: list(names) for p, names in DEFAULT_VARIANTS.items()}
    assert groups("--no-variants") == {}
    assert groups("--variants", "mlp_svc", "--variant-protocols", "speaker", "random5") == {
        "speaker": ["mlp_svc"], "random5": ["mlp_svc"]}


def test_without_opensmile_the_default_run_leaves_egemaps_out_and_says_so(synthetic, tmp_path,
                                                                        capsys, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "opensmile", None)  # import opensmile fails
    # a cheap default list with one egemaps variant in it
    monkeypatch.setattr("baselines.compare.DEFAULT_VARIANTS",
                        {"speaker": ("numpy_mlp_egemaps", "numpy_mlp_seeds5")})
    # and one cheap default model: the default variants run only when --models is not given
    monkeypatch.setattr("baselines.models.registry.ALL_MODEL_NAMES", ("logreg",))
    out = tmp_path / "res"
    assert main(["compare", "--protocols", "speaker", "--max-folds", "1",
                 "--no-curves", "--jobs", "1", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "variants: numpy_mlp_egemaps left out (the egemaps preset needs the opensmile" in printed
    results = json.loads((out / "results.json").read_text())
    assert set(results["protocols"]["speaker"]) == {"logreg", "numpy_mlp_seeds5"}
    why = results["config"]["left_out"]["numpy_mlp_egemaps"]
    assert 'pip install "audio-mlp[opensmile]"' in why
    assert "Left out: `numpy_mlp_egemaps`" in (out / "results.md").read_text()
    assert "Left out: `numpy_mlp_egemaps`" in printed
    # asked for by name, it is refused before any work
    assert main(["compare", "--variants", "numpy_mlp_egemaps", "--out", str(tmp_path / "r")]) == 2
    assert "--variants numpy_mlp_egemaps: cannot run here" in errors_of(capsys)


def test_an_unknown_variant_is_refused_before_any_work(tmp_path, capsys, no_data):
    assert main(["compare", "--variants", "numpy_mlp_big", "--out", str(tmp_path / "r")]) == 2
    assert "unknown model 'numpy_mlp_big'" in errors_of(capsys)


def test_demo_trains_on_the_digits_and_prints_the_test_accuracy(capsys):
    from baselines.course.digits_demo import train_on_digits

    run = train_on_digits(hidden=32, epochs=30, seed=0)
    assert (run.n_train, run.n_test, run.n_iter) == (1347, 450, 30)
    assert run.accuracy > 0.9  # far above the 10% of guessing
    assert main(["demo", "--hidden", "32", "--epochs", "30"]) == 0
    assert f"test accuracy: {run.accuracy:.2%}" in capsys.readouterr().out  # same seed, same run
