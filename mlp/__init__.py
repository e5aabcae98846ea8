"""A multilayer perceptron written in NumPy, one small module per idea.

Read in this order (each module names its lesson in ``lessons/``):

* :mod:`mlp.layers`         the dense layer, Z = X W + b
* :mod:`mlp.activations`    identity, logistic, tanh, relu, softmax
* :mod:`mlp.losses`         cross-entropy, binary cross-entropy, squared error, L2
* :mod:`mlp.network`        the forward and backward pass through a stack of layers
* :mod:`mlp.initialisation` Glorot uniform
* :mod:`mlp.gradcheck`      finite-difference gradient checks
* :mod:`mlp.optimizers`     SGD, momentum, Nesterov, Adam (and :mod:`mlp.schedules`);
  :mod:`mlp.lbfgs`           L-BFGS
* :mod:`mlp.training`       mini-batch epochs and stopping (and :mod:`mlp.early_stopping`)
* :mod:`mlp.estimator`      the scikit-learn estimators' shared base (and :mod:`mlp.persistence`):
  :mod:`mlp.classifier` ``MLPClassifier``, :mod:`mlp.regressor` ``MLPRegressor``
* :mod:`mlp.validation`     the parameter checks every module uses; :mod:`mlp.files` saving chores

The package knows nothing about audio.
"""

from mlp.early_stopping import EarlyStopping, LossPlateau, StoppingRule
from mlp.classifier import MLPClassifier
from mlp.initialisation import init_parameters
from mlp.network import Network
from mlp.optimizers import SGD, Adam
from mlp.regressor import MLPRegressor
from mlp.training import History, TrainingDivergedError, train

__all__ = [
    "Adam",
    "EarlyStopping",
    "History",
    "LossPlateau",
    "MLPClassifier",
    "MLPRegressor",
    "Network",
    "SGD",
    "StoppingRule",
    "TrainingDivergedError",
    "init_parameters",
    "train",
]
