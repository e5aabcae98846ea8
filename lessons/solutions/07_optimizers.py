"""Reference solutions to lessons/exercises/07_optimizers.py."""

import numpy as np


def nesterov_step(theta, g, v, learning_rate, momentum):
    v = momentum * v - learning_rate * g  # (L7.2)
    theta = theta + momentum * v - learning_rate * g  # (L7.3), with the new v
    return theta, v


def adam_step(theta, g, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
    m = beta_1 * m + (1 - beta_1) * g  # (L7.4)
    v = beta_2 * v + (1 - beta_2) * g**2  # (L7.5)
    eta_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)  # (L7.6)
    theta = theta - eta_t * m / (np.sqrt(v) + epsilon)  # (L7.7)
    return theta, m, v
