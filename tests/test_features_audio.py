"""Loading audio: mono float32, downmixing, resampling like librosa, clear errors for bad files."""

import librosa
import numpy as np
import pytest
import soundfile

from features.audio import AudioError, load_audio


def tone(sr, seconds=0.5, freq=440.0, channels=1):
    t = np.arange(int(sr * seconds)) / sr
    y = 0.5 * np.sin(2 * np.pi * freq * t)
    return np.stack([y * (c + 1) / channels for c in range(channels)], axis=1)  # (n, channels)


def test_mono_float32_at_native_rate(tmp_path):
    path = tmp_path / "a.flac"
    soundfile.write(path, tone(22050), 22050)
    y, sr = load_audio(path)
    assert sr == 22050 and y.dtype == np.float32 and y.shape == (11025,)
    expected, _ = librosa.load(path, sr=None)
    np.testing.assert_array_equal(y, expected)


def test_stereo_is_the_mean_of_the_channels(tmp_path):
    path = tmp_path / "stereo.wav"
    data = tone(16000, channels=2)  # right channel = 2 x left
    soundfile.write(path, data, 16000, subtype="FLOAT")
    y, _ = load_audio(path)
    np.testing.assert_allclose(y, data.mean(axis=1), atol=1e-7)
    np.testing.assert_allclose(y, librosa.load(path, sr=None, mono=True)[0], atol=1e-7)


def test_resampling_matches_librosa(tmp_path):
    path = tmp_path / "a.wav"
    soundfile.write(path, tone(48000, freq=1000.0), 48000, subtype="FLOAT")
    y, sr = load_audio(path, sr=16000)
    expected, _ = librosa.load(path, sr=16000)  # soxr_hq, librosa's default
    assert sr == 16000 and y.shape == expected.shape == (8000,)
    np.testing.assert_allclose(y, expected, atol=1e-6)
    # a 1 kHz tone stays a 1 kHz tone: its spectrum peaks at 1000 Hz
    spectrum = np.abs(np.fft.rfft(y))
    assert np.fft.rfftfreq(y.size, 1 / sr)[spectrum.argmax()] == pytest.approx(1000.0, abs=2.0)


def test_resampling_an_uneven_length_gives_librosas_samples_without_its_padding(tmp_path):
    path = tmp_path / "odd.wav"
    soundfile.write(path, tone(48000, seconds=0.5)[:-2], 48000, subtype="FLOAT")  # 23998 samples
    y, _ = load_audio(path, sr=16000)
    expected, _ = librosa.load(path, sr=16000)  # padded to ceil(23998 / 3) = 8000 samples
    assert y.size == 7999 and expected.size == 8000 and expected[-1] == 0.0
    np.testing.assert_allclose(y, expected[:-1], atol=1e-6)


def test_errors_name_the_file_and_the_reason(tmp_path):
    silent = tmp_path / "silent.wav"
    soundfile.write(silent, np.zeros(8000), 8000)
    empty = tmp_path / "empty.wav"
    soundfile.write(empty, np.zeros((0, 1)), 8000)
    short = tmp_path / "short.wav"
    soundfile.write(short, tone(8000, seconds=0.01), 8000)
    garbage = tmp_path / "garbage.wav"
    garbage.write_bytes(b"RIFF not really a wave file")
    nan = tmp_path / "nan.wav"
    soundfile.write(nan, np.full(100, np.nan), 8000, subtype="FLOAT")
    cases = [(silent, "silent"), (empty, "empty"), (garbage, "cannot decode"),
             (nan, "NaN"), (tmp_path / "absent.wav", "cannot decode")]
    for path, reason in cases:
        with pytest.raises(AudioError, match=reason) as info:
            load_audio(path)
        assert str(path) in str(info.value)
    with pytest.raises(AudioError, match=r"too short \(0.010 s"):
        load_audio(short, min_duration=0.1)


def test_bad_sample_rate_is_refused(tmp_path):
    path = tmp_path / "a.wav"
    soundfile.write(path, tone(8000), 8000)
    with pytest.raises(ValueError, match="sr=-1"):
        load_audio(path, sr=-1)
