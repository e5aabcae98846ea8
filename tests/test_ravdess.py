"""RAVDESS names, discovery and verification (no real data needed)."""

import hashlib
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import soundfile

from features import ravdess
from features.ravdess import (EMOTIONS, IncompleteError, RavdessError, discover, duplicate_note,
                              expected_stems, parse_name, verify, verify_manifest)


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


def test_an_incomplete_folder_error_carries_what_a_command_line_needs(tmp_path):
    """The library's advice names ``limit=...``; ``listing`` is the message without it, so the
    command line can give the same advice as ``--limit N``."""
    clips = [parse_name(f"Actor_{s[-2:]}/{s}.wav") for s in expected_stems()[:100]]
    with pytest.raises(IncompleteError) as info:
        verify(clips, root=tmp_path)
    exc = info.value
    assert isinstance(exc, RavdessError)
    assert (exc.root, exc.n_found, exc.n_expected) == (tmp_path, 100, 1440)
    assert "limit=..." in str(exc) and "limit" not in exc.listing
    assert str(exc).startswith(exc.listing) and "1340 missing" in exc.listing
