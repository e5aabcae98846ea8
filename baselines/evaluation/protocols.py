"""Evaluation protocols: how the clips are split into training and test folds, outer and inner.

* ``seed``: the seed notebook's single random 80/20 hold-out (``train_test_split``, not stratified,
  ``random_state=69``). Every actor is in both parts, so it measures *speaker-dependent* accuracy.
  The notebook's rows came in the order of an unsorted ``glob``, so the same ``random_state``
  draws different clips here: the split has the notebook's size and nature, not its exact clips.
* ``random5``: stratified 5-fold cross-validation over clips; also speaker-dependent.
* ``speaker``: speaker-independent. The six EmoBox folds (:data:`EMOBOX_FOLDS`) each hold out four
  actors; no actor is ever in both the training and the test part of a fold.

Each protocol also says how the *inner* cross-validation (the hyperparameter search inside a
training part) splits: grouped by actor under ``speaker`` (so the search, too, is judged on unseen
speakers), stratified by label otherwise.

Lesson: lessons/21_evaluation_protocols.md
"""

from dataclasses import dataclass
from typing import Callable

import numpy as np
from sklearn.model_selection import GroupKFold, StratifiedKFold, train_test_split

from baselines.evaluation.group_protocols import grouped_splits
from features.registry import lookup

EMOBOX_FOLDS = ((1, 11, 20, 21), (4, 10, 12, 14), (8, 9, 19, 23),
                (3, 5, 7, 24), (2, 15, 16, 18), (6, 13, 17, 22))
"""The published EmoBox speaker-independent folds for RAVDESS: the actors each fold holds out."""

SEED_TEST_SIZE = 0.2
SEED_RANDOM_STATE = 69  # the notebook's train_test_split(..., random_state=69)


def seed_split(y, actors, *, random_state=0):
    """The notebook's one 80/20 hold-out: fixed by ``random_state=69``, whatever ``random_state`` is."""
    index = np.arange(len(y))
    train, test = train_test_split(index, test_size=SEED_TEST_SIZE, random_state=SEED_RANDOM_STATE)
    return [(np.sort(train), np.sort(test))]


def random5_split(y, actors, *, random_state=0):
    """Stratified 5-fold cross-validation over clips, shuffled with ``random_state``."""
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=random_state)
    return list(folds.split(np.arange(len(y)), y))


def grouped_split(y, actors, *, random_state=0):
    """Any data's groups held out whole (lessons/19_your_own_audio.md)."""
    return grouped_splits(actors)


def emobox_split(y, actors, *, random_state=0):
    """The six EmoBox folds of held-out actors (:func:`speaker_splits`); nothing is random."""
    return speaker_splits(actors)


@dataclass(frozen=True)
class Protocol:
    """One way of splitting; :meth:`outer_splits` gives ``(train_idx, test_idx)`` pairs.

    ``split(y, actors, *, random_state)`` is the protocol's behaviour; ``grouped`` says whether
    it splits by actor, which also decides how the inner search splits (:meth:`inner_cv`).
    """

    name: str
    description: str
    grouped: bool  # split by actor (speaker-independent)?
    split: Callable  # (y, actors, *, random_state) -> [(train_idx, test_idx), ...]

    def outer_splits(self, y, actors, *, random_state=0):
        """The outer folds as a list of ``(train_indices, test_indices)``."""
        y, actors = np.asarray(y), np.asarray(actors)
        if y.shape != actors.shape or y.ndim != 1:
            raise ValueError(f"y and actors must be 1-D and equally long; got {y.shape} and "
                             f"{actors.shape}")
        return self.split(y, actors, random_state=random_state)

    def inner_cv(self, *, n_splits=3, random_state=0):
        """The splitter for the search inside a training part (needs ``groups`` if grouped)."""
        if self.grouped:
            return GroupKFold(n_splits=n_splits)
        return StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=random_state)


PROTOCOLS = {p.name: p for p in [
    Protocol("seed", "random 80/20 hold-out (random_state=69), speaker-dependent", False,
             seed_split),
    Protocol("random5", "stratified 5-fold over clips, speaker-dependent", False, random5_split),
    Protocol("speaker", "6 EmoBox folds of 4 held-out actors, speaker-independent", True,
             emobox_split),
    Protocol("grouped", "whole groups held out: leave-one-group-out for <= 10 groups, else "
             "GroupKFold(5)", True, grouped_split),
]}
PROTOCOL_NAMES = tuple(PROTOCOLS)


def get_protocol(name):
    """The :class:`Protocol` called ``name``; a clear error for an unknown one."""
    return lookup(PROTOCOLS, name, what="protocol")


def speaker_splits(actors, folds=EMOBOX_FOLDS):
    """One ``(train_idx, test_idx)`` per fold of held-out actors; checks they are disjoint.

    >>> actors = np.repeat(np.arange(1, 25), 2)   # 24 actors, 2 clips each
    >>> train, test = speaker_splits(actors)[0]
    >>> sorted(set(actors[test].tolist())), len(train)
    ([1, 11, 20, 21], 40)
    """
    actors = np.asarray(actors)
    missing = sorted(set(a for fold in folds for a in fold) - set(actors.tolist()))
    splits = []
    for held_out in folds:
        test_mask = np.isin(actors, held_out)
        if not test_mask.any():
            raise ValueError(f"no clip of the held-out actors {held_out} is in the data "
                             f"(actors missing from the data: {missing})")
        train, test = np.flatnonzero(~test_mask), np.flatnonzero(test_mask)
        check_disjoint_actors(actors, train, test)
        splits.append((train, test))
    return splits


def check_disjoint_actors(actors, train, test):
    """Raise if any actor has clips on both sides of a split (speaker leakage)."""
    shared = np.intersect1d(np.asarray(actors)[train], np.asarray(actors)[test])
    if shared.size:
        raise AssertionError(f"speaker leakage: actors {shared.tolist()} are in training and test")
