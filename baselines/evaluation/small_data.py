"""What every fit needs of the data, checked before any fit (small data sets).

A fit sees a *training part*: an outer fold's training clips, or, inside a search, an inner fold's.
On a small data set the smallest of them can be too small for a setting, and the fit would fail
deep inside a worker process (lesson 22):

* early stopping (``early_stopping=True``) holds out ``validation_fraction`` of the part, at
  least 2 clips, split stratified by class when there are two (so then the held-out clips and
  the rest must each hold both);
* k-nearest neighbours cannot ask for more neighbours (``n_neighbors``) than the part has clips.

:func:`fit_problems` walks every training part of a run, exactly as the run will split the data,
and returns a :class:`~baselines.checks.Problem` for each setting the smallest part cannot satisfy,
naming the part, its size and its smallest class.

Lesson: lessons/19_your_own_audio.md#small-data-sets
"""

import math
from collections import Counter

import numpy as np

from baselines.checks import Problem
from baselines.evaluation.protocols import get_protocol

FIX = "leave it out, or add clips"
"""What every problem of :func:`fit_problems` ends with: how the user gets past it."""


def training_parts(y, actors, protocol_name, *, search, inner_splits=3, max_folds=None,
                   random_state=0):
    """``(where, index)`` of every training part a run fits on: each outer fold's and, with
    ``search``, each inner fold's (as :func:`baselines.evaluation.evaluate.fit_fold` splits)."""
    y, actors = np.asarray(y), np.asarray(actors)
    protocol = get_protocol(protocol_name)
    for k, (train, _) in enumerate(protocol.outer_splits(y, actors,
                                                         random_state=random_state)[:max_folds]):
        yield f"the training part of fold {k} of {protocol_name}", train
        if search:
            inner = protocol.inner_cv(n_splits=inner_splits, random_state=random_state)
            groups = actors[train] if protocol.grouped else None
            for j, (inner_train, _) in enumerate(inner.split(train, y[train], groups=groups)):
                yield f"inner fold {j} of fold {k} of {protocol_name}", train[inner_train]


def smallest_class(labels):
    """``(label, count)`` of the rarest class in ``labels``."""
    counts = Counter(np.asarray(labels).tolist())
    label = min(sorted(counts), key=counts.get)
    return label, counts[label]


def early_stopping_reason(labels, validation_fraction):
    """Why a part with these ``labels`` cannot be split for early stopping, or ``None``.

    The split must hold at least 2 clips; with two classes it is stratified (as scikit-learn's
    MLP does, and ours for parity), so it and the rest must each hold both classes.

    >>> early_stopping_reason(["a"] * 3 + ["b"] * 3, 0.1)
    "6 clips: the 10% validation split holds 1, fewer than the 2 classes (the smallest class, 'a', has 3)"
    >>> early_stopping_reason(["a"] * 30 + ["b"] * 30, 0.1) is None
    True
    """
    n, n_classes = len(labels), len(set(np.asarray(labels).tolist()))
    n_val = math.ceil(validation_fraction * n)  # as train_test_split rounds a fraction
    label, count = smallest_class(labels)
    stratified = n_classes == 2
    if stratified and count < 2:
        return f"{n} clips: class {label!r} has {count}, and a stratified split needs 2 of each"
    needed = f"the {n_classes} classes" if stratified else "2 clips"
    if n_val < (2 if not stratified else max(2, n_classes)):
        return (f"{n} clips: the {validation_fraction:.0%} validation split holds {n_val}, fewer "
                f"than {needed} (the smallest class, {label!r}, has {count})")
    if stratified and n - n_val < n_classes:
        return f"{n} clips: after the validation split fewer than the {n_classes} classes remain"
    return None


def _settings(classifier, grid):
    """``(early_stopping, validation_fraction, largest n_neighbors or None)`` of a classifier
    (or an ensemble holding one) and the grid searched over it."""
    params = classifier.get_params(deep=True)
    early = any(v is True for k, v in params.items() if k.endswith("early_stopping"))
    fraction = max([v for k, v in params.items() if k.endswith("validation_fraction")],
                   default=0.1)
    neighbours = [v for k, v in params.items() if k.endswith("n_neighbors")]
    neighbours += list(grid.get("model__n_neighbors", []))
    return early, fraction, max(neighbours, default=None)


def fit_problems(y, actors, *, models, protocols, inner_splits=3, max_folds=None, random_state=0,
                 full=False, params=None):
    """A :class:`~baselines.checks.Problem` for each model whose settings the smallest training
    part of a protocol cannot satisfy (see the module docstring).

    ``params`` (pipeline parameters, ``{"model__early_stopping": True, ...}``) fixes the settings
    instead of the registry's grids, as ``audio-mlp train`` does (no search, no inner folds).
    """
    from baselines.evaluation.evaluate import n_candidates
    from baselines.models.registry import make_model, param_grid

    problems = []
    for name in models:
        model = make_model(name, random_state=random_state)
        grid = param_grid(name, full=full) if params is None else {}
        if params is not None:
            model.set_params(**params)
        early, fraction, neighbours = _settings(model.named_steps["model"], grid)
        if not early and neighbours is None:
            continue
        for protocol in protocols:
            parts = training_parts(y, actors, protocol, search=n_candidates(grid) > 1,
                                   inner_splits=inner_splits, max_folds=max_folds,
                                   random_state=random_state)
            reason = None
            for where, index in parts:
                labels = np.asarray(y)[index]
                if early and (why := early_stopping_reason(labels, fraction)):
                    reason = f"early stopping needs a validation split; {where} has {why}"
                elif neighbours is not None and neighbours > len(index):
                    label, count = smallest_class(labels)
                    reason = (f"n_neighbors {neighbours} is more than the {len(index)} clips of "
                              f"{where} (the smallest class, {label!r}, has {count})")
                if reason:
                    problems.append(Problem("models", name, f"{reason}; {FIX}"))
                    break
            if reason:
                break
    return problems
