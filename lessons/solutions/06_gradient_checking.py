"""Reference solutions to lessons/exercises/06_gradient_checking.py."""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    grad = np.empty_like(x)
    for i in np.ndindex(x.shape):  # index x itself: a flattened copy would not be what f reads
        keep = x[i]
        x[i] = keep + h
        f_plus = f()
        x[i] = keep - h
        f_minus = f()
        x[i] = keep  # restore
        grad[i] = (f_plus - f_minus) / (2 * h)  # (L6.1)
    return grad


def relative_error(a, b):
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / denominator)  # (L6.2)
