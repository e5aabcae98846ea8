"""Reference solutions to lessons/exercises/08_training_and_early_stopping.py."""

import numpy as np


def plateau_flags(losses, tol, n_iter_no_change):
    best, count, flags = np.inf, 0, []
    for loss in losses:
        if loss > best - tol:  # (L8.2)
            count += 1
        else:
            count = 0
        best = min(best, loss)  # the best loss moves on any decrease, however small
        flags.append(count > n_iter_no_change)
    return flags


def early_stopping_epochs(scores, tol, n_iter_no_change):
    best, best_epoch, count = -np.inf, None, 0
    for epoch, score in enumerate(scores):
        if score < best + tol:  # (L8.3)
            count += 1
        else:
            count = 0
        if score > best:  # strictly: a tie keeps the earlier epoch's parameters
            best, best_epoch = score, epoch
        if count > n_iter_no_change:
            return epoch, best_epoch  # training stops here: later scores are never seen
    return None, best_epoch
