"""The feature cache: round trip, keyed by inputs, atomic, and never serves a bad entry."""

import os

import numpy as np
import pytest

from features import cache


@pytest.fixture
def inputs(tmp_path):
    paths = []
    for name in ("a.wav", "b.wav"):
        path = tmp_path / "data" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"12345")
        paths.append(path)
    return paths


def arrays():
    return {"X": np.arange(6.0).reshape(2, 3), "names": np.array(["a", "b", "c"])}


def test_round_trip(tmp_path, inputs):
    key = cache.make_key({"name": "p", "n_fft": 2048}, inputs)
    path = cache.save(cache.entry_path(tmp_path, "p", key), key, arrays())
    loaded = cache.load(path, key)
    np.testing.assert_array_equal(loaded["X"], arrays()["X"])
    assert loaded["names"].tolist() == ["a", "b", "c"]
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind


def test_key_changes_with_parameters_files_and_versions(tmp_path, inputs, monkeypatch):
    key = cache.make_key({"n_fft": 2048}, inputs)
    assert cache.make_key({"n_fft": 1024}, inputs) != key
    assert cache.make_key({"n_fft": 2048}, inputs[:1]) != key
    os.utime(inputs[0], ns=(1, 1))  # same size, different modification time
    assert cache.make_key({"n_fft": 2048}, inputs) != key
    key = cache.make_key({"n_fft": 2048}, inputs)
    installed = cache.library_versions()
    monkeypatch.setattr(cache, "library_versions", lambda: {**installed, "librosa": "0.0"})
    assert cache.make_key({"n_fft": 2048}, inputs) != key


def test_a_stale_entry_is_not_served(tmp_path, inputs):
    old = cache.make_key({"n_fft": 2048}, inputs)
    path = cache.save(tmp_path / "entry.npz", old, arrays())
    inputs[1].write_bytes(b"123456")  # the data changed
    with pytest.raises(cache.CacheMiss, match="different inputs"):
        cache.load(path, cache.make_key({"n_fft": 2048}, inputs))


def test_corrupted_entries_are_detected(tmp_path, inputs):
    key = cache.make_key({}, inputs)
    path = cache.save(tmp_path / "entry.npz", key, arrays())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # truncated, as by a crash or a full disk
    with pytest.raises(cache.CacheMiss, match="unreadable"):
        cache.load(path, key)
    forged = dict(arrays(), X=np.zeros((2, 3)))
    cache.save(path, key, forged)
    meta_ok = cache.load(path, key)  # a consistent entry loads ...
    np.testing.assert_array_equal(meta_ok["X"], 0.0)
    with np.load(path) as stored:  # ... but arrays swapped under an old checksum do not
        members = {name: stored[name] for name in stored.files}
    members["X"] = np.ones((2, 3))
    np.savez(path, **members)
    with pytest.raises(cache.CacheMiss, match="checksum"):
        cache.load(path, key)
    with pytest.raises(cache.CacheMiss, match="no entry"):
        cache.load(tmp_path / "absent.npz", key)


def test_a_failed_write_leaves_nothing(tmp_path, inputs, monkeypatch):
    key = cache.make_key({}, inputs)
    target = tmp_path / "entries" / "entry.npz"
    cache.save(target, key, arrays())  # a good entry from an earlier run

    def crash(handle, **members):
        handle.write(b"half an entry")
        raise OSError("disk full")

    monkeypatch.setattr(cache.np, "savez", crash)
    with pytest.raises(OSError, match="disk full"):
        cache.save(target, key, dict(arrays(), X=np.zeros((2, 3))))
    monkeypatch.undo()
    assert [p.name for p in target.parent.iterdir()] == ["entry.npz"]  # no temporary file
    np.testing.assert_array_equal(cache.load(target, key)["X"], arrays()["X"])  # old entry intact


def test_entries_get_ordinary_permissions(tmp_path, inputs):
    """Written through features.files.write_atomic: 0644 under umask 022, as any file the user
    writes (the temporary-file module made entries owner-only, 0600)."""
    key = cache.make_key({}, inputs)
    old = os.umask(0o022)
    try:
        path = cache.save(tmp_path / "entries" / "entry.npz", key, arrays())
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("meta", ['["a", "list"]', '"a string"', "3"])
def test_a_malformed_entry_is_a_miss_not_a_crash(tmp_path, inputs, meta):
    """A __meta__ that is valid JSON but not an object was an AttributeError; now a CacheMiss."""
    key = cache.make_key({}, inputs)
    path = tmp_path / "entry.npz"
    np.savez(path, __meta__=np.array(meta), **arrays())
    with pytest.raises(cache.CacheMiss, match="malformed entry .*entry.npz"):
        cache.load(path, key)


def test_a_rewrite_that_restores_size_and_mtime_changes_the_key(tmp_path, inputs):
    """``cp -p`` (shutil.copy2) of new content of the same size, with the old mtime: the size and
    mtime alone cannot tell, the status-change time (ctime) can."""
    import shutil
    import time

    key = cache.make_key({}, inputs)
    before = os.stat(inputs[0])
    other = tmp_path / "other.wav"
    other.write_bytes(b"54321")  # new content, the same five bytes long
    os.utime(other, ns=(before.st_atime_ns, before.st_mtime_ns))
    time.sleep(0.02)  # file times come from a clock that may tick only every few ms
    shutil.copy2(other, inputs[0])  # what cp -p does: content, then the old times
    after = os.stat(inputs[0])
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert cache.make_key({}, inputs) != key
