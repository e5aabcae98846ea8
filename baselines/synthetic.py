"""A RAVDESS-shaped synthetic data set, for fast tests and lesson snippets (no audio needed).

Same layout as the real one: 24 actors x 60 clips, per actor 4 neutral clips and 8 of each other
emotion. Each clip's feature vector is a sum of parts whose sizes you choose:

    x = class_signal * m[emotion] + speaker_offset * o[actor]
        + speaker_quirk * q[actor, emotion] + noise * e                        (L21.2)

with m, o, q, e independent standard normal vectors. ``o`` is a speaker's voice (the same for all
their clips); ``q`` is how that speaker expresses one emotion, which a model can only learn from
that very speaker: the part that makes speaker-dependent splits look better than they are.

Lesson: lessons/21_evaluation_protocols.md#a-synthetic-ravdess
"""

import numpy as np

from features.dataset import FeatureSet
from features.ravdess import EMOTIONS, N_ACTORS


def make_ravdess_like(n_features=20, *, class_signal=1.0, speaker_offset=2.0, speaker_quirk=1.0,
                      noise=1.5, n_actors=N_ACTORS, random_state=0):
    """A :class:`features.dataset.FeatureSet` with ``X`` (n_actors * 60, n_features) from (L21.2).

    >>> fs = make_ravdess_like()
    >>> fs.X.shape, sorted(set(fs.actors.tolist())) == list(range(1, 25))
    ((1440, 20), True)
    >>> int((fs.y == "neutral").sum()), int((fs.y == "angry").sum())
    (96, 192)
    """
    rng = np.random.default_rng(random_state)
    names = list(EMOTIONS.values())
    means = rng.standard_normal((len(names), n_features))  # m: (n_classes, n_features)
    offsets = rng.standard_normal((n_actors, n_features))  # o: (n_actors, n_features)
    quirks = rng.standard_normal((n_actors, len(names), n_features))  # q
    rows, labels, actors = [], [], []
    for a in range(n_actors):
        for c, name in enumerate(names):
            count = 4 if name == "neutral" else 8  # RAVDESS: no strong-intensity neutral
            x = (class_signal * means[c] + speaker_offset * offsets[a]
                 + speaker_quirk * quirks[a, c]
                 + noise * rng.standard_normal((count, n_features)))  # (L21.2), (count, n_features)
            rows.append(x)
            labels += [name] * count
            actors += [a + 1] * count
    return FeatureSet(X=np.vstack(rows), y=np.array(labels), actors=np.array(actors),
                      feature_names=[f"f{i}" for i in range(n_features)], clips=[],
                      preset="synthetic")
