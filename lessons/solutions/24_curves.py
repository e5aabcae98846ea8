"""Reference solutions to lessons/exercises/24_curves.py."""

import numpy as np
from sklearn.base import clone


def learning_curve_point(estimator, X, y, train, val, n_train):
    """Fit on a prefix of the training rows; score there and on the validation rows."""
    subset = train[:n_train]
    model = clone(estimator).fit(X[subset], y[subset])
    train_accuracy = np.mean(model.predict(X[subset]) == y[subset])
    validation_accuracy = np.mean(model.predict(X[val]) == y[val])
    return float(train_accuracy), float(validation_accuracy)
