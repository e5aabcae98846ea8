"""MLPClassifier as a real scikit-learn estimator: the official checks, composition, persistence,
and clear errors for bad input."""

import pickle
import re
import warnings
import zipfile

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from mlp import MLPClassifier, MLPRegressor, TrainingDivergedError
from mlp.persistence import FORMAT_VERSION


def expected_failures(estimator):
    """A check that scikit-learn's own MLPClassifier(solver="lbfgs") fails too (checked by hand)."""
    if isinstance(estimator, MLPClassifier) and estimator.solver == "lbfgs":
        return {"check_classifiers_multilabel_output_format_predict_proba":
                "L-BFGS fits the check's tiny data until some logistic outputs round to 1.0"}
    return {}


@parametrize_with_checks([MLPClassifier(), MLPClassifier(solver="sgd", activation="tanh"),
                          MLPClassifier(solver="lbfgs", hidden_layer_sizes=(20,)), MLPRegressor(max_iter=100),
                          MLPRegressor(solver="lbfgs", hidden_layer_sizes=(20,))],
                         expected_failed_checks=expected_failures)
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


@pytest.fixture(scope="module")
def iris():
    X, y = load_iris(return_X_y=True)
    return X, y


def small_model(**params):
    return MLPClassifier(hidden_layer_sizes=(10,), max_iter=300, learning_rate_init=0.01,
                         random_state=0, **params)


def test_works_in_a_pipeline(iris):
    X, y = iris
    pipe = Pipeline([("scale", StandardScaler()), ("mlp", small_model())]).fit(X, y)
    assert pipe.score(X, y) > 0.95


def test_works_in_grid_search(iris):
    X, y = iris
    search = GridSearchCV(Pipeline([("scale", StandardScaler()), ("mlp", small_model())]),
                          {"mlp__alpha": [1e-4, 1e-1], "mlp__hidden_layer_sizes": [(5,), (10,)]},
                          cv=3).fit(X, y)
    assert search.best_score_ > 0.9
    assert set(search.best_params_) == {"mlp__alpha", "mlp__hidden_layer_sizes"}


def test_works_with_cross_val_score(iris):
    X, y = iris
    scores = cross_val_score(Pipeline([("scale", StandardScaler()), ("mlp", small_model())]),
                             X, y, cv=5)
    assert scores.shape == (5,) and scores.mean() > 0.9


# ---- saving and loading ---------------------------------------------------------------------

@pytest.mark.parametrize("labels", ["ints", "strings", "binary"])
def test_save_then_load_predicts_identically(tmp_path, iris, labels):
    X, y = iris
    if labels == "strings":
        y = np.array(["setosa", "versicolor", "virginica"])[y]
    elif labels == "binary":
        y = y == 2
    model = small_model(early_stopping=True).fit(X, y)
    path = tmp_path / "model.npz"
    model.save(path)
    loaded = MLPClassifier.load(path)
    np.testing.assert_array_equal(loaded.predict_proba(X), model.predict_proba(X))
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
    assert loaded.get_params() == model.get_params()
    assert loaded.loss_curve_ == model.loss_curve_
    assert loaded.validation_scores_ == model.validation_scores_
    assert loaded.n_iter_ == model.n_iter_
    assert [p.name for p in tmp_path.iterdir()] == ["model.npz"]  # no temporary file left


def test_a_saved_model_has_ordinary_file_permissions(tmp_path, iris):
    import os
    import stat

    previous = os.umask(0o022)
    try:
        small_model().set_params(max_iter=5).fit(*iris).save(tmp_path / "m.npz")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "m.npz").stat().st_mode) == 0o644  # mkstemp gave 0o600


def test_plain_pickle_still_works(iris):
    X, y = iris
    model = small_model().fit(X, y)
    clone = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(clone.predict_proba(X), model.predict_proba(X))


def test_load_refuses_an_npz_that_is_not_ours(tmp_path):
    path = tmp_path / "other.npz"
    np.savez(path, weights=np.ones(3))
    with pytest.raises(ValueError, match="not a saved audio-mlp MLPClassifier"):
        MLPClassifier.load(path)


def test_load_refuses_a_truncated_file(tmp_path, iris):
    X, y = iris
    path = tmp_path / "model.npz"
    small_model().fit(X, y).save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="truncated"):
        MLPClassifier.load(path)


def test_load_refuses_another_format_version(tmp_path, iris):
    X, y = iris
    path = tmp_path / "model.npz"
    small_model().fit(X, y).save(path)
    with np.load(path) as data:
        arrays = dict(data)
    arrays["meta"] = np.array(str(arrays["meta"]).replace(
        f'"format_version": {FORMAT_VERSION}', f'"format_version": {FORMAT_VERSION + 1}'))
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match=f"format version {FORMAT_VERSION + 1}"):
        MLPClassifier.load(path)


def test_load_never_unpickles(tmp_path):
    path = tmp_path / "evil.npz"
    np.savez(path, meta=np.array([object()], dtype=object))  # needs pickle to read
    with pytest.raises(ValueError):
        MLPClassifier.load(path)
    assert zipfile.is_zipfile(path)


def test_save_needs_a_fitted_model(tmp_path):
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        MLPClassifier().save(tmp_path / "m.npz")


# ---- bad input ------------------------------------------------------------------------------

@pytest.mark.parametrize("param, value, error", [
    ("hidden_layer_sizes", (10, 0), ValueError), ("hidden_layer_sizes", (1.5,), TypeError),
    ("activation", "softplus", ValueError), ("solver", "rmsprop", ValueError),
    ("alpha", -1.0, ValueError), ("batch_size", 0, ValueError), ("batch_size", "big", TypeError),
    ("learning_rate", "cyclic", ValueError), ("learning_rate_init", 0.0, ValueError),
    ("learning_rate_init", "fast", TypeError), ("max_iter", 0, ValueError),
    ("momentum", 1.5, ValueError), ("validation_fraction", 1.0, ValueError),
    ("beta_1", 1.0, ValueError), ("beta_2", -0.1, ValueError), ("epsilon", 0.0, ValueError),
    ("n_iter_no_change", 0, ValueError), ("tol", -1e-3, ValueError),
    ("shuffle", "yes", TypeError), ("random_state", "seed", ValueError),
])
def test_invalid_hyperparameters_name_the_parameter_at_fit(iris, param, value, error):
    X, y = iris
    model = MLPClassifier(**{param: value})  # __init__ only stores: no error yet
    with pytest.raises(error, match=re.escape(param)):
        model.fit(X, y)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_nan_or_inf_in_X(iris, bad):
    X, y = iris
    X = X.copy()
    X[3, 1] = bad
    with pytest.raises(ValueError, match="NaN|infinity"):
        MLPClassifier().fit(X, y)


def test_empty_X_and_mismatched_y():
    with pytest.raises(ValueError, match="0 sample"):
        MLPClassifier().fit(np.empty((0, 3)), [])
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        MLPClassifier().fit(np.ones((5, 3)), [0, 1, 0])


def test_a_single_class_predicts_that_class_as_scikit_learn_does(iris):
    X, _ = iris
    model = small_model().set_params(max_iter=5).fit(X, np.full(len(X), 7))
    assert model.classes_.tolist() == [7] and model.n_outputs_ == 1
    assert (model.predict(X) == 7).all()


def test_diverging_training_names_the_epoch_and_suggests_a_smaller_rate(iris):
    X, y = iris
    # With a step this large the L2 term alone multiplies the weights by about
    # (1 - eta * alpha / batch) = -999 per step: they overflow within a few epochs.
    model = MLPClassifier(solver="sgd", alpha=1.0, learning_rate_init=1e4, batch_size=10,
                          random_state=0)
    with pytest.raises(TrainingDivergedError, match=r"epoch \d+.*learning_rate_init"):
        with np.errstate(all="ignore"):
            model.fit(X, y)


def test_fit_never_modifies_the_callers_arrays(iris):
    X, y = iris
    X32 = X.astype(np.float32)
    copies = X.copy(), X32.copy(), y.copy()
    for data in (X, X32):
        small_model(shuffle=False).fit(data, y)
        small_model(early_stopping=True).fit(data, y)
    np.testing.assert_array_equal(X, copies[0])
    np.testing.assert_array_equal(X32, copies[1])
    np.testing.assert_array_equal(y, copies[2])


def test_partial_fit_needs_classes_first_and_refuses_early_stopping(iris):
    X, y = iris
    with pytest.raises(ValueError, match="classes must be passed"):
        MLPClassifier().partial_fit(X, y)
    with pytest.raises(ValueError, match="early_stopping"):
        MLPClassifier(early_stopping=True).partial_fit(X, y, classes=[0, 1, 2])


def test_verbose_prints_one_line_per_epoch(iris, capsys):
    X, y = iris
    model = MLPClassifier(max_iter=5, verbose=True, early_stopping=True, random_state=0)
    with pytest.warns(Warning):  # ConvergenceWarning: 5 epochs are not enough
        model.fit(X, y)
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 5
    assert all(re.fullmatch(r"Iteration \d, loss = \d\.\d{8}, validation score = [01]\.\d{6}", line)
               for line in out), out


def test_a_loaded_model_can_go_on_training(tmp_path, iris):
    X, y = iris
    model = small_model().set_params(max_iter=20)
    with pytest.warns(Warning):
        model.fit(X, y)
    model.save(tmp_path / "m.npz")
    loaded = MLPClassifier.load(tmp_path / "m.npz")
    loaded.partial_fit(X, y)
    assert len(loaded.loss_curve_) == 21 and loaded.t_ == model.t_ + len(X)
    # A warm-start fit builds a new optimizer anyway, so the loaded model must continue exactly
    # as the original does: same stopping state (counts, best score, best weights).
    for early_stopping in (False, True):
        original = small_model(early_stopping=early_stopping).set_params(max_iter=40)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            original.fit(X, y)
            original.save(tmp_path / "o.npz")
            loaded = MLPClassifier.load(tmp_path / "o.npz")
            for model in (original, loaded):
                model.set_params(warm_start=True, max_iter=30, n_iter_no_change=5).fit(X, y)
        assert loaded.loss_curve_ == original.loss_curve_
        assert loaded.validation_scores_ == original.validation_scores_
        for a, b in zip(loaded.coefs_ + loaded.intercepts_, original.coefs_ + original.intercepts_):
            np.testing.assert_array_equal(a, b)


def test_switching_early_stopping_between_warm_fits_is_refused_before_training(iris):
    X, y = iris
    model = small_model(warm_start=True).set_params(max_iter=5)
    with pytest.warns(Warning):
        model.fit(X, y)
    curve = list(model.loss_curve_)
    with pytest.raises(ValueError, match="early_stopping changed from False to True"):
        model.set_params(early_stopping=True).fit(X, y)
    assert model.loss_curve_ == curve  # nothing was trained


def test_predict_after_a_failed_fit_says_not_fitted(iris):
    from sklearn.exceptions import NotFittedError

    X, _ = iris
    model = MLPClassifier()
    with pytest.raises(ValueError):
        model.fit(X, np.zeros(len(X) - 1))
    with pytest.raises(NotFittedError):
        model.predict(X)


@pytest.mark.parametrize("param, value", [("activation", ["relu"]), ("verbose", "yes"),
                                          ("n_iter_no_change", 2.5)])
def test_wrong_types_are_named(iris, param, value):
    with pytest.raises((TypeError, ValueError), match=param):
        MLPClassifier(**{param: value}).fit(*iris)


def test_validation_fraction_zero_is_fine_without_early_stopping(iris):
    X, y = iris
    small_model(validation_fraction=0.0).fit(X, y)
    with pytest.raises(ValueError, match="validation_fraction must be > 0 when early_stopping=True"):
        small_model(validation_fraction=0.0, early_stopping=True).fit(X, y)


# ---- the rest of the drop-in ------------------------------------------------------------------

def test_partial_fit_exists_for_the_stochastic_solvers_only():
    assert not hasattr(MLPClassifier(solver="lbfgs"), "partial_fit")
    assert not hasattr(MLPRegressor(solver="lbfgs"), "partial_fit")
    assert hasattr(MLPClassifier(solver="sgd"), "partial_fit")


def test_weights_set_by_hand_go_on_with_partial_fit():
    """scikit-learn's test_fit, worked by hand: one SGD step of a 3-2-1 logistic network."""
    model = MLPClassifier(solver="sgd", learning_rate_init=0.1, alpha=0.1, activation="logistic",
                          random_state=1, max_iter=1, hidden_layer_sizes=2, momentum=0)
    model.coefs_ = [np.array([[0.1, 0.2], [0.3, 0.1], [0.5, 0.0]]), np.array([[0.1], [0.2]])]
    model.intercepts_ = [np.array([0.1, 0.1]), np.array([1.0])]
    model.n_outputs_, model.n_features_in_, model.n_layers_ = 1, 3, 3
    model.out_activation_, model.t_, model.n_iter_ = "logistic", 0, 0
    model.partial_fit(np.array([[0.6, 0.8, 0.7]]), np.array([0]), classes=[0, 1])
    # o = g(0.679 * 0.1 + 0.574 * 0.2 + 1) = 0.765; b2 <- 1 - 0.1 * 0.765 = 0.9235
    np.testing.assert_allclose(model.intercepts_[1], [0.9235], atol=1e-3)
    np.testing.assert_allclose(model.coefs_[1].ravel(), [0.04706, 0.154089], atol=1e-3)
    assert model._no_improvement_count == 0  # scikit-learn's private name, an alias of ours


def test_multilabel_and_sparse_input_are_accepted():
    from scipy import sparse
    from sklearn.datasets import make_multilabel_classification

    X, Y = make_multilabel_classification(n_samples=60, n_features=5, random_state=0)
    model = MLPClassifier(hidden_layer_sizes=(10,), solver="lbfgs", random_state=0)
    model.fit(sparse.csr_matrix(X), Y)
    assert model.predict(sparse.csc_matrix(X)).shape == Y.shape
    assert model.out_activation_ == "logistic" and model.predict_proba(X).shape == Y.shape
