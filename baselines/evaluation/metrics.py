"""Metrics from predictions: confusion matrix, precision/recall/F1, accuracy, summaries over folds.

Written out from their definitions (the tests check them against ``sklearn.metrics``):

* confusion matrix C, rows = true class, columns = predicted class; C[i, j] counts clips of class i
  predicted as j                                                              (L23.1)
* accuracy = trace(C) / sum(C)                                                (L23.2)
* precision_j = C[j, j] / sum_i C[i, j]   (of the clips called j, how many are j)   (L23.3)
* recall_j    = C[j, j] / sum_k C[j, k]   (of the clips that are j, how many were found)   (L23.4)
* F1_j = 2 precision_j recall_j / (precision_j + recall_j); macro-F1 = the mean over classes  (L23.5)
* the row-normalised matrix C[i, j] / sum_k C[i, k]: each row sums to 1, its diagonal is the recall  (L23.6)
* balanced accuracy = the mean recall over the classes present in the truth: with unequal
  classes, accuracy rewards the large ones; this weighs every class alike        (L23.7)

Labels are always listed in one fixed order, RAVDESS code order for the emotions
(:func:`label_order`), and the same list names the rows and the columns: the seed notebook's
confusion matrices had alphabetical rows labelled in code order.

Lesson: lessons/23_metrics.md
"""

import numpy as np

from features.ravdess import EMOTIONS


def label_order(*label_arrays):
    """The labels present, emotions in RAVDESS code order first, any others sorted after.

    >>> label_order(np.array(["sad", "angry", "neutral"]))
    ['neutral', 'sad', 'angry']
    """
    present = set()
    for labels in label_arrays:
        present.update(np.asarray(labels).tolist())
    known = [name for name in EMOTIONS.values() if name in present]
    return known + sorted(present - set(known))


def confusion_matrix(y_true, y_pred, labels):
    """Counts, (n_labels, n_labels): rows = true label, columns = predicted label (L23.1)."""
    index = {label: i for i, label in enumerate(labels)}
    unknown = (set(np.asarray(y_true).tolist()) | set(np.asarray(y_pred).tolist())) - set(index)
    if unknown:
        raise ValueError(f"labels {sorted(unknown)} are not in labels={list(labels)}")
    C = np.zeros((len(labels), len(labels)), dtype=int)
    for t, p in zip(np.asarray(y_true).tolist(), np.asarray(y_pred).tolist()):
        C[index[t], index[p]] += 1  # (L23.1)
    return C


def _divide(numerator, denominator):
    """numerator / denominator, 0 where the denominator is 0 (scikit-learn's zero_division=0)."""
    numerator, denominator = np.asarray(numerator, float), np.asarray(denominator, float)
    return np.divide(numerator, denominator, out=np.zeros_like(numerator), where=denominator > 0)


def per_class(C):
    """``(precision, recall, f1, support)``, each (n_labels,), from a confusion matrix."""
    correct = np.diag(C)
    precision = _divide(correct, C.sum(axis=0))  # (L23.3) column sums: predicted as j
    recall = _divide(correct, C.sum(axis=1))  # (L23.4) row sums: truly j
    f1 = _divide(2 * precision * recall, precision + recall)  # (L23.5)
    return precision, recall, f1, C.sum(axis=1)


def normalise_rows(C):
    """Each row divided by its sum (L23.6); an empty row stays 0."""
    return _divide(C, C.sum(axis=1, keepdims=True))  # (n_labels, 1) sums broadcast  (L23.6)


def confusion_scores(C, labels):
    """Accuracy, macro-F1, per-class scores and the counts themselves, from a confusion matrix."""
    C = np.asarray(C)
    precision, recall, f1, support = per_class(C)
    return {
        "accuracy": float(np.trace(C) / C.sum()),  # (L23.2)
        "macro_f1": float(f1.mean()),  # (L23.5)
        "balanced_accuracy": float(recall[support > 0].mean()),  # (L23.7)
        "per_class": {label: {"precision": float(p), "recall": float(r), "f1": float(f),
                              "support": int(s)}
                      for label, p, r, f, s in zip(labels, precision, recall, f1, support)},
        "confusion": C.tolist(),
    }


def fold_metrics(y_true, y_pred, labels):
    """:func:`confusion_scores` of one fold's predictions."""
    return confusion_scores(confusion_matrix(y_true, y_pred, labels), labels)


def mean_std(values):
    """``(mean, std)`` over folds; the std is the population one (ddof=0), 0 for a single fold."""
    values = np.asarray(values, dtype=float)
    return float(values.mean()), float(values.std())


def paired_difference(a, b):
    """Per-fold ``a - b`` and its mean and std: the two models saw exactly the same folds.

    >>> d = paired_difference([0.625, 0.5], [0.5, 0.5])
    >>> d["per_fold"], d["mean"]
    ([0.125, 0.0], 0.0625)
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"paired folds must match: {a.shape} and {b.shape}")
    diff = a - b
    mean, std = mean_std(diff)
    return {"per_fold": diff.tolist(), "mean": mean, "std": std,
            "max_abs": float(np.abs(diff).max())}
