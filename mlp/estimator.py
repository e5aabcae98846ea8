"""``MLPClassifier``: the NumPy network as a drop-in scikit-learn estimator.

Same parameter names, defaults, fitted attributes and random-number order as
``sklearn.neural_network.MLPClassifier`` (solvers 'sgd' and 'adam'), so that with the same
``random_state`` both walk the same training path; the parity tests check it epoch by epoch. The
estimator only translates scikit-learn's conventions into calls of the core modules:

* labels -> one-hot targets (``LabelBinarizer``): one logistic output for 2 classes, softmax for more;
* :func:`mlp.initialisation.init_parameters` draws the weights;
* :class:`mlp.optimizers.SGD` / :class:`mlp.optimizers.Adam` and a schedule from
  :mod:`mlp.schedules`;
* :func:`mlp.training.train` runs the epochs with a rule from :mod:`mlp.early_stopping`;
* :mod:`mlp.persistence` saves and loads a fitted model without pickle.

Lesson: lessons/09_estimator.md
"""

import warnings

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils.multiclass import check_classification_targets, type_of_target, unique_labels
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data

from mlp.activations import ACTIVATIONS
from mlp.early_stopping import EarlyStopping, LossPlateau
from mlp.initialisation import check_random_state, init_parameters
from mlp.network import Network
from mlp.optimizers import SGD, Adam
from mlp.schedules import SCHEDULES, Constant, get_schedule
from mlp.training import History, train
from mlp.validation import check_interval, lookup

_LOSS_OF_OUTPUT = {"softmax": "cross_entropy", "logistic": "binary_cross_entropy"}


# name: (kind, low, high, closed ends), the intervals scikit-learn's MLPClassifier accepts
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
}
_CHOICES = {"solver": ("sgd", "adam"), "activation": tuple(ACTIVATIONS),
            "learning_rate": tuple(SCHEDULES)}
_BOOLEANS = ("shuffle", "warm_start", "nesterovs_momentum", "early_stopping")


class MLPClassifier(ClassifierMixin, BaseEstimator):
    """Multilayer perceptron classifier trained with SGD or Adam, written in NumPy.

    The parameters mean exactly what they mean for scikit-learn's ``MLPClassifier``; see its
    documentation. ``solver='lbfgs'`` is not offered. Extra methods: :meth:`save` and :meth:`load`.

    Lesson: lessons/09_estimator.md#the-estimator-and-the-core-modules

    >>> from sklearn.datasets import load_iris
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = MLPClassifier(hidden_layer_sizes=(20,), max_iter=500, random_state=0).fit(X, y)
    >>> clf.classes_, clf.out_activation_, [W.shape for W in clf.coefs_]
    (array([0, 1, 2]), 'softmax', [(4, 20), (20, 3)])
    >>> clf.score(X, y) > 0.9
    True
    """

    def __init__(self, hidden_layer_sizes=(100,), activation="relu", *, solver="adam",
                 alpha=0.0001, batch_size="auto", learning_rate="constant",
                 learning_rate_init=0.001, power_t=0.5, max_iter=200, shuffle=True,
                 random_state=None, tol=1e-4, verbose=False, warm_start=False, momentum=0.9,
                 nesterovs_momentum=True, early_stopping=False, validation_fraction=0.1,
                 beta_1=0.9, beta_2=0.999, epsilon=1e-8, n_iter_no_change=10):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change

    # ---- validation -------------------------------------------------------------------------

    def _hidden_sizes(self):
        sizes = self.hidden_layer_sizes
        sizes = list(sizes) if hasattr(sizes, "__iter__") else [sizes]
        for size in sizes:
            check_interval("hidden_layer_sizes", size, "integer", 1, None)
        return sizes

    def _validate_hyperparameters(self):
        if self.solver == "lbfgs":
            raise ValueError(
                "solver='lbfgs' is not offered by this NumPy MLPClassifier: it trains with "
                "mini-batch 'sgd' or 'adam' only (use scikit-learn's MLPClassifier for L-BFGS)."
            )
        for name, choices in _CHOICES.items():
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

    def _validate_input(self, X, y, *, incremental, reset):
        X, y = validate_data(self, X, y, multi_output=True, dtype=(np.float64, np.float32),
                             reset=reset)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        if type_of_target(y).startswith("multilabel"):
            raise ValueError("multilabel targets are not supported: y must be one label per row")
        if not hasattr(self, "classes_") or (not self.warm_start and not incremental):
            self._label_binarizer = LabelBinarizer().fit(y)
            self.classes_ = self._label_binarizer.classes_
        else:
            classes = unique_labels(y)
            if self.warm_start and set(classes) != set(self.classes_):
                raise ValueError(
                    f"warm_start can only be used where `y` has the same classes as in the "
                    f"previous call to fit. Previously got {self.classes_}, `y` has {classes}")
            if not self.warm_start and len(np.setdiff1d(classes, self.classes_)):
                raise ValueError(f"`y` has classes not in `self.classes_`. `self.classes_` has "
                                 f"{self.classes_}. 'y' has {classes}.")
        if len(self.classes_) < 2:
            raise ValueError(
                f"MLPClassifier needs samples of at least 2 classes in the data; got only one "
                f"class: {self.classes_[0]!r}")
        # bool, as scikit-learn does, so that float32 data is not upcast by the targets
        return X, self._label_binarizer.transform(y).astype(bool)

    # ---- fitting -----------------------------------------------------------------------------

    def fit(self, X, y):
        """Fit the model to ``X`` (n_samples, n_features) and labels ``y`` (n_samples,)."""
        return self._fit(X, y, incremental=False)

    def partial_fit(self, X, y, classes=None):
        """One epoch over ``X, y``; ``classes`` (all labels) is required on the first call."""
        self._validate_hyperparameters()
        if not hasattr(self, "classes_"):
            if classes is None:
                raise ValueError("classes must be passed on the first call to partial_fit.")
            self._label_binarizer = LabelBinarizer().fit(np.asarray(classes))
            self.classes_ = self._label_binarizer.classes_
        elif classes is not None and not np.array_equal(unique_labels(classes), self.classes_):
            raise ValueError(f"`classes={classes!r}` is not the same as on the first call to "
                             f"partial_fit, which was {self.classes_!r}")
        return self._fit(X, y, incremental=True)

    def _initialize(self, Y, units, dtype, rng):
        self.n_iter_ = 0
        self.t_ = 0
        self.n_outputs_ = Y.shape[1]
        self.n_layers_ = len(units)
        self.out_activation_ = "logistic" if self.n_outputs_ == 1 else "softmax"
        self.coefs_, self.intercepts_ = init_parameters(
            units, activation=self.activation, random_state=rng, dtype=dtype)
        self.loss_curve_ = []
        if self.early_stopping:
            self._stopping = EarlyStopping(tol=self.tol, n_iter_no_change=self.n_iter_no_change)
        else:
            self._stopping = LossPlateau(tol=self.tol, n_iter_no_change=self.n_iter_no_change)

    def _make_optimizer(self, params):
        if self.solver == "sgd":
            return SGD(params, learning_rate=self.learning_rate_init, momentum=self.momentum,
                       nesterov=self.nesterovs_momentum)
        return Adam(params, learning_rate=self.learning_rate_init, beta_1=self.beta_1,
                    beta_2=self.beta_2, epsilon=self.epsilon)

    def _fit(self, X, y, *, incremental):
        self._validate_hyperparameters()
        hidden = self._hidden_sizes()
        if incremental and self.early_stopping:
            raise ValueError("partial_fit does not support early_stopping=True")
        first_pass = not hasattr(self, "coefs_") or (not self.warm_start and not incremental)
        if not first_pass and isinstance(self._stopping, EarlyStopping) != self.early_stopping:
            raise ValueError(
                f"early_stopping changed from {not self.early_stopping} to "
                f"{self.early_stopping} since the last fit; a warm_start fit or partial_fit "
                f"continues the same training, so set warm_start=False to start afresh")
        X, Y = self._validate_input(X, y, incremental=incremental, reset=first_pass)
        units = [X.shape[1]] + hidden + [Y.shape[1]]
        rng = check_random_state(self.random_state)
        if first_pass:
            self._initialize(Y, units, X.dtype, rng)
        elif [W.shape[1] for W in self.coefs_[:-1]] != hidden:
            raise ValueError(f"hidden_layer_sizes changed from "
                             f"{[W.shape[1] for W in self.coefs_[:-1]]} to {hidden} since the "
                             f"last fit; warm_start and partial_fit need the same network")
        network = self._network()  # holds coefs_ and intercepts_ themselves: trained in place
        params = network.parameters()
        if not incremental or not hasattr(self, "_optimizer"):
            self._optimizer = self._make_optimizer(params)
            self._schedule = (get_schedule(self.learning_rate, power_t=self.power_t)
                              if self.solver == "sgd" else Constant())

        validation_score = None
        if self.early_stopping:
            # Stratify only with one output column: for 3+ classes scikit-learn passes the
            # one-hot matrix, which it does not stratify on (a quirk we keep for parity).
            stratify = Y if self.n_outputs_ == 1 else None
            X, X_val, Y, Y_val = train_test_split(X, Y, random_state=rng, stratify=stratify,
                                                  test_size=self.validation_fraction)
            if X_val.shape[0] < 2:
                raise ValueError("The validation set is too small. Increase "
                                 "'validation_fraction' or the size of your dataset.")
            y_val = self._label_binarizer.inverse_transform(Y_val)

            def validation_score():
                P = network.predict(X_val)
                if not np.isfinite(P).all():
                    return np.nan
                return float(np.mean(self._labels_from_output(P) == y_val))

        n_samples = X.shape[0]
        if self.batch_size == "auto":
            batch_size = min(200, n_samples)
        else:
            if self.batch_size > n_samples:
                warnings.warn("Got `batch_size` less than 1 or larger than sample size. "
                              "It is going to be clipped")
            batch_size = int(np.clip(self.batch_size, 1, n_samples))

        stopping = self._stopping
        stopping.tol, stopping.n_iter_no_change = self.tol, self.n_iter_no_change
        history = History(loss_curve=self.loss_curve_, samples_seen=self.t_)
        history = train(
            network, self._optimizer, X, Y.astype(X.dtype), batch_size=batch_size,
            max_iter=self.max_iter, shuffle=self.shuffle, random_state=rng, alpha=self.alpha,
            schedule=self._schedule, stopping=stopping, validation_score=validation_score,
            history=history, max_epochs_this_call=1 if incremental else None,
            verbose=self.verbose)
        self.n_iter_ = history.n_iter
        self.t_ = history.samples_seen
        self.loss_ = self.loss_curve_[-1]
        if self.early_stopping:
            self.validation_scores_ = stopping.scores
            self.best_validation_score_ = stopping.best_score
            self.best_loss_ = None
        else:
            self.best_loss_ = stopping.best_loss
            self.validation_scores_ = None
            self.best_validation_score_ = None
        if not incremental and not history.stop_reason and history.n_iter == self.max_iter:
            warnings.warn(f"Stochastic Optimizer: Maximum iterations ({self.max_iter}) reached "
                          f"and the optimization hasn't converged yet.", ConvergenceWarning)
        return self

    # ---- prediction --------------------------------------------------------------------------

    def _network(self):
        return Network(self.coefs_, self.intercepts_, activation=self.activation,
                       loss=_LOSS_OF_OUTPUT[self.out_activation_])

    def _labels_from_output(self, P):
        if self.n_outputs_ == 1:
            P = P.ravel()  # one logistic unit: the probability of classes_[1]
        return self._label_binarizer.inverse_transform(P)

    def _forward(self, X):
        check_is_fitted(self, "coefs_")
        X = validate_data(self, X, dtype=(np.float64, np.float32), reset=False)
        return self._network().predict(X)

    def predict(self, X):
        """The most probable class of each row of ``X``."""
        return self._labels_from_output(self._forward(X))

    def predict_proba(self, X):
        """Class probabilities, ``(n_samples, n_classes)``, columns in the order of ``classes_``."""
        P = self._forward(X)
        if self.n_outputs_ == 1:
            p = P.ravel()
            return np.vstack([1 - p, p]).T  # (n, 2): [P(classes_[0]), P(classes_[1])]
        return P

    def predict_log_proba(self, X):
        """``log(predict_proba(X))``."""
        P = self.predict_proba(X)
        return np.log(P, out=P)

    # ---- persistence -------------------------------------------------------------------------

    def save(self, path):
        """Save the fitted model to ``path`` (.npz, no pickle); see :mod:`mlp.persistence`."""
        from mlp.persistence import save_model

        save_model(self, path)

    @classmethod
    def load(cls, path):
        """Load a model written by :meth:`save`, checking everything in the file."""
        from mlp.persistence import load_model

        return load_model(path, cls)

    def _output_activation(self, target_type):
        """The output layer's activation for targets of ``target_type`` (a LabelBinarizer's
        ``y_type_``): softmax for one label out of 3+, else one logistic unit per column."""
        return "softmax" if target_type == "multiclass" else "logistic"

    def _stopping_from_fitted(self, count):
        """A stopping rule in the state the fitted attributes describe, so that a loaded model
        (or one whose weights were set by hand) can go on training with ``warm_start`` or
        ``partial_fit``. The optimizer's moments are not saved: training continues with a fresh
        optimizer, as a ``warm_start`` fit does anyway."""
        patience = dict(tol=self.tol, n_iter_no_change=self.n_iter_no_change)
        if self.early_stopping:
            rule = EarlyStopping(**patience)
            rule.scores = list(getattr(self, "validation_scores_", None) or [])
            rule.best_score = getattr(self, "best_validation_score_", None) or -np.inf
            rule.best_params = [p.copy() for p in self._network().parameters()]  # saved = best
        else:
            rule = LossPlateau(**patience)
            best = getattr(self, "best_loss_", None)
            rule.best_loss = np.inf if best is None else best
        rule.no_improvement_count = count
        return rule
