"""Checks of parameters: a number in an interval, a name in a table.

Every module of ``mlp`` checks its parameters with these two helpers, so that a bad value gets the
same kind of message everywhere, naming the parameter and the value:

* :func:`check_interval` is modelled on scikit-learn's ``_param_validation.Interval``: the kind of
  number (``"real"`` or ``"integer"``), the bounds (``None`` for none) and which ends are closed.
  A value of the wrong type (a string, ``None``, a bool) raises a TypeError; a number outside the
  interval, or NaN, raises a ValueError.
* :func:`lookup` finds a named record in a table (activations, losses, schedules) and otherwise
  raises a ValueError that lists the choices.
* :func:`check_matrix`, :func:`check_sample_weight` and :func:`check_training_data` check the
  data: 2-D, finite, shapes that fit the network and each other.

Lesson: lessons/09_estimator.md#bad-settings-are-refused-naming-the-parameter
"""

import numbers

import numpy as np
from scipy import sparse

_KINDS = {"real": (numbers.Real, "a real number"), "integer": (numbers.Integral, "an integer")}
_BRACKETS = {"left": "[)", "right": "(]", "both": "[]", "neither": "()"}


def interval_text(kind, low, high, closed):
    """How an interval reads in a message.

    >>> interval_text("real", 0, 1, "left")
    'a real number in [0, 1)'
    >>> interval_text("integer", 1, None, "left")
    'an integer in [1, inf)'
    """
    left, right = _BRACKETS[closed]
    what = _KINDS[kind][1]
    low_text = "-inf" if low is None else low
    high_text = "inf" if high is None else high
    return f"{what} in {left}{low_text}, {high_text}{right}"


def check_interval(name, value, kind, low, high, closed="left", *, also=()):
    """Return ``value`` if it is a number of ``kind`` in the interval, else raise naming ``name``.

    ``also`` lists extra values that are accepted as they are (e.g. ``numpy.inf`` for a patience
    that may be infinite).

    >>> check_interval("momentum", 0.9, "real", 0, 1, "both")
    0.9
    >>> check_interval("momentum", 1.5, "real", 0, 1, "both")
    Traceback (most recent call last):
    ...
    ValueError: momentum must be a real number in [0, 1]; got 1.5
    >>> check_interval("batch_size", "big", "integer", 1, None)
    Traceback (most recent call last):
    ...
    TypeError: batch_size must be an integer in [1, inf); got 'big'
    """
    if any(value is extra or value == extra for extra in also):
        return value
    expected = interval_text(kind, low, high, closed)
    if also:
        expected += " or " + " or ".join(_extra_name(extra) for extra in also)
    message = f"{name} must be {expected}; got {value!r}"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, _KINDS[kind][0]):
        raise TypeError(message)
    left, right = _BRACKETS[closed]
    if kind == "real" and not np.isfinite(value):  # NaN fails every comparison; inf is no size
        raise ValueError(message)
    above = low is None or (value >= low if left == "[" else value > low)
    below = high is None or (value <= high if right == "]" else value < high)
    if not (above and below):
        raise ValueError(message)
    return value


def _extra_name(extra):
    return "numpy.inf" if extra == np.inf else repr(extra)


def lookup(table, name, parameter):
    """``table[name]``, or a ValueError naming ``parameter`` that lists the choices.

    >>> lookup({"a": 1, "b": 2}, "b", "letter")
    2
    >>> lookup({"a": 1, "b": 2}, "c", "letter")
    Traceback (most recent call last):
    ...
    ValueError: letter must be one of 'a', 'b'; got 'c'
    """
    try:
        return table[name]
    except (KeyError, TypeError):  # TypeError: an unhashable name such as a list
        choices = ", ".join(repr(k) for k in table)
        raise ValueError(f"{parameter} must be one of {choices}; got {name!r}") from None


def check_matrix(A, name, *, n_columns=None, allow_nan=False, columns="n_features"):
    """Return ``A`` as a 2-D float array, or raise a ValueError that names it.

    >>> check_matrix([[1, 2]], "X").dtype
    dtype('float64')
    >>> check_matrix([1.0, 2.0], "X")
    Traceback (most recent call last):
    ...
    ValueError: X must be 2-D (n_samples, n_features); got shape (2,)
    """
    if sparse.issparse(A):  # a scipy sparse X: check the stored values only
        _check_sparse(A, name, n_columns)
        return A
    A = np.asarray(A)
    if A.dtype.kind not in "fc":
        A = A.astype(np.float64)
    if A.ndim != 2:
        raise ValueError(f"{name} must be 2-D (n_samples, {columns}); got shape {A.shape}")
    if n_columns is not None and A.shape[1] != n_columns:
        raise ValueError(f"{name} has {A.shape[1]} columns; expected {n_columns}")
    if not allow_nan and not np.isfinite(A).all():
        bad = np.argwhere(~np.isfinite(A))[0]
        raise ValueError(f"{name} contains NaN or infinity (first at row {bad[0]}, column "
                         f"{bad[1]}: {A[tuple(bad)]})")
    return A


def _check_sparse(A, name, n_columns):
    if A.ndim != 2 or (n_columns is not None and A.shape[1] != n_columns):
        raise ValueError(f"{name} has shape {A.shape}; expected (n_samples, {n_columns})")
    if not np.isfinite(A.data).all():
        raise ValueError(f"{name} contains NaN or infinity")


def check_sample_weight(sample_weight, n_samples, dtype):
    """``sample_weight`` as a float array (n_samples,) of finite weights >= 0 (a scalar: one for
    all), or None.

    >>> check_sample_weight(2, 3, np.float64)
    array([2., 2., 2.])
    """
    if sample_weight is None:
        return None
    weights = np.asarray(sample_weight, dtype=dtype)
    if weights.ndim == 0:
        weights = np.full(n_samples, weights, dtype=dtype)
    if weights.shape != (n_samples,):
        raise ValueError(f"sample_weight must have shape ({n_samples},), one weight per sample; "
                         f"got {weights.shape}")
    if not np.isfinite(weights).all() or (weights < 0).any():
        raise ValueError("sample_weight must be finite and >= 0")
    if not weights.sum() > 0:
        raise ValueError("sample_weight is zero for every sample: there is nothing to learn from")
    return weights


def check_training_data(network, X, Y, sample_weight):
    """``X``, ``Y`` and ``sample_weight`` checked against the network and each other."""
    X = check_matrix(X, "X", n_columns=network.units[0])
    Y = check_matrix(Y, "Y", n_columns=network.units[-1], columns="n_outputs")
    if Y.shape[0] != X.shape[0]:
        raise ValueError(f"X and Y must have the same number of rows; got {X.shape[0]} and "
                         f"{Y.shape[0]}")
    if X.shape[0] == 0:
        raise ValueError("X is empty: training needs at least one sample")
    return X, Y, check_sample_weight(sample_weight, X.shape[0], X.dtype)
