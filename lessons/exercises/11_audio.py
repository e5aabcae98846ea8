"""Lesson 11 exercises: where a sampled tone shows up, and how long a resampled clip is.

Write the bodies, then run ``audio-mlp exercises check 11``.
"""

import numpy as np


def alias_frequency(f, sr):
    """The frequency in [0, sr/2] at which a real tone of ``f`` Hz appears once sampled at ``sr``.

    (L11.2): a tone above the Nyquist frequency sr/2 gives the same samples as one mirrored
    below it; a tone above sr gives the same samples as f - sr. ``f`` >= 0 (a float or an
    array); returns the same shape.
    """
    raise NotImplementedError


def resampled_length(n_samples, orig_sr, target_sr):
    """The number of samples ``librosa.resample`` returns for ``n_samples`` at ``orig_sr``
    resampled to ``target_sr``: the duration N / f_s (L11.1) is kept, rounded up to a whole
    sample. Integers in, an int out.
    """
    raise NotImplementedError
