"""Lesson 01 exercises: the forward pass, one layer and a whole network.

Write the bodies, then run ``audio-mlp exercises check 01``. Shapes are batch-first: one sample
per row. Use NumPy only (not ``mlp``): the point is to write the forward pass yourself.
"""

import numpy as np


def dense_layer(X, W, b):
    """Z = X W + b for a whole batch  (L1.2).

    X: (n_samples, fan_in), W: (fan_in, fan_out), b: (fan_out,).
    Returns Z, (n_samples, fan_out).
    """
    raise NotImplementedError


def forward(X, coefs, intercepts):
    """The network's output P for the batch X: tanh hidden layers, a softmax output layer.

    coefs[l] is (units[l], units[l+1]) and intercepts[l] is (units[l+1],), for l = 0 .. L-1.
    Every layer computes (L1.2); the hidden layers apply tanh (L1.3); the last applies the
    softmax (L2.5), row by row. X: (n_samples, units[0]). Returns P, (n_samples, units[-1]),
    whose rows sum to 1.
    """
    raise NotImplementedError
