"""The main job as one function: every model under every protocol, nested CV, curves, one result.

:func:`run` takes a feature set (:func:`features.dataset.load_dataset`, or
:func:`baselines.synthetic.make_ravdess_like`) and returns a :class:`Comparison`: the results
dict of :func:`baselines.results.summarise` plus what the figures need. It computes everything in
memory and writes nothing. :func:`write` then puts the figures, ``results.md`` and
``results.json`` into an output folder, all at once (:func:`baselines.outputs.replace_folder`).
``audio-mlp compare`` is these two calls and a print; lesson 25 makes the same two calls.

Every check that can be made before fitting is made first and reported together
(:func:`option_problems` needs no data, :func:`data_problems` needs the labels and actors), so a
bad option fails at once, not after minutes of fitting.

Lesson: lessons/25_running_the_comparison.md#the-main-job
"""

from dataclasses import dataclass, field

import numpy as np

from baselines.checks import SEED_RANGE, Interval, Problem, out_of_range, raise_problems, repeated
from baselines.models import ALL_MODEL_NAMES, MLP_PARAMS, get_model, param_grid
from baselines.protocols import get_protocol

DEFAULT_PROTOCOLS = ("seed", "speaker")
LOSS_MODELS = ("numpy_mlp", "sklearn_mlp")  # whose fold-0 training loss is drawn

INTERVALS = {"inner_splits": Interval(2), "max_folds": Interval(1), "n_jobs": Interval(1),
             "random_state": Interval(*SEED_RANGE)}


@dataclass
class Comparison:
    """What one run computed: everything ``results.md``, ``results.json`` and the figures show."""

    results: dict  # baselines.results.summarise: the tables, per fold, per class, config, versions
    curves: list = field(default_factory=list)  # baselines.curves.Curve: learning, alpha, hidden
    loss: dict = field(default_factory=dict)  # {protocol: {model: training loss per epoch}}, fold 0


def option_problems(*, models, protocols, inner_splits=3, max_folds=None, n_jobs=1,
                    random_state=0):
    """Every :class:`~baselines.checks.Problem` with the options that shows without the data."""
    problems = []
    for parameter, names, get in (("models", models, get_model), ("protocols", protocols,
                                                                   get_protocol)):
        for name in names:
            try:
                get(name)
            except ValueError as exc:
                problems.append(Problem(parameter, name, str(exc)))
        problems += repeated(parameter, names)
    values = {"inner_splits": inner_splits, "max_folds": max_folds, "n_jobs": n_jobs,
              "random_state": random_state}
    return problems + out_of_range(values, INTERVALS)


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
        except ValueError as exc:
            problems.append(Problem("protocols", name, str(exc)))
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


def run(fs, *, models=ALL_MODEL_NAMES, protocols=DEFAULT_PROTOCOLS, full=False, inner_splits=3,
        max_folds=None, curves=True, n_jobs=1, random_state=0, progress=True):
    """Nested cross-validation of ``models`` under ``protocols`` on ``fs``: a :class:`Comparison`.

    ``fs`` needs ``X`` (n_clips, n_features), ``y`` and ``actors`` (n_clips,) and ``preset``.
    ``curves=False`` skips the learning and validation curves; ``max_folds`` keeps only the
    first outer folds of each protocol (quick checks). Raises ``ValueError`` listing every
    problem with the arguments before anything is fitted.
    """
    from baselines.curves import all_curves
    from baselines.evaluate import run_comparison
    from baselines.metrics import label_order
    from baselines.results import summarise

    models, protocols = list(models), list(protocols)
    raise_problems(option_problems(models=models, protocols=protocols, inner_splits=inner_splits,
                                   max_folds=max_folds, n_jobs=n_jobs, random_state=random_state)
                   or data_problems(fs.y, fs.actors, protocols=protocols,
                                    inner_splits=inner_splits, max_folds=max_folds,
                                    random_state=random_state))
    folds = run_comparison(fs.X, fs.y, fs.actors, models=models, protocols=protocols, full=full,
                           n_jobs=n_jobs, inner_splits=inner_splits, max_folds=max_folds,
                           random_state=random_state, progress=progress)
    config = {"models": models, "protocols": protocols, "full": full,
              "inner_splits": inner_splits, "max_folds": max_folds,
              "random_state": random_state, "jobs": n_jobs, "mlp_params": MLP_PARAMS,
              "grids": {m: param_grid(m, full=full) for m in models}}
    features = {"preset": fs.preset, "n_features": int(fs.X.shape[1]), "n_clips": len(fs.y),
                "layout": getattr(fs, "layout", "ravdess")}
    results = summarise(folds, labels=label_order(fs.y), features=features, config=config)
    loss = {}
    for r in folds:
        if r.model in LOSS_MODELS and r.fold == 0 and r.loss_curve:
            loss.setdefault(r.protocol, {})[r.model] = r.loss_curve
    drawn = all_curves(fs.X, fs.y, fs.actors, n_jobs=n_jobs, random_state=random_state) \
        if curves else []
    return Comparison(results=results, curves=drawn, loss=loss)


def write(comparison, out):
    """The figures, ``results.md`` and ``results.json`` of ``comparison`` into the folder ``out``,
    replacing a previous run's folder all at once; the paths written.

    Raises ``ValueError`` before writing anything if ``out`` cannot take them
    (:func:`baselines.outputs.folder_problem`), ``OSError`` if writing fails (``out`` is then
    as it was).
    """
    from baselines.outputs import replace_folder
    from baselines.plots import draw_comparison
    from baselines.results import write_results

    def write_into(folder):
        figures = draw_comparison(comparison, folder / "figures")
        json_path, md_path = write_results(comparison.results, folder)
        return figures + [md_path, json_path]

    return replace_folder(out, write_into)
