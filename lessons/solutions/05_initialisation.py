"""Reference solutions to lessons/exercises/05_initialisation.py."""

import numpy as np


def glorot_bound(fan_in, fan_out, activation="relu"):
    factor = 2.0 if activation == "logistic" else 6.0  # scikit-learn's logistic variant
    return float(np.sqrt(factor / (fan_in + fan_out)))  # (L5.1)


def init_parameters(units, activation="relu", random_state=0):
    rng = np.random.RandomState(random_state)  # one generator for the whole network
    coefs, intercepts = [], []
    for fan_in, fan_out in zip(units[:-1], units[1:]):
        r = glorot_bound(fan_in, fan_out, activation)
        coefs.append(rng.uniform(-r, r, (fan_in, fan_out)))  # W_l first ...  (L5.2)
        intercepts.append(rng.uniform(-r, r, fan_out))  # ... then b_l  (L5.2)
    return coefs, intercepts
