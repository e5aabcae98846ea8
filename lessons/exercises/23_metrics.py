"""Lesson 23 exercises: the confusion matrix, macro-F1 and balanced accuracy, by hand.

Write the bodies, then run ``audio-mlp exercises check 23``. NumPy only; the checks compare
with sklearn.metrics.
"""

import numpy as np


def confusion_matrix(y_true, y_pred, labels):
    """C[i, j] = number of clips of true class labels[i] predicted as labels[j]  (L23.1).

    y_true, y_pred: (n,) labels; labels: the K classes in the order to use. Returns (K, K) ints.
    """
    raise NotImplementedError


def macro_f1(C):
    """The mean over classes of F_j = 2 P_j R_j / (P_j + R_j)  (L23.3-L23.5).

    C: (K, K) confusion matrix, rows true, columns predicted. A class never predicted has
    precision 0, and a class with P_j + R_j = 0 has F_j = 0 (scikit-learn's zero_division=0).
    Returns a float.
    """
    raise NotImplementedError


def balanced_accuracy(C):
    """Balanced accuracy (L23.7), the mean over classes of the recall R_j (L23.4): every class weighs the same, whatever
    its number of clips. C: (K, K), every row non-empty. Returns a float.
    """
    raise NotImplementedError
