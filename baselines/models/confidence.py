"""How sure a prediction may be: calibrated probabilities, and inputs unlike the training data.

An MLP trained to a low loss gives probabilities near 1 for almost everything, right or wrong, and
for recordings unlike anything it learned from (a tone, noise, near-silence) as well. Two separate
tools say more honestly how far to trust a prediction:

* **Temperature scaling** (Guo et al. 2017): divide the log-probabilities by one number T > 1 and
  renormalise, ``p_T = softmax(log p / T)``. The ranking of the classes, and so every predicted
  label and the accuracy, stay the same; only the confidence shrinks (or grows, T < 1). T is chosen
  to minimise the negative log-likelihood of *held-out* predictions (:func:`fit_temperature`).
  The **expected calibration error** (:func:`expected_calibration_error`) measures the result:
  the clips are put into equal-width bins by their top probability, and the ECE is the average,
  weighted by bin size, of the gap between a bin's mean confidence and its accuracy.
* **A novelty score** (:class:`Novelty`): the Mahalanobis distance of a file's standardised
  features from the training rows' mean, with scikit-learn's Ledoit-Wolf shrunk covariance
  (a plain covariance of 230 features from ~1,000 rows is nearly singular). A file whose distance
  exceeds a threshold taken from the training data itself, a high quantile of *held-out* distances
  (:data:`NOVELTY_QUANTILE`), is flagged: its probabilities describe a model guessing outside what
  it knows.

Held-out means predicted by a model that did not train on the clip. ``audio-mlp train`` already
runs cross-validation folds; :func:`held_out_report` uses their test-fold predictions: the
temperature and threshold reported for fold k are fitted on the *other* folds only, so the ECE and
the share of flagged clips it prints for fold k are measured on clips nothing was fitted on; the
final model's temperature and threshold use every fold.

Lesson: lessons/19_your_own_audio.md#how-sure-is-a-prediction
"""

from dataclasses import dataclass

import numpy as np

N_BINS = 10
"""Equal-width confidence bins of the ECE."""

NOVELTY_QUANTILE = 0.99
"""Flag a file when its novelty score is above this quantile of held-out training scores."""

_TINY = 1e-300  # log(0) guard: a probability of exactly 0 becomes a very negative logit


def expected_calibration_error(proba, y_index, n_bins=N_BINS):
    """The expected calibration error of probabilities ``proba`` (n, n_classes) for true class
    numbers ``y_index`` (n,): the size-weighted mean |accuracy - confidence| over ``n_bins``
    equal-width bins of the top probability (bin b holds confidences in (b/n_bins, (b+1)/n_bins]).

    By hand: four clips, top probabilities 0.9, 0.9, 0.6, 0.55, of which the first, second and
    fourth are right. With 10 bins the first two fall in bin (0.8, 0.9]: confidence 0.9, accuracy
    1, gap 0.1; the third in (0.5, 0.6]... and so does the fourth: confidence (0.6 + 0.55) / 2 =
    0.575, accuracy 1/2, gap 0.075. ECE = 2/4 * 0.1 + 2/4 * 0.075 = 0.0875.

    >>> proba = np.array([[0.9, 0.1], [0.1, 0.9], [0.6, 0.4], [0.45, 0.55]])
    >>> round(expected_calibration_error(proba, np.array([0, 1, 1, 1])), 4)
    0.0875
    """
    mean_conf, accuracy, counts = reliability(proba, y_index, n_bins)
    filled = counts > 0
    return float(np.sum(counts[filled] * np.abs(accuracy[filled] - mean_conf[filled]))
                 / counts.sum())


def reliability(proba, y_index, n_bins=N_BINS):
    """Per bin of the ECE: ``(mean confidence, accuracy, count)``, three arrays (n_bins,) with NaN
    for empty bins; the points of a reliability diagram."""
    proba = np.asarray(proba, dtype=float)
    confidence = proba.max(axis=1)  # (n,)
    correct = proba.argmax(axis=1) == np.asarray(y_index)  # (n,)
    bins = np.clip(np.ceil(confidence * n_bins).astype(int) - 1, 0, n_bins - 1)  # (n,)
    counts = np.bincount(bins, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_conf = np.bincount(bins, confidence, minlength=n_bins) / counts
        accuracy = np.bincount(bins, correct.astype(float), minlength=n_bins) / counts
    return mean_conf, accuracy, counts


def apply_temperature(proba, temperature):
    """``softmax(log proba / temperature)``, row by row: the same ranking, other confidences.

    >>> apply_temperature(np.array([[0.8, 0.2]]), 1.0).round(3).tolist()
    [[0.8, 0.2]]
    >>> apply_temperature(np.array([[0.8, 0.2]]), 2.0).round(3).tolist()   # sqrt(4) : 1
    [[0.667, 0.333]]
    """
    logits = np.log(np.maximum(np.asarray(proba, dtype=float), _TINY)) / temperature
    logits -= logits.max(axis=1, keepdims=True)
    scaled = np.exp(logits)
    return scaled / scaled.sum(axis=1, keepdims=True)


def _nll(proba, y_index, temperature):
    scaled = apply_temperature(proba, temperature)
    return -np.mean(np.log(np.maximum(scaled[np.arange(len(y_index)), y_index], _TINY)))


def fit_temperature(proba, y_index):
    """The temperature in [0.05, 100] that minimises the mean negative log-likelihood of held-out
    probabilities ``proba`` (n, n_classes) for true class numbers ``y_index`` (n,).

    Over-confident probabilities get T > 1:

    >>> rng = np.random.default_rng(0)
    >>> y = rng.integers(0, 2, 400)
    >>> right = rng.random(400) < 0.7                     # right 70% of the time ...
    >>> top = np.where(right, y, 1 - y)
    >>> proba = np.where(np.arange(2) == top[:, None], 0.99, 0.01)   # ... but always 99% sure
    >>> fit_temperature(proba, y) > 1
    True
    """
    from scipy.optimize import minimize_scalar

    y_index = np.asarray(y_index)
    result = minimize_scalar(lambda log_t: _nll(proba, y_index, np.exp(log_t)),
                             bounds=(np.log(0.05), np.log(100.0)), method="bounded")
    return float(np.exp(result.x))


@dataclass
class Novelty:
    """How unlike the training rows a feature vector is: a Mahalanobis distance with a shrunk
    covariance, on features standardised by the training rows' mean and standard deviation."""

    mean: np.ndarray  # (n_features,)
    scale: np.ndarray  # (n_features,), > 0
    precision: np.ndarray  # (n_features, n_features), the inverse of the shrunk covariance
    threshold: float = np.inf  # a score above this is flagged

    @classmethod
    def fit(cls, X, threshold=np.inf):
        """The detector of training rows ``X`` (n_samples, n_features), computed on one BLAS
        thread: more threads round the products differently, and the saved model would depend
        on the machine."""
        from sklearn.covariance import LedoitWolf
        from threadpoolctl import threadpool_limits

        X = np.asarray(X, dtype=float)
        mean, scale = X.mean(axis=0), X.std(axis=0)
        scale = np.where(scale > 0, scale, 1.0)  # a constant feature: left as it is
        with threadpool_limits(limits=1):
            estimate = LedoitWolf(assume_centered=True).fit((X - mean) / scale)
        return cls(mean, scale, estimate.precision_, float(threshold))

    def score(self, X):
        """The distance of every row of ``X`` (n, n_features) from the training mean, (n,)."""
        Z = (np.asarray(X, dtype=float) - self.mean) / self.scale  # (n, n_features)
        squared = np.einsum("ij,jk,ik->i", Z, self.precision, Z)
        return np.sqrt(np.maximum(squared, 0.0))

    def flagged(self, X):
        """``True`` for each row of ``X`` whose score is above the threshold, (n,)."""
        return self.score(X) > self.threshold


@dataclass
class HeldOutFold:
    """What one cross-validation fold predicted on its test clips, fit on its training part."""

    y_index: np.ndarray  # (n_test,) true class numbers (columns of proba)
    proba: np.ndarray  # (n_test, n_classes)
    scores: np.ndarray  # (n_test,) novelty scores under a detector fit on the training part


def held_out_fold(result, X, train, classes):
    """A :class:`HeldOutFold` of one fold of :func:`baselines.evaluation.evaluate.fit_fold` (run
    with ``keep_proba=True``): its test probabilities, and its test clips' novelty under a
    detector fit on the fold's training rows ``X[train]`` alone. ``classes``: the sorted class
    names, the columns of the probabilities."""
    classes = np.asarray(classes)
    if result.proba is None or result.proba.shape[1] != len(classes):
        raise ValueError(f"fold {result.fold}: no probabilities for all {len(classes)} classes "
                         "(fit_fold needs keep_proba=True, and every class in training)")
    X = np.asarray(X)
    return HeldOutFold(np.searchsorted(classes, result.y_true), np.asarray(result.proba),
                       Novelty.fit(X[train]).score(X[result.test_index]))


@dataclass
class HeldOutReport:
    """Calibration and novelty measured on the test folds, and the final model's settings."""

    temperature: float  # fitted on every fold's held-out predictions: the final model's
    threshold: float  # NOVELTY_QUANTILE of every fold's held-out scores: the final model's
    ece_before: list  # per fold, of the raw probabilities (empty with fewer than 2 folds)
    ece_after: list  # per fold, after the temperature fitted on the other folds
    flagged: list  # per fold, the share of its test clips above the other folds' threshold
    fold_temperatures: list = None  # per fold, the temperature fitted on the other folds


def held_out_report(folds, quantile=NOVELTY_QUANTILE):
    """:class:`HeldOutReport` of a list of :class:`HeldOutFold`: for fold k, a temperature and a
    threshold fitted on the other folds only (cross-fitting), so the ECE and flagged share of fold
    k are measured on clips they never saw. With one fold nothing can be measured that way, and
    the lists stay empty."""
    ece_before, ece_after, flagged, temperatures = [], [], [], []
    if len(folds) > 1:
        for k, fold in enumerate(folds):
            others = [f for j, f in enumerate(folds) if j != k]
            temperature = fit_temperature(np.vstack([f.proba for f in others]),
                                          np.concatenate([f.y_index for f in others]))
            threshold = np.quantile(np.concatenate([f.scores for f in others]), quantile)
            ece_before.append(expected_calibration_error(fold.proba, fold.y_index))
            ece_after.append(expected_calibration_error(
                apply_temperature(fold.proba, temperature), fold.y_index))
            flagged.append(float(np.mean(fold.scores > threshold)))
            temperatures.append(temperature)
    temperature = fit_temperature(np.vstack([f.proba for f in folds]),
                                  np.concatenate([f.y_index for f in folds]))
    threshold = float(np.quantile(np.concatenate([f.scores for f in folds]), quantile))
    return HeldOutReport(temperature, threshold, ece_before, ece_after, flagged, temperatures)
