"""Fold results -> ``results.json`` and ``results.md``, written atomically.

:func:`summarise` turns the :class:`~baselines.evaluation.evaluate.FoldResult` list into one plain dict::

    {"protocols": {"<protocol>": {"<model>": {"accuracy_mean", "accuracy_std", "macro_f1_mean",
                                              "macro_f1_std", "folds": [{"accuracy", "macro_f1",
                                              ...}, ...], "per_class", "confusion", ...}}},
     "paired": {"<protocol>": {"numpy_mlp - sklearn_mlp": {"per_fold", "mean", "std"}}},
     "labels": [...], "features": {"preset", "n_features", "n_clips"}, "config": {...},
     "versions": {...}}

Standard deviations are over folds (ddof=0). Per-class scores and the confusion matrix pool the
test predictions of all folds (every clip is tested exactly once under ``random5`` and ``speaker``).

Each file is written with :func:`features.files.write_atomic` (a temporary file in the target
folder, then a rename over the target), so an interrupted run never leaves a half-written file.

Lesson: lessons/25_running_the_comparison.md#the-results-files
"""

import json
import platform
from pathlib import Path

import numpy as np

from baselines.evaluation.metrics import (confusion_matrix, confusion_scores, fold_metrics,
                                          mean_std, normalise_rows, paired_difference)
from baselines.models.registry import VARIANT_NAMES
from features.files import installed_version, write_atomic
from mlp.files import plain

PAIRS = [("numpy_mlp", "sklearn_mlp"), ("numpy_mlp_spk", "sklearn_mlp_spk")]


def summarise(fold_results, *, labels, features, config, versions=None):
    """The results dict (see the module docstring) from a list of ``FoldResult``."""
    protocols = {}
    for r in fold_results:
        protocols.setdefault(r.protocol, {}).setdefault(r.model, []).append(r)
    out = {"protocols": {}, "paired": {}, "labels": list(labels), "features": dict(features),
           "config": plain(config), "versions": library_versions() if versions is None else versions}
    for protocol, models in protocols.items():
        table = out["protocols"][protocol] = {}
        for model, results in models.items():
            results = sorted(results, key=lambda r: r.fold)
            folds = []
            for r in results:
                m = fold_metrics(r.y_true, r.y_pred, labels)
                folds.append({"fold": r.fold, "accuracy": m["accuracy"], "macro_f1": m["macro_f1"],
                              "balanced_accuracy": m["balanced_accuracy"],
                              "n_test": len(r.y_true), "best_params": plain(r.best_params),
                              "inner_accuracy": r.inner_score, "seconds": round(r.seconds, 2),
                              "n_iter": r.n_iter or None, "oob_score": r.oob_score,
                              "convergence_warnings": r.convergence_warnings})
            pooled = sum(confusion_matrix(r.y_true, r.y_pred, labels) for r in results)
            acc_mean, acc_std = mean_std([f["accuracy"] for f in folds])
            f1_mean, f1_std = mean_std([f["macro_f1"] for f in folds])
            bal_mean, bal_std = mean_std([f["balanced_accuracy"] for f in folds])
            table[model] = {
                "accuracy_mean": acc_mean, "accuracy_std": acc_std,
                "balanced_accuracy_mean": bal_mean, "balanced_accuracy_std": bal_std,
                "macro_f1_mean": f1_mean, "macro_f1_std": f1_std, "folds": folds,
                "per_class": confusion_scores(pooled, labels)["per_class"],
                "confusion": pooled.tolist(),
                "confusion_normalised": normalise_rows(pooled).round(4).tolist(),
            }
        variants = [(m, "numpy_mlp") for m in table if m in VARIANT_NAMES]  # vs global scaling
        for ours, theirs in PAIRS + variants:
            if ours in table and theirs in table:
                out["paired"].setdefault(protocol, {})[f"{ours} - {theirs}"] = paired_difference(
                    [f["accuracy"] for f in table[ours]["folds"]],
                    [f["accuracy"] for f in table[theirs]["folds"]])
    return out


def library_versions():
    """Versions of Python and the libraries whose behaviour changes the numbers."""
    versions = {"python": platform.python_version()}
    for package in ("audio-mlp", "numpy", "scipy", "scikit-learn", "librosa"):
        versions[package] = installed_version(package)
    return versions


EMPTY = "—"  # a table cell with nothing to show (a model fixed, not searched)
HONEST = ("speaker", "grouped")  # protocols that test only on speakers (groups) never trained on


def reading_guide(results):
    """The three sentences that open ``results.md``: which protocol to trust, what ``_spk``
    assumes, and the one command that trains a model on one's own recordings."""
    protocols = results["protocols"]
    honest = [p for p in HONEST if p in protocols]
    if honest:
        trust = (f"Trust `{honest[0]}`: its test folds hold only speakers (groups) no model was "
                 "trained on, as a deployed model meets them; the other protocols put one "
                 "speaker's clips on both sides of a split and read higher.")
    else:
        trust = ("No protocol here tests on unseen speakers (the data has no groups), so these "
                 "scores are higher than a new speaker would see; give groups (a group column "
                 "or --group-pattern) to get the `grouped` protocol.")
    spk = ("A model ending in `_spk` assumes that the unlabelled clips of every test speaker are "
           "at hand before predicting (their own statistics normalise them): true when each "
           "user records a few clips first, not for one clip of a stranger.")
    from baselines.models.model_file import DEFAULT_RECIPE, RECIPES

    table = protocols[honest[0]] if honest else next(iter(protocols.values()))
    ranked = sorted(table, key=lambda m: -table[m]["accuracy_mean"])
    usable = [m for m in ranked if m in RECIPES]  # those a model file can hold
    if not usable:
        how = (f"none of these rows is a recipe a model file holds; `audio-mlp train --data "
               f"YOUR_FOLDER` trains the default, `{DEFAULT_RECIPE}`,")
    elif usable[0] == ranked[0]:
        how = f"`audio-mlp train --data YOUR_FOLDER --recipe {ranked[0]}` trains it"
    else:
        how = (f"the best that classifies a single new recording is `{usable[0]}`: `audio-mlp "
               f"train --data YOUR_FOLDER --recipe {usable[0]}` trains it")
    train = (f"The best row here is `{ranked[0]}`; {how} on your own recordings in one command, "
             "and `audio-mlp predict model.npz FILE` then uses it.")
    return " ".join([trust, spk, train])


def models_described(results):
    """One line per model and variant of the tables: what it is."""
    from baselines.models.registry import get_model

    names = dict.fromkeys(m for table in results["protocols"].values() for m in table)
    return ["Models:", ""] + [f"- `{m}`: {get_model(m).description}" for m in names] + [""]


def to_markdown(results):
    """``results.md``: one table per protocol, the paired MLP differences, per-class F1."""
    pct = lambda x: f"{100 * x:.1f}"  # noqa: E731
    feats, cfg = results["features"], results["config"]
    kind, unit = ("speaker", "actor") if feats.get("layout", "ravdess") == "ravdess" else ("group", "group")
    lines = ["# Results", "",
             f"Features: `{feats['preset']}` preset, {feats['n_features']} features, "
             f"{feats['n_clips']} clips. Scores in %, mean ± std over the outer folds "
             "(ddof=0); hyperparameters chosen by inner cross-validation on the training part "
             f"only ({cfg['inner_splits']} inner folds, "
             f"{'full' if cfg['full'] else 'small'} grid). Models ending in `_spk` are the "
             f"per-{kind}-normalised variant: each {unit}'s features standardised with that "
             f"{unit}'s own unlabelled statistics, test {unit}s included.", ""]
    lines[2:2] = [reading_guide(results), ""]
    lines += models_described(results)
    for model, why in cfg.get("left_out", {}).items():  # compare.without_unavailable
        lines += [f"Left out: `{model}` ({why}).", ""]
    for protocol, table in results["protocols"].items():
        n_folds = len(next(iter(table.values()))["folds"])
        unequal = len({s["support"] for s in next(iter(table.values()))["per_class"].values()}) > 1
        balanced = "balanced accuracy | " if unequal else ""  # unequal classes (L23.7)
        lines += [f"## Protocol `{protocol}` ({n_folds} fold{'s' * (n_folds > 1)})", "",
                  f"| model | accuracy | {balanced}macro-F1 | accuracy per fold | chosen (per fold) |",
                  "| --- | --- | --- | --- | --- |" + " --- |" * unequal]
        for model, row in sorted(table.items(), key=lambda kv: -kv[1]["accuracy_mean"]):
            per_fold = " ".join(pct(f["accuracy"]) for f in row["folds"])
            chosen = "; ".join(", ".join(f"{k.split('__')[-1]}={v}" for k, v in
                                         f["best_params"].items()) or EMPTY for f in row["folds"])
            chosen = EMPTY if set(chosen.split("; ")) == {EMPTY} else chosen
            bal = (f"| {pct(row['balanced_accuracy_mean'])} ± {pct(row['balanced_accuracy_std'])} "
                   if unequal else "")
            lines.append(f"| {model} | {pct(row['accuracy_mean'])} ± {pct(row['accuracy_std'])} "
                         f"{bal}| {pct(row['macro_f1_mean'])} ± {pct(row['macro_f1_std'])} "
                         f"| {per_fold} | {chosen} |")
        for pair, diff in results["paired"].get(protocol, {}).items():
            lines += ["", f"Paired accuracy difference `{pair}`: {100 * diff['mean']:+.2f} ± "
                      f"{100 * diff['std']:.2f} points (per fold: "
                      + ", ".join(f"{100 * d:+.2f}" for d in diff["per_fold"]) + ")."]
        labels = results["labels"]
        lines += ["", "Per-class F1 (pooled over folds):", "",
                  "| model | " + " | ".join(labels) + " |", "|---" * (len(labels) + 1) + "|"]
        for model, row in sorted(table.items()):
            lines.append(f"| {model} | " + " | ".join(pct(row["per_class"][label]["f1"])
                                                       for label in labels) + " |")
        lines.append("")
    versions = ", ".join(f"{k} {v}" for k, v in results["versions"].items())
    lines += [f"Versions: {versions}.", ""]
    return "\n".join(lines)


def write_results(results, out_dir):
    """``results.md`` then ``results.json`` in ``out_dir``, each written atomically."""
    out_dir = Path(out_dir)
    md = write_atomic(out_dir / "results.md", to_markdown(results))
    js = write_atomic(out_dir / "results.json", json.dumps(plain(results), indent=2) + "\n")
    return js, md
