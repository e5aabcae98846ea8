"""Checks of parameters: a number in an interval, a name in a table.

Every module of ``mlp`` checks its parameters with these two helpers, so that a bad value gets the
same kind of message everywhere, naming the parameter and the value:

* :func:`check_interval` is modelled on scikit-learn's ``_param_validation.Interval``: the kind of
  number (``"real"`` or ``"integer"``), the bounds (``None`` for none) and which ends are closed.
  A value of the wrong type (a string, ``None``, a bool) raises a TypeError; a number outside the
  interval, or NaN, raises a ValueError.
* :func:`lookup` finds a named record in a table (activations, losses, schedules) and otherwise
  raises a ValueError that lists the choices.

Lesson: lessons/09_estimator.md#bad-settings-are-refused-naming-the-parameter
"""

import numbers

import numpy as np

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
