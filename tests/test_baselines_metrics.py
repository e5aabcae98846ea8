"""Metrics written from their definitions, checked against sklearn.metrics (baselines/evaluation/metrics.py)."""

import numpy as np
import pytest
from sklearn import metrics as skm

from baselines.evaluation.metrics import (confusion_matrix, fold_metrics, label_order, mean_std,
                                          normalise_rows, paired_difference, per_class)

LABELS = ["neutral", "calm", "happy", "sad"]


def test_hand_worked_example():
    # truth:      neutral neutral calm calm calm happy
    # prediction: neutral calm    calm calm happy happy      (sad never occurs)
    y_true = ["neutral", "neutral", "calm", "calm", "calm", "happy"]
    y_pred = ["neutral", "calm", "calm", "calm", "happy", "happy"]
    C = confusion_matrix(y_true, y_pred, LABELS)
    assert C.tolist() == [[1, 1, 0, 0], [0, 2, 1, 0], [0, 0, 1, 0], [0, 0, 0, 0]]
    precision, recall, f1, support = per_class(C)
    # calm: 2 of the 3 clips called calm are calm; 2 of the 3 calm clips were found
    assert precision[1] == pytest.approx(2 / 3) and recall[1] == pytest.approx(2 / 3)
    # happy: precision 1/2, recall 1/1 -> F1 = 2 * 0.5 * 1 / 1.5 = 2/3
    assert f1[2] == pytest.approx(2 / 3)
    assert support.tolist() == [2, 3, 1, 0] and f1[3] == 0  # an absent class scores 0
    m = fold_metrics(y_true, y_pred, LABELS)
    assert m["accuracy"] == pytest.approx(4 / 6)
    np.testing.assert_allclose(normalise_rows(C)[:3].sum(axis=1), 1.0)
    np.testing.assert_allclose(np.diag(normalise_rows(C)), recall)  # (L23.6): diagonal = recall


@pytest.mark.parametrize("seed", range(5))
def test_agrees_with_scikit_learn_on_random_predictions(seed):
    rng = np.random.default_rng(seed)
    labels = ["neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised"]
    y_true = rng.choice(labels, size=200)
    y_pred = np.where(rng.random(200) < 0.5, y_true, rng.choice(labels, size=200))
    order = label_order(y_true, y_pred)
    C = confusion_matrix(y_true, y_pred, order)
    np.testing.assert_array_equal(C, skm.confusion_matrix(y_true, y_pred, labels=order))
    p, r, f, s = per_class(C)
    expected = skm.precision_recall_fscore_support(y_true, y_pred, labels=order, zero_division=0)
    for ours, theirs in zip((p, r, f, s), expected):
        np.testing.assert_allclose(ours, theirs)
    m = fold_metrics(y_true, y_pred, order)
    assert m["accuracy"] == pytest.approx(skm.accuracy_score(y_true, y_pred))
    assert m["macro_f1"] == pytest.approx(skm.f1_score(y_true, y_pred, average="macro",
                                                       labels=order, zero_division=0))
    np.testing.assert_allclose(normalise_rows(C), skm.confusion_matrix(
        y_true, y_pred, labels=order, normalize="true"))


def test_label_order_is_ravdess_code_order_not_alphabetical():
    # the seed notebook's bug: alphabetical rows labelled in code order
    y = np.array(["surprised", "angry", "calm", "neutral", "zzz-other"])
    assert label_order(y) == ["neutral", "calm", "angry", "surprised", "zzz-other"]


def test_unknown_labels_and_unpaired_folds_raise():
    with pytest.raises(ValueError, match="'boredom'"):
        confusion_matrix(["calm"], ["boredom"], ["calm"])
    with pytest.raises(ValueError, match="paired"):
        paired_difference([0.5, 0.6], [0.5])


def test_summaries_over_folds():
    assert mean_std([0.5]) == (0.5, 0.0)
    mean, std = mean_std([0.4, 0.6])
    assert mean == pytest.approx(0.5) and std == pytest.approx(0.1)  # ddof=0
    d = paired_difference([0.7, 0.5, 0.6], [0.6, 0.55, 0.6])
    np.testing.assert_allclose(d["per_fold"], [0.1, -0.05, 0.0])
    assert d["max_abs"] == pytest.approx(0.1)
