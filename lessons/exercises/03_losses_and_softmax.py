"""Lesson 03 exercises: the fused softmax + cross-entropy gradient, and a cross-entropy that
survives probabilities of exactly 0 and 1.

Write the bodies, then run ``audio-mlp exercises check 03``. Y is one-hot, P and Z are
(n_samples, K), one sample per row.
"""

import numpy as np


def softmax_cross_entropy_gradient(Z, Y):
    """Gradient of the MEAN cross-entropy (L3.1) of P = softmax(Z) (L2.5) with respect to Z.

    Z: (n_samples, K) logits; Y: (n_samples, K) one-hot targets. Returns (n_samples, K).
    (L3.5) gives the gradient of the summed loss; mind the difference.
    """
    raise NotImplementedError


def buggy_cross_entropy(Y, P):
    """A cross-entropy with two bugs. Do not edit this one: find them (compare it with
    ``sklearn.metrics.log_loss`` on a few rows, and try a P with exact zeros in it), then write
    ``cross_entropy`` below."""
    return -np.mean(Y * np.log(P))


def cross_entropy(Y, P):
    """L = -(1/n) sum_s sum_k y_sk log p_sk  (L3.1), with P clipped into [eps, 1 - eps]  (L3.4).

    eps = np.finfo(P.dtype).eps. A term with y_sk = 0 counts 0, even where p_sk = 0.
    Y, P: (n_samples, K). Returns a float.
    """
    raise NotImplementedError
