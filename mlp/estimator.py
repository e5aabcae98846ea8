"""What ``MLPClassifier`` and ``MLPRegressor`` share: the NumPy network as a scikit-learn estimator.

Same parameter names, defaults, fitted attributes and random-number order as scikit-learn's
``sklearn.neural_network`` estimators, so that with the same ``random_state`` both walk the same
training path. The estimator only translates scikit-learn's conventions into calls of the core:
:func:`mlp.initialisation.init_parameters` draws the weights; ``sgd`` and ``adam`` train through
:class:`mlp.stochastic.StochasticFit`, ``lbfgs`` through :func:`mlp.lbfgs.fit_lbfgs`;
:mod:`mlp.persistence` saves and loads without pickle. The targets, the output layer and the
scores are the subclasses' business (:mod:`mlp.classifier`, :mod:`mlp.regressor`).

Lesson: lessons/09_estimator.md
"""

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted, validate_data

from mlp.activations import ACTIVATIONS
from mlp.early_stopping import EarlyStopping
from mlp.initialisation import check_random_state, init_parameters
from mlp.lbfgs import fit_lbfgs, packed_loss_and_gradient
from mlp.network import Network
from mlp.schedules import SCHEDULES
from mlp.stochastic import STOCHASTIC_SOLVERS, StochasticFit
from mlp.training import TrainingDivergedError
from mlp.validation import check_sample_weight
from mlp.validation import check_interval, lookup

# out_activation_ -> the loss it is paired with (mlp.losses.LOSSES)
OUTPUT_LOSS = {"softmax": "cross_entropy", "logistic": "binary_cross_entropy",
               "identity": "mean_squared_error", "exp": "poisson"}
# name: (kind, low, high, closed ends), the intervals scikit-learn accepts
_INTERVALS = {
    "alpha": ("real", 0, None, "left"),
    "learning_rate_init": ("real", 0, None, "neither"),
    "power_t": ("real", 0, None, "left"),
    "max_iter": ("integer", 1, None, "left"),
    "tol": ("real", 0, None, "left"),
    "momentum": ("real", 0, 1, "both"),
    "validation_fraction": ("real", 0, 1, "left"),
    "beta_1": ("real", 0, 1, "left"),
    "beta_2": ("real", 0, 1, "left"),
    "epsilon": ("real", 0, None, "neither"),
    "max_fun": ("integer", 1, None, "left"),
}
_CHOICES = {"solver": ("lbfgs", *STOCHASTIC_SOLVERS), "activation": tuple(ACTIVATIONS),
            "learning_rate": tuple(SCHEDULES)}
_BOOLEANS = ("shuffle", "warm_start", "nesterovs_momentum", "early_stopping")
_NON_FINITE = ("Solver produced non-finite parameter weights. The input data may contain large "
               "values and need to be preprocessed.")


class BaseMLP(StochasticFit, BaseEstimator):
    """The shared machinery; use :class:`mlp.MLPClassifier` or :class:`mlp.MLPRegressor`.

    Lesson: lessons/09_estimator.md#the-estimator-and-the-core-modules
    """

    def __init__(self, **params):
        for name, value in params.items():  # scikit-learn's rule: __init__ only stores
            setattr(self, name, value)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    # ---- validation -------------------------------------------------------------------------

    def _hidden_sizes(self):
        sizes = self.hidden_layer_sizes
        sizes = list(sizes) if hasattr(sizes, "__iter__") else [sizes]
        for size in sizes:
            check_interval("hidden_layer_sizes", size, "integer", 1, None)
        return sizes

    def _validate_hyperparameters(self):
        for name, choices in {**_CHOICES, **self._extra_choices()}.items():
            lookup(dict.fromkeys(choices), getattr(self, name), name)
        for name, interval in _INTERVALS.items():
            check_interval(name, getattr(self, name), *interval)
        check_interval("batch_size", self.batch_size, "integer", 1, None, also=("auto",))
        check_interval("n_iter_no_change", self.n_iter_no_change, "integer", 1, None,
                       also=(np.inf,))
        if self.early_stopping and self.validation_fraction == 0:
            raise ValueError("validation_fraction must be > 0 when early_stopping=True; got 0")
        if not isinstance(self.verbose, (bool, np.bool_)):
            check_interval("verbose", self.verbose, "integer", 0, None)
        for name in _BOOLEANS:
            if not isinstance(getattr(self, name), (bool, np.bool_)):
                raise TypeError(f"{name} must be a bool; got {getattr(self, name)!r}")
        check_random_state(self.random_state)  # raises on anything else
        check_interval("dropout", self.dropout, "real", 0, 1)
        if self.dropout and self.solver == "lbfgs":
            raise ValueError("dropout needs a stochastic solver ('sgd' or 'adam'): it makes the "
                             "loss random, and L-BFGS needs a deterministic one")

    def _extra_choices(self):
        return {}

    def _check_solver(self):
        """partial_fit exists for the stochastic solvers only (scikit-learn's ``available_if``)."""
        if self.solver not in STOCHASTIC_SOLVERS:
            raise AttributeError(f"partial_fit is only available for stochastic optimizers. "
                                 f"{self.solver} is not stochastic.")
        return True

    # ---- fitting -----------------------------------------------------------------------------

    def fit(self, X, y, sample_weight=None):
        """Fit to ``X`` (n_samples, n_features) and ``y``; ``sample_weight`` (n_samples,) weights
        each sample's loss and gradient, and the validation score."""
        return self._fit(X, y, sample_weight, incremental=False)

    def _fit(self, X, y, sample_weight, *, incremental):
        self._validate_hyperparameters()
        hidden = self._hidden_sizes()
        if incremental and self.early_stopping:
            raise ValueError("partial_fit does not support early_stopping=True")
        first_pass = not hasattr(self, "coefs_") or (not self.warm_start and not incremental)
        stopping = getattr(self, "_stopping", None)
        switched = stopping is not None and isinstance(stopping, EarlyStopping) != self.early_stopping
        if not first_pass and switched:
            raise ValueError(
                f"early_stopping changed from {not self.early_stopping} to "
                f"{self.early_stopping} since the last fit; a warm_start fit or partial_fit "
                f"continues the same training, so set warm_start=False to start afresh")
        X, Y = self._validate_input(X, y, incremental=incremental, reset=first_pass)
        sample_weight = self._sample_weights(Y, sample_weight, X.dtype, incremental)
        units = [X.shape[1]] + hidden + [Y.shape[1]]
        rng = check_random_state(self.random_state)
        if first_pass:
            self._initialize(Y, units, X.dtype, rng)
        elif [W.shape[1] for W in self.coefs_[:-1]] != hidden:
            raise ValueError(f"hidden_layer_sizes changed from "
                             f"{[W.shape[1] for W in self.coefs_[:-1]]} to {hidden} since the "
                             f"last fit; warm_start and partial_fit need the same network")
        network = self._network()  # holds coefs_ and intercepts_ themselves: trained in place
        if self.solver == "lbfgs":
            self.n_iter_, self.loss_ = fit_lbfgs(
                network, X, Y.astype(X.dtype), alpha=self.alpha, sample_weight=sample_weight,
                max_iter=self.max_iter, max_fun=self.max_fun, tol=self.tol,
                verbose=bool(self.verbose))
        else:
            self._fit_stochastic(network, X, Y, sample_weight, rng, incremental)
        self._check_finite_weights()
        return self

    def _sample_weights(self, Y, sample_weight, dtype, incremental):
        return check_sample_weight(sample_weight, Y.shape[0], dtype)

    def _initialize(self, Y, units, dtype, rng):
        self.n_iter_ = 0
        self.t_ = 0
        self.n_outputs_ = Y.shape[1]
        self.n_layers_ = len(units)
        self.out_activation_ = self._output_activation(self._target_type())
        self.coefs_, self.intercepts_ = init_parameters(
            units, activation=self.activation, random_state=rng, dtype=dtype)
        if self.solver in STOCHASTIC_SOLVERS:
            self.loss_curve_ = []
            self._stopping = self._new_stopping_rule()

    def _check_finite_weights(self, detail=""):
        if not all(np.isfinite(p).all() for p in self.coefs_ + self.intercepts_):
            raise TrainingDivergedError(_NON_FINITE + detail)

    # ---- scikit-learn's private names, which its own tests read ---------------------------

    def _loss_grad_lbfgs(self, packed, X, y, sample_weight, *buffers):
        """scikit-learn's L-BFGS objective, by its name and signature (the buffers are unused):
        set the parameters to ``packed``, return ``(loss, flat gradient)``."""
        return packed_loss_and_gradient(self._network(), packed, X, y, alpha=self.alpha,
                                        sample_weight=sample_weight)

    # ---- prediction and persistence ---------------------------------------------------------

    def _network(self):
        return Network(self.coefs_, self.intercepts_, activation=self.activation,
                       loss=OUTPUT_LOSS[self.out_activation_])

    def _forward(self, X):
        check_is_fitted(self, "coefs_")
        X = validate_data(self, X, accept_sparse=["csr", "csc"], dtype=(np.float64, np.float32),
                          reset=False)
        return self._network().predict(X)

    def save(self, path):
        """Save the fitted model to ``path`` (.npz, no pickle); see :mod:`mlp.persistence`."""
        from mlp.persistence import save_model

        save_model(self, path)

    @classmethod
    def load(cls, path):
        """Load a model written by :meth:`save`, checking everything in the file."""
        from mlp.persistence import load_model

        return load_model(path, cls)
