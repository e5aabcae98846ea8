"""Save and load a fitted ``MLPClassifier`` or ``MLPRegressor`` without pickle, checked on load.

Pickle runs code on load, so a model file from someone else is a risk. Here a model is one ``.npz``
file of plain arrays: ``coefs_0 ..``, ``intercepts_0 ..``, ``classes`` (classifiers) and ``meta``,
a JSON document (hyperparameters, fitted scalars and curves, format name and version).

Loading trusts nothing in the file. Each array's size and ``.npy`` header (shape, dtype) are
checked against what ``meta`` says the network is before it is read, so a file cannot make us
allocate more than the model needs; then every value must be finite and every parameter and
fitted attribute known and of the right type. A failure is a ValueError naming the file and what
is wrong.

Lesson: lessons/09_estimator.md#saving-and-loading-without-pickle
"""

import json
import zipfile
from pathlib import Path

import numpy as np

from mlp.files import installed_version, plain, write_atomic

FORMAT_VERSION = 1
MAX_META_BYTES = 1 << 24  # 16 MiB of JSON is far more than any loss curve needs
_META_KEYS = {"format", "format_version", "library_version", "params", "fitted",
              "no_improvement_count", "dtype", "target_type"}
_COUNTS = {"n_iter_": 0, "t_": 0, "n_layers_": 2, "n_outputs_": 1, "n_features_in_": 1}
_NUMBERS = ("loss_", "best_loss_", "best_validation_score_")  # a float, or None
_CURVES = ("loss_curve_", "validation_scores_")  # a list of floats, or None
_TARGET_TYPES = ("binary", "multiclass", "multilabel-indicator")


class _Refused(ValueError):
    """What is wrong with a model file; :func:`load_model` adds the file name."""


def _format_name(cls):
    return f"audio-mlp.{cls.__name__}"


def save_model(model, path):
    """Write fitted ``model`` to ``path`` (.npz) atomically: never a half-written file."""
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(model)
    path = Path(path)
    if path.suffix != ".npz":
        raise ValueError(f"the model file name must end in .npz; got {str(path)!r}")
    arrays = {}
    if hasattr(model, "classes_"):
        classes = np.asarray(model.classes_)
        if classes.dtype == object:
            raise ValueError("save() needs classes_ of one plain type (numbers or strings); "
                             f"got an object array: {classes!r}")
        arrays["classes"] = classes
    stopping = getattr(model, "_stopping", None)
    meta = {
        "format": _format_name(type(model)),
        "format_version": FORMAT_VERSION,
        "library_version": installed_version("audio-mlp"),
        "params": {k: plain(v) if k != "random_state" or v is None or isinstance(v, int)
                   else None for k, v in model.get_params().items()},
        "fitted": {k: plain(getattr(model, k)) for k in (*_COUNTS, "out_activation_", *_NUMBERS,
                                                         *_CURVES) if hasattr(model, k)},
        "no_improvement_count": 0 if stopping is None else int(stopping.no_improvement_count),
        "dtype": str(model.coefs_[0].dtype),
    }
    if hasattr(model, "_label_binarizer"):
        meta["target_type"] = model._label_binarizer.y_type_
    arrays["meta"] = np.array(json.dumps(meta))
    for i, (W, b) in enumerate(zip(model.coefs_, model.intercepts_)):
        arrays[f"coefs_{i}"] = W
        arrays[f"intercepts_{i}"] = b
    write_atomic(path, lambda f: np.savez(f, **arrays))


def load_model(path, cls):
    """Read a ``cls`` model written by :func:`save_model`; refuse anything else, saying why."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            return _read(archive, cls)
    except FileNotFoundError:
        raise
    except _Refused as exc:
        raise ValueError(f"{path}: {exc}") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise ValueError(f"{path} is not a readable {cls.__name__} file "
                         f"(not an .npz archive, or truncated): {exc}") from None


def _read(archive, cls):
    sizes = {info.filename: info.file_size for info in archive.infolist()}
    if "meta.npy" not in sizes:
        raise _Refused(f"an .npz file but not a saved audio-mlp {cls.__name__} (no meta)")
    if sizes["meta.npy"] > MAX_META_BYTES:
        raise _Refused(f"meta is {sizes['meta.npy']} bytes, more than {MAX_META_BYTES}")
    meta = _read_meta(_read_member(archive, "meta.npy", sizes, None, "U"), cls)
    if hasattr(cls, "predict_proba") and "target_type" not in meta:  # written before multilabel
        meta["target_type"] = "binary" if meta["fitted"].get("n_outputs_") == 1 else "multiclass"
    model = _model_from_meta(meta, cls)
    units = [model.n_features_in_, *model._hidden_sizes(), model.n_outputs_]
    expected = {}
    for i, (fan_in, fan_out) in enumerate(zip(units[:-1], units[1:])):
        expected[f"coefs_{i}.npy"] = (fan_in, fan_out)  # layer i maps units[i] -> units[i+1]
        expected[f"intercepts_{i}.npy"] = (fan_out,)
    if "target_type" in meta:
        expected["classes.npy"] = None  # its length is checked against n_outputs_ below
    unexpected = sorted(set(sizes) - set(expected) - {"meta.npy"})
    missing = sorted(set(expected) - set(sizes))
    if unexpected or missing:
        raise _Refused(f"the arrays do not match n_layers_={model.n_layers_} and the "
                       f"classes: missing {missing}, unexpected {unexpected}")
    arrays = {name[:-4]: _read_member(archive, name, sizes, shape, "f" if shape else "biuUf",
                                      meta["dtype"] if shape else None)
              for name, shape in expected.items()}
    model.coefs_ = [arrays[f"coefs_{i}"] for i in range(len(units) - 1)]
    model.intercepts_ = [arrays[f"intercepts_{i}"] for i in range(len(units) - 1)]
    if "classes" in arrays:
        _restore_classes(model, arrays["classes"], meta["target_type"])
    model._stopping = model._stopping_from_fitted(meta["no_improvement_count"])
    return model


def _read_member(archive, name, sizes, shape, kinds, dtype=None):
    """One ``.npy`` member, its header checked against ``shape``/``kinds``/``dtype`` before the data
    are read, and its size in the zip directory against the header."""
    with archive.open(name) as f:
        version = np.lib.format.read_magic(f)
        if version not in ((1, 0), (2, 0)):
            raise _Refused(f"{name} has .npy format version {version}")
        read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                       else np.lib.format.read_array_header_2_0)
        found, fortran, found_dtype = read_header(f)
        what = f"{name[:-4]} is {found_dtype}{list(found)}"
        if found_dtype.kind not in kinds or found_dtype.hasobject or (
                dtype is not None and str(found_dtype) != dtype):
            raise _Refused(f"{what}: expected {dtype or 'plain numbers or strings'}")
        if shape is not None and tuple(found) != shape:
            raise _Refused(f"{what}: expected shape {list(shape)}, the layer sizes in meta")
        if shape is None and len(found) != (0 if name == "meta.npy" else 1):
            raise _Refused(f"{what}: expected {'a string' if name == 'meta.npy' else '1-D'}")
        if sizes[name] != f.tell() + int(np.prod(found)) * found_dtype.itemsize:
            raise _Refused(f"{name} holds {sizes[name]} bytes, not what its header says")
        data = f.read(sizes[name] - f.tell())
    array = np.frombuffer(data, found_dtype).reshape(found, order="F" if fortran else "C").copy()
    if dtype is not None and not np.isfinite(array).all():
        raise _Refused(f"{name[:-4]} contains NaN or infinity")
    return array


def _read_meta(text, cls):
    try:
        meta = json.loads(str(text))
        ours = isinstance(meta, dict) and meta.get("format") == _format_name(cls)
    except ValueError:
        ours = False
    if not ours:
        raise _Refused(f"an .npz file but not a saved audio-mlp {cls.__name__}")
    if set(meta) - _META_KEYS or not {"format_version", "params", "fitted", "dtype"} <= set(meta):
        raise _Refused(f"meta has keys {sorted(meta)}; expected {sorted(_META_KEYS)}")
    if meta["format_version"] != FORMAT_VERSION:
        raise _Refused(
            f"written in model format version {meta['format_version']!r} (by audio-mlp "
            f"{meta.get('library_version')}); this audio-mlp "
            f"({installed_version('audio-mlp')}) reads version {FORMAT_VERSION} only")
    if meta["dtype"] not in ("float32", "float64"):
        raise _Refused(f"dtype is {meta['dtype']!r}; expected 'float32' or 'float64'")
    count = meta.get("no_improvement_count", 0)
    if not _is_int(count) or count < 0:
        raise _Refused(f"no_improvement_count is {count!r}; expected an integer >= 0")
    meta["no_improvement_count"] = count
    if "target_type" in meta and meta["target_type"] not in _TARGET_TYPES:
        raise _Refused(f"target_type is {meta['target_type']!r}; expected one of {_TARGET_TYPES}")
    return meta


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def _is_float(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _model_from_meta(meta, cls):
    params, fitted = meta["params"], meta["fitted"]
    known = set(cls().get_params())
    if not isinstance(params, dict) or set(params) - known:
        unknown = sorted(set(params) - known) if isinstance(params, dict) else params
        raise _Refused(f"params must be a dict of {cls.__name__} parameters; got {unknown!r}")
    if isinstance(params.get("hidden_layer_sizes"), list):
        params["hidden_layer_sizes"] = tuple(params["hidden_layer_sizes"])
    model = cls(**params)
    try:
        model._validate_hyperparameters()
        model._hidden_sizes()
    except (TypeError, ValueError) as exc:
        raise _Refused(f"bad parameter: {exc}") from None
    if not isinstance(fitted, dict) or set(fitted) - {*_COUNTS, "out_activation_", *_NUMBERS,
                                                      *_CURVES}:
        raise _Refused(f"fitted has unknown entries: {fitted!r}")
    for name, least in _COUNTS.items():
        if not _is_int(fitted.get(name)) or fitted[name] < least:
            raise _Refused(f"fitted {name} is {fitted.get(name)!r}; expected an integer >= {least}")
    for name in _NUMBERS:
        if fitted.get(name) is not None and not _is_float(fitted[name]):
            raise _Refused(f"fitted {name} is {fitted[name]!r}; expected a number or null")
    for name in _CURVES:
        curve = fitted.get(name)
        if curve is not None and not (isinstance(curve, list) and all(map(_is_float, curve))):
            raise _Refused(f"fitted {name} must be a list of numbers or null; got {curve!r}")
    if fitted["n_layers_"] != len(model._hidden_sizes()) + 2:
        raise _Refused(f"fitted n_layers_={fitted['n_layers_']} but hidden_layer_sizes="
                       f"{params.get('hidden_layer_sizes')} makes "
                       f"{len(model._hidden_sizes()) + 2} layers")
    for name, value in fitted.items():
        setattr(model, name, value)
    expected = model._output_activation(meta.get("target_type"))
    if fitted.get("out_activation_") != expected:
        raise _Refused(f"out_activation_ is {fitted.get('out_activation_')!r}; this model "
                       f"needs {expected!r}")
    return model


def _restore_classes(model, classes, target_type):
    from sklearn.preprocessing import LabelBinarizer

    n_classes = len(classes)
    outputs = {"binary": 1 if n_classes <= 2 else None, "multiclass": n_classes if n_classes > 2
               else None, "multilabel-indicator": n_classes}[target_type]
    if outputs != model.n_outputs_:
        raise _Refused(f"{n_classes} classes ({target_type}) do not fit an output layer of "
                       f"{model.n_outputs_} units")
    if len(np.unique(classes)) != n_classes:
        raise _Refused(f"classes repeat: {classes!r}")
    if target_type == "multilabel-indicator":  # an indicator matrix with one column per label
        model._label_binarizer = LabelBinarizer().fit(np.eye(n_classes, dtype=int))
    else:
        model._label_binarizer = LabelBinarizer().fit(classes)
    model.classes_ = model._label_binarizer.classes_
