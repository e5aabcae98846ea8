"""The seed preset equals the notebook's three librosa calls; the default preset is well formed;
every field of a Preset keys the cache."""

from dataclasses import fields, replace

import numpy as np
import pytest

from features.presets import (PRESETS, DefaultSettings, Preset, default_features, get_preset,
                              notebook_seed_features)


def speechy(sr, seconds=1.5, seed=0):
    """Voiced bursts on a gliding pitch with silence around them: a crude stand-in for speech."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(sr * seconds)) / sr
    f0 = 120 + 60 * t  # gliding pitch
    phase = 2 * np.pi * np.cumsum(f0) / sr
    voiced = sum(np.sin(h * phase) / h for h in range(1, 12))
    envelope = np.clip(np.sin(np.pi * (t - 0.3) / (seconds - 0.6)), 0, None) * ((t > 0.3) & (t < seconds - 0.3))
    y = 0.2 * envelope * voiced + 1e-3 * rng.standard_normal(t.size)
    return y.astype(np.float32)


@pytest.mark.parametrize("sr", [48000, 22050, 16000])
def test_seed_preset_equals_the_notebook(sr):
    y = speechy(sr, seed=sr)
    vector, names = PRESETS["seed"].extract(y, sr)
    expected = notebook_seed_features(y, sr)  # straight from librosa, three STFTs
    assert vector.shape == (180,) and len(names) == 180
    np.testing.assert_allclose(vector[:12], expected[:12], atol=1e-5)  # chroma in [0, 1]
    np.testing.assert_allclose(vector[12:140], expected[12:140], rtol=1e-4, atol=1e-9)  # mel power
    np.testing.assert_allclose(vector[140:], expected[140:], atol=2e-3)  # MFCC in dB units
    assert names[0] == "chroma_C_mean" and names[12] == "mel_000_mean" and names[-1] == "mfcc_39_mean"


def test_default_preset_names_and_finite_values():
    preset = PRESETS["default"]
    vector, names = preset.extract(speechy(preset.sr), preset.sr)
    assert vector.shape == (230,) and len(names) == len(set(names)) == 230
    assert np.all(np.isfinite(vector))
    assert {"mfcc_03_mean", "logmel_63_std", "chroma_C#_std", "contrast_06_mean", "zcr_00_mean",
            "rms_db_00_std", "mfcc_delta_19_std"} <= set(names)


def test_default_preset_ignores_surrounding_silence():
    preset = PRESETS["default"]
    y = speechy(preset.sr)
    padded = np.concatenate([np.zeros(8 * preset.hop_length, np.float32), y,
                             np.zeros(20 * preset.hop_length, np.float32)])
    a, _ = preset.extract(y, preset.sr)
    b, _ = preset.extract(padded, preset.sr)
    np.testing.assert_allclose(a, b, rtol=1e-3, atol=1e-3)
    seed = PRESETS["seed"]  # the seed's plain means do change: silence is averaged in
    assert not np.allclose(seed.extract(y, 16000)[0], seed.extract(padded, 16000)[0], rtol=1e-2)


def test_silence_gives_finite_features():
    silence = np.zeros(8000, dtype=np.float32)
    vector, _ = PRESETS["seed"].extract(silence, 16000)
    assert np.all(np.isfinite(vector))


def test_unknown_preset():
    assert get_preset("seed") is PRESETS["seed"]
    with pytest.raises(ValueError, match="unknown preset 'fancy': choose one of"):
        get_preset("fancy")


def test_every_field_of_a_preset_is_in_its_key():
    """Change any one field and the key changes (before, min_duration was left out of it)."""
    preset = PRESETS["default"]
    changed = {"name": "other", "extractor": lambda preset, y, sr: None, "sr": 22050, "n_fft": 512,
               "hop_length": 128, "settings": replace(preset.settings, n_mels=40),
               "min_duration": 0.2, "max_duration": 60.0, "silence_db": -60.0,
               "requires": lambda: None}
    assert set(changed) == {item.name for item in fields(Preset)}  # a new field needs a case here
    for name, value in changed.items():
        if name == "requires":  # a check that the numbers can be computed here, not a number
            assert replace(preset, requires=value).key() == preset.key()
            continue
        assert replace(preset, **{name: value}).key() != preset.key(), name
    assert preset.key()["extractor"] == "features.presets.default_features"
    assert preset.key()["settings"] == {"type": "DefaultSettings", "n_mels": 64, "fmax": 8000,
                                        "n_mfcc": 20, "active_db": 40.0, "chroma_tuning": 0.0,
                                        "contrast_bands": 6, "delta_width": 9}


def test_a_preset_is_its_extractor_and_settings():
    """A new recipe is a Preset with another extractor; Preset.extract pins BLAS and calls it."""
    seen = []

    def mean_level(preset, y, sr):
        seen.append((preset.settings.n_mels, sr))
        return np.array([float(np.mean(y))]), ["level_mean"]

    preset = replace(PRESETS["default"], name="toy", extractor=mean_level)
    vector, names = preset.extract(np.ones(800, np.float32), 16000)
    assert vector.tolist() == [1.0] and names == ["level_mean"]
    assert seen == [(64, 16000)] and isinstance(preset.settings, DefaultSettings)
    assert PRESETS["default"].extractor is default_features
