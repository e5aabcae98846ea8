"""Reference solutions to lessons/exercises/26_significance.py."""

import numpy as np
from scipy import stats


def sign_test(a, b):
    """Count wins and losses, ties dropped; a two-sided binomial test at 1/2."""
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    wins, losses = int(np.sum(d > 0)), int(np.sum(d < 0))
    return float(stats.binomtest(wins, wins + losses, 0.5, alternative="two-sided").pvalue)


def corrected_t_test(differences, n_train, n_test):
    """(L26.1): the variance inflated by n_test / n_train for the overlapping training sets."""
    d = np.asarray(differences, dtype=float)
    k = d.size
    t = d.mean() / np.sqrt((1 / k + n_test / n_train) * d.var(ddof=1))  # (L26.1)
    p = 2 * stats.t.sf(abs(t), df=k - 1)
    return float(t), float(p)
