"""Lesson 05 exercises: the Glorot bound, and a network's initial weights drawn exactly as
scikit-learn draws them.

Write the bodies, then run ``audio-mlp exercises check 05``. Use NumPy only (not ``mlp``).
"""

import numpy as np


def glorot_bound(fan_in, fan_out, activation="relu"):
    """r, the half-width of Glorot's uniform range U(-r, r), as scikit-learn picks it  (L5.1).

    scikit-learn's narrower variant applies to activation == "logistic" only. Returns a float.
    """
    raise NotImplementedError


def init_parameters(units, activation="relu", random_state=0):
    """(coefs, intercepts) of a network with layer sizes ``units`` (input first), drawn from one
    ``numpy.random.RandomState(random_state)`` in scikit-learn's order  (L5.2).

    coefs[l]: (units[l], units[l+1]); intercepts[l]: (units[l+1],); both from U(-r_l, r_l).
    With the same integer seed, the numbers must be the very ones scikit-learn's MLPClassifier
    starts from.
    """
    raise NotImplementedError
