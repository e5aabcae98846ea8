"""The complete saved model: train, save, load, predict files; refusals that name what is wrong;
one file written in one commit; format 1 (two files) still read."""

import io
import json
import zipfile

import numpy as np
import pytest

from baselines.models.confidence import HeldOutReport
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
    model = train_model(fs, PARAMS, recipe="numpy_mlp", random_state=1)
    path = model.save(root / "model.npz")
    return fs, paths, path


def members(path):
    """The members of a model file, name -> bytes."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_members(path, content):
    """A model file holding ``content`` (name -> bytes)."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in content.items():
            archive.writestr(name, data)
    return path


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
    assert not sidecar(path).exists()  # one file
    description = json.loads(members(path)["model.json"])
    assert description["temperature"] == 1.0 and description["novelty_threshold"] is None
    assert description["classes"] == fs.classes
    assert description["features"]["preset"] == "default" and description["recipe"] == "numpy_mlp"
    assert description["features"]["params"]["n_mels"] == 64
    assert description["feature_names"] == fs.feature_names
    assert isinstance(description["features"]["feature_version"], int)


def copy_model(path, tmp_path, edit=None):
    content = members(path)
    description = json.loads(content["model.json"])
    if edit:
        edit(description)
    content["model.json"] = json.dumps(description).encode()
    return write_members(tmp_path / "copy.npz", content)


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


def test_the_recipe_is_read_back_and_a_model_saved_before_recipes_is_numpy_mlp(trained,
                                                                              tmp_path):
    _, _, path = trained
    assert Model.load(path).recipe == "numpy_mlp"
    named = Model.load(copy_model(path, tmp_path, lambda d: d.update(recipe="numpy_mlp_prosody")))
    assert named.recipe == "numpy_mlp_prosody"  # what the file says, not a default
    assert named.save(tmp_path / "again.npz") and \
        json.loads(members(tmp_path / "again.npz")["model.json"])["recipe"] == "numpy_mlp_prosody"
    old = Model.load(copy_model(path, tmp_path, lambda d: d.update(recipe="x") or d.pop("recipe")))
    assert old.recipe == "numpy_mlp"  # the only recipe train had before recipes were recorded
    with pytest.raises(ModelFileError, match=r"not an audio-mlp model \('recipe' is a int\)"):
        Model.load(copy_model(path, tmp_path, lambda d: d.update(recipe=3)))


def format_1(path, tmp_path, edit=None):
    """The model at ``path`` as format 1 wrote it: the MLP as MODEL.npz, MODEL.json beside it."""
    content = members(path)
    description = json.loads(content["model.json"])
    for key in ("temperature", "novelty_threshold"):
        del description[key]
    description.update(format_version=1, classifier="old.npz")
    if edit:
        edit(description)
    old = tmp_path / "old.npz"
    old.write_bytes(content["classifier.npz"])
    sidecar(old).write_text(json.dumps(description) if isinstance(description, dict)
                            else description)
    return old


def test_a_format_1_model_still_loads_uncalibrated(trained, tmp_path):
    fs, paths, path = trained
    old = Model.load(format_1(path, tmp_path))
    assert old.temperature == 1.0 and old.novelty is None
    now = Model.load(path)
    np.testing.assert_array_equal(old.predict_features(fs.X), now.predict_features(fs.X))
    predictions = old.predict_files(paths[:2])
    assert predictions.novelty is None and not predictions.flagged.any()
    sidecar(tmp_path / "old.npz").unlink()
    with pytest.raises(ModelFileError, match="old.json is missing"):
        Model.load(tmp_path / "old.npz")


def test_missing_or_mismatched_members_are_refused(trained, tmp_path):
    _, _, path = trained
    content = members(path)
    content["classifier.npz"] = content["classifier.npz"][:-1] + b"x"
    with pytest.raises(ModelFileError, match="do not belong together"):
        Model.load(write_members(tmp_path / "mixed.npz", content))
    with pytest.raises(ModelFileError, match="no such model file"):
        Model.load(tmp_path / "nothing.npz")
    (tmp_path / "text.npz").write_text("hello")
    with pytest.raises(ModelFileError, match="text.npz: not an audio-mlp model"):
        Model.load(tmp_path / "text.npz")


def test_calibration_and_novelty_are_saved_and_applied(trained, tmp_path):
    fs, paths, path = trained
    report = HeldOutReport(temperature=2.5, threshold=30.0, ece_before=[], ece_after=[],
                           flagged=[])
    model = train_model(fs, PARAMS, recipe="numpy_mlp", random_state=1, held_out=report)
    loaded = Model.load(model.save(tmp_path / "calibrated.npz"))
    assert loaded.temperature == 2.5 and loaded.novelty.threshold == 30.0
    np.testing.assert_array_equal(loaded.novelty.precision, model.novelty.precision)
    raw = Model.load(path).predict_features(fs.X)  # the same MLP, temperature 1
    calibrated = loaded.predict_features(fs.X)
    assert (calibrated.argmax(axis=1) == raw.argmax(axis=1)).all()  # the same labels
    assert calibrated.max(axis=1).mean() < raw.max(axis=1).mean()  # less sure
    predictions = loaded.predict_files(paths[:3])
    assert predictions.novelty.shape == (3,) and not predictions.flagged.any()  # training clips
    assert loaded.novelty.flagged(fs.X[:3] * 50).all()  # far from every training row


def test_unreadable_files_are_named_and_left_out(trained, tmp_path):
    _, paths, path = trained
    bad = tmp_path / "broken.wav"
    bad.write_bytes(b"")
    predictions = Model.load(path).predict_files([paths[0], bad])
    assert predictions.paths == [paths[0]] and predictions.proba.shape == (1, 3)
    assert predictions.skipped[0][0] == bad
    with pytest.raises(ValueError, match="broken.wav"):
        Model.load(path).predict_files([bad], strict=True)


NESTED = "[" * 100_000 + "]" * 100_000


def nested_meta(description, content):
    """The MLP's own meta.npy replaced by 100,000 nested brackets, the checksum updated to match:
    only the MLP reader's JSON parsing stands in the way."""
    mlp = dict(members_of(content["classifier.npz"]))
    buffer = io.BytesIO()
    np.save(buffer, np.array(NESTED))
    mlp["meta.npy"] = buffer.getvalue()
    content["classifier.npz"] = zip_bytes(mlp)
    import hashlib

    description["classifier_sha256"] = hashlib.sha256(content["classifier.npz"]).hexdigest()
    return description


def members_of(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zip_bytes(content):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in content.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def without(key):
    return lambda d, _: {k: v for k, v in d.items() if k != key}


MALFORMED = {  # what the description becomes: an object, or the raw text
    "a JSON list": lambda d, _: [d],
    "no classifier_sha256": without("classifier_sha256"),
    "no features": without("features"),
    "features a string": lambda d, _: {**d, "features": "x"},
    "nested brackets": lambda d, _: NESTED,
    "nested brackets in meta.npy": nested_meta,
    "classes a number": lambda d, _: {**d, "classes": 3},
    "feature names of numbers": lambda d, _: {**d, "feature_names": list(range(len(d["feature_names"])))},
    "features without params": lambda d, _: {**d, "features": {**d["features"], "params": None}},
    "checksum a number": lambda d, _: {**d, "classifier_sha256": 7},
    "not UTF-8": lambda d, _: b"\xff\xfe{",
}


def malformed(path, tmp_path, case, version):
    """A copy of the model at ``path`` with its description broken as ``case`` says, in format
    ``version`` (2: inside the file; 1: the sidecar)."""
    content = members(path)
    description = json.loads(content["model.json"])
    if version == 1:
        for key in ("temperature", "novelty_threshold"):
            del description[key]
        description["format_version"] = 1
    broken = MALFORMED[case](description, content)
    text = broken if isinstance(broken, (str, bytes)) else json.dumps(broken)
    text = text.encode() if isinstance(text, str) else text
    if version == 2:
        content["model.json"] = text
        return write_members(tmp_path / "bad.npz", content)
    (tmp_path / "bad.npz").write_bytes(content["classifier.npz"])
    sidecar(tmp_path / "bad.npz").write_bytes(text)
    return tmp_path / "bad.npz"


@pytest.mark.parametrize("version", [2, 1])
@pytest.mark.parametrize("case", list(MALFORMED))
def test_a_malformed_description_is_refused_by_the_library_and_the_command(
        trained, tmp_path, capsys, case, version):
    from baselines.cli import main

    _, paths, path = trained
    bad = malformed(path, tmp_path, case, version)
    with pytest.raises(ModelFileError, match=r"bad.npz: not an audio-mlp model \("):
        Model.load(bad)
    assert main(["predict", str(bad), str(paths[0])]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"audio-mlp: error: {bad}: not an audio-mlp model (")
    assert err.count("\n") == 1 and "Traceback" not in err


def _save_many(model, path, times):
    for _ in range(times):
        model.save(path)


def test_concurrent_saves_leave_one_writers_whole_model(trained, tmp_path):
    """Two processes save different models to one path again and again while this one loads it:
    every load sees one of the two models whole, never a mix, and no temporary file remains."""
    import multiprocessing

    fs, _, _ = trained
    models = [train_model(fs, PARAMS, recipe="numpy_mlp", random_state=1, held_out=HeldOutReport(t, 10.0 * t, [], [], []))
              for t in (2.0, 3.0)]
    path = tmp_path / "shared.npz"
    models[0].save(path)
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_save_many, args=(m, path, 40)) for m in models]
    for writer in writers:
        writer.start()
    while any(w.is_alive() for w in writers):
        loaded = Model.load(path)
        assert loaded.novelty.threshold == 10.0 * loaded.temperature  # one writer's, whole
    for writer in writers:
        writer.join()
        assert writer.exitcode == 0
    assert Model.load(path).temperature in (2.0, 3.0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.npz"]
