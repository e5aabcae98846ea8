"""Checks of lessons/exercises/16_pooling.py: hand-worked frames, and features.pooling.pool."""

import numpy as np

from baselines.course.exercises import CheckFailed, Task
from features.pooling import pool


def check_active(student):
    rms_db = np.array([-90.0, -60.0, -20.0, -35.0, -59.9, -60.1, -100.0])
    expected = np.array([False, True, True, True, True, False, False])  # loudest -20: keep >= -60
    got = np.asarray(student.active_frames(rms_db))
    if got.shape != expected.shape or got.dtype != bool:
        raise CheckFailed(f"active_frames returned {got.dtype} of shape {got.shape}; expected a "
                          f"boolean mask of shape {expected.shape}")
    if not np.array_equal(got, expected):
        raise CheckFailed(f"active_frames: frame {int(np.argmax(got != expected))} is on the wrong "
                          f"side of the threshold")
    got = np.asarray(student.active_frames(rms_db + 30.0, threshold_db=10.0))
    if not np.array_equal(got, rms_db >= -30.0):
        raise CheckFailed("active_frames ignores threshold_db, or measures from a fixed level "
                          "rather than the clip's loudest frame")


def check_pool(student):
    rng = np.random.default_rng(0)
    block = rng.normal(size=(3, 11)) * [[1.0], [10.0], [0.1]]  # (n_rows, n_frames), not square
    active = rng.random(11) < 0.6
    active[[0, 4]] = True, False
    mean, std = pool([("x", block, None)], stats=("mean",), frames=active)[0], \
        pool([("x", block, None)], stats=("std",), frames=active)[0]
    got = student.pool_mean_std(block, active)
    if len(got) != 2:
        raise CheckFailed("pool_mean_std must return a pair (mean, std)")
    for name, ours, theirs in (("mean", got[0], mean), ("std", got[1], std)):
        ours = np.asarray(ours, dtype=float)
        if ours.shape != theirs.shape:
            raise CheckFailed(f"the {name} has shape {ours.shape}; expected {theirs.shape}, one "
                              f"number per row")
        bad = np.nonzero(~np.isclose(ours, theirs))[0]
        if bad.size:
            raise CheckFailed(f"the {name} of row {bad[0]} differs from features.pooling.pool "
                              f"over the same active frames")


TASKS = [
    Task("active_frames", "the frames within 40 dB of the loudest", check_active),
    Task("pool_mean_std", "mean and std of each row over the active frames (L16.3, L16.4)",
         check_pool),
]
