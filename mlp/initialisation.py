"""Glorot (Xavier) uniform initialisation, drawn exactly as scikit-learn draws it.

Glorot & Bengio (2010) pick the weights of a layer with ``fan_in`` inputs and ``fan_out`` outputs
from U(-r, r) with r = sqrt(6 / (fan_in + fan_out)), so that the variance of the signal stays about
the same from layer to layer, forwards and backwards. For the logistic activation scikit-learn uses
the narrower r = sqrt(2 / (fan_in + fan_out)), a convention of its own that we copy for parity (the
variance argument, with the logistic's slope of 1/4 at 0, would rather ask for a wider range). It
draws the biases from the same U(-r, r): they do not start at zero. Layers are drawn in order,
weights then biases: W_1, b_1, W_2, b_2, ...

Randomness comes only from the ``random_state`` you pass: a seed, a ``numpy.random.RandomState``
or a ``numpy.random.Generator``. The global NumPy seed is never used.

Lesson: lessons/05_initialisation.md
"""

import numbers

import numpy as np


def check_random_state(random_state):
    """Turn ``random_state`` into a random-number generator.

    None gives a fresh, unpredictable ``RandomState``; an int seeds a new ``RandomState`` (the
    generator scikit-learn uses, so the same seed gives the same numbers as scikit-learn); a
    ``RandomState`` or ``Generator`` is returned as it is, to be advanced by whoever draws from it.

    >>> check_random_state(0).uniform() == np.random.RandomState(0).uniform()
    True
    """
    if random_state is None:
        return np.random.RandomState()
    if isinstance(random_state, (np.random.RandomState, np.random.Generator)):
        return random_state
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        return np.random.RandomState(random_state)
    raise ValueError(f"random_state must be None, an int, a numpy RandomState or a numpy "
                     f"Generator; got {random_state!r}")


def glorot_bound(fan_in, fan_out, activation="relu"):
    """r = sqrt(6 / (fan_in + fan_out)), or sqrt(2 / (fan_in + fan_out)) for logistic  (L5.1).

    >>> glorot_bound(4, 2)
    1.0
    >>> glorot_bound(3, 1, activation="logistic")
    0.7071067811865476
    """
    factor = 2.0 if activation == "logistic" else 6.0
    return float(np.sqrt(factor / (fan_in + fan_out)))  # (L5.1)


def glorot_uniform(fan_in, fan_out, *, activation="relu", random_state, dtype=np.float64):
    """Draw one layer's ``W`` (fan_in, fan_out) and ``b`` (fan_out,) from U(-r, r)  (L5.2).

    Lesson: lessons/05_initialisation.md#glorot-uniform-as-scikit-learn-draws-it
    """
    for name, value in (("fan_in", fan_in), ("fan_out", fan_out)):
        if not isinstance(value, numbers.Integral) or value < 1:
            raise ValueError(f"{name} must be a positive integer; got {value!r}")
    rng = check_random_state(random_state)
    r = glorot_bound(fan_in, fan_out, activation)
    W = rng.uniform(-r, r, (fan_in, fan_out))  # W ~ U(-r, r) in float64, then cast  (L5.2)
    b = rng.uniform(-r, r, fan_out)  # then b ~ U(-r, r)  (L5.2)
    return W.astype(dtype, copy=False), b.astype(dtype, copy=False)


def init_parameters(units, *, activation="relu", random_state=None, dtype=np.float64):
    """Weights and biases of a whole network with layer sizes ``units`` (input first).

    Returns ``(coefs, intercepts)``: ``coefs[i]`` is ``(units[i], units[i+1])``.

    >>> coefs, intercepts = init_parameters([3, 4, 2], random_state=0)
    >>> [W.shape for W in coefs], [b.shape for b in intercepts]
    ([(3, 4), (4, 2)], [(4,), (2,)])
    """
    units = list(units)
    if len(units) < 2:
        raise ValueError(f"units must list at least an input and an output size; got {units}")
    rng = check_random_state(random_state)
    coefs, intercepts = [], []
    for fan_in, fan_out in zip(units[:-1], units[1:]):
        W, b = glorot_uniform(fan_in, fan_out, activation=activation, random_state=rng, dtype=dtype)
        coefs.append(W)
        intercepts.append(b)
    return coefs, intercepts
