"""The mel scale, the triangular mel filterbank, the mel spectrogram and its logarithm.

The mel scale spaces frequencies the way pitch perception does: roughly linear below 1 kHz and
logarithmic above. librosa's default ("Slaney") version is m = f / (200/3) below 1000 Hz and
m = 15 + 27 ln(f / 1000) / ln(6.4) above (L13.1). ``n_mels`` triangles, evenly spaced in mels between ``fmin`` and ``fmax``, each scaled to
unit area ("Slaney normalisation", L13.3), weight the power spectrum's bins into bands (L13.4).

Shapes: power spectrum ``(n_bins, n_frames)`` -> mel spectrogram ``(n_mels, n_frames)``.
Equal to librosa's ``filters.mel`` / ``feature.melspectrogram`` / ``power_to_db`` to float tolerance.

Lesson: lessons/13_mel.md
"""

from functools import lru_cache

import numpy as np

from features.stft import fft_frequencies

F_SP = 200.0 / 3  # Hz per mel in the linear part
MIN_LOG_HZ = 1000.0  # where the logarithmic part begins
MIN_LOG_MEL = MIN_LOG_HZ / F_SP  # = 15 mels
LOGSTEP = np.log(6.4) / 27.0  # 27 mels per factor 6.4 in frequency


def hz_to_mel(f):
    """Hz -> mels on the Slaney scale (L13.1)."""
    f = np.asarray(f, dtype=np.float64)
    log_part = MIN_LOG_MEL + np.log(np.maximum(f, MIN_LOG_HZ) / MIN_LOG_HZ) / LOGSTEP
    return np.where(f >= MIN_LOG_HZ, log_part, f / F_SP)  # (L13.1)


def mel_to_hz(m):
    """Mels -> Hz, the inverse of :func:`hz_to_mel` (L13.2)."""
    m = np.asarray(m, dtype=np.float64)
    log_part = MIN_LOG_HZ * np.exp(LOGSTEP * (np.maximum(m, MIN_LOG_MEL) - MIN_LOG_MEL))
    return np.where(m >= MIN_LOG_MEL, log_part, F_SP * m)  # (L13.2)


@lru_cache(maxsize=32)
def mel_filterbank(*, sr, n_fft, n_mels=128, fmin=0.0, fmax=None):
    """The ``(n_mels, 1 + n_fft // 2)`` matrix of triangular, area-normalised mel filters.

    Filter i rises from edge i to a peak at edge i+1 and falls to zero at edge i+2, where the
    ``n_mels + 2`` edges are evenly spaced in mels between ``fmin`` and ``fmax`` (default sr/2).
    Returned read-only (it is cached, one per parameter set).

    Lesson: lessons/13_mel.md#the-triangular-filterbank
    """
    fmax = sr / 2 if fmax is None else fmax
    if not 0 <= fmin < fmax <= sr / 2:
        raise ValueError(f"need 0 <= fmin < fmax <= sr/2, got fmin={fmin}, fmax={fmax}, sr={sr}")
    edges = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))  # Hz, (n_mels+2,)
    freqs = fft_frequencies(sr=sr, n_fft=n_fft)  # (n_bins,)
    lower, centre, upper = edges[:-2, None], edges[1:-1, None], edges[2:, None]  # (n_mels, 1) each
    rising = (freqs - lower) / (centre - lower)  # (n_mels, n_bins)
    falling = (upper - freqs) / (upper - centre)
    weights = np.maximum(0.0, np.minimum(rising, falling))  # the triangles
    weights *= 2.0 / (upper - lower)  # (L13.3) unit area: each triangle's height is 2 / width
    weights = weights.astype(np.float32)
    weights.flags.writeable = False
    return weights


def mel_spectrogram(*, S, sr, n_mels=128, fmin=0.0, fmax=None):
    """Mel spectrogram from a power spectrum ``S`` of shape ``(n_bins, n_frames)`` (L13.4).

    M[i, t] = sum_k W[i, k] S[k, t]. Returns ``(n_mels, n_frames)``.

    Lesson: lessons/13_mel.md#the-mel-spectrogram
    """
    n_fft = 2 * (S.shape[0] - 1)  # S has 1 + n_fft // 2 rows
    basis = mel_filterbank(sr=sr, n_fft=n_fft, n_mels=n_mels, fmin=fmin, fmax=fmax)
    lo, hi = _support(sr=sr, n_fft=n_fft, n_mels=n_mels, fmin=fmin, fmax=fmax)
    # Bins outside [lo, hi) have weight 0 in every filter: skip them (with fmax=8000 at 48 kHz,
    # two thirds of the bins). (n_mels, hi-lo) @ (hi-lo, n_frames) -> (n_mels, n_frames)
    return basis[:, lo:hi] @ S[lo:hi]  # (L13.4)


@lru_cache(maxsize=32)
def _support(**params):
    """First and one-past-last bin that some mel filter weighs."""
    used = np.flatnonzero(mel_filterbank(**params).any(axis=0))
    return int(used[0]), int(used[-1]) + 1


def power_to_db(S, *, ref=1.0, amin=1e-10, top_db=80.0):
    """Power -> decibels, 10 log10(max(S, amin) / ref), floored at ``top_db`` below the peak (L13.5).

    The floor at ``amin`` keeps silence finite (log of zero); the ``top_db`` floor stops near-silent
    frames from dominating. Same shape as ``S``.

    Lesson: lessons/13_mel.md#decibels
    """
    if amin <= 0:
        raise ValueError(f"amin={amin} must be > 0 (it keeps log10 away from zero)")
    db = 10.0 * np.log10(np.maximum(S, amin))  # (L13.5)
    db -= 10.0 * np.log10(max(amin, ref))
    if top_db is not None:
        db = np.maximum(db, db.max() - top_db)  # (L13.5) floor top_db below the peak
    return db
