"""The short-time Fourier transform and the power spectrum, built from framed FFTs.

A clip is cut into overlapping frames of ``n_fft`` samples, ``hop_length`` apart; each frame is
multiplied by a Hann window and Fourier-transformed. With ``center=True`` the signal is first padded
by ``n_fft // 2`` zeros on each side, so frame ``t`` is centred on sample ``t * hop_length`` and
there are ``1 + n_samples // hop_length`` frames. The defaults (2048, 512, Hann, centred, zero
padding) are librosa's, and the result equals ``librosa.stft`` to float precision.

Shapes follow librosa: spectrograms are ``(n_bins, n_frames)`` with ``n_bins = 1 + n_fft // 2``.

Every other frame-level feature in this package starts from :func:`stft` (computed once per clip)
or from :func:`power_spectrum` of it.

Lesson: lessons/12_stft.md
"""

from functools import lru_cache

import numpy as np
import scipy.signal


@lru_cache(maxsize=16)
def hann_window(n_fft):
    """The periodic Hann window of length ``n_fft`` (L12.1), float64, read-only."""
    window = scipy.signal.get_window("hann", n_fft, fftbins=True)  # (L12.1)
    window.flags.writeable = False
    return window


def frame(y, *, frame_length, hop_length, center=True, pad_mode="constant"):
    """Cut ``y`` into frames. Returns a read-only view of shape ``(n_frames, frame_length)``.

    Lesson: lessons/12_stft.md#frames
    """
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y has shape {y.shape}; a mono waveform (n_samples,) is expected")
    if hop_length < 1 or frame_length < 1:
        raise ValueError(f"frame_length={frame_length} and hop_length={hop_length} must be >= 1")
    if center:
        y = np.pad(y, frame_length // 2, mode=pad_mode)
    if y.size < frame_length:
        raise ValueError(f"a signal of {y.size} samples (after padding) is shorter than one "
                         f"frame of {frame_length}")
    windows = np.lib.stride_tricks.sliding_window_view(y, frame_length)  # (n_samples - L + 1, L)
    return windows[::hop_length]  # (n_frames, frame_length)


def stft(*, y, n_fft=2048, hop_length=512, center=True, pad_mode="constant"):
    """Complex STFT ``X[k, t]`` of a mono signal (L12.2), shape ``(1 + n_fft // 2, n_frames)``.

    X[k, t] = sum_n w[n] y[t*hop + n] exp(-2 pi i k n / n_fft). The arithmetic is done in float64
    and the result stored as complex64 for float32 input (complex128 otherwise), like librosa.

    Lesson: lessons/12_stft.md#the-stft-is-a-stack-of-windowed-ffts
    """
    frames = frame(y, frame_length=n_fft, hop_length=hop_length, center=center, pad_mode=pad_mode)
    spectrum = np.fft.rfft(frames * hann_window(n_fft), axis=-1)  # (L12.2), (n_frames, n_bins)
    out_dtype = np.complex64 if np.asarray(y).dtype == np.float32 else np.complex128
    return spectrum.T.astype(out_dtype)  # transpose to librosa's (n_bins, n_frames)


def power_spectrum(*, X, power=2.0):
    """|X|**power: ``power=1`` is the magnitude, ``power=2`` the power spectrum (L12.3).

    Lesson: lessons/12_stft.md#magnitude-and-power
    """
    magnitude = np.abs(X)
    return magnitude if power == 1 else magnitude**power  # (L12.3)


def fft_frequencies(*, sr, n_fft):
    """Centre frequency in Hz of each STFT bin, ``k * sr / n_fft`` for k = 0 .. n_fft // 2 (L12.4)."""
    return np.arange(1 + n_fft // 2) * (sr / n_fft)  # (L12.4)


def frame_times(*, n_frames, sr, hop_length):
    """The time in seconds at the centre of each frame (for centred frames), ``t * hop / sr``."""
    return np.arange(n_frames) * (hop_length / sr)
