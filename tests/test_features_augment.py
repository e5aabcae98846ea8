"""features.augment: speed scales length and frequency, noise hits the SNR asked for, gain scales,
and augmented matrices are cached and reproducible."""

import os
from pathlib import Path

import numpy as np
import pytest
import soundfile

from features.augment import (AUGMENTATIONS, add_noise, augmented_features, clip_rng, gain,
                              get_augmentation, speed)
from features.ravdess import discover

SR = 16000


def tone(freq, seconds=1.0):
    return np.sin(2 * np.pi * freq * np.arange(int(seconds * SR)) / SR).astype(np.float32)


def peak_hz(y):
    return np.argmax(np.abs(np.fft.rfft(y))) * SR / y.size


@pytest.mark.parametrize("factor", [0.9, 1.1])
def test_speed_scales_length_by_one_over_factor_and_frequency_by_factor(factor):
    y = tone(200.0)
    fast = speed(y, sr=SR, factor=factor)
    assert abs(fast.size - y.size / factor) <= 1
    assert peak_hz(fast) == pytest.approx(200.0 * factor, abs=SR / fast.size)  # one FFT bin


def test_speed_rejects_a_bad_factor():
    with pytest.raises(ValueError, match="factor=0"):
        speed(tone(100.0), sr=SR, factor=0)


@pytest.mark.parametrize("snr_db", [0.0, 10.0, 20.0])
def test_noise_is_added_at_the_snr_asked_for(snr_db):
    y = tone(300.0) * 0.1
    noisy = add_noise(y, snr_db=snr_db, rng=np.random.default_rng(3))
    noise = noisy.astype(np.float64) - y
    measured = 10 * np.log10(np.mean(y.astype(np.float64) ** 2) / np.mean(noise**2))
    assert measured == pytest.approx(snr_db, abs=1e-3)
    again = add_noise(y, snr_db=snr_db, rng=np.random.default_rng(3))
    np.testing.assert_array_equal(noisy, again)  # the generator decides the noise
    assert not np.array_equal(noisy, add_noise(y, snr_db=snr_db, rng=np.random.default_rng(4)))


def test_noise_refuses_a_silent_clip():
    with pytest.raises(ValueError, match="silent"):
        add_noise(np.zeros(100), snr_db=10, rng=np.random.default_rng(0))


def test_gain_scales_by_decibels():
    y = tone(100.0)
    np.testing.assert_allclose(gain(y, db=20.0), 10 * y, rtol=1e-6)
    np.testing.assert_allclose(gain(y, db=-6.0), y * 10 ** (-0.3), rtol=1e-6)


def test_every_augmentation_keeps_a_waveform_at_the_same_rate():
    y = tone(150.0)
    for name, aug in AUGMENTATIONS.items():
        out = aug.apply(y, SR, np.random.default_rng(0))
        assert out.dtype == np.float32 and out.ndim == 1 and out.size > 0.8 * y.size, name
    with pytest.raises(ValueError, match="choose one of"):
        get_augmentation("reverb")


def test_clip_rng_depends_on_the_file_name_and_seed_only():
    a = clip_rng("x/03-01-01-01-01-01-01.flac", 0).standard_normal(3)
    b = clip_rng("elsewhere/03-01-01-01-01-01-01.flac", 0).standard_normal(3)
    c = clip_rng("x/03-01-01-01-01-01-01.flac", 1).standard_normal(3)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_augmented_features_are_cached_and_line_up_with_the_clips(tmp_path):
    folder = tmp_path / "Actor_01"
    folder.mkdir()
    rng = np.random.default_rng(5)
    for i, freq in enumerate([140.0, 230.0]):
        y = tone(freq, seconds=1.0) * (0.5 + 0.1 * rng.random())
        soundfile.write(folder / f"03-01-0{i + 1}-01-01-01-01.flac", y, SR)
    clips, _ = discover(tmp_path)
    cache_dir = tmp_path / "cache"
    X = augmented_features(clips, augmentation="speed1.1", cache_dir=cache_dir)
    assert X.shape == (2, 230)
    assert len(list((cache_dir / "features").glob("default-speed1.1-*.npz"))) == 1
    np.testing.assert_array_equal(X, augmented_features(clips, augmentation="speed1.1",
                                                        cache_dir=cache_dir))
    other = augmented_features(clips, augmentation="noise20", cache_dir=cache_dir)
    assert not np.array_equal(X, other)
    np.testing.assert_array_equal(other, augmented_features(clips, augmentation="noise20",
                                                            cache_dir=tmp_path / "fresh"))
    # two worker processes: the same bits as one (each clip's noise is seeded by its name)
    np.testing.assert_array_equal(other, augmented_features(clips, augmentation="noise20",
                                                            n_jobs=2, cache_dir=tmp_path / "two"))


def test_the_copies_show_a_progress_bar_and_a_bad_clip_is_named(tmp_path, capsys):
    folder = tmp_path / "Actor_01"
    folder.mkdir()
    for i, freq in enumerate([140.0, 230.0]):
        soundfile.write(folder / f"03-01-0{i + 1}-01-01-01-01.flac", tone(freq, seconds=1.0), SR)
    clips, _ = discover(tmp_path)
    quiet = augmented_features(clips, augmentation="speed1.1", cache_dir=tmp_path / "a")
    assert "speed1.1 copies" not in capsys.readouterr().err
    shown = augmented_features(clips, augmentation="speed1.1", cache_dir=tmp_path / "b",
                               progress=True)
    bar = capsys.readouterr().err
    assert "speed1.1 copies (default)" in bar and "2/2" in bar
    np.testing.assert_array_equal(quiet, shown)  # the bar changes nothing
    # a clip that turns silent after it was listed: its noisy copy has no SNR, so the run stops
    # naming it (a skipped row would shift every later one) and caches nothing
    soundfile.write(clips[1].path, np.zeros(SR), SR)
    with pytest.raises(ValueError, match="silent"):
        augmented_features(clips, augmentation="noise20", cache_dir=tmp_path / "c", n_jobs=2)
    assert not list((tmp_path / "c").rglob("*.npz"))


@pytest.mark.skipif(not os.environ.get("RAVDESS_DIR"), reason="RAVDESS_DIR is not set")
def test_a_speed_copy_of_a_ravdess_clip_raises_its_pitch():
    from features.audio import load_audio
    from features.prosody import prosody_block

    clips, _ = discover(Path(os.environ["RAVDESS_DIR"]))
    y, sr = load_audio(clips[0].path, sr=SR)
    plain = dict(zip(*prosody_block(y=y, sr=sr)[::-1]))
    fast = dict(zip(*prosody_block(y=speed(y, sr=sr, factor=1.1), sr=sr)[::-1]))
    # 1.1 times every frequency is 12 log2(1.1) = 1.65 semitones up
    assert fast["f0_st_p50"] - plain["f0_st_p50"] == pytest.approx(12 * np.log2(1.1), abs=0.5)
