"""Mel scale, filterbank, mel spectrogram and dB conversion equal librosa's; known answers."""

import librosa
import numpy as np
import pytest

from features.mel import hz_to_mel, mel_filterbank, mel_spectrogram, mel_to_hz, power_to_db
from features.stft import fft_frequencies, power_spectrum, stft


def test_mel_scale_is_linear_then_logarithmic():
    assert hz_to_mel(1000.0) == pytest.approx(15.0)  # the knee: 1000 Hz = 15 mels
    assert hz_to_mel(200.0 / 3) == pytest.approx(1.0)  # linear part: 200/3 Hz per mel
    assert hz_to_mel(6400.0) - hz_to_mel(1000.0) == pytest.approx(27.0)  # 27 mels per factor 6.4
    f = np.array([0.0, 20.0, 999.0, 1000.0, 1001.0, 8000.0, 24000.0])
    np.testing.assert_allclose(hz_to_mel(f), librosa.hz_to_mel(f))
    np.testing.assert_allclose(mel_to_hz(hz_to_mel(f)), f, atol=1e-9)


@pytest.mark.parametrize("sr, n_fft, n_mels, fmin, fmax", [
    (48000, 2048, 128, 0.0, 8000), (48000, 2048, 128, 0.0, None), (22050, 2048, 40, 0.0, None),
    (16000, 1024, 64, 0.0, 8000), (16000, 512, 26, 300.0, 7000)])
def test_filterbank_equals_librosa(sr, n_fft, n_mels, fmin, fmax):
    ours = mel_filterbank(sr=sr, n_fft=n_fft, n_mels=n_mels, fmin=fmin, fmax=fmax)
    theirs = librosa.filters.mel(sr=sr, n_fft=n_fft, n_mels=n_mels, fmin=fmin, fmax=fmax)
    assert ours.shape == theirs.shape == (n_mels, 1 + n_fft // 2) and ours.dtype == theirs.dtype
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-8)


def test_each_triangle_has_unit_area_in_hz():
    sr, n_fft = 16000, 4096  # fine bins, so the sum approximates the integral
    W = mel_filterbank(sr=sr, n_fft=n_fft, n_mels=20, fmin=100.0, fmax=4000.0)
    bin_hz = fft_frequencies(sr=sr, n_fft=n_fft)[1]
    np.testing.assert_allclose(W.sum(axis=1) * bin_hz, 1.0, rtol=0.02)


def test_mel_spectrogram_equals_librosa():
    sr = 22050
    y = np.random.default_rng(0).standard_normal(sr).astype(np.float32)
    S = power_spectrum(X=stft(y=y))
    ours = mel_spectrogram(S=S, sr=sr, n_mels=128, fmax=8000)
    theirs = librosa.feature.melspectrogram(y=y, sr=sr, n_mels=128, fmax=8000)
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-6 * theirs.max())


def test_power_to_db_equals_librosa_and_silence_is_finite():
    S = np.abs(np.random.default_rng(1).standard_normal((16, 30))) ** 2
    S[:, :5] = 0.0
    np.testing.assert_allclose(power_to_db(S), librosa.power_to_db(S), atol=1e-10)
    np.testing.assert_allclose(power_to_db(S, top_db=None), librosa.power_to_db(S, top_db=None))
    silence = power_to_db(np.zeros((8, 4)))
    assert np.all(silence == -100.0)  # 10 log10(amin = 1e-10)
    assert power_to_db(np.array([100.0]))[0] == pytest.approx(20.0)
    with pytest.raises(ValueError, match="amin"):
        power_to_db(S, amin=0)


def test_bad_band_limits_are_refused():
    with pytest.raises(ValueError, match="fmax=30000"):
        mel_filterbank(sr=48000, n_fft=2048, fmax=30000)
