"""Benchmark: our MLP estimators against scikit-learn's on RAVDESS-shaped data, in one run.

    python benchmarks/bench_mlp.py                    # full run (a few minutes on 2 quiet cores)
    python benchmarks/bench_mlp.py --quick            # 20 epochs, one round: a smoke run
    python benchmarks/bench_mlp.py --blas-threads 1   # both on one core: fair on a busy machine

Data: 1440 samples, 180 and 400 features, 8 classes (synthetic, seeded; the cost of an epoch does
not depend on the values), ``hidden_layer_sizes=(300,)``, ``batch_size=256``, 200 epochs with
``tol=0`` so that both run every epoch. It prints:

1. MLPClassifier with adam, float64 and float32, 180 and 400 features: the median time per epoch
   of each estimator (measured in alternating rounds, so that a slow patch of a shared machine
   hits both alike), the ratio ours / scikit-learn (1.00 or less: ours is not slower), the
   GFLOP/s each achieves (the matrix products of the forward and backward passes, (L9.1)), the
   machine's large-product GFLOP/s measured in the same run and our share of it, predict_proba
   throughput, and the largest relative difference of the two loss curves (speed must not be
   bought with other arithmetic).
2. Where our epoch goes: the training loop written out step by step, with the clock read around
   each part (batch gather, forward products, bias and activation, softmax, loss, output delta,
   backward products, L2 and 1/n and bias gradient, activation derivative, Adam's step, and the
   Python time in none of them), checked to end on the very bits mlp.training.train reaches,
   next to the epoch of mlp.training.train itself; then the products' share of the epoch.
3. lbfgs and MLPRegressor (adam and lbfgs) against scikit-learn's: time per iteration, ratio,
   iteration counts.

The machine's load average is printed at the start and the end: read the ratios only from a run
whose load stayed below the number of cores (or use --blas-threads 1).
"""

import argparse
import os
import platform
import sys
import time
import warnings

import numpy as np
import scipy
import sklearn
import threadpoolctl
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier as SklearnMLP
from sklearn.neural_network import MLPRegressor as SklearnRegressor
from sklearn.neural_network._multilayer_perceptron import BaseMultilayerPerceptron

from mlp import Adam, LossPlateau, MLPClassifier, MLPRegressor, Network, init_parameters, train
from mlp.initialisation import check_random_state
from mlp.layers import dense_forward
from mlp.losses import output_delta
from mlp.training import iter_minibatches

N_SAMPLES, N_CLASSES, HIDDEN, BATCH = 1440, 8, 300, 256


def make_data(n_features, dtype, seed=0):
    rng = np.random.RandomState(seed)
    y = rng.randint(N_CLASSES, size=N_SAMPLES)
    centers = rng.randn(N_CLASSES, n_features)
    X = centers[y] + 2.0 * rng.randn(N_SAMPLES, n_features)
    return X.astype(dtype), y


# ---- timing helpers ----------------------------------------------------------------------------

class EpochClock:
    """Timestamps taken by the per-epoch bookkeeping call of each implementation."""

    def __init__(self):
        self.stamps = []

    def wrap(self, owner, name):
        original = getattr(owner, name)
        clock = self

        def stamped(*args, **kwargs):
            clock.stamps.append(time.perf_counter())
            return original(*args, **kwargs)

        setattr(owner, name, stamped)
        return lambda: setattr(owner, name, original)

    def epoch_times(self, start):
        return np.diff([start] + self.stamps)


def time_fit(make_model, owner, method, X, y):
    """One fit; returns (model, seconds of each epoch), an epoch ending at ``owner.method``."""
    clock = EpochClock()
    unwrap = clock.wrap(owner, method)
    try:
        model = make_model()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            start = time.perf_counter()
            model.fit(X, y)
    finally:
        unwrap()
    return model, clock.epoch_times(start)


def fit_ours(params, X, y, estimator=MLPClassifier):
    return time_fit(lambda: estimator(**params), LossPlateau, "update", X, y)


def fit_sklearn(params, X, y, estimator=SklearnMLP):
    return time_fit(lambda: estimator(**params), BaseMultilayerPerceptron,
                    "_update_no_improvement_count", X, y)


def time_whole_fit(make_model, X, y):
    """One fit, timed as a whole; returns (model, [seconds per iteration])."""
    model = make_model()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        model.fit(X, y)
    return model, [(time.perf_counter() - start) / max(model.n_iter_, 1)]


def alternate(fits, repeats):
    """Run each fit ``repeats`` times, alternating which goes first; ``fits`` is a dict of
    name -> function returning (model, list of times). Returns name -> (last model, all times)."""
    out = {name: (None, []) for name in fits}
    names = list(fits)
    for round_ in range(repeats):
        for name in (names if round_ % 2 == 0 else names[::-1]):
            model, times = fits[name]()
            out[name] = (model, out[name][1] + list(times))
    return out


def _timed(f):
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def matmul_flops_per_epoch(units, n_samples, batch):
    """2*b*fan_in*fan_out per product: forward and dW for every layer, dX for all but the first."""
    per_sample = sum(a * b for a, b in zip(units[:-1], units[1:]))
    first = units[0] * units[1]
    return 2 * n_samples * (3 * per_sample - first)  # (L9.1), lessons/09_estimator.md


def machine_gflops(dtype, n=2000, repeats=3):
    """GFLOP/s of one large product (n by n, BLAS's best case) on this machine, now."""
    rng = np.random.RandomState(0)
    A, B = rng.randn(n, n).astype(dtype), rng.randn(n, n).astype(dtype)
    A @ B  # warm up
    best = min(_timed(lambda: A @ B) for _ in range(repeats))
    return 2 * n**3 / best / 1e9


def predict_throughput(model, X, seconds=0.5):
    model.predict_proba(X)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        model.predict_proba(X)
        count += len(X)
    return count / (time.perf_counter() - start)


def max_rel_diff(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        return float("nan")
    return float(np.max(np.abs(a - b) / np.abs(b)))


def final_losses(model):
    """The loss curve of a stochastic solver; the final loss of lbfgs (which keeps no curve)."""
    curve = getattr(model, "loss_curve_", None)
    return [model.loss_] if curve is None else curve


# ---- the machine -------------------------------------------------------------------------------

def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def blas_description():
    blas = [f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture')}, "
            f"{i.get('num_threads')} threads)"
            for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"]
    return ", ".join(dict.fromkeys(blas)) or "no BLAS found by threadpoolctl"


def machine_line():
    return (f"machine: {cpu_model()}, {os.cpu_count()} cores; numpy {np.__version__}, "
            f"scipy {scipy.__version__}, scikit-learn {sklearn.__version__}, "
            f"threadpoolctl {threadpoolctl.__version__}; BLAS {blas_description()}")


def load_average():
    try:
        return "load average %.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        return "load average unknown"


# ---- 1. the same-run table ---------------------------------------------------------------------

def classifier_table(params, repeats):
    """Section 1; returns {(dtype name, n_features): (our ms, sk ms, flops, machine GF/s)}."""
    print("\nMLPClassifier, adam: median time per epoch, ours and scikit-learn's in alternation")
    print(f"{'dtype':8} {'features':>8} {'ours ms/ep':>11} {'sklearn ms/ep':>14} {'ratio':>6} "
          f"{'ours GF/s':>10} {'sk GF/s':>8} {'machine GF/s':>13} {'ours %':>7} "
          f"{'ours pred/s':>12} {'sk pred/s':>10} {'max rel diff loss':>18}")
    cells = {}
    for dtype in (np.float64, np.float32):
        peak = machine_gflops(dtype)
        for n_features in (180, 400):
            X, y = make_data(n_features, dtype)
            runs = alternate({"ours": lambda: fit_ours(params, X, y),
                              "sklearn": lambda: fit_sklearn(params, X, y)}, repeats)
            (ours, t_ours), (theirs, t_sk) = runs["ours"], runs["sklearn"]
            assert len(t_ours) == len(t_sk) == params["max_iter"] * repeats
            m_ours, m_sk = float(np.median(t_ours)), float(np.median(t_sk))
            flops = matmul_flops_per_epoch([n_features, HIDDEN, N_CLASSES], N_SAMPLES, BATCH)
            print(f"{np.dtype(dtype).name:8} {n_features:8d} {m_ours * 1e3:11.2f} "
                  f"{m_sk * 1e3:14.2f} {m_ours / m_sk:6.2f} {flops / m_ours / 1e9:10.1f} "
                  f"{flops / m_sk / 1e9:8.1f} {peak:13.1f} "
                  f"{100 * flops / m_ours / 1e9 / peak:6.0f}% "
                  f"{predict_throughput(ours, X):12.3g} {predict_throughput(theirs, X):10.3g} "
                  f"{max_rel_diff(ours.loss_curve_, theirs.loss_curve_):18.1e}")
            cells[np.dtype(dtype).name, n_features] = (m_ours, m_sk, flops, peak)
    return cells


# ---- 2. where our epoch goes -------------------------------------------------------------------

PARTS = ("gather batch", "forward products", "bias + activation", "softmax", "loss",
         "output delta", "backward products", "L2 + 1/n + db", "activation derivative",
         "adam step", "python overhead")
PRODUCTS = ("forward products", "backward products")


def profile_ours(X, y, *, epochs, rounds, alpha=1e-4, seed=0):
    """Median seconds per epoch of each part of our training loop, and of the epoch of
    mlp.training.train itself; the two are run in alternation.

    The loop of :func:`profiled_epochs` is train()'s per-batch loop written out step by step,
    with the clock read around each part: the same library functions and the same operations in
    the same order, so it must end on the very weights train() reaches (checked bit for bit).
    "python overhead" is the part of the epoch that falls in no part: the loop, slicing, calls.
    """
    Y = np.eye(N_CLASSES, dtype=X.dtype)[y]
    spent = {part: [] for part in PARTS + ("total",)}

    def fresh_network():
        coefs, intercepts = init_parameters([X.shape[1], HIDDEN, N_CLASSES], random_state=seed,
                                            dtype=X.dtype)
        return Network(coefs, intercepts, activation="relu", loss="cross_entropy")

    def step_by_step():
        net = fresh_network()
        parts = profiled_epochs(X, Y, net, Adam(net.parameters()), alpha, epochs, seed)
        for part in parts:
            spent[part].extend(parts[part])
        return net.parameters(), []

    def library():
        net = fresh_network()
        stamps = [time.perf_counter()]
        train(net, Adam(net.parameters()), X, Y, batch_size=BATCH, max_iter=epochs,
              random_state=seed, alpha=alpha, stopping=LossPlateau(tol=0.0),
              callback=lambda epoch, history: stamps.append(time.perf_counter()))
        return net.parameters(), np.diff(stamps)

    runs = alternate({"step by step": step_by_step, "train()": library}, rounds)
    for a, b in zip(runs["step by step"][0], runs["train()"][0]):  # the very same bits
        np.testing.assert_array_equal(a, b)
    # the total is the median of the epochs' totals (the sum of the parts' medians is lower:
    # each part's slow epochs are other epochs)
    return ({part: float(np.median(spent[part])) for part in spent},
            float(np.median(runs["train()"][1])))


def profiled_epochs(X, Y, net, optimizer, alpha, epochs, seed):
    """``epochs`` epochs of mlp.training.train_epoch, step by step, timing every part; returns
    {part: array of seconds per epoch}. The steps are those of Network.forward, Network.backward
    and mlp.layers.dense_backward, line by line."""
    coefs, intercepts, n = net.coefs, net.intercepts, X.shape[0]
    params, L = net.parameters(), len(net.coefs)
    f, f_out, f_prime = (net.activation.forward, net.loss.output_activation,
                         net.activation.backward)
    rng, order = check_random_state(seed), np.arange(n)
    spent = {part: np.zeros(epochs) for part in PARTS + ("total",)}
    clock = time.perf_counter
    for epoch in range(epochs):
        parts = dict.fromkeys(PARTS, 0.0)
        epoch_start = clock()
        order = order[rng.permutation(n)]  # as train(): composed with last epoch's order
        parts["gather batch"] += clock() - epoch_start
        for batch in iter_minibatches(n, BATCH):
            t0 = clock()
            rows = order[batch]
            X_B, Y_B = X[rows], Y[rows]
            n_B = batch.stop - batch.start
            t1 = clock()
            parts["gather batch"] += t1 - t0
            # forward: Network.forward, with mlp.layers.dense_forward split into its two lines
            A = [X_B]
            for l in range(L):
                t0 = clock()
                Z = A[l] @ coefs[l]  # (L1.2)
                t1 = clock()
                parts["forward products"] += t1 - t0
                Z += intercepts[l]  # (L1.2)
                if l < L - 1:
                    A.append(f(Z, out=Z))  # (L1.3)
                    parts["bias + activation"] += clock() - t1
                else:
                    t2 = clock()
                    parts["bias + activation"] += t2 - t1
                    A.append(f_out(Z, out=Z))  # softmax  (L2.5)
                    parts["softmax"] += clock() - t2
            t0 = clock()
            net.loss_value(Y_B, A[L], alpha=alpha)  # data loss and L2 term  (L3.6)
            t1 = clock()
            parts["loss"] += t1 - t0
            # backward: Network.backward, with mlp.layers.dense_backward line by line
            delta = output_delta(Y_B, A[L])  # P - Y  (L3.5)
            parts["output delta"] += clock() - t1
            coef_grads, intercept_grads = [None] * L, [None] * L
            for l in range(L - 1, -1, -1):
                t0 = clock()
                dW = A[l].T @ delta  # (L4.2)
                t1 = clock()
                parts["backward products"] += t1 - t0
                dW += alpha * coefs[l]  # (L4.2)
                dW /= n_B  # (L4.2)
                db = np.sum(delta, axis=0) / n_B  # (L4.3)
                coef_grads[l], intercept_grads[l] = dW, db
                t2 = clock()
                parts["L2 + 1/n + db"] += t2 - t1
                if l > 0:
                    dA = delta @ coefs[l].T  # (L4.4)
                    t3 = clock()
                    parts["backward products"] += t3 - t2
                    delta = f_prime(A[l], dA, out=dA)  # (L4.5)
                    parts["activation derivative"] += clock() - t3
            t0 = clock()
            optimizer.step(params, coef_grads + intercept_grads)
            parts["adam step"] += clock() - t0
        total = clock() - epoch_start
        parts["python overhead"] = total - sum(parts.values())
        for part in PARTS:
            spent[part][epoch] = parts[part]
        spent["total"][epoch] = total
    return spent


def profile_table(cells, epochs, repeats):
    """Section 2: the step-by-step profile of each setting of section 1."""
    profiles, peaks = {}, {}
    for (dtype, n_features) in cells:
        if dtype not in peaks:  # again: the load of a shared machine changes within a run
            peaks[dtype] = machine_gflops(np.dtype(dtype))
        X, y = make_data(n_features, np.dtype(dtype))
        profiles[dtype, n_features] = profile_ours(X, y, epochs=epochs, rounds=repeats)
    print("\nWhere our epoch goes: median ms per epoch of each part of the step-by-step loop "
          "(its weights equal train()'s bit for bit), and its share of the step-by-step epoch "
          "('total'), timed in alternation with train() itself, not at the time of the table")
    print(f"{'part':24}" + "".join(f"{d + ' ' + str(f):>22}" for d, f in profiles))
    for part in PARTS + ("total", "train() itself"):
        row = []
        for key, (prof, trained) in profiles.items():
            value = trained if part == "train() itself" else prof[part]
            row.append(f"{value * 1e3:8.2f} ms {100 * value / prof['total']:5.0f}% ep")
        print(f"{part:24}" + "".join(f"{c:>22}" for c in row))
    row = []
    for key, (prof, trained) in profiles.items():
        products = sum(prof[p] for p in PRODUCTS)
        row.append(f"{products * 1e3:8.2f} ms {100 * products / prof['total']:5.0f}% ep")
    print(f"{'products (fwd + bwd)':24}" + "".join(f"{c:>22}" for c in row))
    row = []
    for key, (prof, trained) in profiles.items():
        rate = cells[key][2] / sum(prof[p] for p in PRODUCTS) / 1e9
        row.append(f"{rate:8.1f} GF/s {100 * rate / peaks[key[0]]:5.0f}% mach")
    print(f"{'products GF/s':24}" + "".join(f"{c:>22}" for c in row))
    print("(machine GF/s measured again before this section: "
          + ", ".join(f"{d} {g:.1f}" for d, g in peaks.items()) + ")")


# ---- 3. other solvers and estimators -----------------------------------------------------------

def other_estimators(params, repeats):
    """Section 3: lbfgs, and MLPRegressor with adam and lbfgs, float64, 400 features."""
    X, y = make_data(400, np.float64)
    target = X @ np.random.RandomState(1).randn(400) / 20.0  # a linear target, standard-ish
    lbfgs = {k: v for k, v in params.items() if k != "batch_size"}
    lbfgs["solver"] = "lbfgs"
    print("\nOther solvers and estimators, float64, 400 features (time per iteration: an epoch "
          "for adam, one L-BFGS iteration for lbfgs)")
    print(f"{'estimator':28} {'ours ms/it':>11} {'sklearn ms/it':>14} {'ratio':>6} "
          f"{'ours n_iter':>12} {'sk n_iter':>10} {'max rel diff loss':>18}")
    rows = [
        ("MLPClassifier lbfgs", lambda: time_whole_fit(lambda: MLPClassifier(**lbfgs), X, y),
         lambda: time_whole_fit(lambda: SklearnMLP(**lbfgs), X, y)),
        ("MLPRegressor adam", lambda: fit_ours(params, X, target, MLPRegressor),
         lambda: fit_sklearn(params, X, target, SklearnRegressor)),
        ("MLPRegressor lbfgs", lambda: time_whole_fit(lambda: MLPRegressor(**lbfgs), X, target),
         lambda: time_whole_fit(lambda: SklearnRegressor(**lbfgs), X, target)),
    ]
    for name, ours_fit, sk_fit in rows:
        runs = alternate({"ours": ours_fit, "sklearn": sk_fit}, repeats)
        (ours, t_ours), (theirs, t_sk) = runs["ours"], runs["sklearn"]
        m_ours, m_sk = np.median(t_ours), np.median(t_sk)
        print(f"{name:28} {m_ours * 1e3:11.2f} {m_sk * 1e3:14.2f} {m_ours / m_sk:6.2f} "
              f"{ours.n_iter_:12d} {theirs.n_iter_:10d} "
              f"{max_rel_diff(final_losses(ours), final_losses(theirs)):18.1e}")


# ---- the run -----------------------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3,
                        help="rounds per setting, alternating which estimator goes first (3)")
    parser.add_argument("--quick", action="store_true", help="20 epochs, one round: a smoke run")
    parser.add_argument("--blas-threads", type=int, default=None,
                        help="run everything under threadpool_limits(N): with 1, both estimators "
                             "use one core (a fair comparison on a busy machine)")
    args = parser.parse_args(argv)
    if args.blas_threads is None:
        return run(args)
    with threadpoolctl.threadpool_limits(limits=args.blas_threads):
        return run(args)


def run(args):
    sys.stdout.reconfigure(line_buffering=True)  # each line as it comes, also into a file
    epochs = 20 if args.quick else args.epochs
    repeats = 1 if args.quick else args.repeats
    params = dict(hidden_layer_sizes=(HIDDEN,), batch_size=BATCH, max_iter=epochs, tol=0.0,
                  random_state=0)
    print(machine_line())
    print(f"data: {N_SAMPLES} samples, {N_CLASSES} classes, hidden ({HIDDEN},), batch {BATCH}, "
          f"{epochs} epochs x {repeats} alternating rounds")
    print(f"at the start: {load_average()} (processes wanting the {os.cpu_count()} cores)")
    cells = classifier_table(params, repeats)
    profile_table(cells, epochs, repeats)
    other_estimators(params, repeats)
    print(f"\nat the end: {load_average()}")


if __name__ == "__main__":
    main()
