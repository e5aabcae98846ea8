"""Reference solutions to lessons/exercises/11_audio.py."""

import math

import numpy as np


def alias_frequency(f, sr):
    """Fold f into [0, sr): whole multiples of sr are invisible; then mirror about sr/2 (L11.2)."""
    folded = np.mod(f, sr)
    return np.where(folded > sr / 2, sr - folded, folded)


def resampled_length(n_samples, orig_sr, target_sr):
    """ceil(N * target / orig): the same duration (L11.1) at the new rate."""
    return math.ceil(n_samples * target_sr / orig_sr)
