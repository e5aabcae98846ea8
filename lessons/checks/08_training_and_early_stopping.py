"""Checks of lessons/exercises/08_training_and_early_stopping.py: cases worked by hand, and
random sequences against mlp's stopping rules, which the parity tests hold to scikit-learn's
(tests/test_estimator_parity.py)."""

import numpy as np

from baselines.course.exercises import CheckFailed, Task
from mlp.early_stopping import EarlyStopping, LossPlateau


def check_plateau(student):
    cases = [  # (losses, tol, n_iter_no_change, flags), worked by hand
        ([1.0, 0.75, 0.5], 0.25, 0, [False, False, False]),   # exactly tol better: improvements
        ([1.0, 0.875, 0.75], 0.25, 1, [False, False, True]),  # each less than tol better
        ([1.0, 0.9, 0.8, 0.1, 0.05], 0.25, 1, [False, False, True, False, False]),
        ([1.0, 1.0, 1.0, 1.0], 0.0, 2, [False, False, False, False]),  # tol 0: a tie improves
    ]
    rng = np.random.default_rng(60)
    for _ in range(20):
        losses = list(np.round(np.cumsum(rng.choice([-0.5, -0.25, -0.125, 0.0, 0.25], 12)) + 5,
                               3))
        tol, patience = float(rng.choice([0.0, 0.125, 0.25])), int(rng.integers(1, 4))
        rule = LossPlateau(tol=tol, n_iter_no_change=patience)
        cases.append((losses, tol, patience, [rule.update(loss) for loss in losses]))
    for losses, tol, patience, expected in cases:
        got = [bool(flag) for flag in student.plateau_flags(list(losses), tol, patience)]
        if got != expected:
            epoch = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), len(got))
            raise CheckFailed(f"plateau_flags({losses}, tol={tol}, n_iter_no_change={patience})"
                              f" is wrong from epoch {epoch} on: {got}")


def _reference(scores, tol, patience):
    rule = EarlyStopping(tol=tol, n_iter_no_change=patience)
    stop = None
    for epoch, score in enumerate(scores):
        if rule.update(score, [np.full(1, float(epoch))]):
            stop = epoch
            break
    return stop, int(rule.best_params[0][0])


def check_early_stopping(student):
    cases = [  # (scores, tol, n_iter_no_change, (stop_epoch, best_epoch)), worked by hand
        ([0.5, 0.7, 0.7, 0.6, 0.6], 0.0, 2, (None, 1)),      # the tie is an improvement
        ([0.5, 0.7, 0.6, 0.6, 0.6, 0.9], 0.0, 2, (4, 1)),    # the 0.9 comes too late
        ([0.5, 0.7, 0.75, 0.6], 0.1, 1, (3, 2)),             # 0.75 is a stall, but the best
        ([0.5, 0.6, 0.7], 0.0, 1, (None, 2)),
    ]
    rng = np.random.default_rng(61)
    for _ in range(20):
        scores = list(np.round(rng.choice([0.5, 0.6, 0.625, 0.7, 0.75], 10), 3))
        tol, patience = float(rng.choice([0.0, 0.0625])), int(rng.integers(1, 4))
        cases.append((scores, tol, patience, _reference(scores, tol, patience)))
    for scores, tol, patience, expected in cases:
        got = student.early_stopping_epochs(list(scores), tol, patience)
        got = tuple(None if e is None else int(e) for e in got)
        if got != expected:
            which = "stop epoch" if got[0] != expected[0] else "restored epoch"
            raise CheckFailed(f"early_stopping_epochs({scores}, tol={tol}, n_iter_no_change="
                              f"{patience}): wrong {which}, you return {got}")


TASKS = [
    Task("plateau_flags", "the training-loss plateau rule (L8.2)", check_plateau),
    Task("early_stopping_epochs", "early stopping on a validation score, and the epoch restored "
         "(L8.3)", check_early_stopping),
]
