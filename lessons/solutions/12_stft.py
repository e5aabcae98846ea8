"""Reference solutions to lessons/exercises/12_stft.py."""

import numpy as np


def frame_signal(y, frame_length, hop_length):
    """Rows y[t*H : t*H + N] for t = 0 .. (n - N) // H."""
    n_frames = 1 + (len(y) - frame_length) // hop_length
    return np.stack([y[t * hop_length: t * hop_length + frame_length] for t in range(n_frames)])


def stft_by_hand(y, n_fft, hop_length):
    """Centre, frame, window (L12.1), rfft (L12.2), transpose to (n_bins, n_frames)."""
    n = np.arange(n_fft)
    window = 0.5 - 0.5 * np.cos(2 * np.pi * n / n_fft)  # (L12.1), periodic: denominator N
    padded = np.pad(y, n_fft // 2)
    frames = frame_signal(padded, n_fft, hop_length)  # (n_frames, n_fft)
    return np.fft.rfft(frames * window, axis=1).T  # (L12.2): (n_bins, n_frames)
