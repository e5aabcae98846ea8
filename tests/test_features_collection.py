"""Your own audio: the three layouts, patterns, bad input, the cache, and RAVDESS seen as folders."""

import os
import warnings
from pathlib import Path

import numpy as np
import pytest
import soundfile

from features.audio import load_audio
from features.collection import CollectionError, Recording, detect_layout, read_layout
from features.collection_dataset import CollectionSet, group_codes, load_collection
from features.dataset import BadClipWarning, ExtractionError
from features.presets import PRESETS
from features.synthetic_corpus import class_name, make_corpus, write_manifest

GROUP = r"^(?P<group>[^_]+)_"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """3 classes x 3 groups x 2 clips: mixed rates (8, 44.1, 96 kHz) and formats, one stereo file."""
    root = tmp_path_factory.mktemp("corpus") / "sounds"
    paths = make_corpus(root, n_classes=3, n_groups=3, per_group=2, seconds=0.4,
                        sr=[8000, 44100, 96000], suffix=[".wav", ".flac", ".ogg"])
    stereo = root / class_name(0) / "g00_stereo.wav"
    y, sr = soundfile.read(paths[0])
    soundfile.write(stereo, np.column_stack([y, 0.5 * y]), sr)
    (root / "README.txt").write_text("not audio, and not in a class folder")
    (root / class_name(1) / "notes.txt").write_text("not audio")
    return root, sorted(paths + [stereo])


def test_folders_layout_labels_and_no_groups(corpus, tmp_path):
    root, paths = corpus
    assert detect_layout(root) == "folders"
    fs = load_collection(root, cache_dir=tmp_path, progress=False)
    assert isinstance(fs, CollectionSet) and fs.layout == "folders" and not fs.has_groups
    assert [r.path for r in fs.clips] == paths  # README.txt and notes.txt are not clips
    assert fs.y.tolist() == [p.parent.name for p in paths]
    assert fs.classes == [class_name(k) for k in range(3)] and not fs.balanced  # the stereo extra
    assert fs.actors.tolist() == list(range(1, len(paths) + 1))  # one "group" per clip
    assert "folders layout" in fs.summary() and "no groups" in fs.summary()


def test_every_row_is_the_preset_applied_to_its_file(corpus, tmp_path):
    """Any rate, format and channel count: the row equals load_audio + Preset.extract, bit for bit."""
    root, paths = corpus
    fs = load_collection(root, cache_dir=tmp_path, progress=False, n_jobs=2)
    preset = PRESETS["default"]
    for row, record in zip(fs.X, fs.clips):
        expected, names = preset.extract(*load_audio(record.path, sr=preset.sr))
        np.testing.assert_array_equal(row, expected)
    assert fs.feature_names == names


def test_group_and_label_patterns(corpus, tmp_path):
    root, paths = corpus
    fs = load_collection(root, cache_dir=tmp_path, progress=False, group_pattern=GROUP)
    assert fs.groups.tolist() == [p.name.split("_")[0] for p in paths]
    assert fs.actors.tolist() == group_codes(fs.groups).tolist()
    assert set(fs.actors.tolist()) == {1, 2, 3}
    # the label from the file name instead of the folder: here the group plays the label
    fs = load_collection(root, cache_dir=tmp_path, progress=False,
                         label_pattern=r"^(?P<label>g\d\d)_")
    assert fs.classes == ["g00", "g01", "g02"]
    with pytest.raises(CollectionError, match="named group"):
        load_collection(root, cache_dir=tmp_path, group_pattern=r"^(g\d\d)_")
    with pytest.raises(CollectionError, match=r"g00_0000.wav: the group pattern .* does not match"):
        load_collection(root, cache_dir=tmp_path, group_pattern=r"^(?P<group>x)_")


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_manifest_layout_with_groups_matches_folders(corpus, tmp_path, suffix):
    root, paths = corpus
    folder = tmp_path / "m"
    folder.mkdir()
    # the manifest lives elsewhere: its paths are relative to its own folder
    for p in paths:
        link = folder / p.relative_to(root)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(p)
    manifest = write_manifest(folder / f"list{suffix}", sorted(folder.rglob("g*_*.*")))
    assert detect_layout(manifest) == "manifest" and detect_layout(folder) == "manifest"
    by_manifest = load_collection(manifest, cache_dir=tmp_path / "c", progress=False)
    by_folders = load_collection(root, cache_dir=tmp_path / "c", progress=False,
                                 group_pattern=GROUP)
    assert by_manifest.layout == "manifest" and by_manifest.has_groups
    np.testing.assert_array_equal(by_manifest.X, by_folders.X)
    assert by_manifest.y.tolist() == by_folders.y.tolist()
    assert by_manifest.groups.tolist() == by_folders.groups.tolist()
    # --layout overrides the detection: the same folder read as one sub-folder per class
    assert load_collection(folder, layout="folders", cache_dir=tmp_path / "c",
                           progress=False).layout == "folders"


def manifest(tmp_path, rows, header="path,label,group"):
    path = tmp_path / "list.csv"
    path.write_text("\n".join([header] + rows) + "\n")
    return path


def test_manifest_errors_name_the_row_or_class(corpus, tmp_path):
    root, paths = corpus
    rel = [os.path.relpath(p, tmp_path) for p in paths]
    with pytest.raises(CollectionError, match=r"line 3: the file nothere.wav does not exist"):
        read_layout(manifest(tmp_path, [f"{rel[0]},a,g1", "nothere.wav,a,g1"]))
    with pytest.raises(CollectionError, match=r"line 2: the label cell is empty"):
        read_layout(manifest(tmp_path, [f"{rel[0]},,g1", f"{rel[1]},a,g1"]))
    with pytest.raises(CollectionError, match=r"\['b'\] have a single recording"):
        read_layout(manifest(tmp_path, [f"{rel[0]},a,g1", f"{rel[1]},a,g2", f"{rel[2]},b,g1"]))
    with pytest.raises(CollectionError, match="1 class.*at least two"):
        read_layout(manifest(tmp_path, [f"{rel[0]},a,g1", f"{rel[1]},a,g2"]))
    with pytest.raises(CollectionError, match="has no group but others have one"):
        read_layout(manifest(tmp_path, [f"{rel[0]},a,g1", f"{rel[1]},a,", f"{rel[2]},b,g1",
                                        f"{rel[3]},b,g2"]))
    with pytest.raises(CollectionError, match=r"lacks the column\(s\) \['label'\]"):
        read_layout(manifest(tmp_path, [f"{rel[0]}"], header="path"))
    with pytest.raises(CollectionError, match="layout='zip'"):
        load_collection(root, layout="zip")


def broken_corpus(root):
    make_corpus(root, n_classes=2, n_groups=1, per_group=3, seconds=0.3)
    bad = {"empty.wav": b"", "garbage.wav": b"RIFF not really a wave file"}
    for name, content in bad.items():
        (root / class_name(0) / name).write_bytes(content)
    soundfile.write(root / class_name(1) / "silent.wav", np.zeros(8000, np.float32), 16000)
    soundfile.write(root / class_name(1) / "short.wav", 0.1 * np.ones(800, np.float32), 16000)
    return ["empty.wav", "garbage.wav", "silent.wav", "short.wav"]


def test_bad_files_are_named_and_skipped_or_refused(tmp_path):
    root = tmp_path / "broken"
    names = broken_corpus(root)
    with pytest.warns(BadClipWarning) as caught:
        fs = load_collection(root, cache_dir=tmp_path / "c", progress=False)
    message = str(caught[0].message)
    assert all(name in message for name in names) and "4 of 10 files skipped" in message
    assert "too short" in message and "silent" in message
    assert len(fs.clips) == 6 and {Path(p).name for p, _ in fs.skipped} == set(names)
    assert fs.cache_path is None  # a run that skipped files is not cached
    with pytest.raises(ExtractionError, match=r"(empty|garbage)\.wav"):
        load_collection(root, cache_dir=tmp_path / "c", progress=False, strict=True)


def test_skipping_that_leaves_a_single_clip_in_a_class_is_an_error(tmp_path):
    root = tmp_path / "few"
    make_corpus(root, n_classes=2, n_groups=1, per_group=2, seconds=0.3)
    (root / class_name(0) / "g00_0001.wav").write_bytes(b"")  # one of class 0's two clips
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BadClipWarning)
        with pytest.raises(CollectionError, match=r"after skipping.*\['c00_tone'\] have a single"):
            load_collection(root, cache_dir=tmp_path / "c", progress=False)


def test_the_cache_serves_every_layout(corpus, tmp_path):
    root, _ = corpus
    first = load_collection(root, cache_dir=tmp_path, progress=False, group_pattern=GROUP)
    again = load_collection(root, cache_dir=tmp_path, progress=False, group_pattern=GROUP)
    assert not first.from_cache and again.from_cache and first.cache_path == again.cache_path
    np.testing.assert_array_equal(first.X, again.X)


def test_a_cache_that_cannot_be_written_keeps_the_extraction(corpus, tmp_path, monkeypatch):
    """As for RAVDESS (load_dataset): the same cached extraction serves every layout, so a failed
    write costs a warning naming the entry, never the features (it raised before)."""
    import features.cache

    def fail(path, write):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(features.cache, "write_atomic", fail)
    root, paths = corpus
    with pytest.warns(UserWarning, match=r"could not write the feature cache .*No space left"):
        fs = load_collection(root, cache_dir=tmp_path / "c", progress=False)
    assert fs.X.shape[0] == len(paths) and np.all(np.isfinite(fs.X)) and fs.cache_path is None


def test_records_are_plain_values():
    r = Recording(Path("a.wav"), "dog", None)
    assert (r.label, r.group) == ("dog", None)


@pytest.mark.skipif(not os.environ.get("RAVDESS_DIR"), reason="RAVDESS_DIR is not set")
def test_ravdess_as_folders_gives_the_same_vectors(tmp_path):
    """A folder-per-emotion view of RAVDESS (symlinks) gives every clip the vector it has as RAVDESS."""
    ravdess = load_collection(os.environ["RAVDESS_DIR"], preset="seed", limit=16,
                              cache_dir=tmp_path, progress=False)
    assert ravdess.layout == "ravdess" and ravdess.groups.tolist() == ravdess.actors.astype(str).tolist()
    view = tmp_path / "by_emotion"
    for clip in ravdess.clips:
        link = view / clip.emotion / f"actor{clip.actor:02d}_{clip.path.name}"
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(clip.path)
    folders = load_collection(view, preset="seed", cache_dir=tmp_path, progress=False,
                              group_pattern=r"^actor(?P<group>\d\d)_")
    assert folders.layout == "folders"
    row = {Path(r.path).resolve(): x for r, x in zip(folders.clips, folders.X)}
    for clip, x in zip(ravdess.clips, ravdess.X):
        np.testing.assert_array_equal(row[clip.path.resolve()], x)
    by_path = {Path(r.path).resolve(): (r.label, int(r.group)) for r in folders.clips}
    assert all(by_path[c.path.resolve()] == (c.emotion, c.actor) for c in ravdess.clips)


def test_short_and_long_recordings(tmp_path):
    """0.12 s (just above the 0.1 s minimum) to a minute and a half, 8 kHz mono to 96 kHz stereo."""
    from features.synthetic_corpus import synth

    rng = np.random.default_rng(0)
    root = tmp_path / "lengths"
    for label, (seconds, sr, channels) in {"short": (0.12, 96000, 2), "long": (90.0, 8000, 1)}.items():
        for i in range(2):
            y = synth("tone" if label == "short" else "chirp", freq=300 + 50 * i, sr=sr,
                      seconds=seconds, rng=rng)
            (root / label).mkdir(parents=True, exist_ok=True)
            soundfile.write(root / label / f"{i}.flac", np.tile(y[:, None], channels), sr)
    fs = load_collection(root, cache_dir=tmp_path / "c", progress=False)
    assert fs.X.shape == (4, 230) and np.all(np.isfinite(fs.X)) and not fs.skipped
