"""features.prosody: spectral shape against librosa on the same STFT, F0 and voicing on signals
with known answers, contour statistics by hand, and the prosody preset."""

import librosa
import numpy as np
import pytest

from features.mel import mel_spectrogram, power_to_db
from features.presets import get_preset
from features.prosody import (contour_stats, f0_yin, hz_to_semitones, periodicity, prosody_block,
                              spectral_bandwidth, spectral_centroid, spectral_flatness,
                              spectral_flux, spectral_rolloff, spectral_slope)
from features.stft import stft

SR = 16000


def tone(freq, seconds=1.0, sr=SR):
    t = np.arange(int(seconds * sr)) / sr
    return np.sin(2 * np.pi * freq * t)


@pytest.fixture(scope="module")
def speechlike():
    """A chirp with harmonics, silence and a noise burst: a spectrum that changes over time."""
    rng = np.random.default_rng(0)
    t = np.arange(SR) / SR
    f0 = 120 + 80 * t  # 120 -> 200 Hz
    phase = 2 * np.pi * np.cumsum(f0) / SR
    voiced = sum(np.sin(h * phase) / h for h in range(1, 6))
    y = np.concatenate([voiced, np.zeros(SR // 4), 0.3 * rng.standard_normal(SR // 2)])
    return y.astype(np.float32)


@pytest.fixture(scope="module")
def magnitude(speechlike):
    return np.abs(stft(y=speechlike, n_fft=1024, hop_length=256))  # (513, n_frames)


def test_centroid_bandwidth_flatness_rolloff_equal_librosa(magnitude):
    S = magnitude
    np.testing.assert_allclose(spectral_centroid(S=S, sr=SR),
                               librosa.feature.spectral_centroid(S=S, sr=SR), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(spectral_bandwidth(S=S, sr=SR),
                               librosa.feature.spectral_bandwidth(S=S, sr=SR), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(spectral_flatness(S=S), librosa.feature.spectral_flatness(S=S),
                               rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(spectral_rolloff(S=S, sr=SR),
                               librosa.feature.spectral_rolloff(S=S, sr=SR), rtol=1e-6)


def test_centroid_of_energy_in_one_bin_is_that_bins_frequency():
    S = np.zeros((513, 3))
    S[40] = 1.0  # bin 40 at 16 kHz, n_fft 1024: 625 Hz
    assert np.allclose(spectral_centroid(S=S, sr=SR), 625.0)
    assert np.allclose(spectral_bandwidth(S=S, sr=SR), 0.0)
    assert np.allclose(spectral_rolloff(S=S, sr=SR), 625.0)


def test_flux_equals_librosa_onset_strength(magnitude):
    log_mel = power_to_db(mel_spectrogram(S=magnitude**2, sr=SR, n_mels=64, fmax=8000))
    ours = spectral_flux(S_db=log_mel)[0]
    theirs = librosa.onset.onset_strength(S=log_mel, sr=SR, lag=1, max_size=1, center=False)
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-5)
    assert ours[0] == 0.0


def test_slope_equals_a_least_squares_fit_per_frame(magnitude):
    log_mel = power_to_db(mel_spectrogram(S=magnitude**2, sr=SR, n_mels=64, fmax=8000))
    freqs = np.linspace(0, 8000, 64)
    fitted = np.polyfit(freqs / 1000, log_mel, 1)[0]  # (n_frames,) first row: the slopes
    np.testing.assert_allclose(spectral_slope(S_db=log_mel, freqs=freqs)[0], fitted, rtol=1e-7,
                               atol=1e-9)


@pytest.mark.parametrize("freq", [100.0, 220.0, 440.0])
def test_f0_of_a_tone_is_its_frequency(freq):
    f0 = f0_yin(y=tone(freq), sr=SR)[0]
    assert f0.shape == (1 + SR // 256,)
    np.testing.assert_allclose(np.median(f0[4:-4]), freq, rtol=0.01)  # edges see the padding


def test_periodicity_is_high_for_a_tone_low_for_noise_zero_for_silence():
    rng = np.random.default_rng(1)
    assert np.median(periodicity(y=tone(150.0), sr=SR)[0][4:-4]) > 0.95
    assert np.median(periodicity(y=rng.standard_normal(SR), sr=SR)[0]) < 0.3
    assert np.all(periodicity(y=np.zeros(4096), sr=SR) == 0.0)


def test_semitones_and_contour_stats_by_hand():
    assert hz_to_semitones(np.array([110.0]))[0] == pytest.approx(12.0)
    values = np.array([0.0, 1.0, 2.0, 3.0, 4.0])  # a line of 2 per second at t = 0, 0.5, ...
    stats, names = contour_stats(values, times=np.arange(5) * 0.5)
    got = dict(zip(names, stats))
    assert got["mean"] == 2.0 and got["p50"] == 2.0 and got["slope"] == pytest.approx(2.0)
    assert got["p10"] == pytest.approx(0.4) and got["range"] == pytest.approx(3.2)
    with pytest.raises(ValueError, match="at least 2 frames"):
        contour_stats(np.array([1.0]), times=np.array([0.0]))


def test_prosody_block_reads_the_rising_pitch(speechlike):
    vector, names = prosody_block(y=speechlike, sr=SR)
    got = dict(zip(names, vector))
    assert len(names) == len(set(names)) == vector.size
    assert np.all(np.isfinite(vector))
    # 120 -> 200 Hz over the voiced second: mean about 160 Hz, rising by 12 log2(200/120) st/s
    assert got["f0_st_mean"] == pytest.approx(hz_to_semitones(160.0), abs=0.6)
    assert got["f0_st_slope"] == pytest.approx(12 * np.log2(200 / 120), rel=0.15)
    assert 0.4 < got["voiced_fraction"] < 0.85  # the noise burst is active but not voiced


def test_prosody_block_refuses_a_clip_without_voice():
    noise = np.random.default_rng(2).standard_normal(SR).astype(np.float32)
    with pytest.raises(ValueError, match="voiced frames"):
        prosody_block(y=noise, sr=SR)


def test_prosody_preset_is_default_plus_the_block(speechlike):
    prosody, default = get_preset("prosody"), get_preset("default")
    vector, names = prosody.extract(speechlike, SR)
    base, base_names = default.extract(speechlike, SR)
    assert names[: len(base_names)] == base_names and len(base_names) == 230
    np.testing.assert_array_equal(vector[:230], base)
    block, block_names = prosody_block(y=speechlike, sr=SR)
    assert names[230:] == block_names
    np.testing.assert_array_equal(vector[230:], block)
    assert prosody.key() != default.key()  # its own cache entries


def test_prosody_rich_is_prosody_plus_mfcc_percentiles_and_slopes_as_numpy_computes_them(
        speechlike):
    rich, prosody = get_preset("prosody_rich"), get_preset("prosody")
    vector, names = rich.extract(speechlike, SR)
    base, base_names = prosody.extract(speechlike, SR)
    assert names[:309] == base_names and len(names) == 309 + 20 * 4
    np.testing.assert_array_equal(vector[:309], base)
    assert names[309:313] == ["mfcc_00_p10", "mfcc_00_p50", "mfcc_00_p90", "mfcc_00_slope"]
    # independently: librosa's MFCC of librosa's log-mel, its RMS for the active frames,
    # numpy's percentiles and least-squares line
    S = np.abs(librosa.stft(speechlike, n_fft=1024, hop_length=256))
    log_mel = librosa.power_to_db(librosa.feature.melspectrogram(S=S**2, sr=SR, n_mels=64,
                                                                 fmax=8000))
    cepstrum = librosa.feature.mfcc(S=log_mel, n_mfcc=20)
    loudness = librosa.power_to_db(librosa.feature.rms(S=S, frame_length=1024)[0] ** 2,
                                   top_db=None)
    active = loudness >= loudness.max() - 40.0
    times = librosa.frames_to_time(np.arange(S.shape[1]), sr=SR, hop_length=256)[active]
    expected = np.concatenate([np.r_[np.percentile(row[active], [10, 50, 90]),
                                     np.polyfit(times, row[active], 1)[0]] for row in cepstrum])
    np.testing.assert_allclose(vector[309:], expected, rtol=1e-3, atol=1e-3)
    assert rich.key() != prosody.key()  # its own cache entries
