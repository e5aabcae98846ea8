"""Lesson 21 exercises: a speaker-independent k-fold split, and scaling inside a fold.

Write the bodies, then run ``audio-mlp exercises check 21``. NumPy only (no sklearn splitters:
the check compares with them).
"""

import numpy as np


def speaker_kfold(actors, n_splits):
    """k-fold cross-validation (L21.1) grouped by actor: no actor on both sides of any split.

    actors: (n_clips,) actor of every clip. Put every actor in exactly one test fold, filling
    the folds so that their sizes (in clips) are as even as whole actors allow: take the actors
    from the most clips to the fewest and give each to the fold with the fewest clips so far.
    Returns a list of ``n_splits`` pairs ``(train_index, test_index)`` of sorted int arrays.
    """
    raise NotImplementedError


def fold_standardise(X, train, test):
    """Standardise (L16.5) with the mean and std of the training rows only.

    X: (n_clips, n_features); train, test: index arrays. Returns (Z_train, Z_test), the rows of
    X[train] and X[test], both mapped with the *training* statistics (std with ddof 0).
    """
    raise NotImplementedError
