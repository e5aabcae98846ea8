"""Figures for Part 3 (baselines and evaluation, lessons 20-26), drawn on synthetic data.

* ``20_svm_margin_gamma.png``: a linear SVM's margin and support vectors, and RBF boundaries for
  three values of gamma, on 2-D blobs;
* ``21_protocol_gap.png``: random 5-fold against speaker-independent accuracy per model, on
  :func:`baselines.synthetic.make_ravdess_like`;
* ``22_nested_loop.png``: the nested cross-validation loop as a diagram of folds;
* ``23_confusion.png``: a row-normalised confusion matrix of speaker-independent predictions;
* ``24_curves.png``: a learning curve and a validation curve on the synthetic speakers;
* ``25_atomic_outputs.png``: what a reader can find on disk during an atomic write;
* ``26_paired_folds.png``: two models' per-fold accuracies and their paired differences.

Every figure is deterministic (fixed seeds) and small; all of them together draw in seconds.

Lesson: lessons/README.md#figures
"""

import numpy as np
from threadpoolctl import threadpool_limits

from baselines.evaluation.protocols import get_protocol
from baselines.figures.comparison import shares_heat_map
from baselines.models.registry import make_model
from baselines.models.speakers import with_actor_column
from baselines.synthetic import make_ravdess_like
from features.figures import plane_grid, save_png, subplots


def _blobs(seed=0, n=40):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal([-1.0, -0.5], 0.9, (n, 2)), rng.normal([1.0, 0.5], 0.9, (n, 2))])
    return X, np.repeat([-1, 1], n)  # (2n, 2), labels -1 / +1


def draw_svm_margin_gamma(path):
    """Lesson 20: margin, support vectors (y f <= 1) and the effect of gamma."""
    from sklearn.svm import SVC

    X, y = _blobs()
    gx, gy, points = plane_grid(-3.5, 3.5, 150)  # (150, 150) each, and (150 * 150, 2)
    fig, axes = subplots(4, figsize=(9, 2.8))
    models = [("linear, C = 1", SVC(kernel="linear", C=1.0))] + [
        (f"RBF, gamma = {g:g}", SVC(kernel="rbf", gamma=g, C=1.0)) for g in (0.1, 1.0, 20.0)]
    for ax, (title, svm) in zip(axes, models):
        svm.fit(X, y)
        f = svm.decision_function(points).reshape(gx.shape)
        ax.contourf(gx, gy, f, levels=[-1e9, 0, 1e9], colors=["#f4cccc", "#cfe2f3"], alpha=0.8)
        ax.contour(gx, gy, f, levels=[-1, 0, 1], colors="k", linestyles=["--", "-", "--"],
                   linewidths=[0.8, 1.4, 0.8])
        support = np.zeros(len(y), bool)
        support[svm.support_] = True
        for label, colour in ((-1, "#c00000"), (1, "#1f4e99")):
            rows = y == label
            ax.scatter(*X[rows & ~support].T, s=10, color=colour)
            ax.scatter(*X[rows & support].T, s=22, facecolors="none", edgecolors=colour,
                       linewidths=1.0)
        ax.set_title(f"{title}\n{support.sum()} support vectors", fontsize=9)
        ax.set_xlabel("feature 1 (std units)")
        ax.set_xticks([-3, 0, 3])
        ax.set_yticks([-3, 0, 3])
    axes[0].set_ylabel("feature 2 (std units)")
    fig.suptitle("solid: f = 0; dashed: f = +-1 (the margin); rings: support vectors, y f <= 1",
                 fontsize=10)
    return save_png(fig, path)


MODELS_21 = ("logreg", "svc_linear", "svc_rbf", "knn")  # the fast models


def protocol_accuracies(models=MODELS_21, random_state=0):
    """``{model: (random5 accuracy, speaker accuracy)}``, means over the outer folds."""
    from sklearn.model_selection import cross_val_score

    fs = make_ravdess_like(random_state=random_state)
    X_aug = with_actor_column(fs.X, fs.actors)  # (1440, 21)
    out = {}
    with threadpool_limits(limits=1):
        for model in models:
            out[model] = tuple(
                cross_val_score(make_model(model, random_state=random_state), X_aug, fs.y,
                                cv=get_protocol(p).outer_splits(fs.y, fs.actors)).mean()
                for p in ("random5", "speaker"))
    return out


def draw_protocol_gap(path):
    """Lesson 21: the same models, the same data, two questions."""
    accuracy = protocol_accuracies()
    fig, ax = subplots()
    x = np.arange(len(accuracy))
    random5 = [100 * a for a, _ in accuracy.values()]
    speaker = [100 * b for _, b in accuracy.values()]
    ax.bar(x - 0.2, random5, 0.4, label="random5 (actors on both sides)", color="#e69f00")
    ax.bar(x + 0.2, speaker, 0.4, label="speaker (unseen actors)", color="#0072b2")
    for i, (a, b) in enumerate(zip(random5, speaker)):
        ax.text(i, max(a, b) + 2, f"{b - a:+.0f}", ha="center", fontsize=9)
    ax.axhline(100 / 8, color="grey", linestyle=":", linewidth=1)
    ax.text(-0.55, 100 / 8 + 1.5, "chance", color="grey", fontsize=8)
    ax.set_xticks(x, list(accuracy))
    ax.set_ylabel("accuracy (%), mean over folds")
    ax.set_ylim(0, 118)
    ax.set_yticks(range(0, 101, 20))
    ax.set_title("synthetic RAVDESS (make_ravdess_like): random split against speaker split; "
                 "numbers: the drop", fontsize=9)
    ax.legend(fontsize=8, loc="upper left", ncols=2)
    return save_png(fig, path)


def draw_nested_loop(path):
    """Lesson 22: outer folds across, the inner search inside one training part."""
    from matplotlib.patches import Rectangle

    fig, ax = subplots(figsize=(7, 3.2))
    k_outer, k_inner = 6, 3
    for row in range(k_outer):  # outer fold `row` tests block `row`
        for block in range(k_outer):
            test = block == row
            ax.add_patch(Rectangle((block, k_outer - row), 0.95, 0.8,
                                   color="#d55e00" if test else "#56b4e9"))
        ax.text(-0.15, k_outer - row + 0.4, f"outer fold {row + 1}", ha="right", va="center",
                fontsize=8)
    # the inner search of outer fold 1: its 5 training blocks, split 3 ways by actor
    x0, width = k_outer + 1.2, (k_outer - 1) / k_inner
    for inner in range(k_inner):
        for part in range(k_inner):
            ax.add_patch(Rectangle((x0 + part * width, k_outer - inner - 0.1), width * 0.95, 0.7,
                                   color="#009e73" if part == inner else "#a6dcef"))
        ax.text(x0 + k_outer - 1 + 0.1, k_outer - inner + 0.25, f"inner {inner + 1}",
                va="center", fontsize=8)
    ax.annotate("", xy=(x0 - 0.1, k_outer), xytext=(k_outer, k_outer + 0.4),
                arrowprops={"arrowstyle": "->", "color": "k"})
    ax.text(x0, k_outer - 2.9, "each grid candidate: fit on light green,\nscore on dark green; "
            "best mean wins,\nthen refit on all blue, predict orange once", fontsize=8, va="top")
    for colour, label, y in (("#56b4e9", "training part (outer)", 0.6),
                             ("#d55e00", "test fold: never seen by the search", 0.1)):
        ax.add_patch(Rectangle((0, y - 0.45), 0.4, 0.3, color=colour))
        ax.text(0.5, y - 0.3, label, fontsize=8, va="center")
    ax.set_xlim(-1.6, x0 + k_outer + 0.2)
    ax.set_ylim(-0.5, k_outer + 1)
    ax.set_xlabel("the clips, in folds of whole actors (speaker protocol)")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title("nested cross-validation: choose inside the training part, measure outside",
                 fontsize=10)
    return save_png(fig, path)


def speaker_predictions(model="logreg", random_state=0):
    """``(y_true, y_pred)`` of ``model`` under the speaker folds, every clip predicted once."""
    from sklearn.model_selection import cross_val_predict

    fs = make_ravdess_like(random_state=random_state)
    with threadpool_limits(limits=1):
        y_pred = cross_val_predict(make_model(model), with_actor_column(fs.X, fs.actors), fs.y,
                                   cv=get_protocol("speaker").outer_splits(fs.y, fs.actors))
    return fs.y, y_pred


def draw_confusion(path):
    """Lesson 23: rows = true emotion, columns = predicted, each row sums to 1."""
    from baselines.evaluation.metrics import (confusion_matrix, label_order, normalise_rows,
                                              per_class)

    y_true, y_pred = speaker_predictions()
    labels = label_order(y_true)
    C = confusion_matrix(y_true, y_pred, labels)
    N = normalise_rows(C)
    _, recall, _, support = per_class(C)
    fig, ax = subplots(figsize=(5.6, 4.4))
    image = shares_heat_map(ax, N)
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right", fontsize=8)
    ax.set_yticks(range(len(labels)), [f"{lab} ({n})" for lab, n in zip(labels, support)],
                  fontsize=8)
    ax.set_xlabel("predicted emotion")
    ax.set_ylabel("true emotion (clips)")
    fig.colorbar(image, ax=ax, label="fraction of the row")
    ax.set_title(f"logreg, speaker folds, synthetic data\nthe diagonal is the recall "
                 f"(mean {recall.mean():.2f})", fontsize=9)
    return save_png(fig, path)


def small_curves(random_state=0):
    """A learning curve of logreg and a validation curve of uniform-vote kNN (grouped folds)."""
    from sklearn.model_selection import GroupKFold, validation_curve

    from baselines.evaluation.curves import Curve, mlp_learning_curve

    fs = make_ravdess_like(random_state=random_state)
    learning = mlp_learning_curve(fs.X, fs.y, fs.actors, model="logreg",
                                  train_sizes=(0.1, 0.25, 0.5, 0.75, 1.0))
    values = [1, 3, 10, 30, 100, 300]
    with threadpool_limits(limits=1):
        train, val = validation_curve(
            make_model("knn").set_params(model__weights="uniform"),
            with_actor_column(fs.X, fs.actors), fs.y, param_name="model__n_neighbors",
            param_range=values, groups=fs.actors, cv=GroupKFold(n_splits=3))
    return learning, Curve("n_neighbors", values, train, val)


def draw_curves(path):
    """Lesson 24: where the gap (L24.1) is wide, and where the two curves meet."""
    learning, validation = small_curves()
    fig, axes = subplots(2)
    for ax, curve, title in ((axes[0], learning, "learning curve: logreg"),
                             (axes[1], validation, "validation curve: kNN, uniform votes")):
        for scores, label, colour in ((curve.train, "training", "#d55e00"),
                                      (curve.validation, "unseen actors", "#0072b2")):
            mean, std = 100 * scores.mean(axis=1), 100 * scores.std(axis=1)
            ax.plot(curve.x, mean, "o-", color=colour, label=label, markersize=4)
            ax.fill_between(curve.x, mean - std, mean + std, color=colour, alpha=0.2)
        ax.set_title(title, fontsize=9)
        ax.set_ylabel("accuracy (%), 3 folds by actor")
        ax.set_ylim(0, 105)
    axes[0].set_xlabel("training clips")
    axes[1].set_xlabel("k (n_neighbors)")
    axes[1].set_xscale("log")
    axes[0].legend(fontsize=8)
    return save_png(fig, path)


def draw_atomic_outputs(path):
    """Lesson 25: what a reader sees while results.json is being replaced."""
    from matplotlib.patches import FancyBboxPatch

    fig, ax = subplots(figsize=(7, 2.8))
    steps = [("1. write", "results.json: old\n.results.json.*.tmp:\nbeing written"),
             ("2. flush, fsync", "results.json: old\n.results.json.*.tmp:\ncomplete, on disk"),
             ("3. os.replace", "results.json: new\n(the temporary\nfile is renamed)"),
             ("a crash before 3", "results.json: old\ntemporary file\ndeleted")]
    for i, (heading, files) in enumerate(steps):
        x = i * 1.75
        colour = "#fde0c5" if i == 3 else "#d9ead3"
        ax.add_patch(FancyBboxPatch((x, 0.1), 1.55, 1.2, boxstyle="round,pad=0.03", color=colour))
        ax.text(x + 0.775, 1.12, heading, ha="center", va="center", fontsize=9, weight="bold")
        ax.text(x + 0.775, 0.55, files, ha="center", va="center", fontsize=8)
        if i < 2:
            ax.annotate("", xy=(x + 1.75, 0.7), xytext=(x + 1.57, 0.7),
                        arrowprops={"arrowstyle": "->"})
    ax.text(0, -0.25, "A reader opening results.json at any moment finds the old file or the new "
            "one, never half of one:\nthe rename within one folder is atomic. compare writes "
            "figures, then results.md, then results.json last.", fontsize=8, va="top")
    ax.set_xlim(-0.1, 7)
    ax.set_ylim(-0.9, 1.4)
    ax.axis("off")
    ax.set_title("an atomic write (features.files.write_atomic), step by step", fontsize=10)
    return save_png(fig, path)


def paired_folds(models=("logreg", "svc_linear"), random_state=0):
    """Per-fold speaker-independent accuracies of two models on the same six folds."""
    from sklearn.model_selection import cross_val_score

    fs = make_ravdess_like(random_state=random_state)
    X_aug = with_actor_column(fs.X, fs.actors)
    folds = get_protocol("speaker").outer_splits(fs.y, fs.actors)
    with threadpool_limits(limits=1):
        return {m: cross_val_score(make_model(m), X_aug, fs.y, cv=folds) for m in models}


def draw_paired_folds(path):
    """Lesson 26: spreads that overlap, differences that are consistent (or not)."""
    scores = paired_folds()
    (name_a, a), (name_b, b) = scores.items()
    d = 100 * (a - b)
    fig, axes = subplots(2)
    folds = np.arange(1, len(a) + 1)
    for offset, (name, s, colour) in zip((-0.1, 0.1), ((name_a, a, "#0072b2"),
                                                      (name_b, b, "#e69f00"))):
        axes[0].plot(folds + offset, 100 * s, "o", color=colour, label=name)
    for i in range(len(a)):
        axes[0].plot([folds[i] - 0.1, folds[i] + 0.1], [100 * a[i], 100 * b[i]], color="grey",
                     linewidth=0.8)
    axes[0].set_xlabel("speaker fold")
    axes[0].set_ylabel("accuracy (%)")
    axes[0].set_title("per fold: the folds differ more than the models", fontsize=9)
    axes[0].legend(fontsize=8)
    axes[1].bar(folds, d, color=np.where(d > 0, "#0072b2", "#e69f00"))
    axes[1].axhline(d.mean(), color="k", linestyle="--", linewidth=1,
                    label=f"mean {d.mean():+.2f} points")
    axes[1].axhline(0, color="grey", linewidth=0.8)
    axes[1].set_xlabel("speaker fold")
    axes[1].set_ylabel(f"{name_a} - {name_b} (points)")
    axes[1].set_title(f"paired differences: {int(np.sum(d > 0))} of {len(d)} folds won",
                      fontsize=9)
    axes[1].legend(fontsize=8)
    return save_png(fig, path)


LESSON_FIGURES = {
    "20_svm_margin_gamma.png": draw_svm_margin_gamma,
    "21_protocol_gap.png": draw_protocol_gap,
    "22_nested_loop.png": draw_nested_loop,
    "23_confusion.png": draw_confusion,
    "24_curves.png": draw_curves,
    "25_atomic_outputs.png": draw_atomic_outputs,
    "26_paired_folds.png": draw_paired_folds,
}
