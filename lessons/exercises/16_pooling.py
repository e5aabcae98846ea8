"""Lesson 16 exercises: which frames count, and pooling them into one vector.

Write the bodies, then run ``audio-mlp exercises check 16``. NumPy only.
"""

import numpy as np


def active_frames(rms_db, threshold_db=40.0):
    """The frames within ``threshold_db`` of the clip's loudest frame (the default preset's rule).

    rms_db: (n_frames,) frame loudness in dB. Returns a boolean mask (n_frames,), True where
    rms_db >= max(rms_db) - threshold_db.
    """
    raise NotImplementedError


def pool_mean_std(block, active):
    """Mean (L16.3) and standard deviation (L16.4, divide by T, not T - 1) of every row over the
    active frames only.

    block: (n_rows, n_frames); active: (n_frames,) bool. Returns (mean, std), each (n_rows,).
    """
    raise NotImplementedError
