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
             (nan, "NaN"), (tmp_path / "absent.wav", "cannot read .No such file")]
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


def test_a_truncated_pcm_wav_is_unreadable(tmp_path):
    """libsndfile decodes a cut-off WAV to fewer frames without complaint; the header knows."""
    whole = tmp_path / "whole.wav"
    soundfile.write(whole, tone(16000, seconds=1.0), 16000, subtype="PCM_16")
    cut = tmp_path / "cut.wav"
    cut.write_bytes(whole.read_bytes()[:16044])  # 44 header bytes + 8000 of the 16000 frames
    assert soundfile.read(cut)[0].shape == (8000,)  # what soundfile alone gives, silently
    assert load_audio(whole)[0].shape == (16000,)
    with pytest.raises(AudioError, match=r"cut.wav: truncated \(the header promises 16000 frames, "
                                         r"8000 decoded\)"):
        load_audio(cut)


@pytest.mark.parametrize("subtype, channels, metadata", [("PCM_16", 1, False), ("PCM_24", 2, True),
                                                         ("PCM_U8", 1, True)])
def test_wav_header_frames_agrees_with_the_wave_module(tmp_path, subtype, channels, metadata):
    """Python's own ``wave`` reads PCM headers: the same frame count, chunks after data or not."""
    import wave

    from features.audio import wav_header_frames

    path = tmp_path / "a.wav"
    with soundfile.SoundFile(path, "w", 8000, channels, subtype=subtype) as handle:
        if metadata:
            handle.title = "a LIST chunk"
        handle.write(tone(8000, seconds=0.3, channels=channels))
    with wave.open(str(path)) as reader:
        assert wav_header_frames(path) == reader.getnframes() == 2400
    flac = tmp_path / "a.flac"
    soundfile.write(flac, tone(8000), 8000)
    assert wav_header_frames(flac) is None


def test_max_duration_is_checked_before_decoding(tmp_path, monkeypatch):
    path = tmp_path / "long.wav"
    soundfile.write(path, tone(8000, seconds=2.0), 8000)
    assert load_audio(path, max_duration=2.0)[0].shape == (16000,)

    def no_decoding(*args, **kwargs):
        raise AssertionError("the samples were decoded")

    monkeypatch.setattr(soundfile, "read", no_decoding)
    with pytest.raises(AudioError, match=r"long.wav: too long \(2.0 s, max_duration=1.5 s\)"):
        load_audio(path, max_duration=1.5)


def test_silence_is_a_level_in_dbfs_not_exact_zero(tmp_path):
    faint = tmp_path / "faint.wav"
    soundfile.write(faint, 1e-12 * tone(8000)[:, 0] / 0.5, 8000, subtype="FLOAT")  # peak 1e-12
    with pytest.raises(AudioError, match=r"faint.wav: silent \(loudest sample -240.0 dBFS, below "
                                         r"silence_db=-80 dBFS\)"):
        load_audio(faint)
    quiet = tmp_path / "quiet.wav"
    soundfile.write(quiet, 1e-3 * tone(8000)[:, 0] / 0.5, 8000, subtype="FLOAT")  # -60 dBFS peak
    assert load_audio(quiet)[0].shape == (4000,)
    with pytest.raises(AudioError, match="silence_db=-50"):
        load_audio(quiet, silence_db=-50)
