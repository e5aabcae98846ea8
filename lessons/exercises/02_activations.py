"""Lesson 02 exercises: the backward pass of two activations.

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
