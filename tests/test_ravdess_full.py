"""The whole RAVDESS speech set: every clip parsed, checked and extracted (needs RAVDESS_DIR).

One extraction per preset is shared by all tests (session fixtures, cache in a temporary folder).
"""

import os
import warnings
from collections import Counter
from pathlib import Path

import librosa
import numpy as np
import pytest
import soundfile

from features import load_dataset
from features.presets import notebook_seed_features
from features.ravdess import DUPLICATE_PAIRS, discover, verify, verify_manifest

pytestmark = pytest.mark.skipif(not os.environ.get("RAVDESS_DIR"),
                                reason="RAVDESS_DIR is not set: these tests need the full data set")

COUNTS = {"neutral": 96, "calm": 192, "happy": 192, "sad": 192, "angry": 192, "fearful": 192,
          "disgust": 192, "surprised": 192}


@pytest.fixture(scope="session")
def root():
    return Path(os.environ["RAVDESS_DIR"])


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("feature-cache")


@pytest.fixture(scope="session")
def seed_set(root, cache_dir):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the duplicate-pair note; checked below
        return load_dataset(root, preset="seed", n_jobs=2, cache_dir=cache_dir, progress=False)


@pytest.fixture(scope="session")
def default_set(root, cache_dir):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_dataset(root, preset="default", n_jobs=2, cache_dir=cache_dir, progress=False)


def test_every_name_parses_and_the_set_is_complete(root):
    clips, problems = discover(root)
    assert problems == []
    assert verify(clips, problems).startswith("1440 clips, 24 actors x 60")
    assert Counter(c.emotion for c in clips) == COUNTS
    assert Counter(c.actor for c in clips) == {a: 60 for a in range(1, 25)}
    assert Counter(c.gender for c in clips) == {"male": 720, "female": 720}
    channels = Counter(soundfile.info(c.path).channels for c in clips)
    assert channels == {1: 1435, 2: 5}


def test_manifest_checksums_match(root):
    if not (root / "MANIFEST.tsv").is_file():
        pytest.skip("no MANIFEST.tsv in RAVDESS_DIR (the official WAV release has none)")
    assert verify_manifest(root) == []


def check(fs, n_features):
    assert fs.X.shape == (1440, n_features) and len(fs.feature_names) == n_features
    assert np.all(np.isfinite(fs.X)) and fs.skipped == []
    assert Counter(fs.y.tolist()) == COUNTS
    assert Counter(fs.actors.tolist()) == {a: 60 for a in range(1, 25)}
    assert [c.emotion for c in fs.clips] == fs.y.tolist()


def test_seed_preset_on_all_clips(seed_set):
    check(seed_set, 180)


def test_default_preset_on_all_clips(default_set):
    check(default_set, 230)


def test_seed_rows_equal_the_notebooks_librosa_calls(seed_set):
    stereo = [i for i, c in enumerate(seed_set.clips) if soundfile.info(c.path).channels == 2]
    one_per_actor = list(range(7, 1440, 60))  # a different emotion/statement position per actor
    for i in stereo + one_per_actor:
        # librosa's own loading (mono by averaging, native rate), then the notebook's three calls
        expected = notebook_seed_features(*librosa.load(seed_set.clips[i].path, sr=None))
        row = seed_set.X[i]
        np.testing.assert_allclose(row[:12], expected[:12], atol=1e-5, err_msg=str(seed_set.clips[i].path))
        np.testing.assert_allclose(row[12:140], expected[12:140], rtol=1e-4, atol=1e-9)
        np.testing.assert_allclose(row[140:], expected[140:], atol=2e-3)


def test_the_duplicated_recording_gives_identical_rows_in_one_actor(seed_set, default_set):
    for fs in (seed_set, default_set):
        stems = [c.stem for c in fs.clips]
        for a, b in DUPLICATE_PAIRS:
            i, j = stems.index(a), stems.index(b)
            np.testing.assert_array_equal(fs.X[i], fs.X[j])
            assert fs.actors[i] == fs.actors[j]  # actor-grouped splits keep them in one fold
        assert any("same recording" in note for note in fs.notes)


def test_a_warm_cache_serves_the_same_matrix(root, cache_dir, seed_set):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        again = load_dataset(root, preset="seed", cache_dir=cache_dir, progress=False)
    assert again.from_cache and again.cache_path == seed_set.cache_path
    np.testing.assert_array_equal(again.X, seed_set.X)
    assert [c.path for c in again.clips] == [c.path for c in seed_set.clips]


@pytest.mark.parametrize("preset", ["default", "seed"])
def test_real_clips_give_the_same_bits_with_one_or_two_blas_threads(root, preset):
    from threadpoolctl import threadpool_limits

    from features.audio import load_audio
    from features.presets import PRESETS

    paths = sorted(root.glob("Actor_0[1-5]/*"))[::15][:10]  # ten clips of five actors
    assert len(paths) == 10
    for path in paths:
        y, sr = load_audio(path, sr=PRESETS[preset].sr)
        with threadpool_limits(limits=1):
            one, _ = PRESETS[preset].extract(y, sr)
        with threadpool_limits(limits=2):
            two, _ = PRESETS[preset].extract(y, sr)
        np.testing.assert_array_equal(one, two, err_msg=str(path))
