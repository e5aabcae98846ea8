"""Parity: with the same settings and random_state, our MLPClassifier walks scikit-learn's path.

scikit-learn's MLPClassifier is the independent oracle. For every case both estimators are fitted
on the same data; the loss curve, every weight and bias, the number of epochs, the validation
scores and the predictions must agree to a relative 1e-10 in float64 (in practice they agree to
the last bit, because the arithmetic follows scikit-learn's term by term), and to float32
precision for float32 input.
"""

import itertools
import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier as SklearnMLP

from mlp import MLPClassifier

RTOL = 1e-10


def make_data(n_classes, n_samples=120, n_features=6, dtype=np.float64, seed=0):
    X, y = make_classification(n_samples=n_samples, n_features=n_features, n_informative=4,
                               n_redundant=0, n_classes=n_classes, n_clusters_per_class=1,
                               random_state=seed)
    return X.astype(dtype), y


def fit_both(X, y, sample_weight=None, ours=MLPClassifier, theirs=SklearnMLP, **params):
    params = {"hidden_layer_sizes": (7,), "max_iter": 25, "random_state": 3, **params}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs = theirs(**params).fit(X, y, sample_weight=sample_weight)
        ours = ours(**params).fit(X, y, sample_weight=sample_weight)
    return ours, theirs


def assert_same_path(ours, theirs, X, rtol=RTOL, atol=0.0):
    """Every quantity scikit-learn exposes about its training agrees with ours."""
    assert ours.n_iter_ == theirs.n_iter_
    assert ours.t_ == theirs.t_
    assert ours.loss_ == pytest.approx(theirs.loss_, rel=rtol, abs=atol)
    if theirs.solver == "lbfgs":  # one full-batch optimisation: no curves, no stopping rule
        assert not hasattr(ours, "loss_curve_") and not hasattr(theirs, "loss_curve_")
    else:
        np.testing.assert_allclose(ours.loss_curve_, theirs.loss_curve_, rtol=rtol, atol=atol)
        assert_same_stopping(ours, theirs, rtol, atol)
    for name in ("coefs_", "intercepts_"):
        for i, (a, b) in enumerate(zip(getattr(ours, name), getattr(theirs, name))):
            assert a.dtype == b.dtype, f"{name}[{i}] dtype"
            np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, err_msg=f"{name}[{i}]")
    if hasattr(theirs, "predict_proba"):
        np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), rtol=rtol,
                                   atol=max(atol, 1e-300))
        np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    else:
        np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=rtol,
                                   atol=max(atol, 1e-300))
    assert ours.out_activation_ == theirs.out_activation_
    assert ours.n_layers_ == theirs.n_layers_ and ours.n_outputs_ == theirs.n_outputs_


def assert_same_stopping(ours, theirs, rtol, atol):
    assert ours._no_improvement_count == theirs._no_improvement_count
    if theirs.validation_scores_ is None:
        assert ours.validation_scores_ is None
        np.testing.assert_allclose(ours.best_loss_, theirs.best_loss_, rtol=rtol, atol=atol)
    else:
        np.testing.assert_allclose(ours.validation_scores_, theirs.validation_scores_, rtol=rtol)
        assert ours.best_validation_score_ == pytest.approx(theirs.best_validation_score_, rel=rtol)


# Every solver x activation x output kind.
@pytest.mark.parametrize("solver, activation, n_classes", list(itertools.product(
    ["sgd", "adam"], ["identity", "logistic", "tanh", "relu"], [2, 3])))
def test_solvers_activations_and_output_kinds(solver, activation, n_classes):
    X, y = make_data(n_classes)
    ours, theirs = fit_both(X, y, solver=solver, activation=activation, learning_rate_init=0.01)
    assert_same_path(ours, theirs, X)


@pytest.mark.parametrize("hidden", [(5,), (6, 4), (8, 5, 3)])
@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_one_to_three_hidden_layers(hidden, solver):
    X, y = make_data(4)
    ours, theirs = fit_both(X, y, hidden_layer_sizes=hidden, solver=solver, activation="tanh")
    assert_same_path(ours, theirs, X)


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_early_stopping(n_classes, solver):
    # For 3+ classes scikit-learn's validation split is not stratified; for 2 it is.
    X, y = make_data(n_classes, n_samples=200)
    ours, theirs = fit_both(X, y, solver=solver, early_stopping=True, max_iter=200,
                            validation_fraction=0.2, n_iter_no_change=3)
    assert theirs.n_iter_ < 200, "the case should stop early, or it tests nothing"
    assert_same_path(ours, theirs, X)


@pytest.mark.parametrize("shuffle", [True, False])
@pytest.mark.parametrize("batch_size", [32, "auto", 500])
def test_shuffle_and_batch_sizes(shuffle, batch_size):
    X, y = make_data(3)  # 120 rows: batch 32 leaves a short last batch of 24; 500 is clipped
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        ours, theirs = fit_both(X, y, shuffle=shuffle, batch_size=batch_size)
    assert_same_path(ours, theirs, X)


@pytest.mark.parametrize("schedule", ["constant", "invscaling", "adaptive"])
@pytest.mark.parametrize("nesterov", [True, False])
def test_sgd_learning_rate_schedules(schedule, nesterov):
    X, y = make_data(3)
    params = dict(solver="sgd", learning_rate=schedule, nesterovs_momentum=nesterov,
                  learning_rate_init=0.05, max_iter=80)
    if schedule == "adaptive":
        params.update(tol=0.05, n_iter_no_change=2)  # plateaus soon, so the rate is cut
    ours, theirs = fit_both(X, y, **params)
    assert_same_path(ours, theirs, X)
    assert ours._optimizer.learning_rate == pytest.approx(theirs._optimizer.learning_rate,
                                                          rel=RTOL)
    if schedule == "adaptive":
        assert ours._optimizer.learning_rate < 0.05 / 5 ** 2, "adaptive should cut the rate"
    if schedule == "invscaling":
        assert ours._optimizer.learning_rate < 0.05


def test_plain_sgd_without_momentum_and_adam_settings():
    X, y = make_data(3)
    assert_same_path(*fit_both(X, y, solver="sgd", momentum=0.0), X)
    assert_same_path(*fit_both(X, y, solver="adam", beta_1=0.8, beta_2=0.99, epsilon=1e-6,
                               alpha=0.1), X)


def test_string_labels():
    X, y = make_data(3)
    labels = np.array(["calm", "happy", "sad"])[y]
    assert_same_path(*fit_both(X, labels), X)


@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_warm_start_sequence(solver):
    """Each fit continues from the last weights (L-BFGS too: a new run from where it stopped)."""
    X, y = make_data(3, n_samples=150)
    params = dict(hidden_layer_sizes=(6,), max_iter=8, random_state=5, warm_start=True,
                  solver=solver)
    ours, theirs = MLPClassifier(**params), SklearnMLP(**params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(3):
            ours.fit(X, y)
            theirs.fit(X, y)
            assert_same_path(ours, theirs, X)
    assert solver == "lbfgs" or len(ours.loss_curve_) == 24


def test_warm_start_with_early_stopping_restores_a_true_copy():
    """The one deliberate difference from scikit-learn.

    scikit-learn "restores" the best weights by making its saved copy the live weights. A later
    warm-start fit trains those arrays further; if it never beats the old best score, the final
    "restore" hands back the further-trained weights. We copy the best weights back instead, so
    the model always ends at its best validation score. The first fit, and a second one up to its
    final restore, walk the same path as scikit-learn's.
    """
    X, y = make_data(3, n_samples=150)
    params = dict(hidden_layer_sizes=(6,), max_iter=8, random_state=5, warm_start=True,
                  early_stopping=True, n_iter_no_change=50)
    ours, theirs = MLPClassifier(**params), SklearnMLP(**params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours.fit(X, y)
        theirs.fit(X, y)
        assert_same_path(ours, theirs, X)
        ours.fit(X, y)
        theirs.fit(X, y)
    np.testing.assert_allclose(ours.validation_scores_, theirs.validation_scores_, rtol=RTOL)
    np.testing.assert_allclose(ours.loss_curve_, theirs.loss_curve_, rtol=RTOL)
    for W, best in zip(ours.coefs_ + ours.intercepts_, ours._stopping.best_params):
        np.testing.assert_array_equal(W, best)


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_partial_fit_sequence(solver):
    X, y = make_data(3)
    ours = MLPClassifier(hidden_layer_sizes=(6,), solver=solver, random_state=2)
    theirs = SklearnMLP(hidden_layer_sizes=(6,), solver=solver, random_state=2)
    classes = np.unique(y)
    for start in (0, 40, 80, 0):  # different chunks, then the first again
        chunk = slice(start, start + 40)
        ours.partial_fit(X[chunk], y[chunk], classes=classes)
        theirs.partial_fit(X[chunk], y[chunk], classes=classes)
        assert_same_path(ours, theirs, X)
    assert ours.t_ == 160


def test_partial_fit_after_fit_keeps_the_optimizer():
    X, y = make_data(2)
    ours, theirs = fit_both(X, y, solver="sgd")
    for _ in range(3):
        ours.partial_fit(X, y)
        theirs.partial_fit(X, y)
    assert_same_path(ours, theirs, X)


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_float32_keeps_float32_and_agrees_to_float32_precision(n_classes, solver):
    X, y = make_data(n_classes, dtype=np.float32)
    ours, theirs = fit_both(X, y, solver=solver)
    assert all(W.dtype == np.float32 for W in ours.coefs_ + ours.intercepts_)
    assert ours.predict_proba(X).dtype == np.float32
    assert_same_path(ours, theirs, X, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_parity_at_a_realistic_size(solver):
    """8 classes, 64 features, 256 hidden units, 400 samples: products large enough for the BLAS
    library to use its own threads."""
    X, y = make_data(8, n_samples=400, n_features=64)
    ours, theirs = fit_both(X, y, hidden_layer_sizes=(256,), solver=solver, max_iter=20)
    assert_same_path(ours, theirs, X)


@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
@pytest.mark.parametrize("kind", ["classifier", "regressor"])
def test_on_one_blas_thread_the_path_is_scikit_learns_to_the_last_bit(kind, solver):
    """On one BLAS thread both libraries compute the same products the same way, and the rest of
    our arithmetic is scikit-learn's term by term: then every weight, the loss curve and the
    predictions are scikit-learn's to the last bit, not only to 1e-10. Products of 200 x 200 by
    200 x 128, large enough that two BLAS threads would round them differently."""
    from sklearn.neural_network import MLPRegressor as SklearnRegressor
    from threadpoolctl import threadpool_limits

    from mlp import MLPRegressor

    X, y = make_data(4, n_samples=600, n_features=200)
    if kind == "regressor":
        y = X @ np.random.RandomState(1).randn(200) / 10.0
    pair = ((MLPClassifier, SklearnMLP) if kind == "classifier"
            else (MLPRegressor, SklearnRegressor))
    with threadpool_limits(limits=1, user_api="blas"):
        ours, theirs = fit_both(X, y, ours=pair[0], theirs=pair[1], hidden_layer_sizes=(128,),
                                solver=solver, batch_size=200, max_iter=8)
        assert_same_path(ours, theirs, X, rtol=0.0)
    assert ours.n_iter_ == theirs.n_iter_


def test_edge_cases_a_reviewer_tried():
    """Cases outside the grid above that an independent review compared by hand."""
    X, y = make_data(3, n_samples=150)
    assert_same_path(*fit_both(X, y, tol=0.0, n_iter_no_change=3, max_iter=60), X)
    assert_same_path(*fit_both(X, y, n_iter_no_change=np.inf, validation_fraction=0.0), X)
    labels = np.array(["no", "yes"])[y % 2]
    assert_same_path(*fit_both(X, labels, early_stopping=True, max_iter=60), X)
    X32 = X.astype(np.float32)
    assert_same_path(*fit_both(X32, y, early_stopping=True, max_iter=60), X32, rtol=1e-4,
                     atol=1e-5)


def test_partial_fit_when_the_first_chunk_lacks_classes():
    X, y = make_data(4)
    order = np.argsort(y, kind="stable")  # the first chunk holds class 0 only
    X, y = X[order], y[order]
    ours = MLPClassifier(hidden_layer_sizes=(6,), random_state=2)
    theirs = SklearnMLP(hidden_layer_sizes=(6,), random_state=2)
    for chunk in (slice(0, 30), slice(30, 120)):
        ours.partial_fit(X[chunk], y[chunk], classes=[0, 1, 2, 3])
        theirs.partial_fit(X[chunk], y[chunk], classes=[0, 1, 2, 3])
        assert_same_path(ours, theirs, X)


# ---- L-BFGS, sample weights, multilabel and sparse input ---------------------------------------

@pytest.mark.parametrize("activation, n_classes", list(itertools.product(
    ["identity", "logistic", "tanh", "relu"], [2, 3])))
def test_lbfgs(activation, n_classes):
    X, y = make_data(n_classes)
    ours, theirs = fit_both(X, y, solver="lbfgs", activation=activation, max_iter=60)
    assert_same_path(ours, theirs, X)


@pytest.mark.parametrize("params", [dict(max_fun=12), dict(tol=1e-2), dict(alpha=1.0),
                                    dict(hidden_layer_sizes=(6, 4), max_iter=40)])
def test_lbfgs_limits_and_settings(params):
    X, y = make_data(3)
    ours, theirs = fit_both(X, y, solver="lbfgs", **params)
    assert_same_path(ours, theirs, X)


def test_lbfgs_warns_as_scikit_learn_does():
    X, y = make_data(3)
    for cls in (MLPClassifier, SklearnMLP):
        with pytest.warns(ConvergenceWarning, match=r"(?s)lbfgs failed to converge after 5 "
                                                    r"iteration\(s\).*max_iter=5"):
            cls(hidden_layer_sizes=(7,), solver="lbfgs", max_iter=5, random_state=0).fit(X, y)


@pytest.mark.parametrize("solver", ["lbfgs", "sgd", "adam"])
@pytest.mark.parametrize("n_classes", [2, 3])
def test_sample_weight(solver, n_classes):
    X, y = make_data(n_classes)
    weights = np.random.RandomState(0).uniform(0.1, 3.0, len(y))
    ours, theirs = fit_both(X, y, weights, solver=solver, batch_size=32)
    assert_same_path(ours, theirs, X)
    plain, _ = fit_both(X, y, solver=solver, batch_size=32)
    assert not np.allclose(ours.coefs_[0], plain.coefs_[0]), "the weights should matter"


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_sample_weight_with_early_stopping_weights_the_validation_score(solver):
    X, y = make_data(2, n_samples=200)
    weights = np.random.RandomState(1).choice([0.2, 5.0], len(y))
    ours, theirs = fit_both(X, y, weights, solver=solver, early_stopping=True, max_iter=60,
                            n_iter_no_change=5)
    assert_same_path(ours, theirs, X)


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_sample_weight_in_partial_fit(solver):
    X, y = make_data(3)
    weights = np.random.RandomState(2).uniform(0.5, 2.0, len(y))
    ours = MLPClassifier(hidden_layer_sizes=(6,), solver=solver, random_state=2)
    theirs = SklearnMLP(hidden_layer_sizes=(6,), solver=solver, random_state=2)
    for start in (0, 60):
        rows = slice(start, start + 60)
        ours.partial_fit(X[rows], y[rows], sample_weight=weights[rows], classes=[0, 1, 2])
        theirs.partial_fit(X[rows], y[rows], sample_weight=weights[rows], classes=[0, 1, 2])
        assert_same_path(ours, theirs, X)


@pytest.mark.parametrize("solver", ["lbfgs", "sgd", "adam"])
def test_multilabel(solver):
    from sklearn.datasets import make_multilabel_classification

    X, Y = make_multilabel_classification(n_samples=80, n_features=6, n_classes=4,
                                          random_state=0)
    ours, theirs = fit_both(X, Y, solver=solver, activation="logistic", early_stopping=True,
                            max_iter=40)
    assert ours.out_activation_ == "logistic" and ours.predict(X).shape == Y.shape
    assert_same_path(ours, theirs, X)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("solver", ["lbfgs", "adam"])
def test_sparse_input(fmt, solver):
    """Sparse products sum in another order than dense ones: agreement to rounding, not bits."""
    from scipy import sparse

    X, y = make_data(3)
    X[np.abs(X) < 1.0] = 0.0  # about two thirds zeros
    X_sparse = sparse.csr_matrix(X) if fmt == "csr" else sparse.csc_matrix(X)
    ours, theirs = fit_both(X_sparse, y, solver=solver, batch_size=50)
    assert_same_path(ours, theirs, X_sparse, rtol=1e-9)
    dense, _ = fit_both(X, y, solver=solver, batch_size=50)
    assert_same_path(ours, dense, X, rtol=1e-9)
