"""The model registry: name -> a scikit-learn Pipeline, and the grids searched inside training folds.

Every model is the same three-step :class:`~sklearn.pipeline.Pipeline`::

    speaker  baselines.models.speakers.SpeakerNormaliser   per-speaker standardisation (``_spk``) or
                                                    none; drops the actor column
    scale    StandardScaler                          fit on the training rows only
    model    the classifier

so whatever a cross-validation routine fits, the scaler only ever sees training rows. Our NumPy
``mlp.MLPClassifier`` and scikit-learn's ``MLPClassifier`` are built from one dictionary,
:data:`baselines.models.mlp_params.MLP_PARAMS`, and searched over one grid: same
hyperparameters, same ``random_state``.

Names: ``numpy_mlp, sklearn_mlp, svc_rbf, svc_linear, knn, random_forest, logreg``; a ``_spk``
suffix selects the per-speaker-normalised variant (``svc_rbf_spk``).

:data:`VARIANTS` adds named variants of our MLP (issues 10 and 13). What makes each one differs only
in fields of its :class:`ModelSpec`, never in a branch on its name: ``preset`` (another preset's
features), ``augment`` (augmented copies of the training clips, added inside each fit by
``baselines.models.augmented.AugmentedTraining``), ``enrolment_k`` (per-speaker normalisation from k
enrolment clips, ``baselines.models.enrolment``, which are then not scored), and the classifier the
``factory`` builds (ensembles, ``class_weight``, ``dropout``).
``baselines.evaluation.evaluate.fit_fold`` reads those fields (lesson 26, "Variants").
``numpy_mlp_egemaps`` and ``numpy_mlp_egemaps_spk`` use the ``egemaps`` preset, which needs the
optional ``opensmile`` package (:func:`baselines.compare.unavailable` tells which models cannot run
without it).

Lesson: lessons/20_classical_baselines.md
"""

import functools
from dataclasses import dataclass, replace
from typing import Callable

from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier as SklearnMLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from baselines.models.enrolment import EnrolmentNormaliser
from baselines.models.ensembles import SeedVote, mlp_seed_ensemble, mlp_svc_ensemble
from baselines.models.mlp_params import MLP_PARAMS, numpy_mlp
from baselines.models.speakers import SpeakerNormaliser
from features.registry import lookup

SPK_SUFFIX = "_spk"


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
    preset: str | None = None  # the feature preset it needs (None: the preset the run was given)
    augment: tuple = ()  # augmentation names (features.augment): copies of training clips only
    enrolment_k: int | None = None  # normalise each speaker from k enrolment clips, score the rest
    copies_as_speakers: bool = False  # each augmentation's copies of an actor: a speaker of its own
    description: str = ""  # what the variant is, in words (recorded in results.json)

    def definition(self, preset):
        """What results.json records of this model: its features, copies, enrolment, grid."""
        return {"preset": self.preset or preset, "augment": list(self.augment),
                "enrolment_k": self.enrolment_k, "per_speaker": self.per_speaker,
                "copies_as_speakers": self.copies_as_speakers,
                "description": self.description, "grid": dict(self.grid)}


REGISTRY = {
    "numpy_mlp": ModelSpec(numpy_mlp, _MLP_GRID, _MLP_FULL,
                           description="our NumPy MLP (mlp.MLPClassifier), MLP_PARAMS, alpha "
                           "searched"),
    "sklearn_mlp": ModelSpec(_sklearn_mlp, _MLP_GRID, _MLP_FULL,
                             description="scikit-learn's MLPClassifier with the same settings"),
    "svc_rbf": ModelSpec(
        lambda rs: SVC(kernel="rbf", gamma="scale"),
        {"model__C": [1.0, 10.0]},
        {"model__C": [0.1, 1.0, 10.0, 100.0], "model__gamma": ["scale", 1e-3, 1e-2]},
        description="support vector machine with an RBF kernel, C searched"),
    "svc_linear": ModelSpec(
        lambda rs: SVC(kernel="linear"),
        {"model__C": [1e-3, 1e-2]},
        {"model__C": [1e-4, 1e-3, 1e-2, 1e-1, 1.0]},
        description="linear support vector machine, C searched"),
    "knn": ModelSpec(
        lambda rs: KNeighborsClassifier(weights="distance"),
        {"model__n_neighbors": [5, 15]},
        {"model__n_neighbors": [1, 3, 5, 9, 15, 25], "model__weights": ["uniform", "distance"]},
        description="k nearest neighbours, distance-weighted, k searched"),
    "random_forest": ModelSpec(
        lambda rs: RandomForestClassifier(n_estimators=200, oob_score=True, random_state=rs),
        {"model__max_features": ["sqrt", "log2"]},
        {"model__max_features": ["sqrt", 0.1, 0.3], "model__n_estimators": [500],
         "model__min_samples_leaf": [1, 3], "model__criterion": ["gini", "entropy"]},
        description="random forest of 200 trees, max_features searched"),
    "logreg": ModelSpec(
        lambda rs: LogisticRegression(max_iter=3000),
        {"model__C": [1e-2, 1e-1]},
        {"model__C": [1e-3, 1e-2, 1e-1, 1.0, 10.0]},
        description="multinomial logistic regression, C searched"),
}
"""The seven base models; :data:`MODELS` adds their ``_spk`` variants."""

BASE_MODELS = {**REGISTRY, **{name + SPK_SUFFIX: replace(spec, per_speaker=True,
                                                           description=spec.description +
                                                           ", each speaker's features standardised "
                                                           "first")
                              for name, spec in REGISTRY.items()}}


def _mlp_with(**overrides):
    """A factory for our MLP with MLP_PARAMS updated by ``overrides`` (issue 10's options)."""
    return functools.partial(numpy_mlp, **overrides)


def _seed_ensemble(random_state):
    return mlp_seed_ensemble()


def _seed_vote(random_state):
    return SeedVote(seeds=tuple(range(random_state, random_state + 5)))


def _mlp_svc(random_state):
    return mlp_svc_ensemble(random_state=random_state)


_SPEED = ("speed0.9", "speed1.1")
_ENROL_GRID = {**_MLP_GRID, "speaker__with_std": [True, False]}
_prosody = ModelSpec(numpy_mlp, _MLP_GRID, _MLP_FULL, preset="prosody",
                     description="our MLP on the prosody preset (default + pitch, voicing, "
                     "spectral shape)")

_egemaps = ModelSpec(numpy_mlp, _MLP_GRID, _MLP_FULL, preset="egemaps",
                     description="our MLP on openSMILE's 88 eGeMAPSv02 functionals, the standard "
                     "handcrafted set (needs the opensmile extra)")

VARIANTS = {
    "numpy_mlp_prosody": _prosody,
    "numpy_mlp_prosody_spk": replace(_prosody, per_speaker=True,
                                     description="prosody, each speaker standardised from all "
                                     "their clips"),
    "numpy_mlp_prosody_enrol8": replace(_prosody, grid=_ENROL_GRID, enrolment_k=8,
                                        description="prosody, each speaker normalised from 8 "
                                        "enrolment clips (with_std searched), the rest scored"),
    "numpy_mlp_prosody_speed": replace(_prosody, augment=_SPEED,
                                       description="prosody, speed 0.9 and 1.1 copies of the "
                                       "training clips"),
    "numpy_mlp_prosody_speed_spk": replace(_prosody, augment=_SPEED, per_speaker=True,
                                           description="prosody, speed copies, all-clips "
                                           "per-speaker standardisation"),
    "numpy_mlp_prosody_speedvoices_enrol8": replace(_prosody, augment=_SPEED, grid=_ENROL_GRID,
                                                    enrolment_k=8, copies_as_speakers=True,
                                                    description="prosody, speed copies, each "
                                                    "speaker (and each speed's copies apart) "
                                                    "normalised from 8 enrolment clips"),
    "numpy_mlp_prosody_speed_seeds5": replace(_prosody, factory=_seed_vote, augment=_SPEED,
                                              description="prosody, speed copies, soft vote of "
                                              "our MLP from seeds 0-4, one alpha searched"),
    "numpy_mlp_rich_speed": replace(_prosody, preset="prosody_rich", augment=_SPEED,
                                    description="prosody and the MFCC contours' percentiles "
                                    "and slopes (prosody_rich), speed copies"),
    "numpy_mlp_seeds5": ModelSpec(_seed_ensemble, {}, {}, description="soft vote of our MLP "
                                  "from seeds 0-4, MLP_PARAMS fixed (no search)"),
    "mlp_svc": ModelSpec(_mlp_svc, {}, {}, description="soft vote of our MLP and the RBF SVM "
                         "(Platt probabilities), fixed (no search)"),
    "numpy_mlp_balanced": ModelSpec(_mlp_with(class_weight="balanced"), _MLP_GRID, _MLP_FULL,
                                    description="our MLP with class_weight='balanced'"),
    "numpy_mlp_dropout": ModelSpec(_mlp_with(), {**_MLP_GRID, "model__dropout": [0.0, 0.2]},
                                   {**_MLP_FULL, "model__dropout": [0.0, 0.2, 0.5]},
                                   description="our MLP, dropout rate searched with alpha"),
    "numpy_mlp_egemaps": _egemaps,
    "numpy_mlp_egemaps_spk": replace(_egemaps, per_speaker=True,
                                     description="eGeMAPS, each speaker standardised from all "
                                     "their clips (as Pepino et al. 2021)"),
}
"""Named variants of our MLP: each differs from ``numpy_mlp`` only in the fields it sets."""

MODELS = {**BASE_MODELS, **VARIANTS}
MODEL_NAMES = tuple(REGISTRY)
ALL_MODEL_NAMES = tuple(BASE_MODELS)  # the default ``--models``: the variants are separate
VARIANT_NAMES = tuple(VARIANTS)


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
    speaker = (EnrolmentNormaliser(k=spec.enrolment_k) if spec.enrolment_k
               else SpeakerNormaliser(active=spec.per_speaker))
    return Pipeline([
        ("speaker", speaker),
        ("scale", StandardScaler()),  # inside the pipeline: fit on training rows only
        ("model", spec.factory(random_state)),
    ])


def param_grid(name, *, full=False):
    """The grid searched inside the training folds: the small default one, or ``full``."""
    spec = get_model(name)
    return dict(spec.full_grid if full else spec.grid)
