"""``audio-mlp train --recipe`` and ``train_model(recipe=...)``: the comparison's model, its features
and its augmented copies, recorded in the saved model so that ``predict`` extracts the same
features; refusals of models a single new recording cannot use; a model saved on the training
groups scores the held-out groups as the comparison's fold fit does."""

import dataclasses
import json
import os
import zipfile
from pathlib import Path

import numpy as np
import pytest
from threadpoolctl import threadpool_limits

from baselines.cli import build_parser, main
from baselines.compare import load_tables, tables_needed
from baselines.evaluation.evaluate import fit_fold, model_inputs
from baselines.evaluation.protocols import get_protocol
from baselines.models.mlp_params import MLP_PARAMS
from baselines.models.model_file import (DEFAULT_RECIPE, RECIPES, TRAINED_SETTINGS, Model,
                                         recipe_problem, recipe_settings, train_model)
from baselines.models.registry import MODELS, get_model, make_model
from baselines.models.speakers import with_actor_column
from features.collection_dataset import load_collection
from features.synthetic_corpus import make_corpus, write_manifest

RAVDESS = os.environ.get("RAVDESS_DIR")
SMALL = ["--hidden", "16", "--max-iter", "30", "--max-folds", "1", "--jobs", "1"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """36 clips of 3 classes and 4 groups, listed in a manifest with their groups."""
    root = tmp_path_factory.mktemp("recipe")
    paths = make_corpus(root / "sounds", n_classes=3, n_groups=4, per_group=3, seconds=0.4,
                        sr=[16000, 22050])
    return root, write_manifest(root / "list.tsv", paths)


@pytest.fixture
def cache(corpus, monkeypatch):
    root, _ = corpus
    monkeypatch.setenv("AUDIO_MLP_CACHE", str(root / "cache"))
    return root / "cache"


def train(manifest, out, *options):
    return main(["train", "--data", str(manifest), *SMALL, "--out", str(out), *options])


def test_the_default_recipe_is_a_recipe_with_a_preset_and_copies():
    assert DEFAULT_RECIPE in RECIPES and RECIPES[0] == "numpy_mlp"
    spec = get_model(DEFAULT_RECIPE)
    assert spec.preset == "prosody" and spec.augment  # what lesson 19 says it is
    for name in MODELS:
        assert (name in RECIPES) == (recipe_problem(name) is None)
    for name in RECIPES:  # train's --help: the settings are MLP_PARAMS for every recipe
        assert recipe_settings(name) == {key: MLP_PARAMS[key] for key in TRAINED_SETTINGS}


def test_train_records_the_default_recipe_and_predict_extracts_its_preset(corpus, cache, capsys,
                                                                          tmp_path, monkeypatch):
    _, manifest = corpus
    out = tmp_path / "m.npz"
    assert train(manifest, out) == 0
    printed = capsys.readouterr().out
    assert f"recipe: {DEFAULT_RECIPE} (" in printed and f"(recipe {DEFAULT_RECIPE})" in printed
    with zipfile.ZipFile(out) as archive:
        description = json.loads(archive.read("model.json"))
    assert description["recipe"] == DEFAULT_RECIPE
    assert description["features"]["preset"] == get_model(DEFAULT_RECIPE).preset
    model = Model.load(out)
    assert model.recipe == DEFAULT_RECIPE and model.preset == get_model(DEFAULT_RECIPE).preset

    import features.dataset

    extracted, extract_rows = [], features.dataset.extract_rows

    def spy(files, preset, **kwargs):
        extracted.append(preset.name)
        return extract_rows(files, preset, **kwargs)

    monkeypatch.setattr(features.dataset, "extract_rows", spy)
    new = make_corpus(tmp_path / "new", n_classes=3, n_groups=1, per_group=1, seconds=0.6,
                      sr=22050, seed=5)
    assert main(["predict", str(out), *map(str, new), "--json"]) == 0
    assert extracted == [get_model(DEFAULT_RECIPE).preset]
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["path"] for r in rows] == [str(p) for p in new]


def test_the_default_recipe_trains_on_the_copies_too(corpus, cache):
    """The saved MLP is the recipe's pipeline fit on every clip and its speed copies: the same
    as fitting the stacked rows by hand, and not the same as the originals alone."""
    _, manifest = corpus
    fs = load_collection(manifest, preset=get_model(DEFAULT_RECIPE).preset, progress=False)
    params = {"model__hidden_layer_sizes": (8,), "model__max_iter": 15, "model__batch_size": 16,
              "model__early_stopping": False}
    model = train_model(fs, params, random_state=3)
    tables = load_tables(fs, tables_needed([DEFAULT_RECIPE], {}, fs.preset))
    assert len(tables) == len(get_model(DEFAULT_RECIPE).augment) == 2
    rows = np.vstack([fs.X] + list(tables.values()))  # originals, then each copy table
    actors = np.tile(fs.actors, 3)
    by_hand = make_model(DEFAULT_RECIPE, random_state=3).set_params(**params)
    with threadpool_limits(limits=1):
        by_hand.fit(with_actor_column(rows, actors), np.tile(fs.y, 3))
    expected = by_hand.predict_proba(with_actor_column(fs.X, fs.actors))
    np.testing.assert_allclose(model.classifier.predict_proba(fs.X), expected, atol=1e-8)
    originals = train_model(fs, params, recipe="numpy_mlp_prosody", random_state=3)
    assert not np.allclose(originals.classifier.predict_proba(fs.X), expected, atol=1e-3)


@pytest.mark.filterwarnings("ignore:Got `batch_size`")  # 64 clipped to the 36 clips, as train does
def test_recipe_numpy_mlp_trains_the_plain_model_on_the_default_preset(corpus, cache, capsys,
                                                                       tmp_path):
    _, manifest = corpus
    out = tmp_path / "m.npz"
    assert train(manifest, out, "--recipe", "numpy_mlp", "--no-early-stopping") == 0
    assert "recipe: numpy_mlp (" in capsys.readouterr().out
    model = Model.load(out)
    assert model.recipe == "numpy_mlp" and model.preset == "default"
    fs = load_collection(manifest, preset="default", progress=False)
    params = {f"model__{k}": v for k, v in recipe_settings("numpy_mlp").items()}
    params.update(model__hidden_layer_sizes=(16,), model__max_iter=30,
                  model__early_stopping=False)
    pipeline = make_model("numpy_mlp").set_params(**params)
    X_aug = with_actor_column(fs.X, fs.actors)
    with threadpool_limits(limits=1):
        pipeline.fit(X_aug, fs.y)  # what train did before recipes: numpy_mlp, default preset
    np.testing.assert_allclose(model.classifier.predict_proba(fs.X),
                               pipeline.predict_proba(X_aug), atol=1e-8)


@pytest.mark.parametrize("recipe, why", [
    ("numpy_mlp_prosody_spk", "statistics of that speaker's clips"),
    ("numpy_mlp_prosody_enrol8", "statistics of that speaker's clips"),
    ("numpy_mlp_seeds5", "not one NumPy MLP (an ensemble"),
    ("mlp_svc", "not one NumPy MLP (an ensemble"),
    ("svc_rbf", "not one NumPy MLP"),
    ("numpy_mlp_dropout", "searches its dropout"),
    ("numpy_mlp_nope", "no such model"),
])
def test_a_recipe_a_saved_model_cannot_be_is_refused_before_any_data(recipe, why, capsys,
                                                                     tmp_path):
    code = main(["train", "--recipe", recipe, "--data", str(tmp_path / "missing"),
                 "--out", str(tmp_path / "m.npz")])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert f"audio-mlp: error: --recipe {recipe}: " in err and why in err
    assert "train takes one of " + ", ".join(RECIPES) in err
    assert "missing" not in err  # refused before the data was looked at
    assert not (tmp_path / "m.npz").exists()


def test_a_preset_other_than_the_recipes_is_refused(capsys, tmp_path):
    code = main(["train", "--preset", "default", "--data", str(tmp_path / "missing"),
                 "--out", str(tmp_path / "m.npz")])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert (f"--preset default: recipe {DEFAULT_RECIPE} is trained on the prosody preset" in err)


def test_train_model_refuses_what_cannot_be_a_recipe(corpus, cache):
    _, manifest = corpus
    fs = load_collection(manifest, preset="default", progress=False)
    with pytest.raises(ValueError, match="recipe 'numpy_mlp_spk' cannot be saved as a model"):
        train_model(fs, recipe="numpy_mlp_spk")
    with pytest.raises(ValueError, match=r"is trained on prosody-preset features; these are "
                       r"default \(load them with preset='prosody'\)"):
        train_model(fs)  # the default recipe's preset is not fs's


def test_help_lists_the_recipes_and_every_default(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for name in RECIPES:
        assert name in text
    assert f"(default {DEFAULT_RECIPE}" in text
    parser = build_parser("train")
    actions = next(a for a in parser._actions if a.choices and "train" in a.choices)
    for action in actions.choices["train"]._actions:
        if action.dest != "help":
            assert "default" in (action.help or ""), action.option_strings


def test_early_stopping_is_turned_off_with_a_note_where_a_part_is_too_small(tmp_path, capsys,
                                                                            monkeypatch):
    monkeypatch.setenv("AUDIO_MLP_CACHE", str(tmp_path / "cache"))
    make_corpus(tmp_path / "s", n_classes=2, n_groups=2, per_group=3, seconds=0.4)
    out = tmp_path / "m.npz"
    assert main(["train", "--data", str(tmp_path / "s"), *SMALL, "--out", str(out)]) == 0
    assert "early stopping: off (early stopping needs a validation split" in \
        capsys.readouterr().out
    assert main(["train", "--data", str(tmp_path / "s"), *SMALL, "--early-stopping",
                 "--out", str(out)]) == 2  # asked for: refused, not adapted
    assert "--early-stopping: early stopping needs a validation split" in capsys.readouterr().err


def fold_and_model(fs, tables, recipe, params, train, test):
    """The comparison's fit of one grouped fold, and the model ``train_model`` saves from the
    same training clips."""
    X_in, copies = model_inputs(recipe, {**tables, (fs.preset, None): fs.X}, fs.actors, fs.preset)
    result = fit_fold("grouped", recipe, 0, X_in, fs.y, fs.actors, train, test, params=params,
                      copies=copies, keep_proba=True)
    part = dataclasses.replace(fs, X=fs.X[train], y=fs.y[train], actors=fs.actors[train],
                               clips=[fs.clips[i] for i in train])
    model = train_model(part, params, recipe=recipe,
                        tables={key: table[train] for key, table in tables.items()})
    return result, model


def test_a_saved_model_predicts_held_out_files_as_the_fold_fit(corpus, cache):
    _, manifest = corpus
    fs = load_collection(manifest, preset=get_model(DEFAULT_RECIPE).preset, progress=False)
    tables = load_tables(fs, tables_needed([DEFAULT_RECIPE], {}, fs.preset))
    train, test = get_protocol("grouped").outer_splits(fs.y, fs.actors)[0]
    params = {"model__hidden_layer_sizes": (16,), "model__max_iter": 30}
    result, model = fold_and_model(fs, tables, DEFAULT_RECIPE, params, train, test)
    np.testing.assert_allclose(model.classifier.predict_proba(fs.X[test]), result.proba,
                               atol=1e-8)  # the same fit: same rows, copies, settings, seed
    predictions = model.predict_files([fs.clips[i].path for i in test])
    assert predictions.labels.tolist() == result.y_pred.tolist()


@pytest.mark.skipif(not RAVDESS, reason="RAVDESS_DIR is not set: point it at the folder holding "
                    "Actor_01 ... Actor_24")
def test_on_ravdess_held_out_actors_predict_reproduces_the_fold_accuracy(tmp_path):
    """Four actors (240 clips, their prosody features and two speed copies: about a minute from
    a cold cache on two cores), one grouped fold: the comparison's fold fit of the default recipe
    with train's default settings, and the model train_model saves from the same training
    actors, predicting the held-out actor's files with ``Model.predict_files``."""
    from features.ravdess import parse_name

    paths = sorted(p for actor in (1, 2, 3, 4) for p in Path(RAVDESS, f"Actor_{actor:02d}").iterdir()
                   if p.suffix in (".wav", ".flac"))
    manifest = tmp_path / "four.csv"
    manifest.write_text("path,label,group\n" + "".join(
        f"{p},{parse_name(p).emotion},actor{parse_name(p).actor}\n" for p in paths))
    fs = load_collection(manifest, preset=get_model(DEFAULT_RECIPE).preset, n_jobs=2,
                         progress=False)
    tables = load_tables(fs, tables_needed([DEFAULT_RECIPE], {}, fs.preset), n_jobs=2)
    train, test = get_protocol("grouped").outer_splits(fs.y, fs.actors)[0]
    assert len(test) == 60 and len(set(fs.actors[test])) == 1  # one held-out actor
    params = {f"model__{k}": v for k, v in recipe_settings(DEFAULT_RECIPE).items()}
    result, model = fold_and_model(fs, tables, DEFAULT_RECIPE, params, train, test)
    predictions = model.predict_files([fs.clips[i].path for i in test], n_jobs=2)
    assert [str(p) for p in predictions.paths] == [str(fs.clips[i].path) for i in test]
    correct_fold = int(np.sum(result.y_pred == result.y_true))
    correct_files = int(np.sum(predictions.labels == fs.y[test]))
    print(f"held-out actor: fold fit {correct_fold}/60, saved model on the files "
          f"{correct_files}/60")
    assert abs(correct_files - correct_fold) <= 1
