"""load_dataset on a small synthetic RAVDESS-style folder: labels, groups, policy, cache, jobs."""

import numpy as np
import pytest
import soundfile

from features import FeatureSet, load_dataset
from features.dataset import BadClipWarning, ExtractionError, spread_order
from features.ravdess import RavdessError, expected_stems, parse_name

STEMS = ["03-01-01-01-01-01-01", "03-01-05-02-01-01-01", "03-01-04-01-02-02-01",
         "03-01-08-02-02-01-02", "03-01-02-01-01-02-02", "03-01-06-01-01-01-02"]


def write(root, stem, *, sr=16000, seconds=0.6, silent=False):
    t = np.arange(int(sr * seconds)) / sr
    code = int(stem[6:8])
    y = 0.3 * np.sin(2 * np.pi * (100 + 40 * code) * t) * np.hanning(t.size)
    y += 0.01 * np.random.default_rng(code).standard_normal(t.size)
    path = root / f"Actor_{stem[-2:]}" / f"{stem}.wav"
    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(path, np.zeros_like(y) if silent else y, sr)
    return path


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "ravdess"
    for stem in STEMS:
        write(root, stem)
    return root


def test_matrix_labels_groups_and_clip_table(folder, tmp_path):
    fs = load_dataset(folder, preset="seed", limit=10, cache_dir=tmp_path / "c", progress=False)
    assert isinstance(fs, FeatureSet)
    assert fs.X.shape == (6, 180) and fs.X.dtype == np.float64 and np.all(np.isfinite(fs.X))
    assert [c.stem for c in fs.clips] == sorted(STEMS[:3]) + sorted(STEMS[3:])  # by actor, then name
    assert fs.y.tolist() == ["neutral", "sad", "angry", "calm", "fearful", "surprised"]
    assert fs.actors.tolist() == [1, 1, 1, 2, 2, 2]
    assert [c.emotion for c in fs.clips] == fs.y.tolist()
    assert len(fs.feature_names) == 180 and fs.preset == "seed" and not fs.from_cache


def test_rows_follow_the_clips(folder, tmp_path):
    fs = load_dataset(folder, preset="default", limit=6, cache_dir=tmp_path / "c", progress=False)
    from features.audio import load_audio
    from features.presets import PRESETS

    for row, clip in zip(fs.X, fs.clips):
        expected, _ = PRESETS["default"].extract(*load_audio(clip.path, sr=16000))
        np.testing.assert_array_equal(row, expected)


def write_voice(root, stem, *, sr, seconds=2.5):
    """A clip long enough for OpenBLAS to split the filterbank products over two threads."""
    t = np.arange(int(sr * seconds)) / sr
    phase = 2 * np.pi * np.cumsum(120 + 10 * int(stem[6:8]) + 40 * np.sin(np.pi * t)) / sr
    y = 0.1 * sum(np.sin(k * phase) / k for k in range(1, 20))
    path = root / f"Actor_{stem[-2:]}" / f"{stem}.wav"
    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(path, y, sr, subtype="FLOAT")
    return path


@pytest.mark.parametrize("preset", ["default", "seed"])
def test_same_bits_on_every_path_and_thread_count(tmp_path, preset):
    """n_jobs 1, 2 or None, a worker or the parent, a direct Preset.extract, 1 or 2 BLAS threads:
    bit-identical features (before the pin, 1 and 2 threads differed in many values)."""
    from threadpoolctl import threadpool_limits

    from features.audio import load_audio
    from features.presets import PRESETS

    root = tmp_path / "voices"
    for stem in STEMS[:4]:
        write_voice(root, stem, sr=48000)
    runs = {}
    for threads in (1, 2):
        with threadpool_limits(limits=threads):
            for n_jobs in (1, 2, None):
                runs[threads, n_jobs] = load_dataset(
                    root, preset=preset, limit=4, n_jobs=n_jobs,
                    cache_dir=tmp_path / f"c{threads}{n_jobs}", progress=False).X
            runs[threads, "direct"] = np.vstack([
                PRESETS[preset].extract(*load_audio(path, sr=PRESETS[preset].sr))[0]
                for path in sorted(root.glob("*/*.wav"))])
    reference = runs[1, 1]
    for path, X in runs.items():
        np.testing.assert_array_equal(X, reference, err_msg=f"threads, path = {path}")


def test_second_call_is_served_from_the_cache_and_a_corrupt_entry_is_rebuilt(folder, tmp_path):
    first = load_dataset(folder, preset="seed", limit=6, cache_dir=tmp_path / "c", progress=False)
    second = load_dataset(folder, preset="seed", limit=6, cache_dir=tmp_path / "c", progress=False)
    assert second.from_cache and second.cache_path == first.cache_path
    np.testing.assert_array_equal(first.X, second.X)
    first.cache_path.write_bytes(b"garbage")
    with pytest.warns(UserWarning, match="rebuilding the feature cache: unreadable"):
        third = load_dataset(folder, preset="seed", limit=6, cache_dir=tmp_path / "c", progress=False)
    assert not third.from_cache
    np.testing.assert_array_equal(first.X, third.X)


def test_a_changed_file_invalidates_the_cache(folder, tmp_path):
    first = load_dataset(folder, preset="seed", limit=6, cache_dir=tmp_path / "c", progress=False)
    write(folder, STEMS[0], seconds=0.9)
    second = load_dataset(folder, preset="seed", limit=6, cache_dir=tmp_path / "c", progress=False)
    assert not second.from_cache and second.cache_path != first.cache_path
    assert not np.allclose(first.X[0], second.X[0])


def test_bad_files_are_skipped_with_a_warning_or_raise_when_strict(folder, tmp_path):
    bad = write(folder, "03-01-03-01-01-01-01", silent=True)
    (folder / "Actor_01" / "holiday.wav").write_bytes(b"")
    with pytest.warns(BadClipWarning) as record:
        fs = load_dataset(folder, preset="seed", limit=10, cache_dir=tmp_path / "c", progress=False)
    messages = "\n".join(str(w.message) for w in record)
    assert "holiday.wav" in messages and "not a RAVDESS name" in messages
    assert "1 of 7 clips skipped" in messages and f"{bad}: AudioError" in messages and "silent" in messages
    assert len(fs.clips) == 6 and fs.skipped == [(bad, fs.skipped[0][1])]
    assert bad not in [c.path for c in fs.clips]
    with pytest.raises(ExtractionError, match="silent"), pytest.warns(BadClipWarning, match="holiday"):
        load_dataset(folder, preset="seed", limit=10, strict=True, cache_dir=tmp_path / "d",
                     progress=False)


def test_a_passing_failure_is_not_cached(folder, tmp_path, monkeypatch):
    import features.presets

    real_load = features.presets.load_audio
    unlucky = folder / "Actor_02" / f"{STEMS[3]}.wav"

    def flaky(path, **kwargs):  # a read error on one file, as a network drive may give
        if path == unlucky:
            raise OSError("Input/output error")
        return real_load(path, **kwargs)

    monkeypatch.setattr(features.presets, "load_audio", flaky)
    with pytest.warns(BadClipWarning, match="not cached"):
        first = load_dataset(folder, preset="seed", limit=6, cache_dir=tmp_path / "c", progress=False)
    assert first.skipped == [(unlucky, "OSError: Input/output error")] and first.cache_path is None
    monkeypatch.setattr(features.presets, "load_audio", real_load)
    second = load_dataset(folder, preset="seed", limit=6, cache_dir=tmp_path / "c", progress=False)
    assert not second.from_cache and second.skipped == [] and len(second.clips) == 6
    assert load_dataset(folder, preset="seed", limit=6, cache_dir=tmp_path / "c",
                        progress=False).from_cache


def test_two_workers_give_the_same_matrix(folder, tmp_path):
    one = load_dataset(folder, preset="default", limit=6, n_jobs=1, cache_dir=tmp_path / "a",
                       progress=False)
    two = load_dataset(folder, preset="default", limit=6, n_jobs=2, cache_dir=tmp_path / "b",
                       progress=False)
    np.testing.assert_array_equal(one.X, two.X)


def test_incomplete_or_missing_folders_say_how_to_fix(folder, tmp_path, monkeypatch):
    with pytest.raises(RavdessError, match=r"(?s)1434 missing.*RAVDESS_DIR"):
        load_dataset(folder, cache_dir=tmp_path / "c", progress=False)
    with pytest.raises(FileNotFoundError, match="data_dir=.*is not a folder"):
        load_dataset(tmp_path / "nowhere", cache_dir=tmp_path / "c", progress=False)
    with pytest.raises(ValueError, match="limit=0"):
        load_dataset(folder, limit=0, cache_dir=tmp_path / "c", progress=False)


def test_spread_order_covers_actors_and_emotions_first():
    clips = [parse_name(f"Actor_{s[-2:]}/{s}.wav") for s in expected_stems()]
    first = spread_order(clips)[:192]
    assert len({c.actor for c in first}) == 24
    assert len({c.emotion for c in first}) == 8
    assert sorted(c.stem for c in spread_order(clips)) == sorted(expected_stems())


def test_workers_start_only_after_this_process_compiled_the_preset(folder, tmp_path, monkeypatch):
    """numba's on-disk cache is not safe against two processes compiling at once (see
    features.dataset._compile_in_this_process): the parent must compile before any worker runs."""
    import joblib

    import features.dataset as dataset

    events = []
    warm_up = dataset._compile_in_this_process
    monkeypatch.setattr(dataset, "_compile_in_this_process",
                        lambda preset: (events.append(("compiled", preset.name)), warm_up(preset)))
    start = joblib.Parallel.__call__
    monkeypatch.setattr(joblib.Parallel, "__call__",
                        lambda self, tasks: (events.append(("workers", self.n_jobs)),
                                             start(self, tasks))[1])
    fs = load_dataset(folder, preset="seed", limit=4, n_jobs=2, cache_dir=tmp_path, progress=False)
    assert events == [("compiled", "seed"), ("workers", 2)]
    assert fs.X.shape == (4, 180) and np.isfinite(fs.X).all()


def test_a_rewrite_that_restores_the_mtime_is_not_served_stale(folder, tmp_path):
    """New samples of the same length copied over a clip with ``cp -p`` (same size, old mtime)."""
    import os
    import shutil
    import time

    first = load_dataset(folder, preset="seed", limit=6, cache_dir=tmp_path / "c", progress=False)
    target = folder / "Actor_01" / f"{STEMS[0]}.wav"
    before = os.stat(target)
    replacement = write(tmp_path / "other", "03-01-07-01-01-01-01")  # another pitch, same length
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    time.sleep(0.02)  # file times come from a clock that may tick only every few ms
    shutil.copy2(replacement, target)
    assert (os.stat(target).st_size, os.stat(target).st_mtime_ns) == (before.st_size,
                                                                      before.st_mtime_ns)
    second = load_dataset(folder, preset="seed", limit=6, cache_dir=tmp_path / "c", progress=False)
    assert not second.from_cache
    assert not np.allclose(first.X[0], second.X[0])


def test_every_preset_field_keys_the_cache(folder, tmp_path):
    """A cached run must not answer for a preset that differs only in a clip limit: the 0.6 s clips
    pass min_duration 0.1 s and are all too short for 1 s (before, the cached matrix came back)."""
    from dataclasses import replace

    from features.presets import PRESETS

    first = load_dataset(folder, preset="seed", limit=6, cache_dir=tmp_path / "c", progress=False)
    strict_length = replace(PRESETS["seed"], min_duration=1.0)
    with pytest.raises(ExtractionError, match="too short"):
        load_dataset(folder, preset=strict_length, limit=6, cache_dir=tmp_path / "c",
                     progress=False)
    quieter = replace(PRESETS["seed"], silence_db=-100.0)
    again = load_dataset(folder, preset=quieter, limit=6, cache_dir=tmp_path / "c", progress=False)
    assert not again.from_cache and again.cache_path != first.cache_path


def cache_trouble(kind, tmp_path, monkeypatch):
    """The cache folder to pass, after arranging for writing into it to fail as ``kind`` says."""
    import errno

    import features.cache

    if kind == "a file":
        (tmp_path / "blocked").write_text("not a folder")
        return tmp_path / "blocked"
    error = {"read-only": OSError(errno.EROFS, "Read-only file system"),
             "disk full": OSError(errno.ENOSPC, "No space left on device")}[kind]

    def fail(path, write):
        raise error

    monkeypatch.setattr(features.cache, "write_atomic", fail)
    return tmp_path / "c"


@pytest.mark.parametrize("kind, reason", [("a file", "Not a directory|File exists"),
                                          ("read-only", "Read-only file system"),
                                          ("disk full", "No space left on device")])
def test_a_failed_cache_write_keeps_the_extraction(folder, tmp_path, monkeypatch, kind, reason):
    cache_dir = cache_trouble(kind, tmp_path, monkeypatch)
    with pytest.warns(UserWarning, match=rf"could not write the feature cache {cache_dir}\S*\.npz "
                                         rf"\(.*({reason})") as record:
        fs = load_dataset(folder, preset="seed", limit=6, cache_dir=cache_dir, progress=False)
    assert fs.X.shape == (6, 180) and np.all(np.isfinite(fs.X)) and fs.cache_path is None
    assert "returned" in str(record[0].message)


def test_a_malformed_entry_is_rebuilt(folder, tmp_path):
    """A valid zip whose __meta__ is not a JSON object (it raised AttributeError before)."""
    first = load_dataset(folder, preset="seed", limit=6, cache_dir=tmp_path / "c", progress=False)
    np.savez(first.cache_path, __meta__=np.array("[]"), X=first.X)
    with pytest.warns(UserWarning, match="rebuilding the feature cache: malformed"):
        again = load_dataset(folder, preset="seed", limit=6, cache_dir=tmp_path / "c",
                             progress=False)
    assert not again.from_cache
    np.testing.assert_array_equal(again.X, first.X)
