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
