"""Reference solutions to lessons/exercises/23_metrics.py."""

import numpy as np


def confusion_matrix(y_true, y_pred, labels):
    """Count (true, predicted) pairs into a K x K table (L23.1)."""
    index = {label: i for i, label in enumerate(labels)}
    C = np.zeros((len(labels), len(labels)), dtype=int)
    for t, p in zip(y_true, y_pred):
        C[index[t], index[p]] += 1  # row: true class, column: predicted
    return C


def _ratio(a, b):
    return np.divide(a, b, out=np.zeros(len(a)), where=b > 0)


def macro_f1(C):
    """Per-class precision (columns) and recall (rows), F1, then the plain mean over classes."""
    C = np.asarray(C, dtype=float)
    diagonal = np.diag(C)
    precision = _ratio(diagonal, C.sum(axis=0))  # (L23.3): over each column
    recall = _ratio(diagonal, C.sum(axis=1))  # (L23.4): over each row
    f1 = _ratio(2 * precision * recall, precision + recall)  # (L23.5)
    return float(f1.mean())


def balanced_accuracy(C):
    """Mean recall."""
    C = np.asarray(C, dtype=float)
    return float(np.mean(np.diag(C) / C.sum(axis=1)))
