"""Per-speaker normalisation from a few enrolment clips, and scoring that leaves them out.

``SpeakerNormaliser(active=True)`` (``baselines.models.speakers``) standardises each test speaker
with statistics from *all* of that speaker's test clips: a deployed system would have to hear the
whole test set first. Here each speaker's mean and std come from only ``k`` of their clips, drawn
with a fixed seed, the *enrolment* clips (a new user records a few sentences before use):

  x'[s, f] = (x[s, f] - mean_E(a)[f]) / std_E(a)[f],   E(a) = the k enrolment rows of actor a  (L18.12)

The enrolment clips' own predictions are then not scored: they were used, unlabelled, to calibrate
the normaliser. ``with_std=False`` subtracts the mean only: a std estimated from 8 clips
is much noisier than a mean, and the inner search may prefer not to divide by it. The same rule
is applied to every speaker, in training rows too, so a model is
trained on features normalised as noisily as its test features will be.

* :func:`enrolment_mask` says which rows are enrolment rows: a pure function of the actor column,
  ``k`` and the seed, so the transformer and the scorer compute the same rows independently.
* :class:`EnrolmentNormaliser` is a drop-in first Pipeline step, with SpeakerNormaliser's shape:
  input (n_samples, n_features + 1) with the actor last, output (n_samples, n_features),
  stateless (``fit`` learns nothing).
* :func:`enrolment_accuracy` is a scorer ``(estimator, X, y)`` for ``GridSearchCV(scoring=...)`` and
  for the test fold: accuracy over the non-enrolment rows only.

Lesson: lessons/18_prosody_and_augmentation.md#enrolment-normalisation
"""

import numpy as np

from baselines.models.augmented import AugmentedTraining
from baselines.models.speakers import ActorColumnStep, split_actor_column, standardise_per_speaker


def enrolment_mask(actors, *, k=8, random_state=0):
    """``(n_samples,)`` bool: True for the k rows drawn per actor (actor a's draw is seeded by
    ``(random_state, a)``, among a's rows in the order given).

    >>> enrolment_mask(np.array([1, 1, 1, 2, 2, 2]), k=1).tolist()
    [False, True, False, False, False, True]
    """
    actors = np.asarray(actors)
    mask = np.zeros(actors.shape, dtype=bool)
    for actor in np.unique(actors):
        rows = np.flatnonzero(actors == actor)
        if rows.size <= k:
            raise ValueError(f"actor {actor} has {rows.size} rows; enrolment with k={k} needs "
                             f"more than k (the rest are the ones scored)")
        rng = np.random.default_rng([random_state, int(actor)])
        mask[rng.choice(rows, size=k, replace=False)] = True
    return mask


def standardise_from_enrolment(X, actors, enrolled, *, with_std=True, epsilon=1e-8):
    """Every row standardised with its actor's enrolment rows' mean and std (L18.12).

    ``X``: (n_samples, n_features); ``actors``, ``enrolled``: (n_samples,). ``with_std=False``
    only subtracts the mean (a std from k rows is noisier than a mean).
    """
    # lesson 21's per-speaker standardisation, with the mean and std of the enrolment rows only
    return standardise_per_speaker(X, actors, reference=enrolled, with_std=with_std,  # (L18.12)
                                   epsilon=epsilon)


class EnrolmentNormaliser(ActorColumnStep):
    """First pipeline step: each actor standardised from k enrolment rows; drops the actor column."""

    def __init__(self, k=8, random_state=0, with_std=True):
        self.k = k
        self.random_state = random_state
        self.with_std = with_std

    def _transform(self, features, actors):
        enrolled = enrolment_mask(actors, k=self.k, random_state=self.random_state)
        return standardise_from_enrolment(features, actors, enrolled, with_std=self.with_std)


def scored_rows(X, *, k=8, random_state=0):
    """``(n_samples,)`` bool: the rows of ``X`` (actor last) that are scored, the non-enrolment ones."""
    _, actors = split_actor_column(X)
    return ~enrolment_mask(actors, k=k, random_state=random_state)


def enrolment_accuracy(estimator, X, y):
    """Accuracy on the rows that are not enrolment rows (a scorer for ``GridSearchCV``).

    ``k`` and ``random_state`` are read from the estimator's ``speaker`` step, so the scorer
    leaves out exactly the rows that step used. An estimator with training copies
    (``baselines.models.augmented.AugmentedTraining``) has the step in its pipeline, and its ``X``
    one more last column, the clip number, which is not the actor.
    """
    pipeline, rows = estimator, X
    if isinstance(estimator, AugmentedTraining):  # its X carries the clip number after the actor
        pipeline, rows = estimator.estimator_, np.asarray(X)[:, :-1]
    step = pipeline.named_steps["speaker"]
    keep = scored_rows(rows, k=step.k, random_state=step.random_state)
    # predict every row, then select: the normaliser must see the same rows to draw the same k
    y_pred = estimator.predict(X)
    return float(np.mean(y_pred[keep] == np.asarray(y)[keep]))
