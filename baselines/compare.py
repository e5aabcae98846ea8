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

``variants`` (``{protocol: model names}``, e.g. :data:`DEFAULT_VARIANTS`) adds the named variants of
``baselines.models.registry.VARIANTS`` under protocols of their own. Those that need another
preset's features or augmented copies get them from ``tables``, ``{(preset, augmentation or None):
(n_clips, n_features)}``, row i for clip i of ``fs``; :func:`tables_needed` says which keys, and
:func:`load_tables` loads them from the feature cache (extracting what is missing). A variant whose
preset needs an optional library that is not installed (``egemaps``: opensmile) is a problem when
asked for by name; the default run leaves it out instead (:func:`without_unavailable`) and
``left_out`` records which and why in ``results.md`` and ``results.json``.

Lesson: lessons/25_running_the_comparison.md#the-main-job
"""

from dataclasses import dataclass, field

import numpy as np

from baselines.checks import SEED_RANGE, Interval, Problem, out_of_range, raise_problems, repeated
from baselines.evaluation.evaluate import data_problems  # re-exported: the CLI checks with it
from baselines.evaluation.protocols import get_protocol
from baselines.models.mlp_params import MLP_PARAMS
from baselines.models.registry import (ALL_MODEL_NAMES, MODELS, VARIANT_NAMES, get_model,
                                       param_grid)

DEFAULT_PROTOCOLS = ("seed", "speaker")
OPT_IN_VARIANTS = ("numpy_mlp_prosody_speed_spk", "numpy_mlp_prosody_speedvoices_enrol8",
                   "numpy_mlp_prosody_speed_seeds5", "numpy_mlp_rich_speed")
"""The variants run only when ``--variants`` names them: each trains on two speed copies of every
training clip (the seed vote five networks at that; ``numpy_mlp_rich_speed`` extracts three
``prosody_rich`` tables first), so each adds minutes to the run (the README and lesson 26 give
their measured costs)."""
DEFAULT_VARIANTS = {"speaker": tuple(name for name in VARIANT_NAMES
                                     if name not in OPT_IN_VARIANTS)}
"""What ``audio-mlp compare`` adds by default, under ``speaker`` only: every variant but the
costliest (:data:`OPT_IN_VARIANTS`, with ``--variants``), so that the whole default run
fits in 10 minutes on a 2-core machine (lesson 25). The two ``egemaps`` variants need the
``opensmile`` extra: :func:`without_unavailable` takes them out where it is missing."""
LOSS_MODELS = ("numpy_mlp", "sklearn_mlp")  # whose fold-0 training loss is drawn

INTERVALS = {"inner_splits": Interval(2), "max_folds": Interval(1), "n_jobs": Interval(1),
             "random_state": Interval(*SEED_RANGE)}


@dataclass
class Comparison:
    """What one run computed: everything ``results.md``, ``results.json`` and the figures show."""

    results: dict  # baselines.results.summarise: the tables, per fold, per class, config, versions
    curves: list = field(default_factory=list)  # evaluation.curves.Curve: learning, alpha, hidden
    loss: dict = field(default_factory=dict)  # {protocol: {model: training loss per epoch}}, fold 0


def _as_groups(models, protocols, variants):
    """(protocol, model names) groups: ``models`` under each protocol, then the variants'."""
    return [(p, list(models)) for p in protocols] + [(p, list(n)) for p, n in
                                                     (variants or {}).items()]


def unavailable(names):
    """``{name: why}`` for the models of ``names`` whose preset cannot be computed here: an
    optional library it needs is not installed (``get_preset`` raises ``ImportError`` saying what
    to install)."""
    from features.presets import get_preset

    missing = {}
    for name in names:
        preset = get_model(name).preset
        if preset is not None:
            try:
                get_preset(preset)
            except ImportError as exc:
                missing[name] = str(exc)
    return missing


def needs_groups(name):
    """True for a model that normalises each group (speaker) apart: ``_spk``, enrolment."""
    spec = get_model(name)
    return spec.per_speaker or spec.enrolment_k is not None


def without_unavailable(variants):
    """``(variants, left_out)``: the ``{protocol: names}`` groups without the models that
    :func:`unavailable` names, and ``{name: why}`` of those left out (what the default run uses)."""
    left_out = unavailable(dict.fromkeys(n for names in (variants or {}).values() for n in names))
    kept = {p: [n for n in names if n not in left_out] for p, names in (variants or {}).items()}
    return kept, left_out


def tables_needed(models, variants, preset):
    """The feature tables ``(preset, augmentation or None)`` the models need besides ``fs``'s."""
    needed = []
    for _, names in _as_groups(models, (), variants) + [(None, list(models))]:
        for name in names:
            spec = get_model(name)
            p = spec.preset or preset
            for key in [(p, None)] + [(p, a) for a in spec.augment]:
                if key != (preset, None) and key not in needed:
                    needed.append(key)
    return needed


def load_tables(fs, keys, *, data_dir=None, n_jobs=1, cache_dir=None, progress=False):
    """``{key: (n_clips, n_features)}`` for each ``(preset, augmentation or None)`` of ``keys``,
    from the same clips as ``fs``, in its row order (the feature cache, as ``load_dataset``).
    ``data_dir`` (RAVDESS) is needed only for a preset other than ``fs``'s."""
    from features.augment import augmented_features
    from features.dataset import load_dataset

    tables, sets = {}, {fs.preset: fs}  # fs's own preset: its features are loaded already
    for preset, augmentation in keys:
        if preset not in sets and getattr(fs, "layout", "ravdess") != "ravdess":
            sets[preset] = _same_files(fs, preset, n_jobs=n_jobs, cache_dir=cache_dir,
                                       progress=progress)
        if preset not in sets:
            other = load_dataset(data_dir, preset=preset, n_jobs=n_jobs, cache_dir=cache_dir,
                                 progress=progress)
            if list(other.clips) != list(fs.clips):
                raise ValueError(f"the {preset} features are of other clips than the "
                                 f"{fs.preset} ones ({len(other.clips)} vs {len(fs.clips)})")
            sets[preset] = other
        tables[(preset, augmentation)] = sets[preset].X if augmentation is None else \
            augmented_features(fs.clips, preset=preset, augmentation=augmentation,
                               n_jobs=n_jobs, cache_dir=cache_dir, progress=progress)
    return tables


def _same_files(fs, preset, *, n_jobs, cache_dir, progress):
    """The ``preset`` features of exactly the files of ``fs`` (a folders or manifest
    CollectionSet), in its row order, from the feature cache or extracted; every file was
    decoded once already, so one that fails now raises."""
    from types import SimpleNamespace

    from features.dataset import cached_rows
    from features.presets import get_preset
    from features.source import cache_folder

    arrays, *_ = cached_rows([r.path for r in fs.clips], get_preset(preset), strict=True,
                             cache_dir=cache_dir or cache_folder(), n_jobs=n_jobs,
                             progress=progress)
    return SimpleNamespace(X=arrays["X"], clips=fs.clips)


def option_problems(*, models, protocols, inner_splits=3, max_folds=None, n_jobs=1,
                    random_state=0, variants=None):
    """Every :class:`~baselines.checks.Problem` with the options that shows without the data."""
    problems = []
    variant_names = [n for _, group in _as_groups((), (), variants) for n in group]
    for parameter, names, get in (("models", models, get_model),
                                  ("protocols", protocols, get_protocol),
                                  ("variants", variant_names, get_model),
                                  ("variant_protocols", list(variants or {}), get_protocol)):
        for name in names:
            try:
                get(name)
            except ValueError as exc:
                problems.append(Problem(parameter, name, str(exc)))
        if parameter in ("models", "variants"):
            known = [n for n in names if n in MODELS]
            problems += [Problem(parameter, name, f"cannot run here: {why}")
                         for name, why in unavailable(dict.fromkeys(known)).items()]
        if parameter in ("models", "protocols"):
            problems += repeated(parameter, names)
    for protocol, names in (variants or {}).items():
        problems += repeated("variants", list(names))
        if protocol in protocols:
            problems += [Problem("variants", name, f"is already run under {protocol} as one of "
                                 "the models") for name in names if name in models]
    values = {"inner_splits": inner_splits, "max_folds": max_folds, "n_jobs": n_jobs,
              "random_state": random_state}
    return problems + out_of_range(values, INTERVALS)


def fit_checks(y, actors, *, models, protocols, variants=None, inner_splits=3, max_folds=None,
               random_state=0, full=False):
    """:func:`data_problems`, then (if none) what each model's fits need of the smallest training
    part (:func:`baselines.evaluation.small_data.fit_problems`): every problem the data would
    raise only once fitting starts, found before it."""
    from baselines.evaluation.small_data import fit_problems

    settings = dict(inner_splits=inner_splits, max_folds=max_folds, random_state=random_state)
    problems = data_problems(y, actors, protocols=list(protocols) + list(variants or {}),
                             **settings)
    if problems:
        return problems
    for protocol, names in _as_groups(models, protocols, variants):
        problems += fit_problems(y, actors, models=names, protocols=[protocol], full=full,
                                 **settings)
    return list(dict.fromkeys(problems))


def run(fs, *, models=ALL_MODEL_NAMES, protocols=DEFAULT_PROTOCOLS, full=False, inner_splits=3,
        max_folds=None, curves=True, n_jobs=1, random_state=0, progress=True, variants=None,
        tables=None, left_out=None):
    """Nested cross-validation of ``models`` under ``protocols`` on ``fs``: a :class:`Comparison`.

    ``fs`` needs ``X`` (n_clips, n_features), ``y`` and ``actors`` (n_clips,) and ``preset``.
    ``curves=False`` skips the learning and validation curves; ``max_folds`` keeps only the
    first outer folds of each protocol (quick checks). ``variants`` and ``tables``: see the
    module docstring. ``left_out`` (``{name: why}``, from :func:`without_unavailable`) names the
    models the caller left out, recorded in ``config["left_out"]``. Raises ``ValueError`` listing
    every problem with the arguments before anything is fitted.
    """
    from baselines.evaluation.curves import all_curves
    from baselines.evaluation.evaluate import run_comparison
    from baselines.evaluation.metrics import label_order
    from baselines.results import summarise

    models, protocols = list(models), list(protocols)
    variants = {p: list(names) for p, names in (variants or {}).items() if names}
    problems = option_problems(models=models, protocols=protocols, inner_splits=inner_splits,
                               max_folds=max_folds, n_jobs=n_jobs, random_state=random_state,
                               variants=variants)
    if not problems:
        missing = [k for k in tables_needed(models, variants, fs.preset) if k not in (tables or {})]
        problems += [Problem("tables", key, "is needed by a variant and was not given "
                             "(baselines.compare.load_tables makes it)") for key in missing]
    raise_problems(problems or fit_checks(fs.y, fs.actors, models=models, protocols=protocols,
                                          variants=variants, inner_splits=inner_splits,
                                          max_folds=max_folds, random_state=random_state,
                                          full=full))
    folds = run_comparison(fs.X, fs.y, fs.actors, models=models, protocols=protocols, full=full,
                           n_jobs=n_jobs, inner_splits=inner_splits, max_folds=max_folds,
                           random_state=random_state, progress=progress, variants=variants,
                           tables=tables, preset=fs.preset)
    run_models = list(dict.fromkeys(models + [n for names in variants.values() for n in names]))
    config = {"models": models, "protocols": protocols, "full": full,
              "inner_splits": inner_splits, "max_folds": max_folds,
              "random_state": random_state, "jobs": n_jobs, "mlp_params": MLP_PARAMS,
              "grids": {m: param_grid(m, full=full) for m in run_models}}
    if variants:  # each variant's definition beside its numbers
        config["variants"] = {p: names for p, names in variants.items()}
        config["definitions"] = {m: get_model(m).definition(fs.preset)
                                 for m in run_models if m not in ALL_MODEL_NAMES}
    if left_out:  # not run here (an optional library missing), and why
        config["left_out"] = dict(left_out)
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
    from baselines.figures.comparison import draw_comparison
    from baselines.outputs import replace_folder
    from baselines.results import write_results

    def write_into(folder):
        figures = draw_comparison(comparison, folder / "figures")
        json_path, md_path = write_results(comparison.results, folder)
        return figures + [md_path, json_path]

    return replace_folder(out, write_into)
