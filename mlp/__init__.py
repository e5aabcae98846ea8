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

import importlib

_HOMES = {"EarlyStopping": "early_stopping", "LossPlateau": "early_stopping",
          "StoppingRule": "early_stopping", "MLPClassifier": "classifier",
          "init_parameters": "initialisation", "Network": "network", "SGD": "optimizers",
          "Adam": "optimizers", "MLPRegressor": "regressor", "History": "training",
          "TrainingDivergedError": "training", "train": "training"}
"""Name -> the module of :mod:`mlp` defining it, imported on first use (PEP 562), so that
importing one light module of the package (``mlp.activations``) does not import scikit-learn."""


def __getattr__(name):
    if name not in _HOMES:
        raise AttributeError(f"module 'mlp' has no attribute {name!r}")
    return getattr(importlib.import_module(f"mlp.{_HOMES[name]}"), name)


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
