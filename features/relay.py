"""Warnings raised in worker processes, carried back and raised once in the parent.

A warning raised in a joblib (loky) worker is printed by that worker, in Python's raw form with a
source line, once per worker: the parent, which decides how warnings are shown (the command line
prints each text once as ``audio-mlp: warning: ...``), never sees it. :func:`call_recording` runs a
task with its warnings recorded and returns them beside the result; :func:`raise_again` raises
them in the parent.

Lesson: lessons/19_your_own_audio.md#speed-and-memory
"""

import warnings


def call_recording(func, *args, **kwargs):
    """``(func(*args, **kwargs), [(category, text), ...])``: the result and the warnings it raised.

    >>> def half(x):
    ...     warnings.warn("halved")
    ...     return x / 2
    >>> call_recording(half, 3)
    (1.5, [(<class 'UserWarning'>, 'halved')])
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = func(*args, **kwargs)
    return result, [(w.category, str(w.message)) for w in caught]


def raise_again(caught, *, stacklevel=3):
    """Raise each ``(category, text)`` of ``caught`` in this process, each distinct one once."""
    for category, text in dict.fromkeys(caught):
        warnings.warn(text, category, stacklevel=stacklevel)
