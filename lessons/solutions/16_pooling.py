"""Reference solutions to lessons/exercises/16_pooling.py."""

import numpy as np


def active_frames(rms_db, threshold_db=40.0):
    """Within threshold_db of the loudest frame."""
    return rms_db >= np.max(rms_db) - threshold_db


def pool_mean_std(block, active):
    """Statistics over the frames (axis 1) that are active."""
    kept = block[:, active]  # (n_rows, n_active)
    mean = kept.sum(axis=1) / kept.shape[1]  # (L16.3)
    std = np.sqrt(((kept - mean[:, None]) ** 2).sum(axis=1) / kept.shape[1])  # (L16.4)
    return mean, std
