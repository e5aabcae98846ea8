"""MFCC as the DCT of log-mel and deltas as Savitzky-Golay derivatives equal librosa's."""

import librosa
import numpy as np
import pytest
import scipy.fft

from features.mel import mel_spectrogram, power_to_db
from features.mfcc import dct_matrix, delta, mfcc
from features.stft import power_spectrum, stft


def test_mfcc_equals_librosa():
    sr = 16000
    y = np.random.default_rng(0).standard_normal(sr).astype(np.float32)
    log_mel = power_to_db(mel_spectrogram(S=power_spectrum(X=stft(y=y)), sr=sr, n_mels=128))
    ours = mfcc(S_db=log_mel, n_mfcc=40)
    theirs = librosa.feature.mfcc(y=y, sr=sr, n_mfcc=40)
    assert ours.shape == theirs.shape == (40, 1 + sr // 512)
    np.testing.assert_allclose(ours, theirs, atol=1e-3)  # dB units; values up to a few hundred


def test_dct_matrix_is_orthonormal_and_is_the_dct():
    D = dct_matrix(128, 128)
    np.testing.assert_allclose(D @ D.T, np.eye(128), atol=1e-12)
    x = np.random.default_rng(1).standard_normal((128, 5))
    np.testing.assert_allclose(dct_matrix(40, 128) @ x, mfcc(S_db=x, n_mfcc=40), atol=1e-12)
    np.testing.assert_allclose(D @ x, scipy.fft.dct(x, norm="ortho", axis=0), atol=1e-12)


def test_a_flat_log_mel_spectrum_has_only_c0():
    flat = np.full((64, 3), -20.0)  # every band at -20 dB
    c = mfcc(S_db=flat, n_mfcc=13)
    np.testing.assert_allclose(c[0], -20.0 * np.sqrt(64))  # a_0 * sum = sqrt(1/64) * 64 * -20
    np.testing.assert_allclose(c[1:], 0.0, atol=1e-12)


@pytest.mark.parametrize("order", [1, 2])
def test_delta_equals_librosa(order):
    data = np.random.default_rng(2).standard_normal((20, 50))
    np.testing.assert_allclose(delta(data, order=order), librosa.feature.delta(data, order=order),
                               atol=1e-12)


def test_delta_of_a_ramp_is_its_slope():
    ramp = np.arange(30.0)[None, :] * 0.5  # rises 0.5 per frame
    np.testing.assert_allclose(delta(ramp), 0.5)


def test_bad_arguments():
    with pytest.raises(ValueError, match="n_mfcc=50"):
        mfcc(S_db=np.zeros((40, 3)), n_mfcc=50)
    with pytest.raises(ValueError, match="width=4"):
        delta(np.zeros((2, 20)), width=4)
    with pytest.raises(ValueError, match="at least width=9 frames"):
        delta(np.zeros((2, 5)))
