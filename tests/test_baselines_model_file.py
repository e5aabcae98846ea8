"""The complete saved model: train, save, load, predict files; refusals that name what is wrong."""

import json

import numpy as np
import pytest

from baselines.models.model_file import Model, ModelFileError, sidecar, train_model
from baselines.models.registry import make_model
from baselines.models.speakers import with_actor_column
from features.collection_dataset import load_collection
from features.synthetic_corpus import make_corpus

PARAMS = {"model__hidden_layer_sizes": (16,), "model__max_iter": 60, "model__batch_size": 8}


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    root = tmp_path_factory.mktemp("model")
    paths = make_corpus(root / "sounds", n_classes=3, n_groups=2, per_group=3, seconds=0.4,
                        sr=[16000, 22050])
    fs = load_collection(root / "sounds", cache_dir=root / "cache", progress=False)
    model = train_model(fs, PARAMS, random_state=1)
    path = model.save(root / "model.npz")
    return fs, paths, path


def test_predict_files_reproduces_the_training_pipeline(trained):
    """The saved model on the files gives the probabilities of the pipeline fit on their features."""
    fs, paths, path = trained
    pipeline = make_model("numpy_mlp", random_state=1).set_params(**PARAMS)
    pipeline.fit(with_actor_column(fs.X, fs.actors), fs.y)
    expected = pipeline.predict_proba(with_actor_column(fs.X, fs.actors))
    predictions = Model.load(path).predict_files([path.parent / "sounds"])
    order = [predictions.paths.index(r.path) for r in fs.clips]  # the same files, as rows of fs
    np.testing.assert_allclose(predictions.proba[order], expected, rtol=0, atol=1e-8)
    assert predictions.classes == fs.classes
    assert predictions.labels[order].tolist() == pipeline.predict(
        with_actor_column(fs.X, fs.actors)).tolist()
    top = predictions.top(2)[0]
    assert len(top) == 2 and top[0][1] >= top[1][1] and top[0][0] == predictions.labels[0]


def test_the_description_names_preset_classes_and_features(trained):
    fs, _, path = trained
    description = json.loads(sidecar(path).read_text())
    assert description["classes"] == fs.classes
    assert description["features"]["preset"] == "default"
    assert description["features"]["params"]["n_mels"] == 64
    assert description["feature_names"] == fs.feature_names
    assert isinstance(description["features"]["feature_version"], int)


def copy_model(path, tmp_path, edit=None):
    target = tmp_path / "copy.npz"
    target.write_bytes(path.read_bytes())
    description = json.loads(sidecar(path).read_text())
    if edit:
        edit(description)
    sidecar(target).write_text(json.dumps(description))
    return target


def test_a_model_that_does_not_fit_the_installed_code_is_refused(trained, tmp_path):
    _, _, path = trained

    def other_version(d):
        d["features"]["feature_version"] += 1

    def other_params(d):
        d["features"]["params"]["n_mels"] = 40

    def other_preset(d):
        d["features"]["preset"] = "mystery"

    with pytest.raises(ModelFileError, match="feature version"):
        Model.load(copy_model(path, tmp_path, other_version))
    with pytest.raises(ModelFileError, match=r"parameters differ.*n_mels"):
        Model.load(copy_model(path, tmp_path, other_params))
    with pytest.raises(ModelFileError, match="preset is not installed"):
        Model.load(copy_model(path, tmp_path, other_preset))

    def edited_source(d):
        d["features"]["source"] = "0" * 64

    with pytest.warns(UserWarning, match="feature code was edited"):
        Model.load(copy_model(path, tmp_path, edited_source))


def test_missing_or_mismatched_files_are_refused(trained, tmp_path):
    _, _, path = trained
    alone = tmp_path / "alone.npz"
    alone.write_bytes(path.read_bytes())
    with pytest.raises(ModelFileError, match="alone.json is missing"):
        Model.load(alone)
    copy = copy_model(path, tmp_path)
    copy.write_bytes(path.read_bytes()[:-1] + b"x")
    with pytest.raises(ModelFileError, match="do not belong together"):
        Model.load(copy)
    with pytest.raises(ModelFileError, match="no such model file"):
        Model.load(tmp_path / "nothing.npz")


def test_unreadable_files_are_named_and_left_out(trained, tmp_path):
    _, paths, path = trained
    bad = tmp_path / "broken.wav"
    bad.write_bytes(b"")
    predictions = Model.load(path).predict_files([paths[0], bad])
    assert predictions.paths == [paths[0]] and predictions.proba.shape == (1, 3)
    assert predictions.skipped[0][0] == bad
    with pytest.raises(ValueError, match="broken.wav"):
        Model.load(path).predict_files([bad], strict=True)
