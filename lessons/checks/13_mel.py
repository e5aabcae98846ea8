"""Checks of lessons/exercises/13_mel.py, against librosa.filters.mel."""

import librosa
import numpy as np

from baselines.course.exercises import CheckFailed, Task


def check_filterbank(student):
    for sr, n_fft, n_mels, fmax in [(16000, 512, 40, 8000.0), (16000, 512, 24, 4000.0),
                                    (22050, 1024, 64, None), (48000, 2048, 128, 8000.0)]:
        expected = librosa.filters.mel(sr=sr, n_fft=n_fft, n_mels=n_mels, fmax=fmax)
        got = np.asarray(student.mel_filterbank(sr, n_fft, n_mels, fmax))
        where = f"mel_filterbank(sr={sr}, n_fft={n_fft}, n_mels={n_mels}, fmax={fmax})"
        if got.shape != expected.shape:
            raise CheckFailed(f"{where} has shape {got.shape}; expected {expected.shape} "
                              f"(n_mels, n_bins)")
        error = np.abs(got - expected)
        i, k = np.unravel_index(error.argmax(), error.shape)
        if error[i, k] > 1e-6 * expected.max():
            top = int(np.nonzero(got.any(axis=0))[0].max()) if got.any() else 0
            raise CheckFailed(f"{where} differs from librosa: band {i}, bin {k} is off by "
                              f"{error[i, k]:.3g} (your highest non-zero bin: {top}; librosa's: "
                              f"{int(np.nonzero(expected.any(axis=0))[0].max())})")


TASKS = [Task("mel_filterbank", "the Slaney-normalised triangular filterbank (L13.3)",
              check_filterbank)]
