"""Nested cross-validation: search hyperparameters inside each training part, test each fold once.

For every (protocol, model, outer fold):

1. the outer split gives a training part and a test fold (:mod:`baselines.evaluation.protocols`);
2. ``GridSearchCV`` searches the model's grid (:mod:`baselines.models.registry`) by an *inner*
   cross-validation of the training part only: grouped by actor under ``speaker``;
3. the best candidate is refit on the whole training part;
4. it predicts the test fold, once. Nothing about the test fold influenced steps 1-3.

The (protocol, model, fold) tasks are independent, so they run in parallel with joblib; each returns
a :class:`FoldResult` holding the predictions, from which :mod:`baselines.evaluation.metrics`
computes every number.

A variant (``baselines.models.registry.VARIANTS``) changes the steps through fields of its
ModelSpec, read here: ``augment`` wraps the pipeline in
``baselines.models.augmented.AugmentedTraining`` (the copies of exactly the clips each fit is given,
inner or outer; every validation and test row an original), ``enrolment_k`` scores the search with
``baselines.models.enrolment.enrolment_accuracy`` and keeps only the non-enrolment rows of the test
fold in the result; ``preset`` says which feature table :func:`run_comparison` hands it
(:func:`model_inputs`).

Lesson: lessons/22_nested_cross_validation.md
"""

import time
import warnings
from dataclasses import dataclass, field
from itertools import product

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from threadpoolctl import threadpool_limits

from baselines.checks import Problem, raise_problems
from baselines.evaluation.protocols import check_disjoint_actors, get_protocol
from baselines.models.augmented import AugmentedTraining, prefixed_grid, with_clip_column
from baselines.models.enrolment import enrolment_accuracy, scored_rows
from baselines.models.registry import get_model, make_model, param_grid
from baselines.models.speakers import with_actor_column


@dataclass
class FoldResult:
    """What one outer fold of one model produced: predictions plus what the search chose."""

    protocol: str
    model: str
    fold: int
    test_index: np.ndarray  # (n_test,) row numbers of the test fold
    y_true: np.ndarray  # (n_test,)
    y_pred: np.ndarray  # (n_test,)
    best_params: dict
    inner_score: float | None  # mean inner-CV accuracy of the chosen candidate (None: no search)
    seconds: float
    loss_curve: list = field(default_factory=list)  # the refit model's, for MLPs
    oob_score: float | None = None  # the refit random forest's out-of-bag accuracy
    convergence_warnings: int = 0
    n_iter: int = 0  # the refit MLP's epochs (lbfgs: iterations); a solver's most, 0 if none
    proba: np.ndarray | None = None  # (n_test, n_classes) with keep_proba=True, for calibration


def n_candidates(grid):
    """How many settings a grid holds (the product of its value lists)."""
    return int(np.prod([len(values) for values in grid.values()])) if grid else 1


def estimator(model_name, grid, *, copies=(), random_state=0):
    """``(estimator, grid)``: what :func:`fit_fold` fits for ``model_name``, and ``grid`` (pipeline
    parameters, ``{"model__alpha": [...]}``) named for it.

    The registry's pipeline (:func:`baselines.models.registry.make_model`); for a model with
    ``augment``, that pipeline wrapped in :class:`~baselines.models.augmented.AugmentedTraining`
    with ``copies``, its augmented tables, and the grid's names prefixed to match, so the copies
    join inside every fit, of that fit's clips only. ``baselines.models.model_file.fit_all`` fits
    the same estimator on every clip.
    """
    spec = get_model(model_name)
    if len(copies) != len(spec.augment):
        raise ValueError(f"model {model_name} needs {len(spec.augment)} augmented tables "
                         f"({', '.join(spec.augment) or 'none'}); got {len(copies)}")
    model = make_model(model_name, random_state=random_state)
    if spec.augment:
        return AugmentedTraining(model, list(copies)), prefixed_grid(grid)
    return model, dict(grid)


def pipeline_of(model_name, fitted):
    """The fitted Pipeline (speaker, scale, model) inside what :func:`estimator` made and fit."""
    return fitted.estimator_ if get_model(model_name).augment else fitted


def fit_fold(protocol_name, model_name, fold, X_aug, y, actors, train, test, *, full=False,
             inner_splits=3, random_state=0, params=None, copies=(), keep_proba=False):
    """Search on ``train``, refit, predict ``test``: one :class:`FoldResult`.

    ``X_aug``: (n_samples, n_features + 1), the actor as last column
    (:func:`baselines.models.speakers.with_actor_column`); for a model with ``augment``, one more
    last column, the clip number (:func:`baselines.models.augmented.with_clip_column`), and
    ``copies`` its augmented tables, (n_samples, n_features + 1) each (:func:`model_inputs` makes
    both). ``params``, a dict of pipeline parameters (``{"model__alpha": 1.0}``), replaces the
    search: the model is fit once with them. ``keep_proba=True`` keeps the test fold's
    probabilities too (``audio-mlp train`` calibrates on them, :mod:`baselines.models.confidence`).
    """
    start = time.perf_counter()
    protocol = get_protocol(protocol_name)
    spec = get_model(model_name)
    if protocol.grouped:
        check_disjoint_actors(actors, train, test)
    grid = param_grid(model_name, full=full) if params is None else \
        {key: [value] for key, value in params.items()}
    model, grid = estimator(model_name, grid, copies=copies, random_state=random_state)
    scoring = enrolment_accuracy if spec.enrolment_k else "accuracy"
    # One BLAS and OpenMP thread per task, for the whole search and refit: the tasks themselves
    # run in parallel, and two BLAS threads fighting over a busy core make linear algebra tens of
    # times slower, not faster. It also gives the same bits on every machine: more threads change
    # the rounding of the products.
    with threadpool_limits(limits=1), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        if n_candidates(grid) > 1:
            inner_cv = protocol.inner_cv(n_splits=inner_splits, random_state=random_state)
            search = GridSearchCV(model, grid, cv=inner_cv, scoring=scoring, n_jobs=1,
                                  refit=True, error_score="raise")
            search.fit(X_aug[train], y[train], groups=actors[train] if protocol.grouped else None)
            fitted, best, inner = search.best_estimator_, search.best_params_, search.best_score_
        else:
            best = {key: values[0] for key, values in grid.items()}
            fitted, inner = model.set_params(**best).fit(X_aug[train], y[train]), None
        y_pred = np.asarray(fitted.predict(X_aug[test]))  # the test fold's only use
        proba = fitted.predict_proba(X_aug[test]) if keep_proba else None
    test = np.asarray(test)
    if spec.enrolment_k:  # the enrolment clips calibrated the normaliser: they are not scored
        rows = X_aug[test][:, :-1] if spec.augment else X_aug[test]  # the actor last
        keep = scored_rows(rows, k=spec.enrolment_k)
        test, y_pred = test[keep], y_pred[keep]
        proba = None if proba is None else proba[keep]
    classifier = pipeline_of(model_name, fitted).named_steps["model"]
    return FoldResult(
        protocol=protocol_name, model=model_name, fold=fold, test_index=test,
        y_true=np.asarray(y)[test], y_pred=y_pred, best_params=best,
        inner_score=None if inner is None else float(inner),
        seconds=time.perf_counter() - start,
        loss_curve=[float(v) for v in getattr(classifier, "loss_curve_", [])],
        oob_score=getattr(classifier, "oob_score_", None),
        convergence_warnings=sum(issubclass(w.category, ConvergenceWarning) for w in caught),
        n_iter=int(np.max(getattr(classifier, "n_iter_", 0))),  # logreg's is per class
        proba=proba,
    )


def plan(y, actors, *, models, protocols, max_folds=None, random_state=0, variants=None):
    """Every (protocol, model, fold, train, test) task: ``models`` under each of ``protocols``,
    and ``variants`` ({protocol: model names}) under theirs. Augmented models first, then MLPs
    (they take longest)."""
    groups = [(p, list(models)) for p in protocols] + list((variants or {}).items())
    for _, names in groups:
        for name in names:
            get_model(name)
    tasks = []
    for protocol_name, names in groups:
        splits = get_protocol(protocol_name).outer_splits(y, actors, random_state=random_state)
        for model_name, (fold, (train, test)) in product(names, enumerate(splits[:max_folds])):
            tasks.append((protocol_name, model_name, fold, train, test))
    # stable: keeps the order otherwise
    return sorted(tasks, key=lambda t: (not get_model(t[1]).augment, "mlp" not in t[1]))


def copy_actors(actors, copy):
    """The actor numbers of the ``copy``-th augmented table (1, 2, ...) when each augmentation's
    copies of an actor count as a speaker of their own (``ModelSpec.copies_as_speakers``).

    A sped-up or pitch-shifted copy of an actor is another voice: normalised together with the
    originals (``_spk``, enrolment), its shifted pitch and formants would be measured against the
    original voice's mean, which no test speaker's own statistics ever do. Numbered apart, every
    copy is standardised with its own copies' statistics, as a test speaker is with theirs. The
    numbers are ``actor + copy * span``, ``span`` one more than the largest actor number, so they
    meet no real actor; they exist only in training rows (copies are never predicted).

    >>> copy_actors(np.array([1, 2, 24]), 1).tolist()
    [26, 27, 49]
    """
    actors = np.asarray(actors)
    if actors.size and actors.min() < 0:
        raise ValueError("copy_actors: actor numbers must be >= 0")
    span = int(actors.max()) + 1 if actors.size else 1
    return actors + copy * span


def model_inputs(model_name, tables, actors, preset):
    """``(X_aug, copies)`` for :func:`fit_fold`: the model's preset's features with the actor (and,
    for ``augment``, the clip number) as last columns, and its augmented tables with the actor.

    ``tables``: ``{(preset, augmentation or None): (n_samples, n_features)}``, holding at least
    ``(preset, None)``, the features the run was given; ``preset`` is their preset.
    """
    spec = get_model(model_name)
    name = spec.preset or preset
    needed = [(name, None)] + [(name, a) for a in spec.augment]
    missing = [key for key in needed if key not in tables]
    if missing:
        raise ValueError(f"model {model_name} needs the feature tables {missing} (preset, "
                         f"augmentation); given: {sorted(tables, key=str)}")
    X_aug = with_actor_column(tables[(name, None)], actors)  # (n_samples, n_features + 1)
    copies = [with_actor_column(tables[key], copy_actors(actors, i + 1) if
                                spec.copies_as_speakers else actors)
              for i, key in enumerate(needed[1:])]
    return (with_clip_column(X_aug) if spec.augment else X_aug), copies


def data_problems(y, actors, *, protocols, inner_splits=3, max_folds=None, random_state=0):
    """Problems the data would raise only once fitting starts: an outer split that cannot be made,
    or a training part too small for ``inner_splits`` inner folds (fewer actors than folds under a
    grouped protocol, fewer clips of some emotion than folds otherwise)."""
    y, actors = np.asarray(y), np.asarray(actors)
    problems = []
    for name in protocols:
        protocol = get_protocol(name)
        try:
            splits = protocol.outer_splits(y, actors, random_state=random_state)[:max_folds]
        except ValueError as exc:  # e.g. fewer clips of a class than the folds
            label, count = np.unique(y, return_counts=True)
            rarest = f"the smallest class, {label[count.argmin()]!r}, has {count.min()} clips"
            problems.append(Problem("protocols", name, f"{exc} ({rarest})"))
            continue
        for k, (train, _) in enumerate(splits):
            if protocol.grouped:
                have, unit = len(np.unique(actors[train])), "actors"
            else:
                have, unit = int(np.unique(y[train], return_counts=True)[1].min()), \
                    "clips of its rarest emotion"
            if inner_splits > have:
                problems.append(Problem("inner_splits", inner_splits, f"the training part of "
                                        f"fold {k} of protocol {name} has only {have} {unit}"))
                break
    return problems


def run_comparison(X, y, actors, *, models, protocols, full=False, n_jobs=1, inner_splits=3,
                   max_folds=None, random_state=0, progress=True, variants=None, tables=None,
                   preset=None):
    """Nested cross-validation of ``models`` under ``protocols``: a list of :class:`FoldResult`.

    ``X``: (n_samples, n_features); ``y``, ``actors``: (n_samples,). ``max_folds`` keeps only the
    first outer folds of each protocol (for quick checks). ``variants``, ``{protocol: model
    names}``, adds models under protocols of their own; ``tables`` (see :func:`model_inputs`)
    holds the other features they need, and ``preset`` names the preset of ``X``. Data that
    cannot be split as asked (too few actors or clips for the folds) raises ``ValueError``
    naming the protocol and fold before anything is fitted.
    """
    from joblib import Parallel, delayed
    from tqdm.auto import tqdm

    y, actors = np.asarray(y), np.asarray(actors)
    raise_problems(data_problems(y, actors, protocols=list(protocols) + list(variants or {}),
                                 inner_splits=inner_splits, max_folds=max_folds,
                                 random_state=random_state))
    tables = {**(tables or {}), (preset, None): X}
    tasks = plan(y, actors, models=models, protocols=protocols, max_folds=max_folds,
                 random_state=random_state, variants=variants)
    inputs = {m: model_inputs(m, tables, actors, preset) for m in {t[1] for t in tasks}}
    options = dict(full=full, inner_splits=inner_splits, random_state=random_state)
    if n_jobs == 1:
        results = (fit_fold(p, m, k, inputs[m][0], y, actors, train, test, copies=inputs[m][1],
                            **options)
                   for p, m, k, train, test in tasks)
    else:  # results arrive as tasks finish; sorted below
        results = Parallel(n_jobs=n_jobs, return_as="generator_unordered")(
            delayed(fit_fold)(p, m, k, inputs[m][0], y, actors, train, test,
                              copies=inputs[m][1], **options)
            for p, m, k, train, test in tasks)
    done = list(tqdm(results, total=len(tasks), desc="model x fold", unit="fit",
                     disable=not progress))
    return sorted(done, key=lambda r: (r.protocol, r.model, r.fold))
