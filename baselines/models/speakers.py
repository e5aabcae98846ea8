"""Who spoke each row: the actor column, and per-speaker feature normalisation.

Speaker-independent evaluation and per-speaker normalisation both need to know which actor spoke
each clip. Rather than thread a ``groups`` argument through every scikit-learn call, the comparison
appends the actor number as one extra, last column of ``X`` (:func:`with_actor_column`), and every
model pipeline starts with a :class:`SpeakerNormaliser` that takes it off again:

* ``SpeakerNormaliser(active=False)`` just drops the column (the plain models);
* ``SpeakerNormaliser(active=True)`` first standardises each actor's rows with that actor's own
  mean and standard deviation (the ``_spk`` variant), then drops the column:

  x'[s, f] = (x[s, f] - mean_a[f]) / std_a[f],   a = the actor of row s   (L21.3)

The transformer is *stateless*: ``transform`` computes each actor's statistics from the rows it is
given, and ``fit`` learns nothing. So training rows are normalised with training rows only, and
test rows with the test speaker's own unlabelled rows; no label and no other speaker is involved.

Lesson: lessons/21_evaluation_protocols.md#per-speaker-normalisation
"""

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin


def with_actor_column(X, actors):
    """``X`` (n_samples, n_features) with the actor numbers appended: (n_samples, n_features + 1)."""
    X = np.asarray(X, dtype=np.float64)
    actors = np.asarray(actors)
    if X.ndim != 2 or actors.shape != (X.shape[0],):
        raise ValueError(f"X must be (n_samples, n_features) and actors (n_samples,); got X "
                         f"{X.shape} and actors {actors.shape}")
    return np.column_stack([X, actors.astype(np.float64)])  # (n_samples, n_features + 1)


def split_actor_column(X):
    """The inverse of :func:`with_actor_column`: ``(features, actors)``."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] < 2:
        raise ValueError(f"expected features plus a last actor column, (n_samples, >= 2); "
                         f"got shape {X.shape}")
    return X[:, :-1], X[:, -1].astype(int)


def standardise_per_speaker(X, actors, *, reference=None, with_std=True, epsilon=1e-8):
    """Each actor's rows standardised with that actor's own mean and std (L21.3).

    ``X``: (n_samples, n_features); ``actors``: (n_samples,). A feature that is constant within an
    actor becomes 0 for that actor (its std is below ``epsilon``). ``reference``, a boolean mask
    (n_samples,), takes the statistics from those rows of each actor only (the enrolment clips of
    :func:`baselines.models.enrolment.standardise_from_enrolment`; default: all rows);
    ``with_std=False`` only subtracts the mean.

    >>> X = np.array([[1.0], [3.0], [10.0], [30.0]])
    >>> standardise_per_speaker(X, np.array([1, 1, 2, 2])).ravel().tolist()
    [-1.0, 1.0, -1.0, 1.0]
    """
    X = np.asarray(X, dtype=np.float64)
    reference = np.ones(len(X), dtype=bool) if reference is None else np.asarray(reference, bool)
    out = np.empty_like(X)
    for actor in np.unique(actors):
        rows = actors == actor
        seen = X[rows & reference]  # (n_reference, n_features): the only rows the statistics see
        mean = seen.mean(axis=0)  # (n_features,)
        std = seen.std(axis=0) if with_std else np.ones_like(mean)
        std = np.where(std < epsilon, 1.0, std)  # constant feature: centred to 0, not divided by 0
        out[rows] = (X[rows] - mean) / std  # (L21.3)
    return out


class ActorColumnStep(TransformerMixin, BaseEstimator):
    """A first pipeline step that reads the actor column and drops it; stateless (nothing is
    learnt in ``fit``, so test actors can be transformed with their own statistics).

    Subclasses define ``_transform(features, actors)``.
    """

    def fit(self, X, y=None):
        features, _ = split_actor_column(X)
        self.n_features_in_ = features.shape[1] + 1
        return self

    def transform(self, X):
        features, actors = split_actor_column(X)
        if features.shape[1] + 1 != getattr(self, "n_features_in_", features.shape[1] + 1):
            raise ValueError(f"X has {features.shape[1] + 1} columns; this step was fit on "
                             f"{self.n_features_in_} (features plus the actor column)")
        return self._transform(features, actors)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        return tags


class SpeakerNormaliser(ActorColumnStep):
    """First pipeline step: per-speaker standardisation (``active=True``) or none; drops the actor column.

    Input (n_samples, n_features + 1) with the actor in the last column; output (n_samples,
    n_features). Stateless: see the module docstring.
    """

    def __init__(self, active=True):
        self.active = active

    def _transform(self, features, actors):
        if not self.active:
            return features
        return standardise_per_speaker(features, actors)
