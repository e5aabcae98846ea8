"""Reference solutions to lessons/exercises/02_activations.py."""

import numpy as np


def tanh_backward(A, dA):
    """dZ = dA * (1 - a^2)  (L2.3)."""
    return dA * (1 - A**2)  # (L2.3)


def relu_backward(A, dA):
    """dZ = dA where a > 0, else 0  (L2.4)."""
    return np.where(A > 0, dA, 0.0)  # (L2.4)
