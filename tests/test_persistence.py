"""mlp.persistence: a saved model loads back exactly, and a file that is not a valid model is
refused with a ValueError that says what is wrong, before anything large is read.

Each refusal case below is a file that the first version of ``load`` accepted, or failed on with
some other error (TypeError, AttributeError, KeyError, MemoryError, or a predict that fails later).
"""

import json
import zipfile

import numpy as np
import pytest
from sklearn.datasets import load_iris

from mlp import MLPClassifier


@pytest.fixture(scope="module")
def iris():
    return load_iris(return_X_y=True)


@pytest.fixture
def saved(tmp_path, iris):
    """A fitted 4-10-3 classifier saved to a file; returns the path."""
    model = MLPClassifier(hidden_layer_sizes=(10,), max_iter=20, random_state=0).fit(*iris)
    path = tmp_path / "model.npz"
    model.save(path)
    return path


def rewrite(path, arrays=None, meta=None):
    """Rewrite the saved file with ``arrays(dict)`` and ``meta(dict)`` applied to its contents."""
    with np.load(path) as data:
        contents = dict(data)
    document = json.loads(str(contents["meta"]))
    if meta is not None:
        meta(document)
    contents["meta"] = np.array(json.dumps(document))
    if arrays is not None:
        arrays(contents)
    np.savez(path, **contents)


def refused(path, message):
    with pytest.raises(ValueError, match=message) as info:
        MLPClassifier.load(path)
    assert str(path) in str(info.value)  # the message names the file


def test_nan_weights(saved):
    def poison(a):
        a["coefs_0"][2, 3] = np.nan

    rewrite(saved, arrays=poison)
    refused(saved, "coefs_0 contains NaN or infinity")


def test_five_classes_for_a_three_output_layer(saved):
    rewrite(saved, arrays=lambda a: a.update(classes=np.arange(5)))
    refused(saved, r"5 classes \(multiclass\) do not fit an output layer of 3 units")


def test_a_dropped_layer(saved):
    def drop(a):
        del a["coefs_1"], a["intercepts_1"]

    def fewer(m):
        m["fitted"]["n_layers_"] = 2

    rewrite(saved, arrays=drop, meta=fewer)
    refused(saved, r"n_layers_=2 but hidden_layer_sizes=\(10,\) makes 3 layers")


def test_missing_layer_arrays(saved):
    rewrite(saved, arrays=lambda a: a.pop("intercepts_1"))
    refused(saved, r"missing \['intercepts_1.npy'\]")


@pytest.mark.parametrize("dtype", [np.int8, np.float16, np.complex128])
def test_weights_of_another_dtype(saved, dtype):
    def cast(a):
        for name in list(a):
            if name.startswith(("coefs", "intercepts")):
                a[name] = a[name].astype(dtype)

    rewrite(saved, arrays=cast)
    refused(saved, f"coefs_0 is {np.dtype(dtype)}.*expected float64")


def test_float32_weights_in_a_float64_model(saved):
    rewrite(saved, arrays=lambda a: a.update(coefs_1=a["coefs_1"].astype(np.float32)))
    refused(saved, "coefs_1 is float32.*expected float64")


def test_a_meta_dtype_that_is_not_a_float(saved):
    rewrite(saved, meta=lambda m: m.update(dtype="int8"))
    refused(saved, "dtype is 'int8'; expected 'float32' or 'float64'")


def test_first_layer_not_matching_n_features_in(saved):
    rewrite(saved, meta=lambda m: m["fitted"].update(n_features_in_=5))
    refused(saved, r"coefs_0 is float64\[4, 10\]: expected shape \[5, 10\]")


def test_layers_that_do_not_chain(saved):
    rewrite(saved, arrays=lambda a: a.update(coefs_1=np.ones((9, 3))))
    refused(saved, r"coefs_1 is float64\[9, 3\]: expected shape \[10, 3\]")


def test_an_unknown_output_activation(saved):
    rewrite(saved, meta=lambda m: m["fitted"].update(out_activation_="tanh"))
    refused(saved, "out_activation_ is 'tanh'; this model needs 'softmax'")


def test_unknown_params_keys(saved):
    rewrite(saved, meta=lambda m: m["params"].update(dropout_rate=0.5))
    refused(saved, r"params must be a dict of MLPClassifier parameters; got \['dropout_rate'\]")


def test_params_as_a_list(saved):
    rewrite(saved, meta=lambda m: m.update(params=[1, 2]))
    refused(saved, r"params must be a dict of MLPClassifier parameters; got \[1, 2\]")


def test_a_bad_parameter_value(saved):
    rewrite(saved, meta=lambda m: m["params"].update(momentum=7))
    refused(saved, r"bad parameter: momentum must be a real number in \[0, 1\]; got 7")


def test_missing_format_version(saved):
    rewrite(saved, meta=lambda m: m.pop("format_version"))
    refused(saved, "meta has keys")


def test_unknown_fitted_entries(saved):
    rewrite(saved, meta=lambda m: m["fitted"].update(predict="x"))
    refused(saved, "fitted has unknown entries")


def test_a_fitted_count_of_the_wrong_type(saved):
    rewrite(saved, meta=lambda m: m["fitted"].update(n_iter_="many"))
    refused(saved, "fitted n_iter_ is 'many'; expected an integer >= 0")


def npy_header(shape, dtype="<f8"):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %r, }" % (dtype, shape)
    header += " " * (63 - (10 + len(header)) % 64) + "\n"  # pad to a multiple of 64 bytes
    return b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode("latin1")


def test_an_extra_member_claiming_a_huge_array_is_never_read(saved):
    with zipfile.ZipFile(saved, "a") as archive:
        archive.writestr("huge.npy", npy_header((10**7, 10**7)) + b"\0" * 64)
    refused(saved, r"unexpected \['huge.npy'\]")


def test_a_member_whose_header_claims_more_than_it_holds(saved):
    with np.load(saved) as data:
        contents = dict(data)
    contents.pop("coefs_1")
    np.savez(saved, **contents)
    with zipfile.ZipFile(saved, "a") as archive:  # header says (10, 3); only 8 bytes of data
        archive.writestr("coefs_1.npy", npy_header((10, 3)) + b"\0" * 8)
    refused(saved, "coefs_1.npy holds .* bytes, not what its header says")


def test_a_huge_meta_is_refused_by_its_size_in_the_zip_directory(saved, monkeypatch):
    import mlp.persistence

    monkeypatch.setattr(mlp.persistence, "MAX_META_BYTES", 100)
    refused(saved, "meta is .* bytes, more than 100")


def test_a_valid_file_still_loads_and_predicts_the_same(saved, iris):
    X, _ = iris
    model = MLPClassifier.load(saved)
    rewrite(saved)  # a rewrite that changes nothing must still load
    again = MLPClassifier.load(saved)
    np.testing.assert_array_equal(again.predict_proba(X), model.predict_proba(X))


@pytest.mark.parametrize("kind", ["regressor", "poisson", "multilabel", "lbfgs", "single class"])
def test_every_kind_of_model_round_trips(tmp_path, iris, kind):
    from sklearn.datasets import make_multilabel_classification

    from mlp import MLPRegressor

    X, y = iris
    cls, params, target = MLPClassifier, dict(max_iter=20), y
    if kind in ("regressor", "poisson"):
        cls, target = MLPRegressor, X[:, 0] if kind == "regressor" else y.astype(float)
        params["loss"] = "squared_error" if kind == "regressor" else "poisson"
    elif kind == "multilabel":
        X, target = make_multilabel_classification(n_samples=60, n_features=4, random_state=0)
    elif kind == "lbfgs":
        params["solver"] = "lbfgs"
    else:
        target = np.full(len(y), "only")
    with pytest.warns(Warning):  # 20 iterations: not converged
        model = cls(hidden_layer_sizes=(5,), random_state=0, **params).fit(X, target)
    model.save(tmp_path / "m.npz")
    loaded = cls.load(tmp_path / "m.npz")
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    assert loaded.get_params() == model.get_params()
    assert hasattr(loaded, "loss_curve_") == hasattr(model, "loss_curve_")
