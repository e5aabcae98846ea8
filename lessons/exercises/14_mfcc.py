"""Lesson 14 exercises: the DCT-II matrix, and the delta of a row.

Write the bodies, then run ``audio-mlp exercises check 14``. NumPy only.
"""

import numpy as np


def dct_matrix(n_mfcc, n_mels):
    """The orthonormal DCT-II matrix of (L14.1): C = DCT @ D turns log-mel into MFCC.

    Returns (n_mfcc, n_mels); entry [j, i] = a_j cos(pi j (2i + 1) / (2B)), with
    a_0 = sqrt(1/B) and a_j = sqrt(2/B) for j >= 1 (B = n_mels).
    """
    raise NotImplementedError


def delta_slope(C):
    """The least-squares slope of every row over 9 frames (L14.2), at the inner frames only.

    C: (n_rows, n_frames), n_frames >= 9. Returns (n_rows, n_frames - 8): column t - 4 is the
    slope around frame t, for t = 4 .. n_frames - 5 (the frames with 4 neighbours each side).
    """
    raise NotImplementedError
