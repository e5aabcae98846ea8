"""Lesson 08 exercises: the two stopping rules, written as plain functions of a list.

Write the bodies, then run ``audio-mlp exercises check 08``. Epochs are numbered from 0.
"""

import numpy as np


def plateau_flags(losses, tol, n_iter_no_change):
    """The training-loss rule  (L8.2): after each epoch's loss, does the rule fire?

    An epoch brings no improvement when its loss > best_loss - tol, with best_loss the lowest
    loss of the epochs before it (inf at the start); a good epoch resets the count of epochs
    without improvement; the rule fires when that count exceeds n_iter_no_change.
    Returns a list of bools, one per epoch (the rule keeps counting after it fires).
    """
    raise NotImplementedError


def early_stopping_epochs(scores, tol, n_iter_no_change):
    """The validation-score rule  (L8.3), fed one score per epoch until it fires.

    An epoch brings no improvement when its score < best_score + tol (best_score: the highest
    score so far, -inf at the start); the rule fires when the count of such epochs in a row
    exceeds n_iter_no_change, and training stops at that epoch. The parameters kept are those of
    the first epoch that reached the highest score seen until then.
    Returns (stop_epoch, best_epoch): the epoch the rule fired at (None if it never did), and the
    epoch whose parameters are restored.
    """
    raise NotImplementedError
