"""Reference solutions to lessons/exercises/21_protocols.py."""

import numpy as np


def speaker_kfold(actors, n_splits):
    """Greedy: the largest actor first, each to the currently smallest fold."""
    actors = np.asarray(actors)
    names, counts = np.unique(actors, return_counts=True)
    fold_of, sizes = {}, np.zeros(n_splits, int)
    for i in np.argsort(-counts, kind="stable"):  # most clips first
        smallest = int(np.argmin(sizes))
        fold_of[names[i]] = smallest
        sizes[smallest] += counts[i]
    folds = np.array([fold_of[a] for a in actors])  # (n_clips,): the test fold of every clip
    return [(np.nonzero(folds != k)[0], np.nonzero(folds == k)[0]) for k in range(n_splits)]


def fold_standardise(X, train, test):
    """mu and sigma from X[train] only (L16.5)."""
    mu = X[train].mean(axis=0)
    sigma = X[train].std(axis=0)
    return (X[train] - mu) / sigma, (X[test] - mu) / sigma
