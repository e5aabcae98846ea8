"""Benchmark: our MLP estimators against scikit-learn's on RAVDESS-shaped data, in one run.

    python benchmarks/bench_mlp.py                    # full run (5 to 6 minutes on 2 quiet cores)
    python benchmarks/bench_mlp.py --quick            # 20 epochs, one round: a smoke run
    python benchmarks/bench_mlp.py --blas-threads 1   # both on one core: fair on a busy machine

Data: 1440 samples, 180 and 400 features, 8 classes (synthetic, seeded; the cost of an epoch does
not depend on the values), ``hidden_layer_sizes=(300,)``, ``batch_size=256``, 200 epochs with
``tol=0`` so that both run every epoch. It prints:

1. For MLPClassifier with adam, each dtype and feature count: the median time per epoch of each
   estimator (alternating rounds), the ratio ours / scikit-learn, the GFLOP/s each achieves
   (matrix products of the forward and backward passes, (L9.1)), the machine's large-product
   GFLOP/s measured in the same run and our share of it, predict_proba throughput, the largest
   relative difference of the two loss curves (speed must not be bought with other arithmetic),
   our time with mlp.kernels' compiled loops off (every element-wise step in NumPy), and our
   time with the split products' second block on mlp.blas_thread's thread (off by default)
   instead of an ordinary Python thread (the weights must come out the same, bit for bit, all
   three ways); and, for what the bits rule costs, ours with every product uncut on the BLAS
   library's own threads, as scikit-learn computes them (not something mlp offers: its bits
   depend on the thread count), with whether its loss curve equals scikit-learn's bit for bit.
2. Where our epoch goes: the training loop written out step by step with the clock read around
   each part (products, batch gather, bias and activation, softmax, loss, output delta, L2 and
   1/n and bias gradient, activation derivative, Adam's step, and the Python time in none of
   them), every part in turn, checked to end on the very bits mlp.training.train reaches; then
   the epoch of mlp.training.train itself, which runs the gather, bias and activation, L2 and
   1/n and Adam's step of the large layer inside the two threads of its split products, and
   what that saves.
3. One batch's two large products alone, four ways: the two row blocks in turn on one core, our
   split with its second block on an ordinary thread and on mlp.blas_thread's, and the BLAS
   library's own threads; and what each of our two splits loses per product in handing a block
   over (against half the time of the blocks in turn).
4. lbfgs and MLPRegressor against scikit-learn's, or "not available" while mlp lacks them.

The machine's load average is printed at the start and the end: on a shared machine read the
ratios, and only from a run whose load stayed below the number of cores.
"""

import argparse
import os
import platform
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier as SklearnMLP
from sklearn.neural_network import MLPRegressor as SklearnRegressor
from sklearn.neural_network._multilayer_perceptron import BaseMultilayerPerceptron

import mlp
import mlp.early_stopping
import mlp.training
from mlp import MLPClassifier, blas_thread, kernels
from mlp.initialisation import check_random_state, init_parameters
from mlp.layers import add_bias_and_activate
from mlp.losses import output_delta
from mlp.network import Network
from mlp.optimizers import Adam
from mlp.blas_thread import BlasThread
from mlp.products import SplitMatmul, fixed_products
from mlp.products import matmul as plain_matmul
from mlp.training import iter_minibatches, train

N_SAMPLES, N_CLASSES, HIDDEN, BATCH = 1440, 8, 300, 256


def make_data(n_features, dtype, seed=0):
    rng = np.random.RandomState(seed)
    y = rng.randint(N_CLASSES, size=N_SAMPLES)
    centers = rng.randn(N_CLASSES, n_features)
    X = centers[y] + 2.0 * rng.randn(N_SAMPLES, n_features)
    return X.astype(dtype), y


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


def matmul_flops_per_epoch(units, n_samples, batch):
    """2*b*fan_in*fan_out per product: forward and dW for every layer, dX for all but the first."""
    per_sample = sum(a * b for a, b in zip(units[:-1], units[1:]))
    first = units[0] * units[1]
    return 2 * n_samples * (3 * per_sample - first)  # (L9.1), lessons/09_estimator.md


def machine_gflops(dtype, n=2000, repeats=3):
    rng = np.random.RandomState(0)
    A, B = rng.randn(n, n).astype(dtype), rng.randn(n, n).astype(dtype)
    A @ B  # warm up
    best = min(_timed(lambda: A @ B) for _ in range(repeats))
    return 2 * n**3 / best / 1e9


def _timed(f):
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


PARTS = ("matrix products", "gather batch", "bias + activation", "softmax", "loss",
         "output delta", "L2 + 1/n + db", "activation derivative", "adam step", "python overhead")


def profile_ours(X, y, *, epochs, rounds, alpha=1e-4, seed=0):
    """Seconds per epoch spent in each part of our training loop, and the epoch of
    mlp.training.train itself (medians over the epochs of ``rounds`` alternating rounds).

    The loop of :func:`_profiled_epochs` is mlp.training.train's per-batch loop written out
    step by step, every part in turn, with the clock read around each part: the same library
    functions on the same buffers, so it must end on the very weights train() reaches (checked
    with assert_array_equal). "python overhead" is the time of the epoch that falls in no part:
    the loop, slicing, calls, list building. train() runs the gather, bias and activation, L2
    and 1/n and Adam's step of the large layer inside the two threads of its split products;
    the two are timed in alternation, so that a slow patch of a shared machine hits both alike.
    """
    Y = np.eye(N_CLASSES, dtype=X.dtype)[y]
    spent = {part: [] for part in PARTS + ("total",)}

    def fresh_network():
        coefs, intercepts = init_parameters([X.shape[1], HIDDEN, N_CLASSES], random_state=seed,
                                            dtype=X.dtype)
        return Network(coefs, intercepts, activation="relu", loss="cross_entropy")

    def in_turn():
        net = fresh_network()
        parts = {part: np.zeros(epochs) for part in PARTS + ("total",)}
        with fixed_products() as matmul:  # as train() does
            _profiled_epochs(X, Y, net, Adam(net.parameters()), alpha, parts, matmul, seed)
        for part in parts:
            spent[part].extend(parts[part])
        return net.parameters(), []

    def library():
        net = fresh_network()
        stamps = [time.perf_counter()]
        train(net, Adam(net.parameters()), X, Y, batch_size=BATCH, max_iter=epochs,
              random_state=seed, alpha=alpha, stopping=mlp.early_stopping.LossPlateau(tol=0.0),
              callback=lambda epoch, history: stamps.append(time.perf_counter()))
        return net.parameters(), np.diff(stamps)

    runs = alternate({"in turn": in_turn, "train()": library}, rounds)
    for a, b in zip(runs["in turn"][0], runs["train()"][0]):  # the very same bits
        np.testing.assert_array_equal(a, b)
    # the total is the median of the epochs' totals (the sum of the parts' medians would be
    # lower: each part's slow epochs are other epochs)
    return ({part: float(np.median(spent[part])) for part in spent},
            float(np.median(runs["train()"][1])))


def _profiled_epochs(X, Y, net, optimizer, alpha, spent, matmul, seed):
    coefs, intercepts, n = net.coefs, net.intercepts, X.shape[0]
    params, workspaces = net.parameters(), {}
    grads = ([np.empty_like(W) for W in coefs], [np.empty_like(b) for b in intercepts])
    rng, order = check_random_state(seed), np.arange(n)
    f, f_out, f_prime = (net.activation.forward, net.loss.output_activation,
                         net.activation.backward)
    clock = time.perf_counter
    for epoch in range(len(spent[PARTS[0]])):
        parts = {part: 0.0 for part in PARTS}
        epoch_start = clock()
        t0 = clock()
        order = order[rng.permutation(n)]
        parts["gather batch"] += clock() - t0
        for batch in iter_minibatches(n, BATCH):
            rows_n = batch.stop - batch.start
            if rows_n not in workspaces:
                workspaces[rows_n] = (np.empty((rows_n, X.shape[1]), X.dtype),
                                      np.empty((rows_n, N_CLASSES), X.dtype)) + net.allocate(rows_n)
            X_buffer, Y_buffer, outputs, errors = workspaces[rows_n]
            t0 = clock()
            rows = order[batch]
            X_batch = X.take(rows, axis=0, out=X_buffer, mode="clip")
            Y_batch = Y.take(rows, axis=0, out=Y_buffer, mode="clip")
            t1 = clock()
            parts["gather batch"] += t1 - t0
            # forward  (Network.forward, dense_forward)
            A = [X_batch]
            for l, (W, b) in enumerate(zip(coefs, intercepts)):
                t0 = clock()
                Z = matmul(A[-1], W, out=outputs[l])
                t1 = clock()
                parts["matrix products"] += t1 - t0
                if l == len(coefs) - 1:
                    Z += b
                    t2 = clock()
                    parts["bias + activation"] += t2 - t1
                    A.append(f_out(Z, out=Z))
                    parts["softmax"] += clock() - t2
                else:
                    A.append(add_bias_and_activate(Z, b, f))  # one pass for relu
                    parts["bias + activation"] += clock() - t1
            t0 = clock()
            net.loss_value(Y_batch, A[-1], alpha=alpha)
            t1 = clock()
            parts["loss"] += t1 - t0
            # backward  (Network.backward, dense_backward)
            delta = output_delta(Y_batch, A[-1], out=errors[-1])
            parts["output delta"] += clock() - t1
            for l in range(len(coefs) - 1, -1, -1):
                dW, db = grads[0][l], grads[1][l]
                t0 = clock()
                matmul(A[l].T, delta, out=dW)
                t1 = clock()
                parts["matrix products"] += t1 - t0
                if not kernels.penalise_and_divide(dW, coefs[l], alpha, rows_n):  # as layers
                    dW += alpha * coefs[l]
                    dW /= rows_n
                np.sum(delta, axis=0, out=db)
                db /= rows_n
                t2 = clock()
                parts["L2 + 1/n + db"] += t2 - t1
                if l > 0:
                    dA = matmul(delta, coefs[l].T, out=errors[l - 1])
                    t3 = clock()
                    parts["matrix products"] += t3 - t2
                    delta = f_prime(A[l], dA, out=dA)
                    parts["activation derivative"] += clock() - t3
            t0 = clock()
            optimizer.step(params, grads[0] + grads[1])
            parts["adam step"] += clock() - t0
        total = clock() - epoch_start
        parts["python overhead"] = total - sum(parts.values())
        for part in PARTS:
            spent[part][epoch] = parts[part]
        spent["total"][epoch] = total


def on_blas_thread(fit):
    """``fit()`` with the split products' second block on mlp.blas_thread's thread (off unless
    asked for) instead of an ordinary Python thread."""
    with blas_thread.enabled(True):
        return fit()


def batch_products(n_features, dtype, rounds=6, repeats=50, seed=0):
    """Median microseconds of one batch's two large products, X W ((256, n_features) by
    (n_features, 300)) and dW = X^T Delta, four ways in alternation: the two row blocks of (L9.4)
    one after the other on one core (half of that is what two cores would take if handing a
    block over cost nothing), our split with the second block on an ordinary Python thread, and
    on mlp.blas_thread's, and the BLAS library's own two threads on the uncut products."""
    rng = np.random.RandomState(seed)
    X, W = rng.randn(BATCH, n_features).astype(dtype), rng.randn(n_features, HIDDEN).astype(dtype)
    D = rng.randn(BATCH, HIDDEN).astype(dtype)
    Z, G = np.empty((BATCH, HIDDEN), dtype), np.empty((n_features, HIDDEN), dtype)

    def pair(matmul):
        return lambda: (matmul(X, W, out=Z), matmul(X.T, D, out=G))

    times = {}
    with (blas_thread.enabled(True), ThreadPoolExecutor(max_workers=1) as executor,
          BlasThread() as thread):
        with fixed_products():  # one BLAS thread within
            ways = {"one core, in turn": pair(SplitMatmul()),
                    "ordinary thread": pair(SplitMatmul(executor)),
                    "BLAS thread": pair(SplitMatmul(blas_thread=thread))}
            for round_ in range(rounds):
                for name, way in ways.items():
                    times.setdefault(name, []).extend(_timed(way) for _ in range(repeats))
                ways = dict(reversed(ways.items()))
        ran = thread._thread is not None  # else it cannot run here: this thread did its part
        uncut = pair(np.matmul)  # outside fixed_products: the BLAS library's own threads
        times["BLAS library's threads"] = [_timed(uncut) for _ in range(rounds * repeats)]
    if not ran:
        times.pop("BLAS thread")
    return {name: 1e6 * float(np.median(t)) for name, t in times.items()}


@contextmanager
def _plain_products():
    """What mlp.training.train uses in place of mlp.products.fixed_products inside
    :func:`uncut`: every product uncut, on as many BLAS threads as the caller allows."""
    yield plain_matmul


def uncut(fit):
    """``fit()`` with every product of training uncut, on the BLAS library's own threads, as
    scikit-learn computes them: the time our split's hand-over costs, and the bits rule with it
    (lessons/09_estimator.md, "What the rule costs"). mlp does not offer this."""
    kept = mlp.training.fixed_products
    mlp.training.fixed_products = _plain_products
    try:
        return fit()
    finally:
        mlp.training.fixed_products = kept


def numpy_only(fit):
    """``fit()`` with mlp.kernels' compiled loops off: every element-wise step in NumPy."""
    with kernels.fused(False):
        return fit()


def predict_throughput(model, X, seconds=0.5):
    model.predict_proba(X)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        model.predict_proba(X)
        count += len(X)
    return count / (time.perf_counter() - start)


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


def max_rel_diff(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        return float("nan")
    return float(np.max(np.abs(a - b) / np.abs(b)))


def final_losses(model):
    """The loss curve of a stochastic solver; the final loss of lbfgs (which keeps no curve)."""
    curve = getattr(model, "loss_curve_", None)
    return [model.loss_] if curve is None else curve


def time_whole_fit(make_model, X, y):
    """One fit, timed as a whole; returns (model, [seconds per iteration])."""
    model = make_model()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        model.fit(X, y)
    return model, [(time.perf_counter() - start) / max(model.n_iter_, 1)]


def has_lbfgs():
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter=1 is meant
            MLPClassifier(solver="lbfgs", hidden_layer_sizes=(2,), max_iter=1).fit(
                np.eye(3), [0, 1, 2])
    except ValueError:
        return False
    return True


def blas_description():
    from threadpoolctl import threadpool_info
    blas = [f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture')}, "
            f"{i.get('num_threads')} threads)" for i in threadpool_info() if i["user_api"] == "blas"]
    coretype = os.environ.get("OPENBLAS_CORETYPE")
    return ", ".join(dict.fromkeys(blas)) + f"; OPENBLAS_CORETYPE={coretype or 'unset'}"


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
    from threadpoolctl import threadpool_limits
    with threadpool_limits(limits=args.blas_threads, user_api="blas"):
        return run(args)


def load_average():
    try:
        return "load average %.1f %.1f %.1f" % os.getloadavg()
    except OSError:
        return "load average unknown"


def run(args):
    epochs = 20 if args.quick else args.epochs
    repeats = 1 if args.quick else args.repeats
    params = dict(hidden_layer_sizes=(HIDDEN,), batch_size=BATCH, max_iter=epochs, tol=0.0,
                  random_state=0)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, numpy {np.__version__}, "
          f"{blas_description()}")
    print(f"data: {N_SAMPLES} samples, {N_CLASSES} classes, hidden ({HIDDEN},), batch {BATCH}, "
          f"{epochs} epochs x {repeats} alternating rounds; at the start: {load_average()} "
          f"(processes waiting for {os.cpu_count()} cores)")
    print("\nMLPClassifier, adam: median time per epoch")
    print(f"{'dtype':8} {'features':>8} {'ours ms/ep':>11} {'sklearn ms/ep':>14} "
          f"{'ratio':>6} {'ours GF/s':>10} {'sk GF/s':>8} {'machine GF/s':>13} {'ours %':>7} "
          f"{'ours pred/s':>12} {'sk pred/s':>10} {'max rel diff loss':>18} "
          f"{'NumPy-only ms':>12} {'ratio':>6} {'BLAS thread ms':>14} {'ratio':>6} "
          f"{'uncut ms':>9} {'ratio':>6} {'uncut = sk bits':>16}")
    profiles = {}
    for dtype in (np.float64, np.float32):
        peak = machine_gflops(dtype)
        for n_features in (180, 400):
            X, y = make_data(n_features, dtype)
            # Alternate the two, swapping which goes first, so that a slow patch of a shared
            # machine hits both alike; the median is over every epoch of every round.
            runs = alternate({
                "ours": lambda: time_fit(lambda: MLPClassifier(**params),
                                         mlp.early_stopping.LossPlateau, "update", X, y),
                "numpy": lambda: numpy_only(lambda: time_fit(
                    lambda: MLPClassifier(**params), mlp.early_stopping.LossPlateau, "update",
                    X, y)),
                "blas": lambda: on_blas_thread(lambda: time_fit(
                    lambda: MLPClassifier(**params), mlp.early_stopping.LossPlateau, "update",
                    X, y)),
                "uncut": lambda: uncut(lambda: time_fit(
                    lambda: MLPClassifier(**params), mlp.early_stopping.LossPlateau, "update",
                    X, y)),
                "sklearn": lambda: time_fit(lambda: SklearnMLP(**params),
                                            BaseMultilayerPerceptron,
                                            "_update_no_improvement_count", X, y),
            }, repeats)
            (ours, t_ours), (theirs, t_sk) = runs["ours"], runs["sklearn"]
            (plain, t_numpy), (on_blas, t_blas) = runs["numpy"], runs["blas"]
            whole, t_uncut = runs["uncut"]
            assert (len(t_ours) == len(t_sk) == len(t_numpy) == len(t_blas) == len(t_uncut)
                    == epochs * repeats)
            for a, b, c in zip(ours.coefs_, plain.coefs_, on_blas.coefs_):
                np.testing.assert_array_equal(a, b)  # the loops change no bit
                np.testing.assert_array_equal(a, c)  # nor does the thread
            m_ours, m_sk, m_numpy = np.median(t_ours), np.median(t_sk), np.median(t_numpy)
            m_blas, m_uncut = np.median(t_blas), np.median(t_uncut)
            same_as_sk = np.array_equal(whole.loss_curve_, theirs.loss_curve_)
            flops = matmul_flops_per_epoch([n_features, HIDDEN, N_CLASSES], N_SAMPLES, BATCH)
            print(f"{np.dtype(dtype).name:8} {n_features:8d} {m_ours * 1e3:11.2f} "
                  f"{m_sk * 1e3:14.2f} {m_ours / m_sk:6.2f} {flops / m_ours / 1e9:10.1f} "
                  f"{flops / m_sk / 1e9:8.1f} {peak:13.1f} "
                  f"{100 * flops / m_ours / 1e9 / peak:6.0f}% "
                  f"{predict_throughput(ours, X):12.3g} {predict_throughput(theirs, X):10.3g} "
                  f"{max_rel_diff(ours.loss_curve_, theirs.loss_curve_):18.1e} "
                  f"{m_numpy * 1e3:12.2f} {m_numpy / m_sk:6.2f} {m_blas * 1e3:14.2f} "
                  f"{m_blas / m_sk:6.2f} {m_uncut * 1e3:9.2f} {m_uncut / m_sk:6.2f} "
                  f"{'yes' if same_as_sk else 'no':>16}")
            profiles[np.dtype(dtype).name, n_features] = (
                profile_ours(X, y, epochs=epochs, rounds=repeats), m_ours, m_sk, flops, peak)

    print("\nWhere our epoch goes (median ms per epoch of the step-by-step loop, every part in "
          "turn; '% of sk' is the part's share of scikit-learn's epoch in the table above)")
    print(f"{'part':24}" + "".join(f"{d + ' ' + str(f):>22}" for d, f in profiles))
    for part in PARTS + ("total", "train() itself", "saved by the threads"):
        cells = []
        for (prof, trained), m_ours, m_sk, flops, peak in profiles.values():
            value = {"train() itself": trained,
                     "saved by the threads": prof["total"] - trained}.get(part)
            value = prof[part] if value is None else value
            cells.append(f"{value * 1e3:9.2f} ms {100 * value / m_sk:5.0f}% of sk")
        print(f"{part:24}" + "".join(f"{c:>22}" for c in cells))
    cells = []
    for (prof, trained), m_ours, m_sk, flops, peak in profiles.values():
        cells.append(f"{flops / prof['matrix products'] / 1e9:9.1f} GF/s {100 * flops / prof['matrix products'] / 1e9 / peak:4.0f}%")
    print(f"{'products GF/s, % mach.':24}" + "".join(f"{c:>22}" for c in cells))
    print("('train() itself' runs the same steps, but the gather, the bias and activation, the "
          "L2 term and 1/n and Adam's step of the large layer inside the two threads of its "
          "split products, each on its own block of rows)")

    print("\nOne batch's two large products, X W and dW = X^T Delta (median us, in alternation; "
          "'hand-over' is what our split loses per product against half of 'one core, in turn')")
    ways = None
    for dtype in (np.float64, np.float32):
        for n_features in (180, 400):
            medians = batch_products(n_features, dtype)
            if ways is None:
                ways = list(medians)
                print(f"{'dtype':8} {'features':>8}" + "".join(f"{w:>24}" for w in ways)
                      + f"{'hand-over, ordinary':>21}{'hand-over, BLAS thread':>24}")
            ideal = medians["one core, in turn"] / 2
            lost = [(medians[w] - ideal) / 2 if w in medians else float("nan")
                    for w in ("ordinary thread", "BLAS thread")]
            print(f"{np.dtype(dtype).name:8} {n_features:8d}"
                  + "".join(f"{medians.get(w, float('nan')):24.0f}" for w in ways)
                  + f"{lost[0]:21.0f}{lost[1]:24.0f}")

    X, y = make_data(400, np.float64)
    print("\nOther solvers and estimators, float64, 400 features (time per iteration: an epoch "
          "for adam, one L-BFGS iteration for lbfgs)")
    print(f"{'estimator':28} {'ours ms/it':>11} {'sklearn ms/it':>14} {'ratio':>6} "
          f"{'ours n_iter':>12} {'sk n_iter':>10} {'max rel diff loss':>18}")
    lbfgs = dict(params, solver="lbfgs")
    del lbfgs["batch_size"]
    rows = [("MLPClassifier lbfgs", has_lbfgs(),
             lambda: time_whole_fit(lambda: MLPClassifier(**lbfgs), X, y),
             lambda: time_whole_fit(lambda: SklearnMLP(**lbfgs), X, y))]
    regressor = getattr(mlp, "MLPRegressor", None)
    target = X @ np.random.RandomState(1).randn(400) / 20.0  # a linear target, standard-ish
    rows.append(("MLPRegressor adam", regressor is not None,
                 lambda: time_fit(lambda: regressor(**params), mlp.early_stopping.LossPlateau,
                                  "update", X, target),
                 lambda: time_fit(lambda: SklearnRegressor(**params), BaseMultilayerPerceptron,
                                  "_update_no_improvement_count", X, target)))
    if regressor is not None:
        rows.append(("MLPRegressor lbfgs", has_lbfgs(),
                     lambda: time_whole_fit(lambda: regressor(**lbfgs), X, target),
                     lambda: time_whole_fit(lambda: SklearnRegressor(**lbfgs), X, target)))
    for name, available, fit_ours, fit_sk in rows:
        if not available:
            print(f"{name:28} not available in this mlp")
            continue
        runs = alternate({"ours": fit_ours, "sklearn": fit_sk}, repeats)
        (ours, t_ours), (theirs, t_sk) = runs["ours"], runs["sklearn"]
        m_ours, m_sk = np.median(t_ours), np.median(t_sk)
        print(f"{name:28} {m_ours * 1e3:11.2f} {m_sk * 1e3:14.2f} {m_ours / m_sk:6.2f} "
              f"{ours.n_iter_:12d} {theirs.n_iter_:10d} "
              f"{max_rel_diff(final_losses(ours), final_losses(theirs)):18.1e}")

    print(f"\nat the end: {load_average()}")


if __name__ == "__main__":
    main()
