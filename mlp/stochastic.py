"""How the estimators train with ``solver='sgd'`` or ``'adam'``: mini-batch epochs.

:class:`StochasticFit` is the part of :class:`mlp.estimator.BaseMLP` that builds
:class:`mlp.optimizers.SGD` or :class:`mlp.optimizers.Adam`, a schedule from :mod:`mlp.schedules`
and a stopping rule from :mod:`mlp.early_stopping` (kept across ``warm_start`` fits and
``partial_fit`` calls, as scikit-learn keeps its state), holds out the early-stopping validation
part, and runs :func:`mlp.training.train`. It then copies what training did into scikit-learn's
fitted attributes (``loss_curve_``, ``n_iter_``, ``t_``, ``best_loss_``, ``validation_scores_``).

Lesson: lessons/09_estimator.md#the-estimator-and-the-core-modules
"""

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split

from mlp.early_stopping import EarlyStopping, LossPlateau
from mlp.optimizers import SGD, Adam
from mlp.schedules import Constant, get_schedule
from mlp.training import History, TrainingDivergedError, train

STOCHASTIC_SOLVERS = ("sgd", "adam")


class StochasticFit:
    """Mini-batch training for the estimators (a mixin of :class:`mlp.estimator.BaseMLP`)."""

    def _new_stopping_rule(self):
        rule = EarlyStopping if self.early_stopping else LossPlateau
        return rule(tol=self.tol, n_iter_no_change=self.n_iter_no_change)

    def _make_optimizer(self, params):
        if self.solver == "sgd":
            return SGD(params, learning_rate=self.learning_rate_init, momentum=self.momentum,
                       nesterov=self.nesterovs_momentum)
        return Adam(params, learning_rate=self.learning_rate_init, beta_1=self.beta_1,
                    beta_2=self.beta_2, epsilon=self.epsilon)

    def _fit_stochastic(self, network, X, Y, sample_weight, rng, incremental):
        params = network.parameters()
        if not incremental or not hasattr(self, "_optimizer"):
            self._optimizer = self._make_optimizer(params)
            self._schedule = (get_schedule(self.learning_rate, power_t=self.power_t)
                              if self.solver == "sgd" else Constant())
        if not hasattr(self, "_stopping"):  # weights set by hand, or a previous lbfgs fit
            self._stopping = self._stopping_from_fitted(0)
        validation_score = None
        if self.early_stopping:
            X, Y, sample_weight, validation_score = self._split_validation(
                network, X, Y, sample_weight, rng)
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
        history = History(loss_curve=getattr(self, "loss_curve_", []), samples_seen=self.t_)
        try:
            history = train(
                network, self._optimizer, X, Y.astype(X.dtype), sample_weight=sample_weight,
                dropout=self.dropout, batch_size=batch_size,
                max_iter=1 if incremental else self.max_iter,  # partial_fit: one epoch
                shuffle=self.shuffle, random_state=rng, alpha=self.alpha,
                schedule=self._schedule, stopping=stopping, validation_score=validation_score,
                history=history, verbose=self.verbose)
        except TrainingDivergedError as error:
            self._check_finite_weights(f" ({error})")
            raise
        self.loss_curve_ = history.loss_curve
        self.n_iter_ = history.n_iter
        self.t_ = history.samples_seen
        self.loss_ = self.loss_curve_[-1]
        early = self.early_stopping
        self.validation_scores_ = stopping.scores if early else None
        self.best_validation_score_ = stopping.best_score if early else None
        self.best_loss_ = None if early else stopping.best_loss
        if not incremental and not history.stop_reason and history.n_iter == self.max_iter:
            warnings.warn(f"Stochastic Optimizer: Maximum iterations ({self.max_iter}) reached "
                          f"and the optimization hasn't converged yet.", ConvergenceWarning)

    def _split_validation(self, network, X, Y, sample_weight, rng):
        """Hold out ``validation_fraction`` of the rows, drawn from ``rng`` right after the
        initial weights; return the training part and a function scoring the network now."""
        arrays = (X, Y) if sample_weight is None else (X, Y, sample_weight)
        parts = train_test_split(*arrays, random_state=rng, stratify=self._stratify(Y),
                                 test_size=self.validation_fraction)
        X, X_val, Y, Y_val = parts[:4]
        sample_weight, weight_val = (None, None) if sample_weight is None else parts[4:]
        if X_val.shape[0] < 2:
            raise ValueError("The validation set is too small. Increase "
                             "'validation_fraction' or the size of your dataset.")

        def validation_score():
            P = network.predict(X_val)
            return self._score_output(P, Y_val, weight_val) if np.isfinite(P).all() else np.nan

        return X, Y, sample_weight, validation_score

    def _stopping_from_fitted(self, count):
        """A stopping rule in the state the fitted attributes describe, so that a loaded model
        (or one whose weights were set by hand) can go on training with ``warm_start`` or
        ``partial_fit``. The optimizer's moments are not saved: training continues with a fresh
        optimizer, as a ``warm_start`` fit does anyway."""
        rule = self._new_stopping_rule()
        if self.early_stopping:
            rule.scores = list(getattr(self, "validation_scores_", None) or [])
            rule.best_score = getattr(self, "best_validation_score_", None) or -np.inf
            if hasattr(self, "coefs_"):
                rule.best_params = [p.copy() for p in self._network().parameters()]
        else:
            best = getattr(self, "best_loss_", None)
            rule.best_loss = np.inf if best is None else best
        rule.no_improvement_count = count
        return rule

    @property
    def _no_improvement_count(self):
        """scikit-learn's name for the stopping rule's count of epochs without improvement."""
        return self._stopping.no_improvement_count

    @_no_improvement_count.setter
    def _no_improvement_count(self, count):
        if hasattr(self, "_stopping"):
            self._stopping.no_improvement_count = count
        else:
            self._stopping = self._stopping_from_fitted(count)

