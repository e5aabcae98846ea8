"""The seed preset equals the notebook's three librosa calls; the default preset is well formed."""

import librosa
import numpy as np
import pytest

from features.presets import PRESETS, get_preset


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


def seed_with_librosa(y, sr):
    """The seed notebook's features, straight from librosa, each from the waveform."""
    chroma = librosa.feature.chroma_stft(S=np.abs(librosa.stft(y)), sr=sr).mean(axis=1)
    mel = librosa.feature.melspectrogram(y=y, sr=sr, n_mels=128, fmax=8000).mean(axis=1)
    mfcc = librosa.feature.mfcc(y=y, sr=sr, n_mfcc=40).mean(axis=1)
    return np.hstack([chroma, mel, mfcc])


@pytest.mark.parametrize("sr", [48000, 22050, 16000])
def test_seed_preset_equals_the_notebook(sr):
    y = speechy(sr, seed=sr)
    vector, names = PRESETS["seed"].extract(y, sr)
    expected = seed_with_librosa(y, sr)
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
    with pytest.raises(ValueError, match="preset='fancy'"):
        get_preset("fancy")
