"""Figures for Part 1 (the MLP, lessons 01-09), drawn from the library on synthetic data.

Each ``draw_*`` function writes one small PNG (labelled axes, fixed seeds, the Agg backend chosen
inside the function) through :func:`features.files.write_atomic`; :data:`LESSON_FIGURES` lists
them for :mod:`baselines.course.lesson_figures`, which writes them all into ``lessons/figures/``.

Lesson: lessons/README.md#figures
"""

import warnings

import numpy as np

from features.figures import plane_grid, save_png, subplots
from mlp import activations as act
from mlp.early_stopping import EarlyStopping
from mlp import MLPClassifier
from mlp.gradcheck import numerical_gradient, relative_error
from mlp.initialisation import glorot_bound, init_parameters
from mlp.layers import dense_forward
from mlp.losses import cross_entropy
from mlp.network import Network
from mlp.optimizers import SGD, Adam
from mlp.training import train


# --- lesson 01 ---------------------------------------------------------------------------------

def draw_one_neuron(path):
    """One neuron with two inputs over the input plane: z = x W + b (L1.2) and a = relu(z)."""
    fig, (left, right) = subplots(2)
    x1, x2, X = plane_grid(-3, 3, 121)  # (121, 121) each; X (121*121, 2): a point is a sample
    W, b = np.array([[1.0], [-0.5]]), np.array([0.5])  # fan_in 2, one unit
    Z = dense_forward(X, W, b).reshape(x1.shape)  # (L1.2)
    for ax, values, label in [(left, Z, "pre-activation z"),
                              (right, act.relu(Z.copy()), "output a = relu(z)")]:
        image = ax.contourf(x1, x2, values, levels=20, cmap="coolwarm" if ax is left else "viridis")
        fig.colorbar(image, ax=ax, label=label)
        ax.contour(x1, x2, Z, levels=[0.0], colors="black", linewidths=1.0)  # z = 0: the switch
        ax.set(xlabel="input $x_1$", ylabel="input $x_2$", aspect="equal")
    left.set_title("a tilted plane: z = x1 - 0.5 x2 + 0.5", fontsize=9)
    right.set_title("relu keeps the side where z > 0", fontsize=9)
    return save_png(fig, path)


# --- lesson 02 ---------------------------------------------------------------------------------

def draw_activations(path):
    """The four hidden activations (L2.1), (L2.2), (L2.3), (L2.4) and their derivatives."""
    z = np.linspace(-4, 4, 401)[None, :]  # one row of 401 pre-activations, (1, 401)
    fig, (left, right) = subplots(2)
    for name, style in [("identity", ":"), ("logistic", "-"), ("tanh", "-"), ("relu", "-")]:
        a = act.ACTIVATIONS[name]
        A = a.forward(z.copy())
        slope = a.backward(A, np.ones_like(A))  # f'(z) = backward(A, dA = 1)
        left.plot(z[0], A[0], style, label=name)
        right.plot(z[0], slope[0], style, label=name)
    left.set(xlabel="pre-activation z", ylabel="f(z)", ylim=(-1.6, 4.1), title="f(z)")
    right.set(xlabel="pre-activation z", ylabel="f'(z)", ylim=(-0.05, 1.1),
              title="f'(z), computed from a = f(z)")
    right.axhline(0.25, color="grey", lw=0.6)
    right.annotate("logistic's largest slope, 1/4", (-3.9, 0.27), fontsize=8, color="grey")
    left.legend(fontsize=8)
    for ax in (left, right):
        ax.grid(alpha=0.3)
    return save_png(fig, path)


# --- lesson 03 ---------------------------------------------------------------------------------

def draw_losses(path):
    """Cross-entropy over two logits (the third fixed at 0), and softmax at four temperatures."""
    fig, (left, right) = subplots(2)
    z1, z2, points = plane_grid(-4, 4, 121)  # (121, 121) each, and (121*121, 2)
    Z = np.column_stack([points, np.zeros(len(points))])  # (121*121, 3) logits, z_3 = 0
    P = act.softmax(Z)
    Y = np.zeros_like(P)
    Y[:, 0] = 1.0  # every point's true class is class 1
    per_sample = -np.log(P[:, 0])  # (L3.1) for one sample: -log p of the true class
    assert np.isclose(per_sample.mean(), cross_entropy(Y, P))
    image = left.contourf(z1, z2, per_sample.reshape(z1.shape), levels=20, cmap="viridis")
    fig.colorbar(image, ax=left, label="cross-entropy (nats)")
    left.set(xlabel="logit $z_1$ (true class)", ylabel="logit $z_2$",
             title="loss of one sample, $z_3 = 0$")

    logits = np.array([[2.0, 1.0, 0.2, -1.0]])  # one sample, 4 classes
    width = 0.2
    for i, T in enumerate([0.5, 1.0, 2.0, 5.0]):
        p = act.softmax(logits / T)[0]  # softmax(z / T)
        right.bar(np.arange(4) + (i - 1.5) * width, p, width, label=f"T = {T:g}")
    right.set(xlabel="class (logits 2, 1, 0.2, -1)", ylabel="probability",
              xticks=range(4), xticklabels=["1", "2", "3", "4"], title="softmax(z / T)")
    right.legend(fontsize=8)
    return save_png(fig, path)


# --- lesson 04 ---------------------------------------------------------------------------------

def draw_computation_graph(path):
    """The forward and backward pass of a two-layer network as boxes and arrows, with the shapes
    the library's arrays have for a batch of 32 clips, 230 features, 300 hidden units, 8 classes."""
    coefs, intercepts = init_parameters([230, 300, 8], random_state=0)
    net = Network(coefs, intercepts, activation="relu", loss="cross_entropy")
    X = np.random.default_rng(0).normal(size=(32, 230))
    Y = np.eye(8)[np.arange(32) % 8]
    activations = net.forward(X)
    (dW1, dW2), _ = net.backward(activations, Y)
    shape = lambda A: "(" + ", ".join(str(s) for s in A.shape) + ")"

    fig, ax = subplots(figsize=(8, 3.2))
    ax.set(xlim=(0, 10), ylim=(0.2, 4.5))
    ax.axis("off")
    forward = [f"X\n{shape(X)}", f"Z1 = X W1 + b1\n{shape(activations[1])}",
               f"A1 = f(Z1)\n{shape(activations[1])}", f"Z2 = A1 W2 + b2\n{shape(activations[2])}",
               f"P = softmax(Z2)\n{shape(activations[2])}", "loss L\n()"]
    xs = np.linspace(0.7, 9.3, len(forward))
    blue, red = "#3b6fb6", "#b63b3b"
    box = dict(boxstyle="round,pad=0.3", fc="#e8f0fb", ec=blue)
    for x, label in zip(xs, forward):
        ax.text(x, 2.9, label, ha="center", va="center", fontsize=8, bbox=box)
    arrow = lambda a, b, color: ax.annotate("", b, a, arrowprops=dict(arrowstyle="->", color=color))
    for a, b in zip(xs[:-1], xs[1:]):
        arrow((a + 0.55, 2.9), (b - 0.62, 2.9), blue)
    params = dict(boxstyle="round,pad=0.25", fc="#f4f4f4", ec="grey")
    for x, label in [(xs[1], f"W1 {shape(coefs[0])}, b1 {shape(intercepts[0])}"),
                     (xs[3], f"W2 {shape(coefs[1])}, b2 {shape(intercepts[1])}"),
                     (xs[5], f"Y {shape(Y)}")]:
        ax.text(x, 4.2, label, ha="center", va="center", fontsize=7, bbox=params)
        arrow((x, 4.0), (x, 3.3), "grey")
    backward = [f"dW1 = (XᵀΔ1\n + αW1) / n\n{shape(dW1)}  (L4.2)",
                f"Δ1 = ∂A1 ⊙ f′(Z1)\n{shape(activations[1])}  (L4.5)",
                f"∂A1 = Δ2 W2ᵀ\n{shape(activations[1])}  (L4.4)",
                f"dW2 = (A1ᵀΔ2\n + αW2) / n\n{shape(dW2)}  (L4.2)",
                f"Δ2 = P − Y\n{shape(activations[2])}  (L4.1)"]  # right to left: backwards
    back = dict(boxstyle="round,pad=0.3", fc="#fbeaea", ec=red)
    for x, label in zip(xs[:5], backward):
        ax.text(x, 1.2, label, ha="center", va="center", fontsize=7, bbox=back)
    for a, b in zip(xs[1:5], xs[:4]):
        arrow((a - 0.55, 1.2), (b + 0.62, 1.2), red)
    arrow((xs[5], 2.5), (xs[4] + 0.62, 1.45), red)
    ax.text(5, 2.25, "forward: every layer's output A is kept", ha="center", fontsize=8,
            color=blue)
    ax.text(5, 0.45, "backward: from the loss to the input, reusing the stored A's "
            "(db = column sums of Δ / n, L4.3)", ha="center", fontsize=8, color=red)
    return save_png(fig, path)


# --- lesson 05 ---------------------------------------------------------------------------------

def draw_initialisation(path):
    """Histograms of the outputs of 6 tanh layers of 256 units, under three weight ranges."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(500, 256))  # 500 standardised inputs
    units = [256] * 7
    glorot = glorot_bound(256, 256)
    fig, axes = subplots(3, figsize=(8, 3))  # each panel its own y scale: the peaks differ
    bins = np.linspace(-1, 1, 42)  # 41 bins, one centred on 0
    for ax, (title, r) in zip(axes, [("too small: r = 0.01", 0.01),
                                     (f"Glorot: r = {glorot:.3f}", glorot),
                                     ("too large: r = 1", 1.0)]):
        coefs, intercepts = init_parameters(units, activation="tanh", random_state=0)
        coefs = [W * (r / glorot) for W in coefs]  # the same draw, rescaled to U(-r, r)
        intercepts = [np.zeros_like(b) for b in intercepts]
        net = Network(coefs, intercepts, activation="tanh", loss="squared_error")
        activations = net.forward(X)[1:-1]  # A_1 .. A_5, the hidden layers (A_6: output)
        for layer, A in enumerate(activations, start=1):
            counts, _ = np.histogram(A, bins=bins)
            ax.stairs(counts / A.size, bins, label=f"layer {layer}")
        ax.set(title=title, xlabel="activation a")
        ax.title.set_fontsize(9)
    axes[0].set_ylabel("fraction of units")
    axes[0].legend(fontsize=7)
    return save_png(fig, path)


# --- lesson 06 ---------------------------------------------------------------------------------

def draw_gradcheck_step(path):
    """Relative error (L6.2) of the numerical gradient of a small network's first weight matrix
    against backpropagation, as the step h goes from 1e-12 to 1e-1: central and forward."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(7, 4))
    Y = np.eye(3)[rng.integers(0, 3, size=7)]
    coefs, intercepts = init_parameters([4, 5, 3], activation="tanh", random_state=1)
    net = Network(coefs, intercepts, activation="tanh", loss="cross_entropy")
    _, (dW1, _), _ = net.loss_and_gradients(X, Y)
    loss = lambda: net.loss_value(Y, net.predict(X))
    W = net.coefs[0]
    hs = np.logspace(-12, -1, 23)
    central, one_sided = [], []
    for h in hs:
        central.append(relative_error(dW1, numerical_gradient(loss, W, h=h)))  # (L6.1)
        base, grad = loss(), np.empty_like(W)
        for i in np.ndindex(W.shape):
            keep = W[i]
            W[i] = keep + h
            grad[i] = (loss() - base) / h  # forward difference, error of order h
            W[i] = keep
        one_sided.append(relative_error(dW1, grad))
    fig, ax = subplots(figsize=(6, 3))
    ax.loglog(hs, central, "o-", ms=3, label="central (L6.1)")
    ax.loglog(hs, one_sided, "s--", ms=3, label="forward")
    best = hs[int(np.argmin(central))]
    ax.axvline(1e-5, color="grey", lw=0.6)
    ax.text(1.4e-5, 1e-4, "library default h = 1e-5", rotation=90, fontsize=8, color="grey")
    ax.set(xlabel="step h", ylabel="relative error (L6.2)",
           title=f"rounding (left) against truncation (right); best central h ≈ {best:.0e}")
    ax.title.set_fontsize(9)
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8)
    return save_png(fig, path)


# --- lesson 07 ---------------------------------------------------------------------------------

def draw_optimizers(path):
    """Paths of SGD, momentum, Nesterov and Adam (mlp.optimizers) on an ill-conditioned bowl."""
    kappa = np.array([10.0, 0.5])  # curvatures: steep, shallow
    F = lambda t: 0.5 * np.sum(kappa * t**2, axis=-1)
    start, steps = np.array([-1.0, 1.5]), 60
    runs = {"SGD": lambda p: SGD(p, learning_rate=0.05),
            "momentum": lambda p: SGD(p, learning_rate=0.05, momentum=0.9),
            "Nesterov": lambda p: SGD(p, learning_rate=0.05, momentum=0.9, nesterov=True),
            "Adam": lambda p: Adam(p, learning_rate=0.1)}
    fig, (left, right) = subplots(2, figsize=(8, 3.2))
    grid = np.linspace(-1.6, 1.6, 161)
    t1, t2 = np.meshgrid(grid, grid)
    left.contour(t1, t2, F(np.stack([t1, t2], axis=-1)), levels=np.geomspace(1e-3, 10, 9),
                 colors="lightgrey", linewidths=0.8)
    for name, make in runs.items():
        theta = start.copy()
        optimizer = make([theta])
        path_ = [theta.copy()]
        for _ in range(steps):
            optimizer.step([theta], [kappa * theta])  # the gradient of F is kappa * theta
            path_.append(theta.copy())
        path_ = np.array(path_)  # (steps + 1, 2)
        left.plot(path_[:, 0], path_[:, 1], ".-", ms=2, lw=0.8, label=name)
        right.semilogy(np.maximum(F(path_), 1e-12), label=name)
    left.set(xlabel=r"$\theta_1$ (curvature 10)", ylabel=r"$\theta_2$ (curvature 0.5)",
             title=f"{steps} steps from ({start[0]:g}, {start[1]:g})")
    left.plot(*start, "ko", ms=4)
    right.set(xlabel="step", ylabel=r"$F(\theta)$", title="loss, log scale")
    right.legend(fontsize=8)
    right.grid(alpha=0.3)
    return save_png(fig, path)


# --- lesson 08 ---------------------------------------------------------------------------------

def two_spirals(n_per_class, noise, rng):
    """Two interleaved spirals in [-1, 1]^2, labels 0 and 1 (lesson 08's data)."""
    t = np.sqrt(rng.uniform(size=n_per_class)) * 3 * np.pi
    arms = []
    for k in range(2):
        angle = t + k * np.pi
        arm = np.column_stack([t * np.cos(angle), t * np.sin(angle)]) / (3 * np.pi)  # (n, 2)
        arms.append(arm + rng.normal(scale=noise, size=(n_per_class, 2)))
    return np.vstack(arms), np.repeat([0, 1], n_per_class)


def _spiral_run(snapshot_epochs):
    """Lesson 08's spiral run; returns the data, the stopping rule, the history and the class-1
    probability on a grid after each epoch in ``snapshot_epochs`` (1-based) and at the end."""
    rng = np.random.default_rng(0)
    X, y = two_spirals(150, noise=0.03, rng=rng)
    order = rng.permutation(len(y))
    X, y = X[order], y[order]
    X_train, y_train, X_val, y_val = X[:200], y[:200], X[200:], y[200:]
    coefs, intercepts = init_parameters([2, 32, 32, 2], activation="relu", random_state=0)
    net = Network(coefs, intercepts, activation="relu", loss="cross_entropy")
    grid = np.linspace(-1.15, 1.15, 90)
    G = np.stack(np.meshgrid(grid, grid), axis=-1).reshape(-1, 2)  # (90*90, 2)
    snapshots = {}

    def record(epoch, history):
        if epoch + 1 in snapshot_epochs:
            snapshots[epoch + 1] = net.predict(G)[:, 1].reshape(90, 90)

    stopping = EarlyStopping(tol=0.0, n_iter_no_change=20)
    history = train(net, Adam(coefs + intercepts, learning_rate=0.01), X_train,
                    np.eye(2)[y_train], batch_size=32, max_iter=1000, random_state=0,
                    stopping=stopping, callback=record,
                    validation_score=lambda: float(np.mean(net.predict(X_val).argmax(1) == y_val)))
    snapshots["restored"] = net.predict(G)[:, 1].reshape(90, 90)
    return X_train, y_train, grid, stopping, history, snapshots


def draw_spirals(path):
    """The decision boundary on the two spirals after 5 and 30 epochs and at the best epoch."""
    X, y, grid, stopping, history, snapshots = _spiral_run({5, 30})
    best = int(np.argmax(stopping.scores)) + 1
    fig, axes = subplots(3, figsize=(8, 3.1), sharey=True)
    for ax, (key, title) in zip(axes, [(5, "after 5 epochs"), (30, "after 30 epochs"),
                                       ("restored", f"best epoch ({best}), restored")]):
        ax.contourf(grid, grid, snapshots[key], levels=[0, 0.5, 1], colors=["#cfe0f5", "#f8d8c8"])
        ax.contour(grid, grid, snapshots[key], levels=[0.5], colors="k", linewidths=0.8)
        ax.scatter(*X[y == 0].T, s=4, c="#2b5fa8", label="spiral 0")
        ax.scatter(*X[y == 1].T, s=4, c="#c0502a", label="spiral 1")
        ax.set(title=title, xlabel="$x_1$", aspect="equal")
        ax.title.set_fontsize(9)
    axes[0].set_ylabel("$x_2$")
    axes[0].legend(fontsize=7, loc="lower left")
    return save_png(fig, path)


def draw_early_stopping(path):
    """The training loss curve and the validation accuracy, with the best and the last epoch."""
    _, _, _, stopping, history, _ = _spiral_run(set())
    epochs = np.arange(1, history.n_iter + 1)
    best = int(np.argmax(stopping.scores)) + 1
    fig, left = subplots(figsize=(7, 3))
    left.semilogy(epochs, history.loss_curve, color="#2b5fa8")
    left.set(xlabel="epoch", ylabel="training loss (L8.1), log scale")
    left.yaxis.label.set_color("#2b5fa8")
    right = left.twinx()
    right.plot(epochs, stopping.scores, color="#c0502a", lw=0.9)
    right.set_ylabel("validation accuracy", color="#c0502a")
    left.axvline(best, color="k", ls="--", lw=0.8)
    left.annotate(f"best epoch {best}: weights restored", (best, history.loss_curve[0] / 2),
                  xytext=(4, 0), textcoords="offset points", fontsize=8)
    left.axvline(history.n_iter, color="grey", lw=0.8)
    left.set_title(f"stopped after {history.n_iter} epochs: more than "
                   f"{stopping.n_iter_no_change} epochs without a better score", fontsize=9)
    return save_png(fig, path)


# --- lesson 09 ---------------------------------------------------------------------------------

def draw_parity(path):
    """Our MLPClassifier's loss curve on scikit-learn's: same settings, same random_state."""
    from sklearn.datasets import make_classification
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier as SklearnMLP

    X, y = make_classification(n_samples=300, n_features=10, n_informative=6, n_redundant=0,
                               n_classes=3, random_state=0)
    settings = dict(hidden_layer_sizes=(16,), max_iter=60, batch_size=32, random_state=1,
                    learning_rate_init=0.01)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # a short run, on purpose
        ours = MLPClassifier(**settings).fit(X, y)
        theirs = SklearnMLP(**settings).fit(X, y)
    ours_curve, theirs_curve = np.array(ours.loss_curve_), np.array(theirs.loss_curve_)
    gap = np.abs(ours_curve - theirs_curve) / theirs_curve
    epochs = np.arange(1, len(theirs_curve) + 1)
    fig, (left, right) = subplots(2, figsize=(8, 3))
    left.plot(epochs, theirs_curve, lw=4, alpha=0.4, label="scikit-learn")
    left.plot(epochs, ours_curve, "k", lw=1, label="ours (mlp)")
    left.set(xlabel="epoch", ylabel="training loss (L8.1)", title="the two curves")
    left.legend(fontsize=8)
    floor = np.finfo(float).eps / 10
    right.semilogy(epochs, np.maximum(gap, floor), "o", ms=3)
    right.axhline(1e-10, color="grey", lw=0.8)
    right.annotate("parity tests' tolerance, 1e-10", (2, 2e-10), fontsize=8, color="grey")
    right.set(xlabel="epoch", ylabel="relative difference", ylim=(floor / 2, 1e-8),
              title=f"largest: {gap.max():.1g}" + (" (bit-identical); 0 is drawn at "
                                                  f"{floor:.0e}" if gap.max() == 0 else ""))
    right.title.set_fontsize(9)
    return save_png(fig, path)


LESSON_FIGURES = {
    "01_one_neuron.png": draw_one_neuron,
    "02_activations.png": draw_activations,
    "03_losses.png": draw_losses,
    "04_computation_graph.png": draw_computation_graph,
    "05_initialisation.png": draw_initialisation,
    "06_gradcheck_step.png": draw_gradcheck_step,
    "07_optimizers.png": draw_optimizers,
    "08_spirals.png": draw_spirals,
    "08_early_stopping.png": draw_early_stopping,
    "09_parity.png": draw_parity,
}
