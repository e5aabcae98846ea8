"""MFCC: the discrete cosine transform of the log-mel spectrogram, and their deltas.

The log-mel spectrum of a frame is a smooth curve over ~128 bands with strongly correlated
neighbours. Its type-II DCT (orthonormal, L14.1) re-expresses that curve as a sum of cosines; the
first few coefficients describe its overall shape (the "spectral envelope": level, tilt, formant
bumps) and the later ones its fine ripple. Keeping the first ``n_mfcc`` gives the MFCC. Deltas are
smoothed time derivatives of each coefficient (Savitzky-Golay, L14.2).

Shapes: log-mel ``(n_mels, n_frames)`` -> MFCC ``(n_mfcc, n_frames)``; deltas keep the shape.
Equal to ``librosa.feature.mfcc`` and ``librosa.feature.delta`` to float tolerance.

Lesson: lessons/14_mfcc.md
"""

import numpy as np
import scipy.fft
import scipy.signal


def mfcc(*, S_db, n_mfcc=20):
    """MFCC from a log-mel spectrogram ``S_db`` in dB, ``(n_mels, n_frames)`` -> ``(n_mfcc, n_frames)``.

    c[j, t] = a_j sum_i S_db[i, t] cos(pi j (2i + 1) / (2 n_mels))   (L14.1),
    with a_0 = sqrt(1 / n_mels) and a_j = sqrt(2 / n_mels) otherwise (the orthonormal DCT-II).

    Lesson: lessons/14_mfcc.md#the-dct-turns-log-mel-into-mfcc
    """
    n_mels = S_db.shape[0]
    if not 1 <= n_mfcc <= n_mels:
        raise ValueError(f"n_mfcc={n_mfcc} must be between 1 and the number of mel bands ({n_mels})")
    return scipy.fft.dct(S_db, type=2, norm="ortho", axis=0)[:n_mfcc]  # (L14.1)


def dct_matrix(n_mfcc, n_mels):
    """The ``(n_mfcc, n_mels)`` orthonormal DCT-II matrix of (L14.1), for the lesson and tests."""
    i = np.arange(n_mels)
    j = np.arange(n_mfcc)[:, None]  # (n_mfcc, 1) against i (n_mels,) -> (n_mfcc, n_mels)
    scale = np.where(j == 0, np.sqrt(1.0 / n_mels), np.sqrt(2.0 / n_mels))
    return scale * np.cos(np.pi * j * (2 * i + 1) / (2 * n_mels))  # (L14.1)


def delta(data, *, width=9, order=1):
    """Smoothed derivative along frames (L14.2): a Savitzky-Golay filter of ``width`` frames.

    A polynomial of degree ``order`` is fitted to each run of ``width`` frames and its
    ``order``-th derivative read off at the centre; the ends use the fit of the first and last
    full window ("interp" mode). Shape ``(n_features, n_frames)`` is kept.

    Lesson: lessons/14_mfcc.md#deltas
    """
    if width < 3 or width % 2 == 0:
        raise ValueError(f"width={width} must be an odd integer >= 3")
    if data.shape[-1] < width:
        raise ValueError(f"delta needs at least width={width} frames, got {data.shape[-1]}")
    return scipy.signal.savgol_filter(data, width, polyorder=order, deriv=order,
                                      axis=-1, mode="interp")  # (L14.2)
