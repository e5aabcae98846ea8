"""Benchmark: our MLPClassifier against scikit-learn's on RAVDESS-shaped data, in one run.

    python benchmarks/bench_mlp.py            # full table (about 2 minutes on 2 cores)
    python benchmarks/bench_mlp.py --quick    # 20 epochs, one round: a smoke run

Data: 1440 samples, 180 and 400 features, 8 classes (synthetic, seeded; the cost of an epoch does
not depend on the values), ``hidden_layer_sizes=(300,)``, ``batch_size=256``, 200 epochs with
``tol=0`` so that both run every epoch. For each dtype and feature count it prints the median
time per epoch of each estimator, the ratio ours / scikit-learn, the GFLOP/s each achieves (matrix
products of the forward and backward passes), the machine's large-matrix-product GFLOP/s measured
in the same run, and predict_proba throughput. The two fits are also checked to give the same loss
curve, so the speed is not bought with different arithmetic.
"""

import argparse
import platform
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier as SklearnMLP
from sklearn.neural_network._multilayer_perceptron import BaseMultilayerPerceptron

import mlp.early_stopping
from mlp import MLPClassifier

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


def predict_throughput(model, X, seconds=0.5):
    model.predict_proba(X)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        model.predict_proba(X)
        count += len(X)
    return count / (time.perf_counter() - start)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3,
                        help="rounds per setting, alternating which estimator goes first (3)")
    parser.add_argument("--quick", action="store_true", help="20 epochs, one round: a smoke run")
    args = parser.parse_args(argv)
    epochs = 20 if args.quick else args.epochs
    repeats = 1 if args.quick else args.repeats
    params = dict(hidden_layer_sizes=(HIDDEN,), batch_size=BATCH, max_iter=epochs, tol=0.0,
                  random_state=0)
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
          f"numpy {np.__version__}; {N_SAMPLES} samples, {N_CLASSES} classes, hidden "
          f"({HIDDEN},), batch {BATCH}, {epochs} epochs x {repeats} alternating rounds, adam")
    header = (f"{'dtype':8} {'features':>8} {'ours ms/ep':>11} {'sklearn ms/ep':>14} "
              f"{'ratio':>6} {'ours GF/s':>10} {'sk GF/s':>8} {'machine GF/s':>13} "
              f"{'ours pred/s':>12} {'sk pred/s':>10} {'max rel diff loss':>18}")
    print(header)
    for dtype in (np.float64, np.float32):
        peak = machine_gflops(dtype)
        for n_features in (180, 400):
            X, y = make_data(n_features, dtype)
            # Alternate the two, swapping which goes first, so that a slow patch of a shared
            # machine hits both alike; the median is over every epoch of every round.
            t_ours, t_sk = [], []
            for round_ in range(repeats):
                for which in ((0, 1) if round_ % 2 == 0 else (1, 0)):
                    if which == 0:
                        ours, times = time_fit(lambda: MLPClassifier(**params),
                                               mlp.early_stopping.LossPlateau, "update", X, y)
                        t_ours.extend(times)
                    else:
                        theirs, times = time_fit(lambda: SklearnMLP(**params),
                                                 BaseMultilayerPerceptron,
                                                 "_update_no_improvement_count", X, y)
                        t_sk.extend(times)
            assert len(t_ours) == len(t_sk) == epochs * repeats
            m_ours, m_sk = np.median(t_ours), np.median(t_sk)
            flops = matmul_flops_per_epoch([n_features, HIDDEN, N_CLASSES], N_SAMPLES, BATCH)
            diff = np.max(np.abs(np.subtract(ours.loss_curve_, theirs.loss_curve_))
                          / np.abs(theirs.loss_curve_))
            print(f"{np.dtype(dtype).name:8} {n_features:8d} {m_ours * 1e3:11.2f} "
                  f"{m_sk * 1e3:14.2f} {m_ours / m_sk:6.2f} {flops / m_ours / 1e9:10.1f} "
                  f"{flops / m_sk / 1e9:8.1f} {peak:13.1f} "
                  f"{predict_throughput(ours, X):12.3g} {predict_throughput(theirs, X):10.3g} "
                  f"{diff:18.1e}")


if __name__ == "__main__":
    main()
