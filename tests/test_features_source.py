"""Where the data comes from: argument, RAVDESS_DIR, the unpacked cache, a (local) download.

No test downloads anything: a tiny RAVDESS-like zip is served over HTTP on 127.0.0.1.
"""

import functools
import hashlib
import http.server
import threading
import zipfile

import pytest

from features import source
from features.ravdess import RavdessError, discover
from features.source import COMPLETE, find_root, unpack

STEMS = ["03-01-01-01-01-01-01", "03-01-04-02-01-01-02"]


def make_archive(path, stems=STEMS):
    """A zip laid out like the official one: Actor_NN/<name>.wav (empty: discovery reads names)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as zf:
        for stem in stems:
            zf.writestr(f"Actor_{stem[-2:]}/{stem}.wav", b"")
    return path


@pytest.fixture
def archive_server(tmp_path):
    """The archive served over HTTP on 127.0.0.1; yields (url, sha256)."""
    folder = tmp_path / "served"
    archive = make_archive(folder / "speech.zip")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/speech.zip"
        yield url, hashlib.sha256(archive.read_bytes()).hexdigest()
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def served(archive_server, monkeypatch):
    """The official archive's URL and hash pointed at the local server; RAVDESS_DIR unset."""
    url, digest = archive_server
    monkeypatch.delenv("RAVDESS_DIR", raising=False)
    monkeypatch.setattr(source, "ARCHIVE_URL", url)
    monkeypatch.setattr(source, "ARCHIVE_HASH", f"sha256:{digest}")
    return url


def test_find_root_prefers_argument_then_environment(tmp_path, monkeypatch):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    monkeypatch.setenv("RAVDESS_DIR", str(second))
    assert find_root(first) == first
    assert find_root() == second
    monkeypatch.setenv("RAVDESS_DIR", str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match="RAVDESS_DIR=.*missing"):
        find_root()


def test_find_root_downloads_verifies_and_unpacks(served, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    root = find_root(cache_dir=cache, progress=False)
    clips, problems = discover(root)
    assert [c.stem for c in clips] == STEMS and problems == []
    assert root.is_relative_to(cache) and (cache / "ravdess" / COMPLETE).is_file()
    monkeypatch.setattr(source, "ARCHIVE_URL", served + "-gone")  # a second call uses the copy
    assert find_root(cache_dir=cache, progress=False) == root


def test_download_with_a_wrong_hash_fails(archive_server, tmp_path):
    url, _ = archive_server
    with pytest.raises(ValueError, match="hash"):
        source.download(tmp_path / "cache", url=url, known_hash="sha256:" + "0" * 64,
                        progress=False)


def test_a_half_unpacked_copy_is_not_trusted(served, tmp_path):
    """An unpack cut short leaves Actor_01 with some clips and no marker: unpacked again, in full
    (before, the partial copy was served, and used quietly under ``limit``)."""
    partial = tmp_path / "cache" / "ravdess" / "Actor_01"
    partial.mkdir(parents=True)
    (partial / f"{STEMS[0]}.wav").write_bytes(b"")
    root = find_root(cache_dir=tmp_path / "cache", progress=False)
    assert [c.stem for c in discover(root)[0]] == STEMS


def test_an_interrupted_unpack_leaves_nothing(tmp_path, monkeypatch):
    archive = make_archive(tmp_path / "speech.zip")
    cache = tmp_path / "cache"
    cache.mkdir()

    def full_disk_after_one(self, path=None, members=None, pwd=None):
        self.extract(self.namelist()[0], path)  # Actor_01 exists now, with one of its clips
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "extractall", full_disk_after_one)
    with pytest.raises(OSError, match="No space left"):
        unpack(archive, cache)
    assert list(cache.iterdir()) == []  # neither a ravdess folder nor a temporary one
    assert source.unpacked_root(cache) is None
    monkeypatch.undo()
    root = unpack(archive, cache)
    assert [c.stem for c in discover(root)[0]] == STEMS
    assert sorted(p.name for p in cache.iterdir()) == ["ravdess"]


def test_an_archive_without_actor_folders_is_refused_and_leaves_nothing(tmp_path):
    archive = tmp_path / "other.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "not the speech release")
    cache = tmp_path / "cache"
    cache.mkdir()
    with pytest.raises(RavdessError, match="other.zip holds no Actor_01 folder"):
        unpack(archive, cache)
    assert list(cache.iterdir()) == []
