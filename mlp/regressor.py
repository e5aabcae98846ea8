"""``MLPRegressor``: real-valued targets on the shared :class:`mlp.estimator.BaseMLP`.

The output layer has one unit per target column. With ``loss='squared_error'`` it is the identity
and the loss is half the mean squared error, averaged over the outputs as scikit-learn does (L3.7);
with ``loss='poisson'`` it is exp (the inverse of the log link) and the loss half the Poisson
deviance (L3.8), for counts ``y >= 0``. Either way the error signal at the output is P - Y (L3.5).
The validation score of early stopping is R^2.

Lesson: lessons/09_estimator.md#the-regressor
"""

import numpy as np
from sklearn.base import RegressorMixin
from sklearn.metrics import r2_score
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import column_or_1d, validate_data

from mlp.estimator import BaseMLP

# loss -> the output activation (and so, by mlp.estimator.OUTPUT_LOSS, the loss function)
OUTPUT_OF_LOSS = {"squared_error": "identity", "poisson": "exp"}


class MLPRegressor(RegressorMixin, BaseMLP):
    """Multilayer perceptron regressor trained with L-BFGS, SGD or Adam, written in NumPy.

    The parameters mean exactly what they mean for scikit-learn's ``MLPRegressor``. One more,
    off by default: ``dropout`` (the rate of :mod:`mlp.dropout` on the hidden layers).

    Lesson: lessons/09_estimator.md#the-regressor

    >>> X = np.linspace(-1, 1, 50).reshape(-1, 1)
    >>> reg = MLPRegressor(hidden_layer_sizes=(20,), solver="lbfgs", random_state=0)
    >>> reg.fit(X, X.ravel() ** 2).out_activation_, reg.score(X, X.ravel() ** 2) > 0.99
    ('identity', True)
    """

    def __init__(self, loss="squared_error", hidden_layer_sizes=(100,), activation="relu", *,
                 solver="adam", alpha=0.0001, batch_size="auto", learning_rate="constant",
                 learning_rate_init=0.001, power_t=0.5, max_iter=200, shuffle=True,
                 random_state=None, tol=1e-4, verbose=False, warm_start=False, momentum=0.9,
                 nesterovs_momentum=True, early_stopping=False, validation_fraction=0.1,
                 beta_1=0.9, beta_2=0.999, epsilon=1e-8, n_iter_no_change=10, max_fun=15000,
                 dropout=0.0):
        super().__init__(**{k: v for k, v in locals().items() if k not in ("self", "__class__")})

    def _extra_choices(self):
        return {"loss": tuple(OUTPUT_OF_LOSS)}

    def _validate_input(self, X, y, *, incremental, reset):
        X, y = validate_data(self, X, y, accept_sparse=["csr", "csc"], multi_output=True,
                             y_numeric=True, dtype=(np.float64, np.float32), reset=reset)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        if self.loss == "poisson" and (y < 0).any():
            raise ValueError("loss='poisson' needs targets y >= 0 (counts); "
                             f"got a minimum of {y.min()}")
        return X, y.reshape(len(y), -1)  # (n_samples, n_outputs)

    def _target_type(self):
        return None

    def _output_activation(self, target_type):
        return OUTPUT_OF_LOSS[self.loss]

    def _stratify(self, Y):
        return None

    def _score_output(self, P, Y, sample_weight):
        """R^2 of outputs ``P`` on targets ``Y``."""
        return float(r2_score(Y, P, sample_weight=sample_weight))

    @available_if(lambda est: est._check_solver())
    def partial_fit(self, X, y, sample_weight=None):
        """One epoch over ``X, y``."""
        return self._fit(X, y, sample_weight, incremental=True)

    def predict(self, X):
        """Predicted targets: ``(n_samples,)`` for one output, else ``(n_samples, n_outputs)``."""
        P = self._forward(X)
        return P.ravel() if P.shape[1] == 1 else P
