"""Checks of lessons/exercises/12_stft.py, against librosa.util.frame and librosa.stft."""

import librosa
import numpy as np

from baselines.course.exercises import CheckFailed, Task


def check_frames(student):
    for n, length, hop in [(10, 4, 3), (12, 4, 4), (11, 4, 4), (100, 16, 5), (16, 16, 4)]:
        y = np.arange(float(n))
        expected = librosa.util.frame(y, frame_length=length, hop_length=hop).T  # (n_frames, N)
        got = np.asarray(student.frame_signal(y, length, hop))
        if got.shape != expected.shape:
            raise CheckFailed(f"frame_signal of {n} samples, frame {length}, hop {hop}: shape "
                              f"{got.shape}; expected {expected.shape}")
        wrong = np.argwhere(got != expected)
        if wrong.size:
            raise CheckFailed(f"frame_signal of {n} samples, frame {length}, hop {hop}: frame "
                              f"{wrong[0][0]} holds the wrong samples")


def check_stft(student):
    y = np.random.default_rng(0).standard_normal(3000)
    for n_fft, hop in [(256, 64), (512, 128), (128, 100)]:
        expected = librosa.stft(y, n_fft=n_fft, hop_length=hop, pad_mode="constant")
        got = np.asarray(student.stft_by_hand(y, n_fft, hop))
        if got.shape != expected.shape:
            raise CheckFailed(f"stft_by_hand(n_fft={n_fft}, hop={hop}) has shape {got.shape}; "
                              f"librosa's is {expected.shape} (n_bins, n_frames)")
        error = np.abs(got - expected)
        k, t = np.unravel_index(error.argmax(), error.shape)
        if error[k, t] > 1e-6 * np.abs(expected).max():
            raise CheckFailed(f"stft_by_hand(n_fft={n_fft}, hop={hop}) differs from librosa.stft: "
                              f"largest difference {error[k, t]:.3g} at bin {k}, frame {t}")


TASKS = [
    Task("frame_signal", "cut a signal into overlapping frames, no padding", check_frames),
    Task("stft_by_hand", "the centred STFT with a periodic Hann window (L12.1, L12.2)",
         check_stft),
]
