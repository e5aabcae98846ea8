"""Checks of lessons/exercises/21_protocols.py: the split's invariants and sklearn's GroupKFold;
the scaling against StandardScaler fit on the training rows."""

import numpy as np
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

from baselines.course.exercises import CheckFailed, Task


def _actors():
    rng = np.random.default_rng(0)
    counts = rng.integers(20, 61, 13)  # 13 actors with 20-60 clips each, shuffled order
    actors = np.repeat(np.arange(1, 14), counts)
    return actors[rng.permutation(actors.size)]


def check_kfold(student):
    actors = _actors()
    n = actors.size
    for k in (3, 5):
        splits = list(student.speaker_kfold(actors, k))
        if len(splits) != k:
            raise CheckFailed(f"speaker_kfold(..., {k}) gave {len(splits)} splits")
        tested = np.zeros(n, int)
        for i, (train, test) in enumerate(splits):
            train, test = np.asarray(train), np.asarray(test)
            both = set(actors[train].tolist()) & set(actors[test].tolist())
            if both:
                raise CheckFailed(f"fold {i} of {k}: actor {sorted(both)[0]} is on both sides")
            if len(np.intersect1d(train, test)) or len(train) + len(test) != n:
                raise CheckFailed(f"fold {i} of {k}: training and test rows must partition the "
                                  f"{n} clips")
            tested[test] += 1
        if np.any(tested != 1):
            s = int(np.argmax(tested != 1))
            raise CheckFailed(f"with {k} folds, clip {s} is tested {tested[s]} times; every clip "
                              f"must be tested exactly once")
        ours = sorted(len(test) for _, test in splits)
        theirs = sorted(len(test) for _, test in GroupKFold(n_splits=k).split(actors, groups=actors))
        if ours != theirs:
            raise CheckFailed(f"with {k} folds your test folds hold {ours} clips; filling the "
                              f"smallest fold with the largest actor first gives {theirs}")


def check_standardise(student):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(50, 4)) * [1.0, 10.0, 0.1, 5.0] + [0.0, 3.0, -2.0, 100.0]
    X[40:] += 7.0  # the test rows differ: a leaky scaler would notice
    train, test = np.arange(40), np.arange(40, 50)
    scaler = StandardScaler().fit(X[train])
    got = student.fold_standardise(X, train, test)
    if len(got) != 2:
        raise CheckFailed("fold_standardise must return (Z_train, Z_test)")
    for name, ours, rows in (("Z_train", got[0], train), ("Z_test", got[1], test)):
        ours = np.asarray(ours, dtype=float)
        expected = scaler.transform(X[rows])
        if ours.shape != expected.shape:
            raise CheckFailed(f"{name} has shape {ours.shape}; expected {expected.shape}")
        if not np.allclose(ours, expected):
            column = int(np.argmax(np.abs(ours - expected).max(axis=0)))
            raise CheckFailed(f"{name}, feature {column}, is not mapped with the mean and std of "
                              f"the training rows")


TASKS = [
    Task("speaker_kfold", "a k-fold split grouped by actor (L21.1)", check_kfold),
    Task("fold_standardise", "standardise with training statistics only (L16.5)",
         check_standardise),
]
