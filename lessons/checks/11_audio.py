"""Checks of lessons/exercises/11_audio.py: the peak of the sampled tone's spectrum, and
librosa.resample's output length."""

import librosa
import numpy as np

from baselines.course.exercises import CheckFailed, Task


def check_alias(student):
    sr = 8000
    n = np.arange(sr)  # one second: bins 1 Hz apart
    for f in [440.0, 3000.0, 4000.0, 5000.0, 7900.0, 8000.0, 9000.0, 12500.0, 17100.0]:
        tone = np.cos(2 * np.pi * f * n / sr)  # (L11.1); a cosine, so even f = sr/2 shows up
        seen = np.fft.rfftfreq(sr, 1 / sr)[np.abs(np.fft.rfft(tone)).argmax()]
        got = float(np.asarray(student.alias_frequency(f, sr)))
        if not np.isclose(got, seen):
            raise CheckFailed(f"alias_frequency({f:g}, {sr}) = {got:g} Hz, but the sampled tone's "
                              f"spectrum peaks elsewhere")
    many = np.array([100.0, 6000.0, 10000.0])
    got = np.asarray(student.alias_frequency(many, sr))
    if got.shape != many.shape:
        raise CheckFailed(f"an array of shape {many.shape} gave shape {got.shape}")


def check_length(student):
    y = np.random.default_rng(0).standard_normal(4801).astype(np.float32)
    for n, orig, target in [(4800, 48000, 16000), (4801, 48000, 16000), (4799, 48000, 16000),
                            (1000, 16000, 48000), (4801, 44100, 16000), (4800, 16000, 22050)]:
        expected = librosa.resample(y[:n], orig_sr=orig, target_sr=target).shape[0]
        got = student.resampled_length(n, orig, target)
        if not isinstance(got, (int, np.integer)) or got != expected:
            raise CheckFailed(f"resampled_length({n}, {orig}, {target}) = {got!r}; librosa "
                              f"returns a different number of samples")


TASKS = [
    Task("alias_frequency", "where a tone appears after sampling (L11.2)", check_alias),
    Task("resampled_length", "the length of a resampled signal (L11.1)", check_length),
]
