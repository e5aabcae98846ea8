"""features.egemaps: the egemaps preset against opensmile called directly, same bits on every
path, its own cache entries, real RAVDESS clips, and the clear error without opensmile."""

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import soundfile

from features import load_dataset
from features.audio import load_audio
from features.presets import PRESETS, get_preset

STEMS = ["03-01-01-01-01-01-01", "03-01-05-02-01-01-01", "03-01-04-01-02-02-02",
         "03-01-08-02-02-01-02"]


@pytest.fixture
def opensmile():
    return pytest.importorskip("opensmile")


def voice(sr=16000, seconds=1.5, f0=140.0, seed=0):
    """Harmonics on a gliding pitch inside a smooth envelope, with a little noise: voiced speech
    enough for openSMILE's pitch tracker, with silence before and after."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(sr * seconds)) / sr
    phase = 2 * np.pi * np.cumsum(f0 * (1 + 0.2 * np.sin(np.pi * t / seconds))) / sr
    envelope = np.clip(np.sin(np.pi * (t - 0.2) / (seconds - 0.4)), 0, None)
    y = 0.2 * envelope * sum(np.sin(k * phase) / k for k in range(1, 15))
    return (y + 1e-3 * rng.standard_normal(t.size)).astype(np.float32)


def direct(opensmile, y, sr):
    """opensmile's own call, with nothing of ours in between."""
    frame = opensmile.Smile(feature_set=opensmile.FeatureSet.eGeMAPSv02,
                            feature_level=opensmile.FeatureLevel.Functionals).process_signal(y, sr)
    return frame.to_numpy()[0], list(frame.columns)


def write_voices(root, *, sr):
    paths = []
    for i, stem in enumerate(STEMS):
        path = root / f"Actor_{stem[-2:]}" / f"{stem}.wav"
        path.parent.mkdir(parents=True, exist_ok=True)
        soundfile.write(path, voice(sr, f0=110.0 + 25 * i, seed=i), sr, subtype="PCM_16")
        paths.append(path)
    return paths


def test_88_finite_values_named_as_opensmile_names_them(opensmile):
    preset = get_preset("egemaps")
    vector, names = preset.extract(voice(), 16000)
    assert vector.shape == (88,) and vector.dtype == np.float64 and np.all(np.isfinite(vector))
    assert names == direct(opensmile, voice(), 16000)[1] and len(set(names)) == 88
    assert names[0] == "F0semitoneFrom27.5Hz_sma3nz_amean" and "loudness_sma3_amean" in names
    # the mean pitch of a 140-168 Hz glide, in semitones above 27.5 Hz: 12 log2(158 / 27.5) = 30.3
    assert 28.5 < vector[0] < 32.0


def test_the_preset_equals_opensmile_on_the_same_waveform(opensmile, tmp_path):
    """Our preset is our decoding plus openSMILE: on the same 16 kHz waveform, the same bits as
    opensmile's own call; on a 16-bit 16 kHz file, the same bits as opensmile reading it itself."""
    preset = get_preset("egemaps")
    y = voice(seed=3)
    np.testing.assert_array_equal(preset.extract(y, 16000)[0], direct(opensmile, y, 16000)[0])
    path = write_voices(tmp_path, sr=16000)[0]
    ours = preset.extract(*preset.load(path))[0]
    theirs = opensmile.Smile(feature_set=opensmile.FeatureSet.eGeMAPSv02,
                             feature_level=opensmile.FeatureLevel.Functionals).process_file(path)
    np.testing.assert_array_equal(ours, theirs.to_numpy()[0])


def test_a_different_pitch_moves_the_pitch_features(opensmile):
    """The values follow the signal: the same glide one octave up is 12 semitones up."""
    preset = get_preset("egemaps")
    low, names = preset.extract(voice(f0=110.0), 16000)
    high, _ = preset.extract(voice(f0=220.0), 16000)
    mean = names.index("F0semitoneFrom27.5Hz_sma3nz_amean")
    assert high[mean] - low[mean] == pytest.approx(12.0, abs=0.5)


def test_same_bits_with_one_or_two_jobs_in_a_worker_or_the_parent(opensmile, tmp_path):
    from threadpoolctl import threadpool_limits

    root = tmp_path / "voices"
    paths = write_voices(root, sr=48000)  # resampled to 16 kHz by our load_audio
    preset = PRESETS["egemaps"]
    runs = {}
    for threads in (1, 2):
        with threadpool_limits(limits=threads):
            for n_jobs in (1, 2):
                runs[threads, n_jobs] = load_dataset(
                    root, preset="egemaps", limit=4, n_jobs=n_jobs,
                    cache_dir=tmp_path / f"c{threads}{n_jobs}", progress=False).X
    runs["direct"] = np.vstack([direct(opensmile, *load_audio(p, sr=16000))[0]
                                for p in sorted(paths)])
    runs["preset"] = np.vstack([preset.extract(*preset.load(p))[0] for p in sorted(paths)])
    assert runs[1, 1].shape == (4, 88)
    for path, X in runs.items():
        np.testing.assert_array_equal(X, runs[1, 1], err_msg=f"path {path}")


def test_its_own_cache_entries_and_a_second_load_hits(opensmile, tmp_path):
    root = tmp_path / "voices"
    write_voices(root, sr=16000)
    first = load_dataset(root, preset="egemaps", limit=4, cache_dir=tmp_path / "c", progress=False)
    second = load_dataset(root, preset="egemaps", limit=4, cache_dir=tmp_path / "c",
                          progress=False)
    assert not first.from_cache and second.from_cache and second.cache_path == first.cache_path
    assert first.cache_path.name.startswith("egemaps-")
    assert second.feature_names == first.feature_names
    np.testing.assert_array_equal(first.X, second.X)
    default = load_dataset(root, preset="default", limit=4, cache_dir=tmp_path / "c",
                           progress=False)
    assert not default.from_cache and default.cache_path != first.cache_path
    # another openSMILE release keys another entry: its binary computes the numbers
    preset = PRESETS["egemaps"]
    assert preset.key()["settings"]["opensmile_version"] == opensmile.__version__
    other = replace(preset, settings=replace(preset.settings, opensmile_version="0.0"))
    assert not load_dataset(root, preset=other, limit=4, cache_dir=tmp_path / "c",
                            progress=False).from_cache


def test_the_preset_has_no_stft_of_ours():
    preset = PRESETS["egemaps"]
    assert preset.sr == 16000 and preset.n_fft is None and preset.hop_length is None
    assert preset.key()["settings"]["feature_set"] == "eGeMAPSv02"
    assert preset.key()["settings"]["feature_level"] == "Functionals"


@pytest.fixture
def without_opensmile(monkeypatch):
    """``import opensmile`` fails, as on a machine without the extra."""
    monkeypatch.setitem(sys.modules, "opensmile", None)  # None in sys.modules: ImportError


def test_without_opensmile_asking_for_the_preset_says_how_to_install(without_opensmile, tmp_path):
    from features.egemaps import OpensmileMissing

    message = r'egemaps preset needs the opensmile package.*pip install "audio-mlp\[opensmile\]"'
    with pytest.raises(OpensmileMissing, match=message + r".*non-commercial"):
        get_preset("egemaps")
    root = tmp_path / "voices"
    write_voices(root, sr=16000)
    with pytest.raises(ImportError, match=message):  # before any clip is read
        load_dataset(root, preset="egemaps", limit=4, cache_dir=tmp_path / "c", progress=False)
    assert get_preset("default") is PRESETS["default"]  # the other presets do not care


def test_without_opensmile_the_command_line_says_so(without_opensmile, tmp_path, capsys):
    from baselines.cli import main

    root = tmp_path / "voices"
    write_voices(root, sr=16000)
    assert main(["features", "--data", str(root), "--preset", "egemaps", "--limit", "4",
                 "--cache", str(tmp_path / "c"), "--jobs", "1"]) == 2
    err = capsys.readouterr().err
    assert 'audio-mlp: error: --preset egemaps: the egemaps preset needs' in err
    assert 'pip install "audio-mlp[opensmile]"' in err and "Traceback" not in err


def test_import_features_needs_no_opensmile():
    """In a fresh interpreter where opensmile cannot be imported, the package and the CLI load."""
    code = ("import sys; sys.modules['opensmile'] = None\n"
            "import features, features.presets, baselines.cli, baselines.compare\n"
            "assert 'egemaps' in features.presets.PRESETS\n"
            "print('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_the_command_line_lists_the_preset(capsys):
    from baselines.cli import main

    with pytest.raises(SystemExit):
        main(["features", "--help"])
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps the help's lines
    assert "{seed,default,prosody,prosody_rich,egemaps}" in out and "egemaps needs pip install" in out


@pytest.mark.skipif(not os.environ.get("RAVDESS_DIR"),
                    reason="RAVDESS_DIR is not set: this test needs the RAVDESS data")
def test_real_ravdess_clips(opensmile):
    """Eight real clips (48 kHz FLAC, decoded and resampled by us): 88 finite numbers, equal to
    opensmile on the same waveform; actor 2 (a woman) speaks higher than actor 1 (a man)."""
    root = Path(os.environ["RAVDESS_DIR"])
    preset = get_preset("egemaps")
    pitch = {}
    for actor in (1, 2):
        paths = sorted((root / f"Actor_{actor:02d}").glob("03-01-0[1-4]-01-01-01-*"))
        assert len(paths) == 4, paths
        for path in paths:
            y, sr = preset.load(path)
            vector, names = preset.extract(y, sr)
            assert vector.shape == (88,) and np.all(np.isfinite(vector)), path
            np.testing.assert_array_equal(vector, direct(opensmile, y, sr)[0], err_msg=str(path))
            pitch.setdefault(actor, []).append(vector[0])  # F0 mean, semitones above 27.5 Hz
    assert np.mean(pitch[2]) > np.mean(pitch[1]) + 3, pitch  # at least 3 semitones higher
