"""Reference solutions to lessons/exercises/04_backpropagation.py."""

import numpy as np


def dense_backward(A_prev, W, delta, alpha=0.0):
    n = len(A_prev)
    dW = (A_prev.T @ delta + alpha * W) / n  # (fan_in, n) @ (n, fan_out)  (L4.2)
    db = delta.sum(axis=0) / n  # (L4.3)
    dA_prev = delta @ W.T  # (n, fan_out) @ (fan_out, fan_in)  (L4.4)
    return dA_prev, dW, db


def buggy_network_backward(coefs, activations, Y, alpha=0.0):
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
    """The buggy version with its two bugs fixed: L2 over n, and db over n."""
    n, L = len(Y), len(coefs)
    coef_grads, intercept_grads = [None] * L, [None] * L
    delta = activations[-1] - Y  # (L4.1)
    for l in range(L - 1, -1, -1):  # coefs[l] is the weight matrix of layer l + 1
        coef_grads[l] = (activations[l].T @ delta + alpha * coefs[l]) / n  # (L4.2)
        intercept_grads[l] = delta.sum(axis=0) / n  # (L4.3)
        if l > 0:
            dA = delta @ coefs[l].T  # (L4.4)
            delta = dA * (1 - activations[l] ** 2)  # (L4.5), tanh: f' = 1 - a^2
    return coef_grads, intercept_grads
