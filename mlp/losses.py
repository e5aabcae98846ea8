"""Loss functions for the output layer, and the one gradient they all share.

Each loss is paired with the output activation that makes its gradient with respect to the output
layer's pre-activation ``Z`` collapse to ``P - Y`` (the *fused* gradient, (L3.4)):

==========================  =================  ============================
loss                        output activation  when
==========================  =================  ============================
``cross_entropy``           softmax            3 or more classes
``binary_cross_entropy``    logistic (1 unit)  2 classes, as scikit-learn
``squared_error``           identity           regression
==========================  =================  ============================

Every loss is a mean over the ``n`` rows of ``Y`` and ``P`` (both ``(n_samples, n_outputs)``), so
its exact gradient is ``(P - Y) / n``. The L2 penalty on the weights is added separately by
:func:`l2_penalty`.

Lesson: lessons/03_losses_and_softmax.md
"""

from typing import Callable, NamedTuple

import numpy as np
from scipy.special import xlogy

from mlp.activations import identity, logistic, softmax
from mlp.validation import lookup


def _clip_probabilities(P):
    """Clip probabilities into [eps, 1 - eps] so that log never sees 0  (L3.5)."""
    eps = np.finfo(P.dtype).eps
    return np.clip(P, eps, 1 - eps)  # (L3.5)


def cross_entropy(Y, P):
    """L = -(1/n) sum_s sum_k y_sk log p_sk  (L3.1), for one-hot ``Y`` and softmax ``P``.

    >>> Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    >>> P = np.array([[0.5, 0.5], [0.25, 0.75]])
    >>> round(float(cross_entropy(Y, P)), 6)   # (log 2 + log 4/3) / 2
    0.490415
    """
    P = _clip_probabilities(P)
    return -xlogy(Y, P).mean(axis=0).sum()  # xlogy: 0 log p is 0, not nan  (L3.1)


def binary_cross_entropy(Y, P):
    """L = -(1/n) sum_s [y_s log p_s + (1 - y_s) log(1 - p_s)]  (L3.2), one logistic output unit.

    ``Y`` and ``P`` have shape ``(n_samples, 1)``; ``P`` is the probability of the positive class.
    """
    P = _clip_probabilities(P)
    return -(xlogy(Y, P) + xlogy(1 - Y, 1 - P)).mean(axis=0).sum()  # (L3.2)


def squared_error(Y, P):
    """L = (1 / 2n) sum_s sum_k (p_sk - y_sk)^2  (L3.3).

    Summed over the outputs, so that ``(P - Y) / n`` is its exact gradient for any number of
    outputs. (scikit-learn's MLPRegressor also averages over the outputs, which scales the loss,
    but not the gradient it uses, by 1 / n_outputs.)
    """
    return 0.5 * ((P - Y) ** 2).sum(axis=1).mean()  # (L3.3)


def output_delta(Y, P, out=None):
    """The fused gradient of n * loss with respect to the output pre-activation: P - Y  (L3.4).

    Valid only for the pairs in :data:`LOSSES` (softmax with cross-entropy, logistic with binary
    cross-entropy, identity with squared error): for each of them the activation's derivative
    cancels against the loss's, leaving this simple difference.
    """
    return np.subtract(P, Y, out=out)  # P - Y  (L3.4)


def l2_penalty(coefs, alpha, n_samples):
    """(alpha / 2n) sum_l ||W_l||_F^2  (L3.6). Biases are not penalised.

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
}


def get_loss(name):
    """Look up a loss by name; an unknown name raises a ValueError that lists the choices."""
    return lookup(LOSSES, name, "loss")
