"""A complete saved model: from audio files to calibrated class probabilities, without pickle.

``audio-mlp train`` used to save only the MLP, which takes feature vectors and says nothing about
how they were made. A :class:`Model` is the MLP plus everything needed to classify a recording,
in **one file** ``MODEL.npz``, a zip archive of plain members:

* ``classifier.npz``: the :class:`mlp.classifier.MLPClassifier`, the scaler folded into its first
  layer (:func:`fold_scaler`, L25.1), as its own ``save`` writes it (no pickle);
* ``model.json``: the recipe it was trained with, the class names, the feature preset with its
  parameters and the feature code's version (:func:`features.identity.feature_identity`), the
  feature names, the SHA-256 of ``classifier.npz``, the calibration temperature and the novelty
  threshold (:mod:`baselines.models.confidence`);
* ``novelty.npz``: the mean, scale and shrunk precision matrix of the novelty score.

One file, written by :func:`features.files.write_atomic` (a temporary file renamed over the
target), is one commit: a save that fails or is killed at any instant leaves the previous model
whole, and two saves to one path leave one of the two whole. (Format 1 wrote the MLP and a
``MODEL.json`` beside it as two files, and a failure between them left a pair that did not
belong together. Such files still load: temperature 1, no novelty score. A file saved before
recipes were recorded loads as recipe ``numpy_mlp``, the only one ``train`` had then.)

A **recipe** is one model of the registry (:data:`baselines.models.registry.MODELS`) that a
model file can hold: its features (``preset``), the augmented copies of the training clips added
while fitting (``augment``) and its classifier, one NumPy MLP scaled by the training set's
statistics. :data:`RECIPES` are those; :func:`recipe_problem` says why any other model is not
(per-speaker statistics a single new recording does not have, an ensemble, a setting that is
searched and that ``train`` has no option for). :data:`DEFAULT_RECIPE` is the one with the best
speaker-independent accuracy of the comparison among them (lesson 19). The recipe's preset is the
model's preset, so :meth:`Model.predict_files` extracts the features the recipe was trained on.

:meth:`Model.load` trusts nothing in the file: anything that is not a well-formed model (a
description of the wrong type, a missing key, JSON nested deeper than Python can parse) is a
:class:`ModelFileError` saying "not an audio-mlp model", never another exception. It refuses a
model whose preset, parameters or feature version do not match the installed feature code (it
would be fed different numbers than it was trained on), naming what differs; it warns when only
the source or library versions moved. :meth:`Model.predict_files` extracts each file's features
exactly as training did (:func:`features.dataset.extract_one`) and returns the calibrated
probabilities and novelty scores; a file that cannot be read is named and left out (or refused
with ``strict=True``).

:func:`train_model` makes one: the recipe's pipeline is fit on every clip and, for a recipe with
augmentation, their copies (:func:`fit_all`, the estimator
:func:`baselines.evaluation.evaluate.fit_fold` fits, inside one ``threadpool_limits(limits=1)``
block, so the saved bytes do not depend on the machine's thread count), then the scaler is folded
into the first layer. With x' = (x - mu) / sigma,

    x' W + b = x (W / sigma[:, None]) + (b - (mu / sigma) W)              (L25.1)

so ``Model.load(path).classifier.predict(raw_features)`` gives the pipeline's predictions.

Lesson: lessons/19_your_own_audio.md#a-model-that-classifies-recordings
"""

import copy
import hashlib
import io
import json
import math
import re
import tempfile
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from baselines.models.confidence import Novelty, apply_temperature
from baselines.models.registry import MODELS, get_model
from baselines.models.speakers import with_actor_column
from features.files import write_atomic
from features.identity import compare_identity, feature_identity
from mlp import MLPClassifier

FORMAT_NAME = "audio-mlp.Model"
FORMAT_VERSION = 2  # 2: one file with calibration and novelty; 1: MODEL.npz + MODEL.json
MAX_DESCRIPTION_BYTES = 1 << 24  # 16 MiB: far more than the names of a few thousand features
MAX_MEMBER_BYTES = 1 << 30  # the MLP and the novelty matrices of any sensible model fit in 1 GiB
_IDENTITY_TYPES = {"preset": str, "params": dict, "feature_version": int, "source": str,
                   "libraries": dict}

TRAINED_SETTINGS = ("hidden_layer_sizes", "activation", "solver", "alpha", "batch_size",
                    "learning_rate_init", "max_iter", "early_stopping")
"""The MLP settings ``audio-mlp train`` has an option for (its defaults: the recipe's own)."""
DEFAULT_RECIPE = "numpy_mlp_prosody_speed"
"""The recipe ``train`` uses unless told: the best speaker-independent accuracy of the comparison
among :data:`RECIPES` (59.0% on RAVDESS's six speaker folds, against 55.8% without the speed
copies and 53.1% for ``numpy_mlp``; lesson 19)."""
OLD_RECIPE = "numpy_mlp"
"""The recipe of a model file saved before recipes were recorded."""


def recipe_problem(name):
    """Why the registry's model ``name`` cannot be the recipe of a saved model, or ``None``.

    A saved model classifies one recording at a time with one MLP whose settings ``train`` fixes.
    So it cannot normalise per speaker (``_spk``, enrolment: they need that speaker's other clips),
    be an ensemble or another classifier, or search a setting ``train`` has no option for.

    >>> recipe_problem("numpy_mlp_prosody_speed") is None
    True
    >>> recipe_problem("numpy_mlp_seeds5")
    'it is not one NumPy MLP (an ensemble, or another classifier); a model file holds one'

    Lesson: lessons/19_your_own_audio.md#which-recipe-train-uses
    """
    spec = get_model(name)
    if spec.per_speaker or spec.enrolment_k:
        return ("it standardises each speaker with statistics of that speaker's clips, which "
                "one new recording does not come with")
    if not isinstance(spec.factory(0), MLPClassifier):
        return "it is not one NumPy MLP (an ensemble, or another classifier); a model file holds one"
    searched = [key.removeprefix("model__") for key in spec.grid
                if key.removeprefix("model__") not in TRAINED_SETTINGS]
    if searched:
        return (f"compare searches its {', '.join(searched)} in each fold, and train has no "
                "option for it")
    return None


RECIPES = tuple(name for name in MODELS if recipe_problem(name) is None)
"""The models a model file can hold, in the registry's order (``numpy_mlp`` first)."""


def recipe_settings(name):
    """The MLP settings of recipe ``name``'s classifier for :data:`TRAINED_SETTINGS`: what
    ``train`` uses for an option not given (the settings compare fits the recipe with).

    >>> recipe_settings("numpy_mlp")["hidden_layer_sizes"]
    (300,)
    """
    params = get_model(name).factory(0).get_params()
    return {key: params[key] for key in TRAINED_SETTINGS}


class ModelFileError(ValueError):
    """The model file is missing, malformed, or does not fit the installed code."""


def sidecar(path):
    """``model.npz`` -> ``model.json``: where format 1 kept the description of a model."""
    return Path(path).with_suffix(".json")


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def not_a_model(path, reason):
    """The :class:`ModelFileError` of a file that is not a well-formed model, saying why."""
    return ModelFileError(f"{path}: not an audio-mlp model ({reason})")


@dataclass
class Predictions:
    """Per file: the predicted class, the probability of every class, and how novel it looks."""

    paths: list
    classes: list
    proba: np.ndarray  # (n_files, n_classes), rows sum to 1, calibrated by the model's temperature
    skipped: list = field(default_factory=list)  # (path, reason) of files that could not be read
    novelty: np.ndarray = None  # (n_files,) novelty scores; None for a model without a detector
    threshold: float = None  # a score above it is flagged

    @property
    def labels(self):
        """The most probable class of every file, (n_files,)."""
        return np.asarray(self.classes)[self.proba.argmax(axis=1)]

    @property
    def flagged(self):
        """Per file, whether it looks unlike the training data, (n_files,) bools (all ``False``
        for a model without a novelty detector)."""
        if self.novelty is None:
            return np.zeros(len(self.paths), dtype=bool)
        return self.novelty > self.threshold

    def top(self, k=3):
        """Per file, the ``k`` most probable ``(class, probability)`` pairs, best first."""
        order = np.argsort(-self.proba, axis=1, kind="stable")[:, :k]  # (n_files, k)
        return [[(self.classes[j], float(row[j])) for j in picks]
                for row, picks in zip(self.proba, order)]


@dataclass
class Model:
    """An MLP that takes raw (unscaled) features, how to compute them from a file, and how far
    to trust its probabilities (:mod:`baselines.models.confidence`)."""

    classifier: MLPClassifier
    identity: dict  # features.identity.feature_identity of the preset
    feature_names: list
    classes: list = None
    temperature: float = 1.0  # the probabilities are softmax(log p / temperature)
    novelty: Novelty = None  # None: no detector (a format 1 model)
    recipe: str = OLD_RECIPE  # the registry model it was trained as (RECIPES)

    def __post_init__(self):
        self.classes = [str(c) for c in self.classifier.classes_]
        n_in = self.classifier.coefs_[0].shape[0]
        if n_in != len(self.feature_names):
            raise ModelFileError(f"the MLP takes {n_in} features but {len(self.feature_names)} "
                                 "feature names were given")
        if self.novelty is not None and self.novelty.mean.shape != (n_in,):
            raise ModelFileError(f"the novelty detector takes {self.novelty.mean.shape} "
                                 f"features, the MLP {n_in}")

    @classmethod
    def from_features(cls, classifier, fs, **settings):
        """The model for a classifier trained on FeatureSet ``fs``'s raw features; ``settings``:
        ``recipe``, ``temperature`` and ``novelty``."""
        return cls(classifier, feature_identity(fs.preset), list(fs.feature_names), **settings)

    def save(self, path):
        """Write the model to ``path`` (.npz) as one file, atomically: the previous file at
        ``path`` stays whole until the new one is complete."""
        path = Path(path)
        if path.suffix != ".npz":
            raise ValueError(f"the model file name must end in .npz; got {str(path)!r}")
        with tempfile.TemporaryDirectory() as folder:  # MLPClassifier.save writes a file
            self.classifier.save(Path(folder) / "classifier.npz")
            classifier = (Path(folder) / "classifier.npz").read_bytes()
        novelty = io.BytesIO()
        if self.novelty is not None:
            np.savez(novelty, mean=self.novelty.mean, scale=self.novelty.scale,
                     precision=self.novelty.precision)
        description = {
            "format": FORMAT_NAME, "format_version": FORMAT_VERSION, "recipe": self.recipe,
            "classes": self.classes,
            "features": self.identity, "feature_names": self.feature_names,
            "classifier": "classifier.npz", "classifier_sha256": _sha256(classifier),
            "temperature": self.temperature,
            "novelty_threshold": None if self.novelty is None else self.novelty.threshold}

        content = {"model.json": json.dumps(description, indent=1) + "\n",
                   "classifier.npz": classifier}
        if self.novelty is not None:
            content["novelty.npz"] = novelty.getvalue()

        def write(handle):
            with zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as archive:
                for name, data in content.items():  # ZipInfo's fixed date: the same bytes
                    archive.writestr(zipfile.ZipInfo(name), data)  # from the same model

        return write_atomic(path, write)

    @classmethod
    def load(cls, path):
        """Read a model saved by :meth:`save` (or a format 1 pair); refuse anything malformed, or
        that does not fit the installed code, with a :class:`ModelFileError`."""
        path = Path(path)
        if not path.is_file():
            raise ModelFileError(f"{path}: no such model file")
        try:
            with zipfile.ZipFile(path) as archive:
                members = {info.filename: info.file_size for info in archive.infolist()}
                if "model.json" in members:
                    return cls._read(path, archive, members)
            if "meta.npy" in members:  # format 1: the MLP itself, its description beside it
                return cls._read_format_1(path)
            raise not_a_model(path, "a zip archive without model.json")
        except ModelFileError:
            raise
        except zipfile.BadZipFile as exc:
            raise not_a_model(path, f"not a zip archive: {exc}") from None
        except RecursionError:  # JSON nested deeper than Python's parser goes
            raise not_a_model(path, "its JSON is nested too deeply") from None
        except (KeyError, TypeError, AttributeError, IndexError, ValueError, EOFError) as exc:
            raise not_a_model(path, f"{type(exc).__name__}: {exc}") from None

    @classmethod
    def _read(cls, path, archive, members):
        """Format 2: the description, the MLP and the novelty detector from one archive."""
        for name, limit in (("model.json", MAX_DESCRIPTION_BYTES), ("classifier.npz",
                                                                    MAX_MEMBER_BYTES),
                            ("novelty.npz", MAX_MEMBER_BYTES)):
            if members.get(name, 0) > limit:
                raise not_a_model(path, f"{name} holds {members[name]} bytes, more than {limit}")
        description = _description(path, archive.read("model.json"))
        if "classifier.npz" not in members:
            raise not_a_model(path, "no classifier.npz in the archive")
        classifier = archive.read("classifier.npz")
        novelty = None
        if description["novelty_threshold"] is not None:
            if "novelty.npz" not in members:
                raise not_a_model(path, "a novelty threshold but no novelty.npz")
            novelty = _novelty(path, archive.read("novelty.npz"),
                               len(description["feature_names"]),
                               description["novelty_threshold"])
        return cls._build(path, description, classifier, novelty)

    @classmethod
    def _read_format_1(cls, path):
        """Format 1: ``MODEL.npz`` is the MLP, ``MODEL.json`` beside it its description."""
        try:
            text = sidecar(path).read_bytes()
        except FileNotFoundError:
            raise ModelFileError(f"{path}: its description {sidecar(path).name} is missing; a "
                                 "model saved by audio-mlp train has both files") from None
        description = _description(path, text, version=1)
        description.update(temperature=1.0, novelty_threshold=None,  # before calibration
                           recipe=OLD_RECIPE)  # and before recipes
        return cls._build(path, description, path.read_bytes(), None)

    @classmethod
    def _build(cls, path, description, classifier, novelty):
        """The model from a checked description and the MLP's bytes."""
        if description["classifier_sha256"] != _sha256(classifier):
            raise ModelFileError(f"{path}: the MLP is not the one its description names (its "
                                 "SHA-256 differs): the two do not belong together")
        refusals, notes = compare_identity(description["features"])
        if refusals:
            raise ModelFileError(f"{path} cannot be used with the installed feature code: "
                                 + "; ".join(refusals) + ". Retrain it with this version.")
        for note in notes:
            warnings.warn(f"{path}: {note}; predictions may differ in the last digits",
                          stacklevel=3)
        with tempfile.TemporaryDirectory() as folder:  # MLPClassifier.load reads a file
            (Path(folder) / "classifier.npz").write_bytes(classifier)
            try:
                mlp = MLPClassifier.load(Path(folder) / "classifier.npz")
            except ValueError as exc:  # its refusal names the temporary file: name ours
                raise not_a_model(path, str(exc).replace(
                    str(Path(folder) / "classifier.npz"), "the MLP")) from None
        model = cls(mlp, description["features"], description["feature_names"],
                    temperature=float(description["temperature"]), novelty=novelty,
                    recipe=description.get("recipe", OLD_RECIPE))
        if model.classes != description["classes"]:
            raise ModelFileError(f"{path}: the MLP's classes {model.classes} are not the "
                                 f"described {description['classes']}")
        return model

    @property
    def preset(self):
        return self.identity["preset"]

    def predict_features(self, X):
        """Calibrated probabilities ``(n_samples, n_classes)`` of raw feature rows ``X``
        (n_samples, n_features): the MLP's, scaled by the model's temperature."""
        proba = self.classifier.predict_proba(np.asarray(X, dtype=np.float64))
        return proba if self.temperature == 1.0 else apply_temperature(proba, self.temperature)

    def predict_files(self, paths, *, n_jobs=1, strict=False, progress=False):
        """Extract each file's features as training did, then classify: :class:`Predictions`.

        ``paths``: audio files or folders (searched recursively). Unreadable files are named in
        ``skipped`` (or raise with ``strict=True``).
        """
        from features.collection import audio_files
        from features.dataset import extract_rows
        from features.presets import get_preset

        preset = get_preset(self.preset)
        files = audio_files(paths)
        arrays, kept, skipped = extract_rows(files, preset, n_jobs=n_jobs, strict=strict,
                                             progress=progress, require_one=False)
        threshold = None if self.novelty is None else self.novelty.threshold
        if not kept:
            return Predictions([], self.classes, np.zeros((0, len(self.classes))), skipped,
                               None if self.novelty is None else np.zeros(0), threshold)
        if arrays["feature_names"].tolist() != self.feature_names:
            raise ModelFileError(f"{files[kept[0]]}: the {preset.name} preset gave other features "
                                 "than the model was trained on")
        X = arrays["X"]
        return Predictions([files[i] for i in kept], self.classes, self.predict_features(X),
                           skipped, None if self.novelty is None else self.novelty.score(X),
                           threshold)


def _description(path, data, version=FORMAT_VERSION):
    """The description of the model at ``path`` in ``data`` (JSON bytes: its ``model.json``, or
    in format 1 the file beside it), checked key by key and type by type."""
    if len(data) > MAX_DESCRIPTION_BYTES:
        raise not_a_model(path, f"its description holds {len(data)} bytes")
    try:
        description = json.loads(data.decode("utf-8"))
    except RecursionError:
        raise not_a_model(path, "its JSON is nested too deeply") from None
    except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError
        raise not_a_model(path, f"not valid JSON: {exc}") from None
    if not isinstance(description, dict):
        raise not_a_model(path, f"the description is a JSON {type(description).__name__}, not "
                          "an object")
    if description.get("format") != FORMAT_NAME:
        raise not_a_model(path, f"its format is {description.get('format')!r}, not "
                          f"{FORMAT_NAME!r}")
    if description.get("format_version") != version:
        raise ModelFileError(f"{path} has model format version "
                             f"{description.get('format_version')!r}; this code reads "
                             f"{FORMAT_VERSION} (and 1, a model file with a .json beside it)")
    expected = {"classes": list, "features": dict, "feature_names": list,
                "classifier_sha256": str}
    if version > 1:
        expected.update(temperature=(int, float), novelty_threshold=(int, float, type(None)))
        description.setdefault("recipe", OLD_RECIPE)  # saved before recipes were recorded
        expected.update(recipe=str)
    for key, kind in expected.items():
        if key not in description:
            raise not_a_model(path, f"its description has no {key!r}")
        if not isinstance(description[key], kind) or isinstance(description[key], bool):
            raise not_a_model(path, f"{key!r} is a {type(description[key]).__name__}")
    for key in ("classes", "feature_names"):
        if not all(isinstance(name, str) for name in description[key]):
            raise not_a_model(path, f"{key!r} holds something other than names")
    for key, kind in _IDENTITY_TYPES.items():
        value = description["features"].get(key)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise not_a_model(path, f"'features' has no {kind.__name__} {key!r}")
    if not re.fullmatch(r"[0-9a-f]{64}", description["classifier_sha256"]):
        raise not_a_model(path, "'classifier_sha256' is not a SHA-256")
    if version > 1 and not (math.isfinite(description["temperature"])
                            and description["temperature"] > 0):
        raise not_a_model(path, f"temperature {description['temperature']} is not > 0")
    return description


def _novelty(path, data, n_features, threshold):
    """The :class:`Novelty` detector stored in ``data`` (the bytes of ``novelty.npz``)."""
    shapes = {"mean": (n_features,), "scale": (n_features,),
              "precision": (n_features, n_features)}
    with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
        if sorted(arrays.files) != sorted(shapes):
            raise not_a_model(path, f"novelty.npz holds {sorted(arrays.files)}")
        values = {name: arrays[name] for name in shapes}
    for name, shape in shapes.items():
        value = values[name]
        if value.shape != shape or value.dtype != np.float64 or not np.isfinite(value).all():
            raise not_a_model(path, f"novelty {name} is {value.dtype}{list(value.shape)}, not "
                              f"finite float64{list(shape)}")
    if not (values["scale"] > 0).all() or math.isnan(threshold):
        raise not_a_model(path, "novelty scale must be > 0 and its threshold a number")
    return Novelty(values["mean"], values["scale"], values["precision"], float(threshold))


def fold_scaler(classifier, scaler):
    """A copy of a fitted MLP that takes unscaled input: the scaler folded into layer 1 (L25.1)."""
    folded = copy.deepcopy(classifier)
    W, b = classifier.coefs_[0], classifier.intercepts_[0]  # W: (n_features, n_hidden)
    mu, sigma = scaler.mean_, scaler.scale_  # (n_features,)
    folded.coefs_[0] = W / sigma[:, None]  # (L25.1) row i of W divided by sigma_i
    folded.intercepts_[0] = b - (mu / sigma) @ W  # (L25.1)
    return folded


def fit_all(model_name, X_in, y, *, params=None, copies=(), random_state=0):
    """The pipeline ``model_name`` (with ``params``) fit on every row: the final model that
    ``audio-mlp train`` saves. ``X_in`` and ``copies`` as
    :func:`baselines.evaluation.evaluate.model_inputs` makes them (the actor as last column, then
    for a recipe with augmentation the clip number, whose copies in ``copies`` join the fit), and
    the estimator is :func:`~baselines.evaluation.evaluate.fit_fold`'s. One BLAS and OpenMP thread
    for the whole fit, as ``fit_fold``: more threads change the rounding of the products, so the
    same seed gives the same bits on any machine. Returns the fitted Pipeline."""
    from baselines.evaluation.evaluate import estimator, pipeline_of

    model, params = estimator(model_name, dict(params or {}), copies=copies,
                              random_state=random_state)
    with threadpool_limits(limits=1):
        return pipeline_of(model_name, model.set_params(**params).fit(X_in, y))


def train_model(fs, params=None, *, recipe=DEFAULT_RECIPE, tables=None, random_state=0,
                held_out=None):
    """Fit ``recipe``'s pipeline on every clip of ``fs``, fold the scaler in: a :class:`Model`.

    ``fs``: a FeatureSet of the recipe's preset (``fs.preset``, for a recipe without a preset of
    its own any). ``params``: pipeline parameters such as ``{"model__hidden_layer_sizes": (64,)}``.
    ``tables``: the recipe's augmented feature tables, ``{(preset, augmentation): (n_clips,
    n_features)}`` rows in ``fs``'s order (:func:`baselines.compare.load_tables`, which makes any
    not given, from the feature cache). The folded model's probabilities are checked against the
    pipeline's on the training rows (to 1e-8). ``held_out``: a
    :class:`baselines.models.confidence.HeldOutReport` of cross-validation folds run before; the
    model takes its temperature, and a novelty detector of every clip with its threshold. Without
    it the model is uncalibrated (temperature 1) and has no detector. Raises ``ValueError`` for a
    model that cannot be a recipe (:func:`recipe_problem`) or features of another preset.

    Lesson: lessons/19_your_own_audio.md#a-model-that-classifies-recordings
    """
    from baselines.compare import load_tables, tables_needed
    from baselines.evaluation.evaluate import model_inputs

    problem = recipe_problem(recipe)
    if problem:
        raise ValueError(f"recipe {recipe!r} cannot be saved as a model: {problem}; the recipes "
                         f"are {', '.join(RECIPES)}")
    preset = get_model(recipe).preset or fs.preset
    if preset != fs.preset:
        raise ValueError(f"recipe {recipe!r} is trained on {preset}-preset features; these are "
                         f"{fs.preset} (load them with preset={preset!r})")
    tables = dict(tables or {})
    missing = [key for key in tables_needed([recipe], {}, fs.preset) if key not in tables]
    tables.update(load_tables(fs, missing))
    X_in, copies = model_inputs(recipe, {**tables, (fs.preset, None): fs.X}, fs.actors, fs.preset)
    pipeline = fit_all(recipe, X_in, fs.y, params=params, copies=copies,
                       random_state=random_state)
    X_aug = with_actor_column(fs.X, fs.actors)  # (n_clips, n_features + 1); the model drops it
    standalone = fold_scaler(pipeline.named_steps["model"], pipeline.named_steps["scale"])
    standalone.verbose = False
    if not np.allclose(standalone.predict_proba(fs.X), pipeline.predict_proba(X_aug), atol=1e-8):
        raise RuntimeError("folding the scaler into the first layer changed the predictions")
    if held_out is None:
        return Model.from_features(standalone, fs, recipe=recipe)
    return Model.from_features(standalone, fs, recipe=recipe, temperature=held_out.temperature,
                               novelty=Novelty.fit(fs.X, held_out.threshold))
