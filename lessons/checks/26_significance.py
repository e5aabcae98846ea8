"""Checks of lessons/exercises/26_significance.py: hand-worked examples, and scipy's paired
t-test, which the corrected test becomes when n_test / n_train -> 0."""

import numpy as np
from scipy import stats

from baselines.course.exercises import CheckFailed, Task


def check_sign(student):
    cases = [  # (a, b, p by hand)
        ([0.6, 0.7, 0.5, 0.8, 0.6, 0.7], [0.5, 0.6, 0.6, 0.7, 0.5, 0.6], 14 / 64),  # 5 of 6: 2 (1 + 6) / 2^6
        ([1, 2, 3, 3], [0, 1, 2, 3], 2 / 8),                                    # a tie dropped: 3 of 3
        ([1, 1, 1, 1, 1, 1], [0, 0, 0, 0, 0, 0], 2 / 64),                       # 6 of 6, two-sided
    ]
    for a, b, expected in cases:
        got = student.sign_test(np.array(a), np.array(b))
        if not np.isclose(got, expected):
            raise CheckFailed(f"sign_test({a}, {b}) = {got:.4f}; counting wins and losses by hand "
                              f"gives another p-value")


def check_corrected(student):
    t, p = student.corrected_t_test([1.0, 2.0, 3.0], n_train=2, n_test=1)
    # by hand: mean 2, s^2 = 1, (1/3 + 1/2) * 1 = 5/6, t = 2 / sqrt(5/6) = 2.19089
    if not np.isclose(t, 2 / np.sqrt(5 / 6)):
        raise CheckFailed(f"corrected_t_test([1, 2, 3], n_train=2, n_test=1) gives t = {t:.4f}; "
                          f"work it by hand from (L26.1)")
    if not np.isclose(p, 2 * stats.t.sf(2 / np.sqrt(5 / 6), df=2)):
        raise CheckFailed(f"t is right but p = {p:.4f}: two-sided, Student's t with k - 1 "
                          f"degrees of freedom")
    rng = np.random.default_rng(0)
    a, b = rng.normal(0.6, 0.05, 6), rng.normal(0.58, 0.05, 6)
    t, p = student.corrected_t_test(a - b, n_train=1, n_test=0)
    expected = stats.ttest_rel(a, b)
    if not (np.isclose(t, expected.statistic) and np.isclose(p, expected.pvalue)):
        raise CheckFailed("with n_test = 0 the correction vanishes and the test must equal the "
                          "paired t-test (scipy.stats.ttest_rel); yours does not")


TASKS = [
    Task("sign_test", "the two-sided sign test over folds, ties dropped", check_sign),
    Task("corrected_t_test", "Nadeau and Bengio's corrected resampled t-test (L26.1)",
         check_corrected),
]
