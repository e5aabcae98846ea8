"""A batch cut in two halves (mlp.halves, (L9.6)) gives the whole batch's loss and gradients.

The independent references: Network.backward over the whole batch (itself checked by finite
differences in test_gradcheck.py) to a relative 1e-13, and scikit-learn's MLPClassifier, whose
training path a fit with cut batches must still follow to 1e-10.
"""

import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier as SklearnMLP

from mlp import MLPClassifier
from mlp.dropout import dropout_masks
from mlp.halves import HalfBatches, worth_cutting
from mlp.initialisation import init_parameters
from mlp.network import Network
from mlp.training import _take_any

UNITS = [200, 300, 8]  # 256 * 200 * 300 multiply-adds: a batch of 256 is cut


def problem(seed=0, n=600):
    rng = np.random.RandomState(seed)
    X = rng.randn(n, UNITS[0])
    Y = np.eye(UNITS[-1])[rng.randint(UNITS[-1], size=n)]
    net = Network(*init_parameters(UNITS, random_state=seed), activation="relu",
                  loss="cross_entropy")
    return net, X, Y, rng


def whole(net, X, Y, rows, alpha, weights=None, masks=None):
    activations = net.forward(X[rows], dropout_masks=masks)
    loss = net.loss_value(Y[rows], activations[-1], alpha=alpha, sample_weight=weights)
    grads = net.backward(activations, Y[rows], alpha=alpha, sample_weight=weights,
                         dropout_masks=masks)
    return loss, grads


@pytest.mark.parametrize("case", ["plain", "sample_weight", "dropout", "slice"])
def test_two_halves_give_the_whole_batchs_loss_and_gradients(case):
    net, X, Y, rng = problem()
    rows = slice(100, 357) if case == "slice" else rng.permutation(600)[:257]  # odd: 128 + 129
    n_rows = 257
    assert worth_cutting(n_rows, UNITS)
    weights = rng.uniform(0.2, 3.0, size=n_rows) if case == "sample_weight" else None
    masks = dropout_masks(rng, n_rows, UNITS[1:-1], 0.3) if case == "dropout" else None
    expected_loss, expected = whole(net, X, Y, rows, 1e-3, weights, masks)
    grads = ([np.empty_like(W) for W in net.coefs], [np.empty_like(b) for b in net.intercepts])
    loss = HalfBatches(net, X, Y, _take_any).loss_and_gradients(
        rows, grads, alpha=1e-3, sample_weight=weights, masks=masks)
    assert loss == pytest.approx(expected_loss, rel=1e-13)
    for got, want in zip(grads[0] + grads[1], expected[0] + expected[1]):
        np.testing.assert_allclose(got, want, rtol=1e-11, atol=1e-15 * np.abs(want).max())


def test_a_second_thread_changes_no_bit():
    net, X, Y, rng = problem(1)
    rows = rng.permutation(600)[:256]
    results = []
    for executor in (None, ThreadPoolExecutor(max_workers=1)):
        grads = ([np.empty_like(W) for W in net.coefs], [np.empty_like(b) for b in net.intercepts])
        loss = HalfBatches(net, X, Y, _take_any, executor).loss_and_gradients(rows, grads, alpha=1e-4)
        results.append((loss, grads[0] + grads[1]))
    assert results[0][0] == results[1][0]
    for a, b in zip(results[0][1], results[1][1]):
        np.testing.assert_array_equal(a, b)


def test_only_batches_large_enough_are_cut():
    assert worth_cutting(256, [400, 300, 8])
    assert not worth_cutting(256, [10, 300, 8])  # 768,000 multiply-adds: not worth a thread
    assert not worth_cutting(1, [4000, 3000, 8])  # one row cannot be halved


@pytest.mark.parametrize("sample_weight", [False, True])
@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_a_fit_with_cut_batches_follows_scikit_learns_path(solver, sample_weight):
    """RAVDESS-sized batches (256 x 200 into 300 units): every batch but a short one is cut."""
    rng = np.random.RandomState(2)
    y = rng.randint(8, size=600)
    X = rng.randn(8, 200)[y] + 2.0 * rng.randn(600, 200)
    w = rng.uniform(0.5, 2.0, size=600) if sample_weight else None
    params = dict(hidden_layer_sizes=(300,), batch_size=256, max_iter=6, tol=0.0,
                  solver=solver, random_state=0, alpha=1e-3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours = MLPClassifier(**params).fit(X, y, sample_weight=w)
        theirs = SklearnMLP(**params).fit(X, y, sample_weight=w)
    np.testing.assert_allclose(ours.loss_curve_, theirs.loss_curve_, rtol=1e-10)
    for a, b in zip(ours.coefs_ + ours.intercepts_, theirs.coefs_ + theirs.intercepts_):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-10 * np.abs(b).max())
