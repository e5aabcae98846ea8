"""Save and load a fitted :class:`mlp.estimator.MLPClassifier` without pickle.

Pickle runs code on load, so a model file from someone else is a risk. Here a model is one ``.npz``
file (NumPy's zip of arrays) holding only plain arrays: ``coefs_0 .. coefs_{L-1}``,
``intercepts_0 ..``, ``classes``, and ``meta``, a JSON document with the hyperparameters, the
fitted scalars and curves, a format name and a format version. It is read with
``np.load(..., allow_pickle=False)``; anything else (a file that is not ours, a truncated file, a
newer format) is refused with a ValueError that says why.

Lesson: lessons/09_estimator.md#saving-and-loading-without-pickle
"""

import json
import zipfile
from pathlib import Path

import numpy as np
from sklearn.preprocessing import LabelBinarizer

from mlp.early_stopping import EarlyStopping, LossPlateau
from mlp.files import installed_version, plain, write_atomic

FORMAT_NAME = "audio-mlp.MLPClassifier"
FORMAT_VERSION = 1
_FITTED_SCALARS = ("n_iter_", "t_", "n_layers_", "n_outputs_", "out_activation_",
                   "n_features_in_", "loss_", "best_loss_", "best_validation_score_")
_FITTED_LISTS = ("loss_curve_", "validation_scores_")


def save_classifier(model, path):
    """Write ``model`` to ``path`` atomically: a crash never leaves a half-written file."""
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(model)
    classes = np.asarray(model.classes_)
    if classes.dtype == object:
        raise ValueError("save() needs classes_ of one plain type (numbers or strings); "
                         f"got an object array: {classes!r}")
    meta = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "library_version": installed_version("audio-mlp"),
        "params": {k: plain(v) if k != "random_state" or v is None or isinstance(v, int)
                   else None for k, v in model.get_params().items()},
        "fitted": {k: plain(getattr(model, k, None)) for k in _FITTED_SCALARS + _FITTED_LISTS},
        "no_improvement_count": int(model._stopping.no_improvement_count),
        "dtype": str(model.coefs_[0].dtype),
    }
    arrays = {"meta": np.array(json.dumps(meta)), "classes": classes}
    for i, (W, b) in enumerate(zip(model.coefs_, model.intercepts_)):
        arrays[f"coefs_{i}"] = W
        arrays[f"intercepts_{i}"] = b
    path = Path(path)
    if path.suffix != ".npz":
        raise ValueError(f"the model file name must end in .npz; got {str(path)!r}")
    write_atomic(path, lambda f: np.savez(f, **arrays))


def load_classifier(path, cls):
    """Read a model written by :func:`save_classifier`; refuse anything else, saying why."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except FileNotFoundError:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise ValueError(f"{path} is not a readable MLPClassifier file "
                         f"(not an .npz archive, or truncated): {exc}") from None
    try:
        meta = json.loads(str(arrays["meta"]))
        ok = meta["format"] == FORMAT_NAME
    except (KeyError, ValueError, TypeError):
        ok = False
    if not ok:
        raise ValueError(f"{path} is an .npz file but not a saved audio-mlp MLPClassifier")
    if meta["format_version"] != FORMAT_VERSION:
        raise ValueError(
            f"{path} was written in model format version {meta['format_version']} (by "
            f"audio-mlp {meta.get('library_version')}); this audio-mlp "
            f"({installed_version('audio-mlp')}) reads version {FORMAT_VERSION} only")
    n_layers = meta["fitted"]["n_layers_"]
    try:
        coefs = [arrays[f"coefs_{i}"] for i in range(n_layers - 1)]
        intercepts = [arrays[f"intercepts_{i}"] for i in range(n_layers - 1)]
    except KeyError as exc:
        raise ValueError(f"{path} is incomplete: array {exc} is missing") from None

    model = cls(**{k: tuple(v) if k == "hidden_layer_sizes" and isinstance(v, list) else v
                   for k, v in meta["params"].items()})
    for name, value in meta["fitted"].items():
        setattr(model, name, value)
    model.coefs_, model.intercepts_ = coefs, intercepts
    model._label_binarizer = LabelBinarizer().fit(arrays["classes"])
    model.classes_ = model._label_binarizer.classes_
    model._stopping = _stopping_rule(model, meta.get("no_improvement_count", 0))
    return model


def _stopping_rule(model, count):
    """Rebuild the stopping rule's state, so that a loaded model can go on training
    (``warm_start`` or ``partial_fit``). The optimizer's moments are not saved: training
    continues with a fresh optimizer, as a ``warm_start`` fit does anyway."""
    if model.early_stopping:
        rule = EarlyStopping(tol=model.tol, n_iter_no_change=model.n_iter_no_change)
        rule.scores = list(model.validation_scores_ or [])
        rule.best_score = model.best_validation_score_
        rule.best_params = [p.copy() for p in model._network().parameters()]  # saved = best
    else:
        rule = LossPlateau(tol=model.tol, n_iter_no_change=model.n_iter_no_change)
        rule.best_loss = model.best_loss_
    rule.no_improvement_count = count
    return rule
