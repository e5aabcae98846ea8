"""Lesson 26 exercises: is one model better than another over the same folds?

Write the bodies, then run ``audio-mlp exercises check 26``. You may use scipy.stats for the
distributions (``scipy.stats.t``, ``scipy.stats.binomtest``), not for the tests themselves.
"""

import numpy as np
from scipy import stats


def sign_test(a, b):
    """Two-sided sign test of "a and b are equally likely to win a fold".

    a, b: (k,) per-fold scores of two models on the same folds. Drop the ties; under the null
    hypothesis the number of folds a wins is Binomial(n_untied, 1/2). Returns the p-value.
    """
    raise NotImplementedError


def corrected_t_test(differences, n_train, n_test):
    """Nadeau and Bengio's corrected resampled t-test (L26.1). Returns (t, two-sided p).

    differences: (k,) per-fold score differences d_i; n_train, n_test: rows in each fold's
    training and test parts. t = mean(d) / sqrt((1/k + n_test/n_train) * s^2), with s^2 the
    sample variance of d (ddof 1); p from Student's t with k - 1 degrees of freedom.
    """
    raise NotImplementedError
