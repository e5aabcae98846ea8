"""The STFT from framed FFTs equals librosa's, and puts a pure tone's energy in the right bin."""

import librosa
import numpy as np
import pytest

from features.stft import fft_frequencies, frame, power_spectrum, stft


@pytest.mark.parametrize("n_fft, hop", [(2048, 512), (1024, 256), (512, 160), (400, 100)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_stft_equals_librosa(n_fft, hop, dtype):
    y = np.random.default_rng(0).standard_normal(7919).astype(dtype)
    ours = stft(y=y, n_fft=n_fft, hop_length=hop)
    theirs = librosa.stft(y, n_fft=n_fft, hop_length=hop)
    assert ours.shape == theirs.shape == (1 + n_fft // 2, 1 + y.size // hop)
    assert ours.dtype == theirs.dtype
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-4)


def test_uncentred_frames_start_at_multiples_of_the_hop():
    y = np.arange(10.0)
    frames = frame(y, frame_length=4, hop_length=3, center=False)  # (n_frames, frame_length)
    np.testing.assert_array_equal(frames, [[0, 1, 2, 3], [3, 4, 5, 6], [6, 7, 8, 9]])
    ours = stft(y=np.random.default_rng(1).standard_normal(3000), n_fft=512, hop_length=128,
                center=False)
    assert ours.shape[1] == 1 + (3000 - 512) // 128


def test_a_tone_on_a_bin_lands_in_that_bin():
    sr, n_fft, k = 8000, 512, 37  # bin 37 is 37 * 8000 / 512 = 578.125 Hz
    freq = fft_frequencies(sr=sr, n_fft=n_fft)[k]
    assert freq == pytest.approx(578.125)
    y = np.sin(2 * np.pi * freq * np.arange(sr) / sr)
    P = power_spectrum(X=stft(y=y, n_fft=n_fft, hop_length=128))
    middle = P[:, 10:-10]  # frames away from the zero-padded edges
    assert np.all(middle.argmax(axis=0) == k)
    # Hann window: amplitude 1 gives |X| = n_fft / 4 at the bin (window sum n_fft / 2, halved)
    np.testing.assert_allclose(np.sqrt(middle[k]), n_fft / 4, rtol=1e-6)


def test_power_and_magnitude():
    X = np.array([[3 + 4j, 0j]])
    np.testing.assert_array_equal(power_spectrum(X=X, power=1), [[5.0, 0.0]])
    np.testing.assert_array_equal(power_spectrum(X=X), [[25.0, 0.0]])


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="mono"):
        stft(y=np.zeros((2, 100)))
    with pytest.raises(ValueError, match="shorter than one frame"):
        stft(y=np.ones(100), n_fft=512, center=False)
