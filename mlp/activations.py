"""Activation functions, their derivatives, and softmax.

A hidden layer computes ``A = f(Z)`` element by element. Backpropagation needs ``f'(Z)``; for every
activation here it can be written with the *output* ``A`` alone, so the forward pass need not keep
``Z`` (scikit-learn does the same). Each activation is a pair of functions:

* ``forward(Z, out=None) -> A`` computes f; pass ``out=Z`` to overwrite ``Z`` in place;
* ``backward(A, dA, out=None) -> dZ`` computes ``dZ = dA * f'(Z)`` from the output ``A``.

Shapes are batch-first, ``(n_samples, n_units)``, and every function keeps them.

Lesson: lessons/02_activations.md
"""

from typing import Callable, NamedTuple

import numpy as np
from scipy.special import expit

from mlp.validation import lookup


def identity(Z, out=None):
    """f(z) = z  (L2.1): a copy of ``Z``, or ``out`` holding it."""
    if out is None:
        return Z.copy()  # f(z) = z  (L2.1)
    np.copyto(out, Z)  # (L2.1); a copy onto itself when out is Z
    return out


def identity_backward(A, dA, out=None):
    """f'(z) = 1, so dZ = dA  (L2.1)."""
    return identity(dA, out=out)


def logistic(Z, out=None):
    """f(z) = 1 / (1 + exp(-z))  (L2.2).

    scipy's ``expit`` evaluates it without overflow for large negative z.

    >>> logistic(np.array([-50.0, 0.0, 50.0]))
    array([1.92874985e-22, 5.00000000e-01, 1.00000000e+00])
    """
    return expit(Z, out=out)  # 1 / (1 + exp(-z))  (L2.2)


def logistic_backward(A, dA, out=None):
    """f'(z) = a (1 - a), so dZ = dA * a * (1 - a)  (L2.2)."""
    dZ = np.multiply(dA, A, out=out)
    dZ *= 1 - A  # dA * a * (1 - a)  (L2.2)
    return dZ


def tanh(Z, out=None):
    """f(z) = tanh(z)  (L2.3)."""
    return np.tanh(Z, out=out)  # (L2.3)


def tanh_backward(A, dA, out=None):
    """f'(z) = 1 - a^2, so dZ = dA * (1 - a^2)  (L2.3)."""
    return np.multiply(dA, 1 - A**2, out=out)  # dA * (1 - a^2)  (L2.3)


def relu(Z, out=None):
    """f(z) = max(z, 0)  (L2.4).

    >>> relu(np.array([[-2.0, 0.0, 3.0]]))
    array([[0., 0., 3.]])
    """
    return np.maximum(Z, 0, out=out)  # max(z, 0)  (L2.4)


def relu_backward(A, dA, out=None):
    """f'(z) = 1 where a > 0, else 0 (we take 0 at the kink z = 0), so dZ = dA * [a > 0]  (L2.4).

    Multiplying by the 0/1 mask is several times faster than assigning through a boolean index.
    """
    return np.multiply(dA, A > 0, out=out)  # dA * [a > 0]  (L2.4)


def softmax(Z, out=None):
    """p_k = exp(z_k - z_max) / sum_j exp(z_j - z_max), row by row, z_max = max_j z_j  (L2.5).

    Subtracting the row maximum z_max changes nothing mathematically (it cancels between numerator
    and denominator) but keeps ``exp`` from overflowing: the largest exponent becomes exp(0) = 1.

    >>> P = softmax(np.array([[1000.0, 1000.0], [0.0, np.log(3.0)]]))
    >>> P.round(6)
    array([[0.5 , 0.5 ],
           [0.25, 0.75]])
    """
    shifted = Z - Z.max(axis=1, keepdims=True)  # z - z_max: exp never overflows  (L2.5)
    P = np.exp(shifted, out=out)
    P /= P.sum(axis=1, keepdims=True)  # (n, 1) broadcasts over the classes  (L2.5)
    return P


def exp(Z, out=None):
    """f(z) = exp(z)  (L2.6), the output of a Poisson regression (its log link inverted)."""
    return np.exp(Z, out=out)  # (L2.6)


class Activation(NamedTuple):
    """An activation's name, its forward function and its backward function."""

    name: str
    forward: Callable
    backward: Callable


ACTIVATIONS = {
    "identity": Activation("identity", identity, identity_backward),
    "logistic": Activation("logistic", logistic, logistic_backward),
    "tanh": Activation("tanh", tanh, tanh_backward),
    "relu": Activation("relu", relu, relu_backward),
}


def get_activation(name, *, parameter="activation"):
    """Look up a hidden-layer activation by name.

    >>> get_activation("tanh").name
    'tanh'
    >>> get_activation("sigmoid")
    Traceback (most recent call last):
    ...
    ValueError: activation must be one of 'identity', 'logistic', 'tanh', 'relu'; got 'sigmoid'
    """
    return lookup(ACTIVATIONS, name, parameter)
