"""The comparison's figures, drawn with matplotlib's file-only Agg backend (chosen on first use).

* :func:`plot_confusion`: a row-normalised confusion matrix; rows = true emotion, columns =
  predicted emotion, both labelled from the same list, in the order the matrix was built;
* :func:`plot_loss_curves`: the training loss per epoch of our MLP and scikit-learn's, overlaid;
* :func:`plot_comparison`: mean accuracy per model and protocol, error bars = std over folds;
* :func:`plot_curve`: a learning or validation curve (:mod:`baselines.evaluation.curves`), mean ±
  std over folds;
* :func:`draw_comparison`: all of them for one :class:`baselines.compare.Comparison`.

Each figure is saved atomically (temporary file, then rename), like the results files.

Lesson: lessons/24_learning_and_validation_curves.md#drawing-the-figures
"""

from pathlib import Path

import numpy as np

from features.figures import pyplot, save_png


def save_figure(fig, path):
    """Save ``fig`` as ``path`` (PNG, 120 dpi, cropped to its content) atomically; close it.

    The folder that holds ``path`` must exist (:func:`features.figures.save_png`).
    """
    return save_png(fig, path, dpi=120, bbox_inches="tight")


def shares_heat_map(ax, shares):
    """Draw a matrix of shares in [0, 1] (rows: the truth) on ``ax`` as a heat map with each
    cell's value written in it; returns the image, for a colour bar."""
    image = ax.imshow(shares, vmin=0, vmax=1, cmap="Blues")
    for (i, j), value in np.ndenumerate(shares):
        ax.text(j, i, f"{value:.2f}", ha="center", va="center", fontsize=7,
                color="white" if value > 0.6 else "black")
    return image


def plot_confusion(C_normalised, labels, *, title, path, noun="emotion"):
    """Heat map of a row-normalised confusion matrix (n_labels, n_labels); rows are the truth.

    ``noun`` names what the labels are on the axes ("emotion" for RAVDESS, "class" otherwise).
    """
    C = np.asarray(C_normalised, dtype=float)
    if C.shape != (len(labels), len(labels)):
        raise ValueError(f"confusion matrix {C.shape} does not match {len(labels)} labels")
    fig, ax = pyplot().subplots(figsize=(6.4, 5.6))
    image = shares_heat_map(ax, C)
    ax.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel(f"predicted {noun}")
    ax.set_ylabel(f"true {noun}")
    fig.colorbar(image, ax=ax, label="fraction of the true class (row sums to 1)")
    ax.set_title(title)
    return save_figure(fig, path)


def plot_loss_curves(curves, *, title, path):
    """``curves``: {name: training loss per epoch}; one line each on shared axes."""
    fig, ax = pyplot().subplots(figsize=(6.4, 4.0))
    for (name, losses), style in zip(curves.items(), ["-", "--", ":", "-."]):
        ax.plot(np.arange(1, len(losses) + 1), losses, style, label=f"{name} ({len(losses)} epochs)")
    ax.set_xlabel("epoch")
    ax.set_ylabel("training loss (cross-entropy + L2)")
    ax.set_title(title)
    ax.legend()
    return save_figure(fig, path)


def plot_comparison(results, *, path):
    """Grouped bars: accuracy mean ± std over folds, one group per model, one bar per protocol."""
    protocols = list(results["protocols"])
    models = sorted({m for table in results["protocols"].values() for m in table})
    width = 0.8 / len(protocols)
    fig, ax = pyplot().subplots(figsize=(max(6.4, 0.6 * len(models) * len(protocols)), 4.2))
    for k, protocol in enumerate(protocols):
        table = results["protocols"][protocol]
        x = np.arange(len(models)) + (k - (len(protocols) - 1) / 2) * width
        means = [100 * table[m]["accuracy_mean"] if m in table else np.nan for m in models]
        stds = [100 * table[m]["accuracy_std"] if m in table else 0 for m in models]
        ax.bar(x, means, width, yerr=stds, capsize=3, label=protocol)
    ax.set_xticks(range(len(models)), models, rotation=45, ha="right")
    ax.set_ylabel("accuracy (%), mean ± std over folds")
    ax.set_ylim(0, 100)
    ax.legend(title="protocol")
    return save_figure(fig, path)


def plot_curve(curve, *, title, path, log_x=False):
    """A :class:`baselines.evaluation.curves.Curve`: training and validation accuracy, mean ± std over folds."""
    fig, ax = pyplot().subplots(figsize=(6.4, 4.0))
    for scores, label in ((curve.train, "training"), (curve.validation, "validation (unseen actors)")):
        mean, std = 100 * scores.mean(axis=1), 100 * scores.std(axis=1)  # over folds (axis 1)
        ax.plot(curve.x, mean, "o-", label=label)
        ax.fill_between(curve.x, mean - std, mean + std, alpha=0.2)
    if log_x:
        ax.set_xscale("log")
    ax.set_xlabel(curve.name)
    ax.set_ylabel("accuracy (%)")
    ax.set_title(title)
    ax.legend()
    return save_figure(fig, path)


def draw_comparison(comparison, folder):
    """Every figure of a :class:`baselines.compare.Comparison` into ``folder`` (created); the paths.

    One confusion matrix per (protocol, model), the loss curves of fold 0 per protocol, the
    learning and validation curves, and the bar chart of every model and protocol.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    results = comparison.results
    noun = "emotion" if results["features"].get("layout", "ravdess") == "ravdess" else "class"
    written = []
    for protocol, table in results["protocols"].items():
        for model, row in table.items():
            written.append(plot_confusion(row["confusion_normalised"], results["labels"],
                                          title=f"{model}, protocol {protocol}", noun=noun,
                                          path=folder / f"confusion_{protocol}_{model}.png"))
    for protocol, curves in comparison.loss.items():
        written.append(plot_loss_curves(curves, title=f"training loss, fold 0 of {protocol}",
                                        path=folder / f"loss_{protocol}.png"))
    for curve in comparison.curves:
        stem = curve.name.replace(" ", "_")
        written.append(plot_curve(curve, title=f"numpy_mlp: {curve.name}",
                                  path=folder / f"curve_{stem}.png", log_x=curve.name == "alpha"))
    written.append(plot_comparison(results, path=folder / "comparison.png"))
    return written
