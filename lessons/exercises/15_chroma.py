"""Lesson 15 exercises: folding frequencies onto the twelve pitch classes.

Write the bodies, then run ``audio-mlp exercises check 15``. NumPy only. Pitch class 0 is C,
1 is C#, ..., 9 is A, 11 is B (features.chroma.PITCH_CLASSES).
"""

import numpy as np


def pitch_class(f):
    """The pitch class of the nearest equal-tempered note (A4 = 440 Hz), 0 = C.

    (L15.1) with tuning 0 puts f on a semitone axis; round to the nearest semitone, then fold
    octaves together. f > 0 (a float or an array); returns ints of the same shape, in 0..11.
    """
    raise NotImplementedError


def fold_chroma(S, freqs):
    """A hard-assignment chromagram: every bin's value added to its pitch class, per frame.

    S: (n_bins, n_frames) spectrogram; freqs: (n_bins,) the bins' frequencies in Hz. Bins with
    freqs <= 0 (DC) belong to no class. Then each frame is divided by its largest class (L15.4);
    an all-zero frame stays zero. Returns (12, n_frames).
    """
    raise NotImplementedError
