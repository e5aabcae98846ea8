"""Checks of lessons/exercises/23_metrics.py, against sklearn.metrics."""

import numpy as np
from sklearn import metrics as skm

from baselines.course.exercises import CheckFailed, Task

LABELS = ["neutral", "calm", "happy", "sad", "angry"]


def _predictions(seed):
    """Imbalanced truth (neutral has half the clips), a classifier biased towards sad."""
    rng = np.random.default_rng(seed)
    y_true = np.array(LABELS)[np.r_[np.zeros(10, int), np.repeat(np.arange(1, 5), 20)]]
    y_pred = y_true.copy()
    flip = rng.random(y_true.size) < 0.45
    y_pred[flip] = rng.choice(["calm", "happy", "sad", "angry"], flip.sum(), p=[0.1, 0.2, 0.6, 0.1])
    return y_true, y_pred


def check_confusion(student):
    y_true, y_pred = _predictions(0)
    labels = ["sad", "neutral", "angry", "calm", "happy"]  # not alphabetical, not code order
    expected = skm.confusion_matrix(y_true, y_pred, labels=labels)
    got = np.asarray(student.confusion_matrix(y_true, y_pred, labels))
    if got.shape != expected.shape:
        raise CheckFailed(f"shape {got.shape}; expected {expected.shape} (K, K)")
    if not np.array_equal(got, expected):
        i, j = np.argwhere(got != expected)[0]
        raise CheckFailed(f"entry [{i}, {j}] ({labels[i]} row, {labels[j]} column) is "
                          f"{got[i, j]}; count the clips that are {labels[i]} and were called "
                          f"{labels[j]}")


def check_macro_f1(student):
    for seed in (0, 1):
        y_true, y_pred = _predictions(seed)
        if seed == 1:
            y_pred[y_pred == "neutral"] = "sad"  # neutral never predicted: precision 0 / 0
        C = skm.confusion_matrix(y_true, y_pred, labels=LABELS)
        expected = skm.f1_score(y_true, y_pred, labels=LABELS, average="macro", zero_division=0)
        got = student.macro_f1(C)
        if not np.isfinite(got) or not np.isclose(got, expected):
            raise CheckFailed(f"macro_f1 = {got:.4f} on a 5-class matrix; scikit-learn's "
                              f"average='macro' gives a different number")


def check_balanced(student):
    y_true, y_pred = _predictions(2)
    C = skm.confusion_matrix(y_true, y_pred, labels=LABELS)
    expected = skm.balanced_accuracy_score(y_true, y_pred)
    got = student.balanced_accuracy(C)
    if not np.isclose(got, expected):
        raise CheckFailed(f"balanced_accuracy = {got:.4f}; scikit-learn's balanced_accuracy_score "
                          f"gives a different number")


TASKS = [
    Task("confusion_matrix", "count true x predicted pairs, rows = true (L23.1)", check_confusion),
    Task("macro_f1", "macro-F1 from a confusion matrix (L23.3-L23.5)", check_macro_f1),
    Task("balanced_accuracy", "the mean recall over classes (L23.7)", check_balanced),
]
