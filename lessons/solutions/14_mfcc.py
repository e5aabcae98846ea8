"""Reference solutions to lessons/exercises/14_mfcc.py."""

import numpy as np


def dct_matrix(n_mfcc, n_mels):
    """a_j cos(pi j (2i + 1) / 2B), rows j, columns i (L14.1)."""
    j = np.arange(n_mfcc)[:, None]  # (n_mfcc, 1) against i: (n_mfcc, n_mels)
    i = np.arange(n_mels)[None, :]
    a = np.where(j == 0, np.sqrt(1 / n_mels), np.sqrt(2 / n_mels))
    return a * np.cos(np.pi * j * (2 * i + 1) / (2 * n_mels))  # (L14.1)


def delta_slope(C):
    """sum_tau tau C[t + tau] / sum_tau tau^2, tau = -4 .. 4 (L14.2)."""
    tau = np.arange(-4, 5)
    n_frames = C.shape[1]
    windows = np.stack([C[:, t - 4: t + 5] for t in range(4, n_frames - 4)], axis=1)  # (rows, T-8, 9)
    return windows @ tau / np.sum(tau**2)  # (L14.2)
