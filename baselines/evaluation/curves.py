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


def all_curves(X, y, actors, *, n_jobs=1, random_state=0):
    """The three curves the comparison draws: learning, alpha, hidden size."""
    return [
        mlp_learning_curve(X, y, actors, n_jobs=n_jobs, random_state=random_state),
        mlp_validation_curve(X, y, actors, param="alpha", values=ALPHAS, n_jobs=n_jobs,
                             random_state=random_state),
        mlp_validation_curve(X, y, actors, param="hidden_layer_sizes", values=HIDDEN_SIZES,
                             n_jobs=n_jobs, random_state=random_state),
    ]
