"""Learning and validation curves of an MLP, with folds grouped by actor.

* learning curve: training and validation accuracy as the training set grows. A wide gap that
  stays open means variance (more data would help); two low curves that meet mean bias.
* validation curve: the same two scores as one hyperparameter varies (here ``alpha``, the L2
  strength, and the hidden-layer size): the validation score peaks between under- and overfitting.

Both use scikit-learn's ``learning_curve`` / ``validation_curve`` on the model pipeline, with a
``GroupKFold`` over actors so every validation score is on unseen speakers. They are diagnostics,
drawn after the comparison: nothing in the comparison is chosen from them.

Lesson: lessons/24_learning_and_validation_curves.md
"""

import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.model_selection import GroupKFold, learning_curve, validation_curve
from threadpoolctl import threadpool_limits

from baselines.models.registry import make_model
from baselines.models.speakers import with_actor_column

ALPHAS = (1e-3, 1e-1, 1.0, 10.0)
HIDDEN_SIZES = ((30,), (100,), (300,))
TRAIN_SIZES = (0.2, 0.45, 0.7, 1.0)


@dataclass
class Curve:
    """Scores along one axis; ``train`` and ``validation`` are (n_points, n_folds)."""

    name: str  # what varies: "training clips", "alpha", "hidden units"
    x: list
    train: np.ndarray
    validation: np.ndarray


def _groups_cv(actors, n_splits):
    return GroupKFold(n_splits=n_splits), np.asarray(actors)


def mlp_learning_curve(X, y, actors, *, model="numpy_mlp", n_splits=3, train_sizes=TRAIN_SIZES,
                       n_jobs=1, random_state=0):
    """Accuracy against the number of training clips, validated on held-out actors."""
    cv, groups = _groups_cv(actors, n_splits)
    with threadpool_limits(limits=1):
        sizes, train, val = learning_curve(
            make_model(model, random_state=random_state), with_actor_column(X, actors), y,
            groups=groups, cv=cv, train_sizes=list(train_sizes), scoring="accuracy",
            n_jobs=n_jobs, shuffle=True, random_state=random_state)
    return Curve("training clips", sizes.tolist(), train, val)


def mlp_validation_curve(X, y, actors, *, param, values, model="numpy_mlp", n_splits=3,
                         n_jobs=1, random_state=0):
    """Accuracy against one hyperparameter (``param``: ``alpha`` or ``hidden_layer_sizes``)."""
    cv, groups = _groups_cv(actors, n_splits)
    with threadpool_limits(limits=1):
        train, val = validation_curve(
            make_model(model, random_state=random_state), with_actor_column(X, actors), y,
            param_name=f"model__{param}", param_range=list(values), groups=groups, cv=cv,
            scoring="accuracy", n_jobs=n_jobs)
    name = "hidden units" if param == "hidden_layer_sizes" else param
    x = [v[0] if isinstance(v, tuple) else v for v in values]
    return Curve(name, x, train, val)


MIN_CLIPS_PER_CLASS = 10
"""Clips per class the learning curve's smallest training part needs on average: fewer, and the
MLP's 10% early-stopping split of a random part can miss a class (the fit then fails)."""


def too_small_reason(y, actors, *, n_splits=3, train_sizes=TRAIN_SIZES):
    """Why the data is too small for the curves, or ``None``: the smallest training part of the
    learning curve (its first size, of the smallest training fold) needs
    :data:`MIN_CLIPS_PER_CLASS` clips per class.

    >>> too_small_reason(np.repeat(["a", "b"], 6), np.arange(12))
    "the learning curve's smallest training part holds 1 clips for 2 classes (10 per class needed)"
    """
    cv, groups = _groups_cv(actors, n_splits)
    y = np.asarray(y)
    fewest = min(len(train) for train, _ in cv.split(y, y, groups=groups))
    smallest, n_classes = int(train_sizes[0] * fewest), len(set(y.tolist()))
    if smallest >= MIN_CLIPS_PER_CLASS * n_classes:
        return None
    return (f"the learning curve's smallest training part holds {smallest} clips for "
            f"{n_classes} classes ({MIN_CLIPS_PER_CLASS} per class needed)")


def all_curves(X, y, actors, *, n_jobs=1, random_state=0):
    """The three curves the comparison draws: learning, alpha, hidden size.

    The MLP's batch size (:data:`~baselines.models.mlp_params.MLP_PARAMS`) is larger than the
    smallest training parts; it is clipped to them, as scikit-learn does, without the warning
    (scikit-learn passes the filter on to its worker processes).
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Got `batch_size` less than 1 or larger")
        return _three_curves(X, y, actors, n_jobs=n_jobs, random_state=random_state)


def _three_curves(X, y, actors, *, n_jobs, random_state):
    return [
        mlp_learning_curve(X, y, actors, n_jobs=n_jobs, random_state=random_state),
        mlp_validation_curve(X, y, actors, param="alpha", values=ALPHAS, n_jobs=n_jobs,
                             random_state=random_state),
        mlp_validation_curve(X, y, actors, param="hidden_layer_sizes", values=HIDDEN_SIZES,
                             n_jobs=n_jobs, random_state=random_state),
    ]
