"""Checks of lessons/exercises/14_mfcc.py, against scipy.fft.dct (norm="ortho") and
librosa.feature.delta."""

import librosa
import numpy as np
import scipy.fft

from baselines.course.exercises import CheckFailed, Task


def check_dct(student):
    for n_mfcc, n_mels in [(40, 128), (13, 13), (5, 8)]:
        # scipy's DCT of each column of the identity is the matrix itself: columns = DCT of e_i
        expected = scipy.fft.dct(np.eye(n_mels), type=2, norm="ortho", axis=0)[:n_mfcc]
        got = np.asarray(student.dct_matrix(n_mfcc, n_mels), dtype=float)
        if got.shape != expected.shape:
            raise CheckFailed(f"dct_matrix({n_mfcc}, {n_mels}) has shape {got.shape}; expected "
                              f"{expected.shape} (n_mfcc, n_mels)")
        error = np.abs(got - expected)
        j, i = np.unravel_index(error.argmax(), error.shape)
        if error[j, i] > 1e-9:
            rows = sorted({int(r) for r in np.nonzero(error.max(axis=1) > 1e-9)[0]})[:5]
            raise CheckFailed(f"dct_matrix({n_mfcc}, {n_mels}) differs from scipy's orthonormal "
                              f"DCT-II in rows {rows} (largest at [{j}, {i}], off by "
                              f"{error[j, i]:.3g})")


def check_delta(student):
    C = np.cumsum(np.random.default_rng(0).standard_normal((3, 30)), axis=1)  # wandering rows
    expected = librosa.feature.delta(C)[:, 4:-4]  # librosa's Savitzky-Golay, inner frames
    got = np.asarray(student.delta_slope(C), dtype=float)
    if got.shape != expected.shape:
        raise CheckFailed(f"delta_slope of a (3, 30) input has shape {got.shape}; expected "
                          f"{expected.shape}")
    error = np.abs(got - expected)
    r, t = np.unravel_index(error.argmax(), error.shape)
    if error[r, t] > 1e-9:
        raise CheckFailed(f"delta_slope differs from librosa.feature.delta: row {r}, inner column "
                          f"{t}, by {error[r, t]:.3g}")


TASKS = [
    Task("dct_matrix", "the orthonormal DCT-II matrix (L14.1)", check_dct),
    Task("delta_slope", "the least-squares slope over 9 frames (L14.2)", check_delta),
]
