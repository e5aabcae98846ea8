"""Lesson 12 exercises: cutting a signal into frames, and the STFT by hand.

Write the bodies, then run ``audio-mlp exercises check 12``. Use NumPy only (np.fft.rfft is
fine); the checks compare with librosa.
"""

import numpy as np


def frame_signal(y, frame_length, hop_length):
    """The frames of ``y`` without padding (``center=False``), as rows.

    Frame t holds samples t*H ... t*H + N - 1, for every t whose frame fits inside ``y``.
    y: (n_samples,). Returns (n_frames, frame_length).
    """
    raise NotImplementedError


def stft_by_hand(y, n_fft, hop_length):
    """The centred STFT (L12.2) with the periodic Hann window (L12.1), as librosa computes it.

    Pad ``y`` with n_fft // 2 zeros at each end, frame it, window each frame, rfft each frame.
    y: (n_samples,). Returns complex (1 + n_fft // 2, n_frames): bins down, frames across.
    """
    raise NotImplementedError
