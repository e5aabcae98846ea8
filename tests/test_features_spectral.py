"""RMS, zero-crossing rate and spectral contrast: librosa's numbers and known answers."""

import librosa
import numpy as np
import pytest

from features.spectral import rms, spectral_contrast, zero_crossing_rate
from features.stft import power_spectrum, stft


@pytest.mark.parametrize("n_fft", [2048, 512])
def test_rms_equals_librosa(n_fft):
    y = np.random.default_rng(0).standard_normal(9000).astype(np.float32)
    M = power_spectrum(X=stft(y=y, n_fft=n_fft, hop_length=n_fft // 4), power=1)
    np.testing.assert_allclose(rms(S=M), librosa.feature.rms(S=M, frame_length=n_fft), rtol=1e-5)


def test_rms_of_a_sine_is_amplitude_over_root_two_after_the_window():
    sr, n_fft = 8000, 512
    y = 0.8 * np.sin(2 * np.pi * 1000 * np.arange(sr) / sr)  # exactly bin 64
    value = rms(S=power_spectrum(X=stft(y=y, n_fft=n_fft, hop_length=128), power=1))[0, 10:-10]
    # Parseval on the windowed frame: rms = 0.8 / sqrt(2) * sqrt(mean(w^2)), mean(w^2) = 3/8 for Hann
    np.testing.assert_allclose(value, 0.8 / np.sqrt(2) * np.sqrt(3 / 8), rtol=1e-6)


@pytest.mark.parametrize("frame_length, hop", [(2048, 512), (1024, 256), (400, 160)])
def test_zero_crossing_rate_equals_librosa(frame_length, hop):
    y = np.random.default_rng(1).standard_normal(8000).astype(np.float32)
    y[1000:1500] = 0.0  # zeros count as positive
    y[2000:2100] = 1e-12  # below the threshold: zero
    for center in (True, False):
        ours = zero_crossing_rate(y=y, frame_length=frame_length, hop_length=hop, center=center)
        theirs = librosa.feature.zero_crossing_rate(y, frame_length=frame_length, hop_length=hop,
                                                    center=center)
        np.testing.assert_array_equal(ours, theirs)


def test_zero_crossing_rate_known_answers():
    alternating = np.tile([1.0, -1.0], 500)  # changes sign at every sample
    np.testing.assert_allclose(zero_crossing_rate(y=alternating, frame_length=100, hop_length=50,
                                                  center=False), (100 - 1) / 100)
    assert not zero_crossing_rate(y=np.ones(1000), frame_length=100, hop_length=50).any()


def test_spectral_contrast_shape_and_finite_on_silence():
    M = np.zeros((1025, 12), dtype=np.float32)
    C = spectral_contrast(S=M, sr=48000)
    assert C.shape == (7, 12) and np.all(np.isfinite(C))
