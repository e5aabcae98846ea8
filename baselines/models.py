"""The model registry: name -> a scikit-learn Pipeline, and the grids searched inside training folds.

Every model is the same three-step :class:`~sklearn.pipeline.Pipeline`::

    speaker  baselines.speakers.SpeakerNormaliser   per-speaker standardisation (``_spk``) or
                                                    none; drops the actor column
    scale    StandardScaler                          fit on the training rows only
    model    the classifier

so whatever a cross-validation routine fits, the scaler only ever sees training rows. Our NumPy
``mlp.MLPClassifier`` and scikit-learn's ``MLPClassifier`` are built from one dictionary,
:data:`MLP_PARAMS`, and searched over one grid: same hyperparameters, same ``random_state``.

Names: ``numpy_mlp, sklearn_mlp, svc_rbf, svc_linear, knn, random_forest, logreg``; a ``_spk``
suffix selects the per-speaker-normalised variant (``svc_rbf_spk``).

Lesson: lessons/20_classical_baselines.md
"""

from dataclasses import dataclass, replace
from typing import Callable

from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier as SklearnMLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from baselines.speakers import SpeakerNormaliser
from features.registry import lookup

SPK_SUFFIX = "_spk"

MLP_PARAMS = dict(
    hidden_layer_sizes=(300,), activation="relu", solver="adam", alpha=1e-2, batch_size=64,
    learning_rate_init=1e-3, max_iter=300, early_stopping=True, validation_fraction=0.1,
    n_iter_no_change=15, tol=1e-4,
)
"""The hyperparameters both MLPs share (chosen before any run, never on a test fold)."""


def _numpy_mlp(random_state):
    from mlp import MLPClassifier  # imported here: only this model needs the NumPy MLP

    return MLPClassifier(**MLP_PARAMS, random_state=random_state)


def _sklearn_mlp(random_state):
    return SklearnMLPClassifier(**MLP_PARAMS, random_state=random_state)


_MLP_GRID = {"model__alpha": [1e-2, 1.0]}
_MLP_FULL = {"model__alpha": [1e-4, 1e-3, 1e-2, 1e-1, 1.0, 3.0],
             "model__hidden_layer_sizes": [(100,), (300,), (300, 100)]}


@dataclass(frozen=True)
class ModelSpec:
    """One model of the registry: how to build its classifier and which grids to search."""

    factory: Callable  # factory(random_state) -> an unfitted classifier
    grid: dict  # the small grid searched by default
    full_grid: dict  # the larger one (``--full``)
    per_speaker: bool = False  # the ``_spk`` variant: per-speaker normalisation first


REGISTRY = {
    "numpy_mlp": ModelSpec(_numpy_mlp, _MLP_GRID, _MLP_FULL),
    "sklearn_mlp": ModelSpec(_sklearn_mlp, _MLP_GRID, _MLP_FULL),
    "svc_rbf": ModelSpec(
        lambda rs: SVC(kernel="rbf", gamma="scale"),
        {"model__C": [1.0, 10.0]},
        {"model__C": [0.1, 1.0, 10.0, 100.0], "model__gamma": ["scale", 1e-3, 1e-2]}),
    "svc_linear": ModelSpec(
        lambda rs: SVC(kernel="linear"),
        {"model__C": [1e-3, 1e-2]},
        {"model__C": [1e-4, 1e-3, 1e-2, 1e-1, 1.0]}),
    "knn": ModelSpec(
        lambda rs: KNeighborsClassifier(weights="distance"),
        {"model__n_neighbors": [5, 15]},
        {"model__n_neighbors": [1, 3, 5, 9, 15, 25], "model__weights": ["uniform", "distance"]}),
    "random_forest": ModelSpec(
        lambda rs: RandomForestClassifier(n_estimators=200, oob_score=True, random_state=rs),
        {"model__max_features": ["sqrt", "log2"]},
        {"model__max_features": ["sqrt", 0.1, 0.3], "model__n_estimators": [500],
         "model__min_samples_leaf": [1, 3], "model__criterion": ["gini", "entropy"]}),
    "logreg": ModelSpec(
        lambda rs: LogisticRegression(max_iter=3000),
        {"model__C": [1e-2, 1e-1]},
        {"model__C": [1e-3, 1e-2, 1e-1, 1.0, 10.0]}),
}
"""The seven base models; :data:`MODELS` adds their ``_spk`` variants."""

MODELS = {**REGISTRY, **{name + SPK_SUFFIX: replace(spec, per_speaker=True)
                         for name, spec in REGISTRY.items()}}
MODEL_NAMES = tuple(REGISTRY)
ALL_MODEL_NAMES = tuple(MODELS)


def get_model(name):
    """The :class:`ModelSpec` called ``name`` (base or ``_spk``); a clear error for an unknown one.

    >>> get_model("logreg_spk").per_speaker
    True
    """
    return lookup(MODELS, name, what="model")


def make_model(name, *, random_state=0):
    """The Pipeline for ``name``; it expects ``X`` with the actor as last column.

    >>> make_model("svc_rbf_spk").named_steps["speaker"].active
    True
    >>> [step for step, _ in make_model("knn").steps]
    ['speaker', 'scale', 'model']
    """
    spec = get_model(name)
    return Pipeline([
        ("speaker", SpeakerNormaliser(active=spec.per_speaker)),
        ("scale", StandardScaler()),  # inside the pipeline: fit on training rows only
        ("model", spec.factory(random_state)),
    ])


def param_grid(name, *, full=False):
    """The grid searched inside the training folds: the small default one, or ``full``."""
    spec = get_model(name)
    return dict(spec.full_grid if full else spec.grid)
