"""Lesson 04 exercises: one dense layer backwards, and a whole network's backward pass.

Write the bodies, then run ``audio-mlp exercises check 04``. Use NumPy only. Shapes are
batch-first; ``delta`` is the gradient of the SUMMED loss J = n L with respect to a layer's
pre-activation Z, one row per sample.
"""

import numpy as np


def dense_backward(A_prev, W, delta, alpha=0.0):
    """One dense layer backwards: returns (dA_prev, dW, db).

    A_prev: (n_samples, fan_in), W: (fan_in, fan_out), delta: (n_samples, fan_out).
    dW = gradient of the mean loss plus L2, (fan_in, fan_out)     (L4.2)
    db = gradient of the mean loss, (fan_out,)                     (L4.3)
    dA_prev = gradient of the summed loss J, (n_samples, fan_in)   (L4.4)
    """
    raise NotImplementedError


def buggy_network_backward(coefs, activations, Y, alpha=0.0):
    """A backward pass with two bugs. Do not edit this one: find which arrays are wrong with
    ``mlp.gradcheck.check_gradient`` (or ``check_network_gradients`` on an ``mlp.network.Network``
    holding the same weights), with alpha = 0 and with alpha > 0, then write
    ``network_backward`` below."""
    n, L = len(Y), len(coefs)
    coef_grads, intercept_grads = [None] * L, [None] * L
    delta = activations[-1] - Y
    for l in range(L - 1, -1, -1):
        coef_grads[l] = activations[l].T @ delta / n + alpha * coefs[l]
        intercept_grads[l] = delta.sum(axis=0)
        if l > 0:
            delta = (delta @ coefs[l].T) * (1 - activations[l] ** 2)
    return coef_grads, intercept_grads


def network_backward(coefs, activations, Y, alpha=0.0):
    """Backpropagation through a tanh network with a softmax output and cross-entropy.

    coefs[l]: (units[l], units[l+1]); activations = [X, A_1, ..., A_L] from the forward pass,
    A_L = P; Y: (n_samples, units[-1]) one-hot. Returns (coef_grads, intercept_grads), lists
    shaped like coefs and the biases: the gradients of the mean loss plus the L2 penalty (L3.6),
    by (L4.1)-(L4.5).
    """
    raise NotImplementedError
