"""Lesson 07 exercises: one Nesterov step and one Adam step, in the form scikit-learn uses.

Write the bodies, then run ``audio-mlp exercises check 07``. Every array has the shape of the
parameter theta. Return new arrays; do not modify the ones you are given.
"""

import numpy as np


def nesterov_step(theta, g, v, learning_rate, momentum):
    """One step of Nesterov momentum in its look-ahead form  (L7.2), (L7.3).

    theta: the parameter; g: its gradient at theta; v: the velocity before this step.
    Returns (new_theta, new_v).
    """
    raise NotImplementedError


def adam_step(theta, g, m, v, t, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
    """One Adam step, with both bias corrections folded into the step size  (L7.4)-(L7.7).

    theta: the parameter; g: its gradient; m, v: the first and second moments before this step;
    t: the number of THIS step, 1 for the first. Returns (new_theta, new_m, new_v).
    """
    raise NotImplementedError
