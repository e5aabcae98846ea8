"""Loss functions for the output layer, and the one gradient they all share.

Each loss is paired with the output activation that makes its gradient with respect to the output
layer's pre-activation ``Z`` collapse to ``P - Y`` (the *fused* gradient, (L3.5)):

==========================  =================  ============================
loss                        output activation  when
==========================  =================  ============================
``cross_entropy``           softmax            3 or more classes
``binary_cross_entropy``    logistic (1 unit)  2 classes, as scikit-learn
``squared_error``           identity           regression
``mean_squared_error``      identity           regression, as scikit-learn
``poisson``                 exp                counts (y >= 0)
==========================  =================  ============================

Every loss is a mean over the ``n`` rows of ``Y`` and ``P`` (both ``(n_samples, n_outputs)``), so
its exact gradient is ``(P - Y) / n``. The L2 penalty on the weights is added separately by
:func:`l2_penalty`. Every loss takes ``sample_weight`` (n_samples,), optional: the mean over the
rows becomes the weighted mean, sum_s w_s l_s / sum_s w_s  (L9.4).

Lesson: lessons/03_losses_and_softmax.md
"""

from typing import Callable, NamedTuple

import numpy as np
from scipy.special import xlogy

from mlp.activations import exp, identity, logistic, softmax
from mlp.validation import lookup


def _clip_probabilities(P):
    """Clip probabilities into [eps, 1 - eps] so that log never sees 0  (L3.4)."""
    eps = np.finfo(P.dtype).eps
    return np.clip(P, eps, 1 - eps)  # (L3.4)


def _mean_over_rows(values, sample_weight):
    """Per-output mean over the rows of ``values`` (n_samples, n_outputs), weighted  (L9.4)."""
    if sample_weight is None:
        return values.mean(axis=0)
    return np.average(values, weights=sample_weight, axis=0)  # sum w l / sum w  (L9.4)


def cross_entropy(Y, P, sample_weight=None):
    """L = -(1/n) sum_s sum_k y_sk log p_sk  (L3.1), for one-hot ``Y`` and softmax ``P``.

    >>> Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> P = np.array([[0.5, 0.5], [0.25, 0.75]])
    >>> round(float(cross_entropy(Y, P)), 6)   # (log 2 + log 4/3) / 2
    0.490415
    """
    P = _clip_probabilities(P)
    return -_mean_over_rows(xlogy(Y, P), sample_weight).sum()  # xlogy: 0 log 0 = 0  (L3.1)


def binary_cross_entropy(Y, P, sample_weight=None):
    """L = -(1/n) sum_s [y_s log p_s + (1 - y_s) log(1 - p_s)]  (L3.2), one logistic output unit.

    ``Y`` and ``P`` have shape ``(n_samples, 1)``; ``P`` is the probability of the positive class.
    """
    P = _clip_probabilities(P)
    return -_mean_over_rows(xlogy(Y, P) + xlogy(1 - Y, 1 - P), sample_weight).sum()  # (L3.2)


def squared_error(Y, P, sample_weight=None):
    """L = (1 / 2n) sum_s sum_k (p_sk - y_sk)^2  (L3.3).

    Summed over the outputs, so that ``(P - Y) / n`` is its exact gradient for any number of
    outputs. (scikit-learn's MLPRegressor also averages over the outputs, which scales the loss,
    but not the gradient it uses, by 1 / n_outputs.)
    """
    if sample_weight is None:
        return 0.5 * ((P - Y) ** 2).sum(axis=1).mean()  # (L3.3)
    return 0.5 * _mean_over_rows((P - Y) ** 2, sample_weight).sum()  # (L3.3), (L9.4)


def mean_squared_error(Y, P, sample_weight=None):
    """L = (1 / 2n) sum_s (1/K) sum_k (p_sk - y_sk)^2  (L3.7): scikit-learn's MLPRegressor loss.

    The mean over the K outputs makes the exact gradient (P - Y) / (n K); scikit-learn's
    regressor steps along (P - Y) / n all the same (K times the exact gradient), and so do we, for
    parity. With one output it is :func:`squared_error`.
    """
    return 0.5 * _mean_over_rows((Y - P) ** 2, sample_weight).mean()  # (L3.7)


def poisson(Y, P, sample_weight=None):
    """L = (1/n) sum_s sum_k [y log(y / p) - y + p]  (L3.8), half the Poisson deviance.

    ``P = exp(Z)`` is the predicted mean count. With the log link the gradient with respect to Z
    is again p - y, the fused gradient (L3.5). The terms y log y - y do not depend on P; they make
    the loss 0 at a perfect fit (as scikit-learn's). xlogy gives 0 log(0 / p) = 0.
    """
    return _mean_over_rows(xlogy(Y, Y / P) - Y + P, sample_weight).sum()  # (L3.8)


def output_delta(Y, P, out=None):
    """The fused gradient of n * loss with respect to the output pre-activation: P - Y  (L3.5).

    Valid only for the pairs in :data:`LOSSES` (softmax with cross-entropy, logistic with binary
    cross-entropy, identity with squared error): for each of them the activation's derivative
    cancels against the loss's, leaving this simple difference.
    """
    return np.subtract(P, Y, out=out)  # P - Y  (L3.5)


def l2_penalty(coefs, alpha, n_samples):
    """(alpha / 2n) sum_l ||W_l||_F^2  (L3.6). Biases are not penalised.

    With sample weights, ``n_samples`` is their sum (as scikit-learn divides).

    >>> W = np.array([[1.0, 2.0], [2.0, 0.0]])
    >>> float(l2_penalty([W], alpha=0.5, n_samples=1))   # 0.5 / 2 * 9
    2.25
    """
    total = 0.0
    for W in coefs:
        w = W.ravel()
        total += np.dot(w, w)  # ||W||_F^2 as one dot product
    return 0.5 * alpha * total / n_samples  # (L3.6)


class Loss(NamedTuple):
    """A loss, and the output activation it is paired with."""

    name: str
    value: Callable
    output_activation: Callable


LOSSES = {
    "cross_entropy": Loss("cross_entropy", cross_entropy, softmax),
    "binary_cross_entropy": Loss("binary_cross_entropy", binary_cross_entropy, logistic),
    "squared_error": Loss("squared_error", squared_error, identity),
    "mean_squared_error": Loss("mean_squared_error", mean_squared_error, identity),
    "poisson": Loss("poisson", poisson, exp),
}


def get_loss(name):
    """Look up a loss by name; an unknown name raises a ValueError that lists the choices."""
    return lookup(LOSSES, name, "loss")
