"""A complete saved model: from audio files to class probabilities, without pickle.

``audio-mlp train`` used to save only the MLP, which takes feature vectors and says nothing about
how they were made. A :class:`Model` is the MLP plus everything needed to classify a recording:

* ``MODEL.npz``: the :class:`mlp.classifier.MLPClassifier`, the scaler folded into its first layer
  (:func:`fold_scaler`, L25.1), written by its own ``save`` (no pickle);
* ``MODEL.json`` beside it: the class names, the feature preset with its parameters and the
  feature code's version (:func:`features.identity.feature_identity`), the feature names, and the
  SHA-256 of the ``.npz``, so that a pair that does not belong together is refused.

:meth:`Model.load` refuses a model whose preset, parameters or feature version do not match the
installed feature code (it would be fed different numbers than it was trained on), naming what
differs; it warns when only the source or library versions moved. :meth:`Model.predict_files`
extracts each file's features exactly as training did (:func:`features.dataset.extract_one`) and
returns the probabilities; a file that cannot be read is named and left out (or refused with
``strict=True``).

:func:`train_model` makes one: the pipeline is fit on every clip (:func:`fit_all`, inside one
``threadpool_limits(limits=1)`` block, so the saved bytes do not depend on the machine's thread
count), then the scaler is folded into the first layer. With x' = (x - mu) / sigma,

    x' W + b = x (W / sigma[:, None]) + (b - (mu / sigma) W)              (L25.1)

so ``MLPClassifier.load(path).predict(raw_features)`` gives the pipeline's predictions.

Lesson: lessons/19_your_own_audio.md#a-model-that-classifies-recordings
"""

import copy
import hashlib
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from baselines.models.registry import make_model
from baselines.models.speakers import with_actor_column
from features.files import write_atomic
from features.identity import compare_identity, feature_identity
from mlp import MLPClassifier

FORMAT_NAME = "audio-mlp.Model"
FORMAT_VERSION = 1


class ModelFileError(ValueError):
    """The model files are missing, do not belong together, or do not fit the installed code."""


def sidecar(path):
    """``model.npz`` -> ``model.json``: where the description of a model lives."""
    return Path(path).with_suffix(".json")


def _sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass
class Predictions:
    """Per file: the predicted class and the probability of every class."""

    paths: list
    classes: list
    proba: np.ndarray  # (n_files, n_classes), rows sum to 1
    skipped: list = field(default_factory=list)  # (path, reason) of files that could not be read

    @property
    def labels(self):
        """The most probable class of every file, (n_files,)."""
        return np.asarray(self.classes)[self.proba.argmax(axis=1)]

    def top(self, k=3):
        """Per file, the ``k`` most probable ``(class, probability)`` pairs, best first."""
        order = np.argsort(-self.proba, axis=1, kind="stable")[:, :k]  # (n_files, k)
        return [[(self.classes[j], float(row[j])) for j in picks]
                for row, picks in zip(self.proba, order)]


@dataclass
class Model:
    """An MLP that takes raw (unscaled) features, and how to compute them from a file."""

    classifier: MLPClassifier
    identity: dict  # features.identity.feature_identity of the preset
    feature_names: list
    classes: list = None

    def __post_init__(self):
        self.classes = [str(c) for c in self.classifier.classes_]
        n_in = self.classifier.coefs_[0].shape[0]
        if n_in != len(self.feature_names):
            raise ModelFileError(f"the MLP takes {n_in} features but {len(self.feature_names)} "
                                 "feature names were given")

    @classmethod
    def from_features(cls, classifier, fs):
        """The model for a classifier trained on FeatureSet ``fs``'s raw features."""
        return cls(classifier, feature_identity(fs.preset), list(fs.feature_names))

    def save(self, path):
        """Write ``path`` (.npz, the MLP) and its ``.json`` description, each atomically."""
        path = Path(path)
        self.classifier.save(path)
        description = {"format": FORMAT_NAME, "format_version": FORMAT_VERSION,
                       "classes": self.classes, "features": self.identity,
                       "feature_names": self.feature_names, "classifier": path.name,
                       "classifier_sha256": _sha256(path)}
        write_atomic(sidecar(path), json.dumps(description, indent=1) + "\n")
        return path

    @classmethod
    def load(cls, path):
        """Read a model saved by :meth:`save`; refuse it if it does not fit the installed code."""
        path = Path(path)
        if not path.is_file():
            raise ModelFileError(f"{path}: no such model file")
        try:
            description = json.loads(sidecar(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ModelFileError(f"{path}: its description {sidecar(path).name} is missing; a "
                                 "model saved by audio-mlp train has both files") from None
        except ValueError as exc:
            raise ModelFileError(f"{sidecar(path)} is not valid JSON ({exc})") from None
        if description.get("format") != FORMAT_NAME:
            raise ModelFileError(f"{sidecar(path)} is not an audio-mlp model description")
        if description.get("format_version") != FORMAT_VERSION:
            raise ModelFileError(f"{sidecar(path)} has model format version "
                                 f"{description.get('format_version')}; this code reads "
                                 f"{FORMAT_VERSION}")
        if description["classifier_sha256"] != _sha256(path):
            raise ModelFileError(f"{path} is not the MLP that {sidecar(path).name} describes "
                                 "(its SHA-256 differs): the two files do not belong together")
        refusals, notes = compare_identity(description["features"])
        if refusals:
            raise ModelFileError(f"{path} cannot be used with the installed feature code: "
                                 + "; ".join(refusals) + ". Retrain it with this version.")
        for note in notes:
            warnings.warn(f"{path}: {note}; predictions may differ in the last digits",
                          stacklevel=2)
        model = cls(MLPClassifier.load(path), description["features"],
                    description["feature_names"])
        if model.classes != description["classes"]:
            raise ModelFileError(f"{path}: the MLP's classes {model.classes} are not the "
                                 f"described {description['classes']}")
        return model

    @property
    def preset(self):
        return self.identity["preset"]

    def predict_features(self, X):
        """Probabilities ``(n_samples, n_classes)`` of raw feature rows ``X`` (n_samples, n_features)."""
        return self.classifier.predict_proba(np.asarray(X, dtype=np.float64))

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
        if not kept:
            return Predictions([], self.classes, np.zeros((0, len(self.classes))), skipped)
        if arrays["feature_names"].tolist() != self.feature_names:
            raise ModelFileError(f"{files[kept[0]]}: the {preset.name} preset gave other features "
                                 "than the model was trained on")
        return Predictions([files[i] for i in kept], self.classes,
                           self.predict_features(arrays["X"]), skipped)


def fold_scaler(classifier, scaler):
    """A copy of a fitted MLP that takes unscaled input: the scaler folded into layer 1 (L25.1)."""
    folded = copy.deepcopy(classifier)
    W, b = classifier.coefs_[0], classifier.intercepts_[0]  # W: (n_features, n_hidden)
    mu, sigma = scaler.mean_, scaler.scale_  # (n_features,)
    folded.coefs_[0] = W / sigma[:, None]  # (L25.1) row i of W divided by sigma_i
    folded.intercepts_[0] = b - (mu / sigma) @ W  # (L25.1)
    return folded


def fit_all(model_name, X_aug, y, *, params=None, random_state=0):
    """The pipeline ``model_name`` (with ``params``) fit on every row: the final model that
    ``audio-mlp train`` saves. One BLAS and OpenMP thread for the whole fit, as
    :func:`baselines.evaluation.evaluate.fit_fold`: more threads change the rounding of the
    products, so the same seed gives the same bits on any machine."""
    model = make_model(model_name, random_state=random_state).set_params(**(params or {}))
    with threadpool_limits(limits=1):
        return model.fit(X_aug, y)


def train_model(fs, params=None, *, random_state=0):
    """Fit the NumPy MLP pipeline on every clip of ``fs``, fold the scaler in: a :class:`Model`.

    ``params``: pipeline parameters such as ``{"model__hidden_layer_sizes": (64,)}``. The folded
    model's probabilities are checked against the pipeline's on the training rows (to 1e-8).

    Lesson: lessons/19_your_own_audio.md#a-model-that-classifies-recordings
    """
    X_aug = with_actor_column(fs.X, fs.actors)  # (n_clips, n_features + 1); the plain model drops it
    pipeline = fit_all("numpy_mlp", X_aug, fs.y, params=params, random_state=random_state)
    standalone = fold_scaler(pipeline.named_steps["model"], pipeline.named_steps["scale"])
    standalone.verbose = False
    if not np.allclose(standalone.predict_proba(fs.X), pipeline.predict_proba(X_aug), atol=1e-8):
        raise RuntimeError("folding the scaler into the first layer changed the predictions")
    return Model.from_features(standalone, fs)
