"""Protocols for any labelled data: ``grouped`` splits, and which protocol ``compare`` picks.

RAVDESS has its own ``speaker`` folds (:data:`baselines.evaluation.protocols.EMOBOX_FOLDS`). Your
own data has whatever groups it has (speakers, sessions, recording sites), or none. The ``grouped``
protocol holds out whole groups, so every test fold is made of groups the model never saw:

* 10 groups or fewer: leave-one-group-out, one fold per group (``LeaveOneGroupOut``);
* more: ``GroupKFold`` with k = min(5, number of groups) folds of roughly equal size.

Without groups the honest default is ``random5`` (stratified 5-fold over clips); with groups it is
``grouped``: a random split puts one speaker's clips on both sides and flatters the model
(lesson 21). :func:`default_protocols` makes that choice and says why.

Lesson: lessons/19_your_own_audio.md#evaluating-on-any-data
"""

import numpy as np
from sklearn.model_selection import GroupKFold, LeaveOneGroupOut

LEAVE_ONE_OUT_MAX = 10  # at most this many groups: one fold per group


def grouped_splits(groups):
    """``(train_idx, test_idx)`` pairs holding out whole groups; every row is tested once.

    >>> groups = np.repeat([1, 2, 3], 2)         # 3 groups: leave one group out
    >>> [g.tolist() for _, g in grouped_splits(groups)]
    [[0, 1], [2, 3], [4, 5]]
    >>> len(grouped_splits(np.repeat(np.arange(12), 2)))   # 12 groups: 5 folds
    5
    """
    groups = np.asarray(groups)
    n_groups = len(np.unique(groups))
    if n_groups < 2:
        raise ValueError(f"the grouped protocol needs at least 2 groups; the data has {n_groups}")
    index = np.arange(len(groups))
    if n_groups <= LEAVE_ONE_OUT_MAX:
        splitter = LeaveOneGroupOut()
    else:
        splitter = GroupKFold(n_splits=min(5, n_groups))
    return [(train, test) for train, test in splitter.split(index, groups=groups)]


def check_inner_groups(groups, inner_splits):
    """Raise unless every grouped training part still has ``inner_splits`` groups for the search."""
    n_groups = len(np.unique(groups))
    fewest = n_groups - 1 if n_groups <= LEAVE_ONE_OUT_MAX else n_groups - -(-n_groups // 5)
    if fewest < inner_splits:
        raise ValueError(f"the grouped protocol with {n_groups} groups leaves {fewest} groups in "
                         f"a training part, fewer than the {inner_splits} inner folds of the "
                         "search; lower --inner-splits or use random5")


def default_protocols(has_groups, *, layout):
    """``(protocols, reason)``: what ``compare`` runs when no ``--protocols`` are given.

    >>> default_protocols(True, layout="folders")[0]
    ('grouped',)
    >>> default_protocols(False, layout="manifest")
    (('random5',), 'the data has no groups: random5 (stratified 5-fold over clips)')
    """
    if layout == "ravdess":
        return ("seed", "speaker"), "RAVDESS: the seed hold-out and the EmoBox speaker folds"
    if has_groups:
        return ("grouped",), "the data has groups: grouped (no group in training and test)"
    return ("random5",), "the data has no groups: random5 (stratified 5-fold over clips)"
