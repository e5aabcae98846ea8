"""Lesson 02 exercises: the backward pass of three activations, and a softmax that does not
overflow.

Write the bodies, then run ``audio-mlp exercises check 02``. Shapes are batch-first,
``(n_samples, n_units)``; every function returns an array of the shape of its inputs.
"""

import numpy as np


def tanh_backward(A, dA):
    """dZ = dA * f'(z) for f = tanh, written with the output A = tanh(Z) alone  (L2.3).

    A, dA: (n_samples, n_units). Returns dZ, same shape.
    """
    raise NotImplementedError


def relu_backward(A, dA):
    """dZ = dA * f'(z) for f = max(0, z), written with the output A alone  (L2.4).

    Use f'(0) = 0, as scikit-learn does. A, dA: (n_samples, n_units). Returns dZ.
    """
    raise NotImplementedError


def logistic_backward(A, dA):
    """dZ = dA * f'(z) for the logistic f = 1 / (1 + exp(-z)), written with A alone  (L2.2).

    A, dA: (n_samples, n_units). Returns dZ, same shape.
    """
    raise NotImplementedError


def naive_softmax(Z):
    """Softmax as the textbook writes it: correct on paper, and broken. Do not edit this one:
    find an input on which it fails, then write ``softmax`` below so that it does not."""
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)


def softmax(Z):
    """p_sk = exp(z_sk) / sum_j exp(z_sj), row by row, safe for any finite Z  (L2.5).

    Z: (n_samples, K). Returns P, (n_samples, K), every row positive (or 0) and summing to 1.
    """
    raise NotImplementedError
