"""Lesson 06 exercises: a central-difference gradient checker, and its relative error.

Write the bodies, then run ``audio-mlp exercises check 06``. Use NumPy only (not ``mlp``).
"""

import numpy as np


def numerical_gradient(f, x, h=1e-5):
    """Central-difference estimate of the gradient of ``f()`` with respect to ``x``  (L6.1).

    ``f`` takes no argument and reads ``x``: perturb ``x`` itself, in place, one entry at a time,
    and leave it as you found it. ``x`` is a float64 array of any shape (it may be a transposed
    view of another array). Returns an array of the shape of ``x``.
    """
    raise NotImplementedError


def relative_error(a, b):
    """||a - b|| / (||a|| + ||b||), with Euclidean norms over all entries, and 0 when a and b are
    both zero  (L6.2). Returns a float."""
    raise NotImplementedError
