"""Parity for MLPRegressor: the same path as scikit-learn's, to a relative 1e-10 in float64.

Same oracle and tolerance as tests/test_estimator_parity.py, for every solver and both losses:
half squared error averaged over the outputs (identity output) and half Poisson deviance (exp
output), one and several outputs, early stopping on R^2, sample weights, partial_fit.
"""

import itertools
import warnings

import numpy as np
import pytest
from sklearn.datasets import make_regression
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPRegressor as SklearnRegressor

from mlp import MLPRegressor
from test_estimator_parity import assert_same_path, fit_both


def make_targets(loss, n_targets, n_samples=120, seed=0):
    X, y = make_regression(n_samples=n_samples, n_features=5, n_informative=4,
                           n_targets=n_targets, noise=5.0, random_state=seed)
    y = y / np.abs(y).max()  # targets in [-1, 1]
    return X, (np.exp(2 * y) if loss == "poisson" else y)  # Poisson: positive means


def fit_regressors(X, y, sample_weight=None, **params):
    return fit_both(X, y, sample_weight, ours=MLPRegressor, theirs=SklearnRegressor,
                    learning_rate_init=0.01, **params)


@pytest.mark.parametrize("solver, loss, n_targets", list(itertools.product(
    ["lbfgs", "sgd", "adam"], ["squared_error", "poisson"], [1, 3])))
def test_solvers_losses_and_outputs(solver, loss, n_targets):
    X, y = make_targets(loss, n_targets)
    ours, theirs = fit_regressors(X, y, solver=solver, loss=loss, activation="tanh")
    assert ours.out_activation_ == {"squared_error": "identity", "poisson": "exp"}[loss]
    assert_same_path(ours, theirs, X)


@pytest.mark.parametrize("activation", ["identity", "logistic", "relu"])
def test_activations(activation):
    X, y = make_targets("squared_error", 2)
    assert_same_path(*fit_regressors(X, y, activation=activation, solver="sgd"), X)


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_early_stopping_on_r2(solver):
    X, y = make_targets("squared_error", 1, n_samples=200)
    ours, theirs = fit_regressors(X, y, solver=solver, early_stopping=True, max_iter=300,
                                  n_iter_no_change=3, tol=1e-3)
    assert theirs.n_iter_ < 300, "the case should stop early, or it tests nothing"
    assert_same_path(ours, theirs, X)


@pytest.mark.parametrize("solver", ["lbfgs", "sgd", "adam"])
@pytest.mark.parametrize("loss", ["squared_error", "poisson"])
def test_sample_weight(solver, loss):
    X, y = make_targets(loss, 2)
    weights = np.random.RandomState(0).uniform(0.1, 3.0, len(X))
    assert_same_path(*fit_regressors(X, y, weights, solver=solver, loss=loss, batch_size=32,
                                     early_stopping=solver != "lbfgs"), X)


def test_partial_fit_and_warm_start():
    X, y = make_targets("squared_error", 1)
    ours = MLPRegressor(hidden_layer_sizes=(6,), solver="sgd", random_state=2)
    theirs = SklearnRegressor(hidden_layer_sizes=(6,), solver="sgd", random_state=2)
    for start in (0, 40, 80):
        rows = slice(start, start + 40)
        ours.partial_fit(X[rows], y[rows])
        theirs.partial_fit(X[rows], y[rows])
        assert_same_path(ours, theirs, X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for model in (ours, theirs):
            model.set_params(warm_start=True, max_iter=5).fit(X, y)
    assert_same_path(ours, theirs, X)


def test_float32_keeps_float32():
    X, y = make_targets("squared_error", 1)
    ours, theirs = fit_regressors(X.astype(np.float32), y, solver="adam")
    assert ours.predict(X.astype(np.float32)).dtype == np.float32
    # scikit-learn keeps y in float64, we cast it to X's dtype: float32 precision only
    assert_same_path(ours, theirs, X.astype(np.float32), rtol=1e-4, atol=1e-5)


def test_poisson_refuses_negative_targets():
    X, y = make_targets("squared_error", 1)
    with pytest.raises(ValueError, match="loss='poisson' needs targets y >= 0"):
        MLPRegressor(loss="poisson").fit(X, y)
