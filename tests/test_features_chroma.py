"""Chroma and tuning estimation equal librosa's; a tone's chroma peaks at its pitch class."""

import warnings

import librosa
import numpy as np
import pytest

from features.chroma import PITCH_CLASSES, chroma, chroma_filterbank, estimate_tuning
from features.stft import power_spectrum, stft


def voice(sr, f0, seconds=1.0, seed=0):
    """A harmonic tone (8 partials, falling amplitude) plus a little noise."""
    t = np.arange(int(sr * seconds)) / sr
    y = sum(np.sin(2 * np.pi * f0 * h * t) / h for h in range(1, 9))
    y += 0.05 * np.random.default_rng(seed).standard_normal(t.size)
    return (0.3 * y).astype(np.float32)


@pytest.mark.parametrize("sr, n_fft", [(48000, 2048), (22050, 2048), (16000, 1024)])
@pytest.mark.parametrize("tuning", [0.0, 0.27, -0.4])
def test_filterbank_equals_librosa(sr, n_fft, tuning):
    ours = chroma_filterbank(sr=sr, n_fft=n_fft, tuning=tuning)
    theirs = librosa.filters.chroma(sr=sr, n_fft=n_fft, tuning=tuning)
    assert ours.shape == theirs.shape == (12, 1 + n_fft // 2)
    np.testing.assert_allclose(ours, theirs, atol=1e-6)


@pytest.mark.parametrize("sr", [48000, 22050])
@pytest.mark.parametrize("cents", [0, 30, -20, 45])
def test_tuning_is_librosas_number_and_the_true_offset(sr, cents):
    f0 = 220.0 * 2 ** (cents / 1200)  # an A3 that is `cents` hundredths of a semitone sharp
    S = power_spectrum(X=stft(y=voice(sr, f0, seed=cents % 7)), power=1)
    ours = estimate_tuning(S=S, sr=sr)
    assert ours == librosa.estimate_tuning(S=S, sr=sr)
    # parabolic peak positions on a Hann-windowed spectrum are biased by a few cents
    assert ours == pytest.approx(cents / 100, abs=0.05)


def test_tuning_on_power_and_on_speech_like_noise_matches_librosa():
    rng = np.random.default_rng(3)
    for trial in range(5):
        y = voice(48000, rng.uniform(90, 300), seed=trial) * rng.uniform(0.1, 1)
        S = power_spectrum(X=stft(y=y))  # power this time
        assert estimate_tuning(S=S, sr=48000) == librosa.estimate_tuning(S=S, sr=48000)


@pytest.mark.parametrize("note", ["C4", "E4", "G3", "A4", "A#2", "B5"])
def test_a_tone_peaks_at_its_pitch_class(note):
    sr = 22050
    y = np.sin(2 * np.pi * librosa.note_to_hz(note) * np.arange(sr) / sr).astype(np.float32)
    C = chroma(S=power_spectrum(X=stft(y=y)), sr=sr)  # (12, n_frames)
    assert PITCH_CLASSES[int(np.argmax(C[:, 5:-5].mean(axis=1)))] == note[:-1]


def test_chroma_equals_librosa_chroma_stft():
    sr = 22050
    y = voice(sr, 185.0) + voice(sr, 277.0, seed=1)
    M = power_spectrum(X=stft(y=y), power=1)
    np.testing.assert_allclose(chroma(S=M, sr=sr), librosa.feature.chroma_stft(S=M, sr=sr),
                               atol=1e-5)
    np.testing.assert_allclose(chroma(S=M**2, sr=sr, tuning=0.0),
                               librosa.feature.chroma_stft(S=M**2, sr=sr, tuning=0.0), atol=1e-5)


def test_silence_gives_zero_chroma_and_zero_tuning():
    S = np.zeros((1025, 20), dtype=np.float32)
    assert estimate_tuning(S=S, sr=48000) == 0.0
    C = chroma(S=S, sr=48000)
    assert C.shape == (12, 20) and np.all(np.isfinite(C)) and not C.any()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # librosa warns about the empty frequency set
        assert librosa.estimate_tuning(S=S, sr=48000) == 0.0
