"""The evaluation protocols (baselines/evaluation/protocols.py)."""

import os

import numpy as np
import pytest
from sklearn.model_selection import GroupKFold, StratifiedKFold

from baselines.evaluation.protocols import (EMOBOX_FOLDS, PROTOCOL_NAMES, check_disjoint_actors,
                                            get_protocol, speaker_splits)
from baselines.synthetic import make_ravdess_like


@pytest.fixture(scope="module")
def data():
    fs = make_ravdess_like(n_features=3)
    return fs.y, fs.actors


def test_emobox_folds_partition_the_24_actors():
    actors = [a for fold in EMOBOX_FOLDS for a in fold]
    assert sorted(actors) == list(range(1, 25)) and all(len(f) == 4 for f in EMOBOX_FOLDS)


def test_speaker_folds_hold_out_exactly_the_published_actors(data):
    y, actors = data
    splits = get_protocol("speaker").outer_splits(y, actors)
    assert len(splits) == 6
    tested = np.concatenate([test for _, test in splits])
    assert sorted(tested.tolist()) == list(range(len(y)))  # every clip tested exactly once
    for (train, test), held_out in zip(splits, EMOBOX_FOLDS):
        assert set(actors[test].tolist()) == set(held_out)
        assert not set(actors[train].tolist()) & set(held_out)
        assert len(test) == 4 * 60 and len(train) == 20 * 60


def test_seed_split_is_the_notebooks_80_20_and_mixes_speakers(data):
    y, actors = data
    (train, test), = get_protocol("seed").outer_splits(y, actors)
    assert (len(train), len(test)) == (1152, 288)
    assert not set(train.tolist()) & set(test.tolist())
    # random over clips: every actor ends up on both sides, which is what makes it speaker-dependent
    assert set(actors[test].tolist()) == set(actors[train].tolist()) == set(range(1, 25))
    again = get_protocol("seed").outer_splits(y, actors, random_state=123)[0]
    np.testing.assert_array_equal(again[1], test)  # fixed by random_state=69, not by ours


def test_random5_is_stratified(data):
    y, actors = data
    splits = get_protocol("random5").outer_splits(y, actors)
    assert len(splits) == 5
    for _, test in splits:
        counts = {label: int((y[test] == label).sum()) for label in set(y.tolist())}
        assert counts["neutral"] in (19, 20) and all(c in (38, 39) for k, c in counts.items()
                                                      if k != "neutral")


def test_inner_cv_is_grouped_only_under_speaker(data):
    y, actors = data
    assert isinstance(get_protocol("speaker").inner_cv(), GroupKFold)
    assert isinstance(get_protocol("random5").inner_cv(), StratifiedKFold)
    for train, val in get_protocol("speaker").inner_cv().split(y, y, groups=actors):
        check_disjoint_actors(actors, train, val)


def test_leakage_and_bad_names_are_reported():
    actors = np.array([1, 1, 2, 2])
    with pytest.raises(AssertionError, match=r"actors \[2\]"):
        check_disjoint_actors(actors, np.array([0, 2]), np.array([3]))
    with pytest.raises(ValueError, match="unknown protocol 'speakers'.*speaker"):
        get_protocol("speakers")
    with pytest.raises(ValueError, match=r"held-out actors \(1, 11, 20, 21\)"):
        speaker_splits(np.array([2, 3, 4]))
    assert PROTOCOL_NAMES == ("seed", "random5", "speaker", "grouped")


def test_on_ravdess_only_speaker_folds_keep_the_twice_stored_recording_together():
    # lesson 21: one recording of actor 7 is stored under two names (lesson 10)
    if not os.environ.get("RAVDESS_DIR"):
        pytest.skip("RAVDESS_DIR is not set: point it at the folder holding Actor_01 ... Actor_24")
    from features.ravdess import DUPLICATE_PAIRS, discover

    clips, _ = discover(os.environ["RAVDESS_DIR"])  # the row order load_dataset uses
    y = np.array([c.emotion for c in clips])
    actors = np.array([c.actor for c in clips])
    twins = [i for i, c in enumerate(clips) if c.stem in DUPLICATE_PAIRS[0]]
    assert len(twins) == 2

    def separated(protocol):
        return sum(len(set(twins) & set(test.tolist())) == 1
                   for _, test in get_protocol(protocol).outer_splits(y, actors))

    assert (separated("seed"), separated("random5"), separated("speaker")) == (1, 2, 0)
