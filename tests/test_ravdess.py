"""RAVDESS names, discovery, verification and the download path (no real data needed)."""

import functools
import hashlib
import http.server
import threading
import zipfile
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import soundfile

from features import ravdess
from features.ravdess import (EMOTIONS, RavdessError, discover, duplicate_note, expected_stems,
                              find_root, parse_name, verify, verify_manifest)


def test_parse_name_reads_every_field():
    clip = parse_name("Actor_07/03-01-03-02-02-01-07.flac")
    assert (clip.modality, clip.vocal_channel, clip.emotion_code, clip.emotion, clip.intensity,
            clip.statement, clip.repetition, clip.actor, clip.gender) == \
        (3, 1, 3, "happy", 2, 2, 1, 7, "male")
    assert clip.stem == "03-01-03-02-02-01-07"
    assert parse_name("x/03-01-08-01-01-02-24.wav").gender == "female"


def test_emotions_in_code_order():
    assert list(EMOTIONS) == list(range(1, 9))
    assert list(EMOTIONS.values()) == ["neutral", "calm", "happy", "sad", "angry", "fearful",
                                       "disgust", "surprised"]


@pytest.mark.parametrize("name, reason", [
    ("03-01-01-01-01-01-01.mp3", "not a RAVDESS name"),
    ("03-01-01-01-01-01.wav", "not a RAVDESS name"),
    ("3-1-1-1-1-1-1.wav", "not a RAVDESS name"),
    ("03-01-00-01-01-01-01.wav", "emotion code 0"),
    ("03-01-02-03-01-01-01.wav", "intensity 3"),
    ("03-01-02-01-01-01-25.wav", "actor 25"),
    ("03-01-01-02-01-01-01.wav", "neutral has no strong intensity"),
])
def test_parse_name_rejects_bad_names_with_the_reason(name, reason):
    with pytest.raises(RavdessError, match=reason) as info:
        parse_name(name)
    assert name in str(info.value)


def test_expected_stems_are_the_release():
    stems = expected_stems()
    assert len(stems) == len(set(stems)) == 1440
    clips = [parse_name(s + ".wav") for s in stems]
    assert Counter(c.actor for c in clips) == {a: 60 for a in range(1, 25)}
    assert Counter(c.emotion for c in clips) == {**{n: 192 for n in EMOTIONS.values()}, "neutral": 96}


def make_tree(root, stems, suffix=".wav"):
    for stem in stems:
        path = Path(root) / f"Actor_{stem[-2:]}" / (stem + suffix)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")  # discovery reads names only
    return Path(root)


def test_discover_reports_bad_names_and_wrong_folders(tmp_path):
    make_tree(tmp_path, ["03-01-05-01-01-01-01", "03-01-05-01-01-02-01"])
    (tmp_path / "Actor_01" / "notes.wav").write_bytes(b"")
    (tmp_path / "Actor_01" / "readme.txt").write_text("not audio")
    wrong = tmp_path / "Actor_02" / "03-01-05-01-01-01-03.flac"
    wrong.parent.mkdir()
    wrong.write_bytes(b"")
    clips, problems = discover(tmp_path)
    assert [c.stem for c in clips] == ["03-01-05-01-01-01-01", "03-01-05-01-01-02-01"]
    reasons = {p.name: r for p, r in problems}
    assert set(reasons) == {"notes.wav", "03-01-05-01-01-01-03.flac"}
    assert "folder Actor_02" in reasons["03-01-05-01-01-01-03.flac"]


def test_discover_missing_folder_says_how_to_fix(tmp_path):
    with pytest.raises(FileNotFoundError, match="RAVDESS_DIR"):
        discover(tmp_path / "nowhere")


def test_verify_accepts_the_complete_set_and_lists_what_differs(tmp_path):
    stems = expected_stems()
    clips = [parse_name(f"Actor_{s[-2:]}/{s}.flac") for s in stems]
    summary = verify(clips)
    assert summary.startswith("1440 clips") and "neutral 96" in summary and "calm 192" in summary

    extra = parse_name("Actor_01/03-02-01-01-01-01-01.wav")  # a song clip, not in the speech set
    with pytest.raises(RavdessError) as info:
        verify(clips[2:] + [extra, clips[5]], [(Path("Actor_01/x.wav"), "not a RAVDESS name")])
    message = str(info.value)
    assert "2 missing: " + ", ".join(stems[:2]) in message
    assert "1 extra: 03-02-01-01-01-01-01" in message
    assert f"1 found twice: {stems[5]}" in message
    assert "Actor_01/x.wav" in message and "RAVDESS_DIR" in message


def test_duplicate_pair_is_mentioned_only_when_present():
    a, b = ravdess.DUPLICATE_PAIRS[0]
    clips = [parse_name(f"Actor_07/{s}.wav") for s in (a, b)]
    assert a in duplicate_note(clips) and "same recording" in duplicate_note(clips)
    assert duplicate_note(clips[:1]) == ""


def write_clip(path, *, sr=8000, channels=1, seconds=0.3, seed=0):
    rng = np.random.default_rng(seed)
    data = (0.1 * rng.standard_normal((int(sr * seconds), channels))).astype(np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(path, data, sr, subtype="PCM_16")
    return path


def test_verify_manifest_finds_changed_and_missing_files(tmp_path):
    good = write_clip(tmp_path / "Actor_01" / "03-01-01-01-01-01-01.wav", seed=1)
    changed = write_clip(tmp_path / "Actor_01" / "03-01-01-01-01-02-01.wav", seed=2)
    samples, _ = soundfile.read(good, dtype="int16", always_2d=True)
    digest = hashlib.sha256(samples.tobytes()).hexdigest()
    rows = ["path\tsample_rate\tchannels\tframes\tpcm_sha256",
            f"Actor_01/{good.name}\t8000\t1\t2400\t{digest}",
            f"Actor_01/{changed.name}\t8000\t1\t2400\t{digest}",  # someone else's checksum
            f"Actor_01/03-01-01-01-02-01-01.wav\t8000\t1\t2400\t{digest}"]
    (tmp_path / "MANIFEST.tsv").write_text("\n".join(rows) + "\n")
    bad = dict(verify_manifest(tmp_path))
    assert set(bad) == {f"Actor_01/{changed.name}", "Actor_01/03-01-01-01-02-01-01.wav"}
    assert bad["Actor_01/03-01-01-01-02-01-01.wav"] == "missing"


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


@pytest.fixture
def archive_server(tmp_path):
    """A small RAVDESS-like zip served over HTTP on 127.0.0.1; yields (url, sha256)."""
    folder = tmp_path / "served"
    folder.mkdir()
    archive = folder / "speech.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for i, stem in enumerate(["03-01-01-01-01-01-01", "03-01-04-02-01-01-02"]):
            clip = write_clip(tmp_path / "src" / f"Actor_{stem[-2:]}" / f"{stem}.wav", seed=i)
            zf.write(clip, f"Actor_{stem[-2:]}/{stem}.wav")
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


def test_find_root_downloads_verifies_and_unpacks(archive_server, tmp_path, monkeypatch):
    url, digest = archive_server
    monkeypatch.delenv("RAVDESS_DIR", raising=False)
    monkeypatch.setattr(ravdess, "ARCHIVE_URL", url)
    monkeypatch.setattr(ravdess, "ARCHIVE_HASH", f"sha256:{digest}")
    cache = tmp_path / "cache"
    root = find_root(cache_dir=cache, progress=False)
    clips, problems = discover(root)
    assert [c.stem for c in clips] == ["03-01-01-01-01-01-01", "03-01-04-02-01-01-02"]
    assert problems == []
    assert root.is_relative_to(cache)
    monkeypatch.setattr(ravdess, "ARCHIVE_URL", url + "-gone")  # a second call uses the unpacked copy
    assert find_root(cache_dir=cache, progress=False) == root


def test_download_with_a_wrong_hash_fails(archive_server, tmp_path):
    url, _ = archive_server
    with pytest.raises(ValueError, match="hash"):
        ravdess.download(tmp_path / "cache", url=url, known_hash="sha256:" + "0" * 64,
                         progress=False)
