"""Issue 13's experiments under the speaker protocol: prosody, augmentation, enrolment, ensembles.

    python benchmarks/bench_prosody.py --cache-dir DIR --out FILE.json [--max-folds N]
                                       [--n-jobs J] [--conditions NAME ...]

Every condition is our NumPy MLP on the six EmoBox speaker-independent folds, nested exactly like
``baselines.evaluation.evaluate.run_comparison``: the small grid (``alpha`` in {1e-2, 1}) searched
by a 3-fold inner cross-validation grouped by actor, refit on the training part, one prediction of
the test fold. Nothing is chosen on a test fold: every setting below was fixed before the first run,
or is the inner search's choice.

* ``default``, ``prosody``, ``default_spk``, ``prosody_spk``: ``run_comparison`` itself;
* ``+speed`` (both 0.9 and 1.1 copies), ``+noise`` (20 dB SNR), ``+gain`` (uniform +-6 dB): the
  training clips' copies added inside each fit (``baselines.models.augmented.AugmentedTraining``);
* ``enrol8``: ``baselines.models.enrolment.EnrolmentNormaliser(k=8)``, scored (inner and outer) on
  the non-enrolment rows; ``default`` is also reported on those same rows for a like-for-like pair;
* ``seeds5`` and ``mlp_svc``: ``baselines.models.ensembles`` with MLP_PARAMS as fixed (no search);
* ``prosody+speed``, ``prosody_seeds5``, ``prosody_enrol8``: the same on the prosody preset;
* ``*_cv``: added after the fixed versions' results were seen: the ensembles with ``alpha``
  (and the SVM's ``C``) searched by the inner CV, enrolment with ``with_std`` searched too;
* ``prosody_spk+speed``: the all-clips per-speaker variant with speed copies;
* ``random5_default``, ``random5_prosody``: ``run_comparison`` under ``random5`` (speaker-
  dependent, paired with each other, not with the speaker folds); ``random5_prosody+speed``
  the same folds with speed copies of the training clips (inner CV stratified, as random5's).

Each condition's per-fold accuracies are written to ``--out`` as soon as it finishes; the table
at the end gives paired differences against ``default`` (numpy_mlp, global scaling).
"""

import argparse
import json
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a source checkout

from baselines.evaluation.evaluate import run_comparison  # noqa: E402
from baselines.evaluation.protocols import get_protocol  # noqa: E402
from baselines.models.augmented import (AugmentedTraining, prefixed_grid,  # noqa: E402
                                        with_clip_column)
from baselines.models.enrolment import (EnrolmentNormaliser, enrolment_accuracy,  # noqa: E402
                                        scored_rows)
from baselines.models.ensembles import (coupled_grid, mlp_seed_ensemble,  # noqa: E402
                                        mlp_svc_ensemble)
from baselines.models.registry import make_model, param_grid  # noqa: E402
from baselines.models.speakers import with_actor_column  # noqa: E402
from features import load_dataset  # noqa: E402
from features.augment import augmented_features  # noqa: E402

AUGMENTED = {"+speed": ("speed0.9", "speed1.1"), "+noise": ("noise20",), "+gain": ("gain6",)}
CONDITIONS = ("default", "prosody", "default_spk", "prosody_spk", "+speed", "+noise", "+gain",
              "enrol8", "seeds5", "mlp_svc", "prosody+speed", "prosody_seeds5", "prosody_enrol8",
              "random5_default", "random5_prosody", "enrol8_cv", "seeds5_cv", "mlp_svc_cv",
              "prosody_enrol8_cv", "prosody_seeds5_cv", "prosody_spk+speed",
              "random5_prosody+speed")


def nested_fold(estimator, grid, X, y, actors, train, test, *, scoring="accuracy", score_rows=None,
                protocol="speaker"):
    """Search ``grid`` on ``train`` (the protocol's inner CV), refit, predict ``test``."""
    with threadpool_limits(limits=1), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        if grid:  # a dict, or a list of one-point dicts (a coupled grid)
            search = GridSearchCV(estimator, grid, cv=get_protocol(protocol).inner_cv(n_splits=3),
                                  scoring=scoring, n_jobs=1, error_score="raise")
            grouped = get_protocol(protocol).grouped
            search.fit(X[train], y[train], groups=actors[train] if grouped else None)
            fitted, best = search.best_estimator_, search.best_params_
        else:
            fitted, best = estimator.fit(X[train], y[train]), {}
        y_pred = fitted.predict(X[test])
    keep = np.ones(len(test), bool) if score_rows is None else score_rows(X[test])
    return float(np.mean(y_pred[keep] == y[test][keep])), best, y_pred


def by_hand(make, grid, X, y, actors, splits, n_jobs, **options):
    from joblib import Parallel, delayed

    out = Parallel(n_jobs=n_jobs)(delayed(nested_fold)(make(), grid, X, y, actors, tr, te,
                                                       **options) for tr, te in splits)
    return [o[0] for o in out], [o[1] for o in out], [o[2] for o in out]


def run_condition(name, data, splits, n_jobs, max_folds):
    fs = data["prosody"] if "prosody" in name else data["default"]
    y, actors = fs.y, fs.actors
    X_actor = with_actor_column(fs.X, actors)  # (n, n_features + 1)
    mlp_grid = param_grid("numpy_mlp")
    extra = {}
    if name in ("default", "prosody", "default_spk", "prosody_spk"):
        model = "numpy_mlp_spk" if name.endswith("_spk") else "numpy_mlp"
        results = run_comparison(fs.X, y, actors, models=[model], protocols=["speaker"],
                                 n_jobs=n_jobs, max_folds=max_folds, progress=False)
        acc = [float(np.mean(r.y_true == r.y_pred)) for r in results]
        best = [r.best_params for r in results]
        extra["y_pred"] = [r.y_pred.tolist() for r in results]
    elif name == "random5_prosody+speed":
        tables = [with_actor_column(augmented_features(fs.clips, preset=fs.preset, augmentation=a,
                                                       cache_dir=data["cache_dir"]), actors)
                  for a in AUGMENTED["+speed"]]
        r5 = get_protocol("random5").outer_splits(y, actors)[:max_folds]
        acc, best, _ = by_hand(lambda: AugmentedTraining(make_model("numpy_mlp"), tables),
                               prefixed_grid(mlp_grid), with_clip_column(X_actor), y, actors, r5,
                               n_jobs, protocol="random5")
    elif name.startswith("random5_"):  # speaker-dependent, for the random5 aim
        results = run_comparison(fs.X, y, actors, models=["numpy_mlp"], protocols=["random5"],
                                 n_jobs=n_jobs, max_folds=max_folds, progress=False)
        acc = [float(np.mean(r.y_true == r.y_pred)) for r in results]
        best = [r.best_params for r in results]
    elif name in AUGMENTED or name in ("prosody+speed", "prosody_spk+speed"):
        augs = AUGMENTED["+speed" if "speed" in name else name]
        model = "numpy_mlp_spk" if "_spk" in name else "numpy_mlp"
        tables = [with_actor_column(augmented_features(fs.clips, preset=fs.preset, augmentation=a,
                                                       cache_dir=data["cache_dir"]), actors)
                  for a in augs]
        X = with_clip_column(X_actor)  # (n, n_features + 2)
        acc, best, _ = by_hand(lambda: AugmentedTraining(make_model(model), tables),
                               prefixed_grid(mlp_grid), X, y, actors, splits, n_jobs)
    elif name in ("enrol8", "prosody_enrol8", "enrol8_cv", "prosody_enrol8_cv"):
        def make():
            return make_model("numpy_mlp").set_params(speaker=EnrolmentNormaliser(k=8))

        grid = {**mlp_grid, "speaker__with_std": [True, False]} if name.endswith("_cv") else mlp_grid
        acc, best, _ = by_hand(make, grid, X_actor, y, actors, splits, n_jobs,
                               scoring=enrolment_accuracy, score_rows=lambda X: scored_rows(X, k=8))
    elif name in ("seeds5", "prosody_seeds5", "seeds5_cv", "prosody_seeds5_cv"):
        grid = coupled_grid(mlp_seed_ensemble(), {"alpha": [1e-2, 1.0]}) if name.endswith(
            "_cv") else {}
        acc, best, _ = by_hand(lambda: make_model("numpy_mlp").set_params(
            model=mlp_seed_ensemble()), grid, X_actor, y, actors, splits, n_jobs)
    elif name in ("mlp_svc", "mlp_svc_cv"):
        grid = {}
        if name.endswith("_cv"):  # the same alpha grid as the MLP, the SVM's C grid as svc_rbf's
            grid = {"model__mlp__alpha": [1e-2, 1.0], "model__svc__estimator__C": [1.0, 10.0]}
        acc, best, _ = by_hand(lambda: make_model("numpy_mlp").set_params(
            model=mlp_svc_ensemble()), grid, X_actor, y, actors, splits, n_jobs)
    else:
        raise ValueError(f"condition {name!r}: choose from {CONDITIONS}")
    return {"accuracy": acc, "best_params": [{k: str(v) for k, v in b.items()} for b in best],
            **extra}


def summary_table(results, reference="default"):
    base = np.array(results[reference]["accuracy"]) * 100
    spread = base.std()
    lines = [f"| condition | per fold (%) | mean ± std | paired diff vs {reference} (points) | "
             "exceeds fold spread? |", "| --- | --- | --- | --- | --- |"]
    for name, r in results.items():
        if name.startswith("random5_") != reference.startswith("random5_"):
            continue  # pair like with like: the same protocol's folds
        acc = np.array(r["accuracy"]) * 100
        diff = acc - base[: acc.size]
        folds = ", ".join(f"{a:.1f}" for a in acc)
        verdict = "—" if name == reference else (
            f"{'yes' if abs(diff.mean()) > spread else 'no'} (|{diff.mean():+.1f}| vs {spread:.1f})")
        paired = "—" if name == reference else (
            f"{diff.mean():+.1f} ± {diff.std():.1f} ({', '.join(f'{d:+.1f}' for d in diff)})")
        lines.append(f"| {name} | {folds} | {acc.mean():.1f} ± {acc.std():.1f} | {paired} | "
                     f"{verdict} |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    parser.add_argument("--cache-dir", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--max-folds", type=int, default=None)
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument("--conditions", nargs="+", default=list(CONDITIONS), choices=CONDITIONS)
    args = parser.parse_args(argv)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the duplicate-recording note
        data = {p: load_dataset(args.data, preset=p, cache_dir=args.cache_dir, progress=False,
                                n_jobs=args.n_jobs) for p in ("default", "prosody")}
    data["cache_dir"] = args.cache_dir
    fs = data["default"]
    assert fs.clips == data["prosody"].clips
    splits = get_protocol("speaker").outer_splits(fs.y, fs.actors)[: args.max_folds]
    out = Path(args.out)
    results = json.loads(out.read_text()) if out.is_file() else {}
    for name in args.conditions:
        start = time.perf_counter()
        results[name] = run_condition(name, data, splits, args.n_jobs, args.max_folds)
        results[name]["seconds"] = time.perf_counter() - start
        if name == "enrol8" and "default" in results and "y_pred" in results["default"]:
            X_actor = with_actor_column(fs.X, fs.actors)
            same = []
            for (_, test), y_pred in zip(splits, results["default"]["y_pred"]):
                keep = scored_rows(X_actor[test], k=8)
                same.append(float(np.mean(np.array(y_pred)[keep] == fs.y[test][keep])))
            results["default_on_enrol8_rows"] = {"accuracy": same}
        tmp = out.with_suffix(".tmp")
        tmp.write_text(json.dumps(results, indent=1))
        os.replace(tmp, out)  # the file always holds complete results
        print(f"{name}: {[round(100 * a, 1) for a in results[name]['accuracy']]} "
              f"({results[name]['seconds']:.0f} s)", flush=True)
    for reference in ("default", "random5_default"):
        if reference in results:
            print(summary_table(results, reference))


if __name__ == "__main__":
    main()
