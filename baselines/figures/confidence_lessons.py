"""The figure of lesson 19's "How sure is a prediction?", drawn on synthetic speakers.

``19_reliability.png``: left, the reliability diagram of an MLP's held-out predictions (accuracy
against mean confidence per bin of the top probability) before and after temperature scaling,
with the expected calibration error of each; right, the novelty scores of held-out clips of new
speakers against those of clips from another distribution (every feature shifted), and the
threshold taken from the held-out training scores. Both use exactly what ``audio-mlp train``
does (:mod:`baselines.models.confidence`), on :func:`baselines.synthetic.make_ravdess_like`,
three speaker folds of a small MLP; it draws in a few seconds.

Lesson: lessons/19_your_own_audio.md#how-sure-is-a-prediction
"""

import numpy as np

from baselines.evaluation.evaluate import fit_fold
from baselines.evaluation.protocols import get_protocol
from baselines.models.confidence import (N_BINS, Novelty, apply_temperature,
                                         expected_calibration_error, held_out_fold,
                                         held_out_report, reliability)
from baselines.models.speakers import with_actor_column
from baselines.synthetic import make_ravdess_like
from features.figures import save_png, subplots

PARAMS = {"model__hidden_layer_sizes": (64,), "model__max_iter": 150, "model__alpha": 1e-4,
          "model__early_stopping": False}
"""A small MLP trained long without early stopping: over-confident, as a default one is."""


def held_out_folds(fs, n_folds=3):
    """The first ``n_folds`` speaker folds of the MLP on ``fs``: :class:`HeldOutFold` list."""
    X_aug, classes = with_actor_column(fs.X, fs.actors), np.unique(fs.y)
    folds = []
    splits = get_protocol("speaker").outer_splits(fs.y, fs.actors)[:n_folds]
    for k, (train, test) in enumerate(splits):
        result = fit_fold("speaker", "numpy_mlp", k, X_aug, fs.y, fs.actors, train, test,
                          params=PARAMS, keep_proba=True)
        folds.append(held_out_fold(result, fs.X, train, classes))
    return folds


def draw_reliability(path):
    """Lesson 19: the reliability diagram before/after temperature scaling, and novelty scores."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    fs = make_ravdess_like(random_state=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        folds = held_out_folds(fs)
    report = held_out_report(folds)
    proba = np.vstack([f.proba for f in folds])
    y = np.concatenate([f.y_index for f in folds])
    scaled = np.vstack([apply_temperature(f.proba, t)  # each fold by the others' temperature
                        for f, t in zip(folds, report.fold_temperatures)])
    fig, (left, right) = subplots(2, figsize=(8, 3.2))
    centres = (np.arange(N_BINS) + 0.5) / N_BINS
    for shown, label, colour, shift in ((proba, "raw", "#cc4125", -0.02),
                                        (scaled, "temperature-scaled", "#3c78d8", 0.02)):
        _, accuracy, counts = reliability(shown, y)
        ece = expected_calibration_error(shown, y)
        keep = counts > 0
        left.bar(centres[keep] + shift, accuracy[keep], width=0.04, color=colour,
                 label=f"{label}: ECE {ece:.3f}")
    left.plot([0, 1], [0, 1], "k--", linewidth=0.8, label="calibrated")
    left.set(xlabel="confidence (top probability)", ylabel="accuracy in the bin", xlim=(0, 1),
             ylim=(0, 1), title="reliability, held-out speakers")
    left.legend(fontsize=7, loc="upper left")
    scores = np.concatenate([f.scores for f in folds])
    rng = np.random.default_rng(0)
    odd = fs.X[rng.choice(len(fs.X), 200, replace=False)] + 3 * fs.X.std(axis=0)
    odd_scores = Novelty.fit(fs.X).score(odd)
    bins = np.linspace(0, max(scores.max(), odd_scores.max()) * 1.05, 40)
    right.hist(scores, bins=bins, color="#3c78d8", alpha=0.7, label="held-out clips")
    right.hist(odd_scores, bins=bins, color="#cc4125", alpha=0.7, label="another distribution")
    right.axvline(report.threshold, color="k", linestyle="--", linewidth=1,
                  label=f"threshold {report.threshold:.1f}")
    right.set(xlabel="novelty score (Mahalanobis distance)", ylabel="clips",
              title="novelty")
    right.legend(fontsize=7)
    save_png(fig, path)


LESSON_FIGURES = {"19_reliability.png": draw_reliability}
