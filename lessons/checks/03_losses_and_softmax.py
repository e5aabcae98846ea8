"""Checks of lessons/exercises/03_losses_and_softmax.py, against scikit-learn's log_loss: its
value, and its central differences with respect to the logits (through scipy's softmax)."""

import numpy as np
from scipy.special import softmax
from sklearn.metrics import log_loss

from baselines.course.exercises import CheckFailed, Task


def _mean_log_loss(Z, y, K):
    return log_loss(y, softmax(Z, axis=1), labels=list(range(K)))


def check_gradient(student):
    rng = np.random.default_rng(20)
    n, K = 6, 4
    Z = rng.normal(0, 2, (n, K))
    y = np.array([0, 3, 1, 1, 2, 0])
    Y = np.eye(K)[y]
    got = np.asarray(student.softmax_cross_entropy_gradient(Z.copy(), Y.copy()), dtype=float)
    if got.shape != Z.shape:
        raise CheckFailed(f"softmax_cross_entropy_gradient returned shape {got.shape}; "
                          f"expected {Z.shape}")
    h, expected = 1e-6, np.empty_like(Z)
    for i in np.ndindex(Z.shape):  # (L6.1) on sklearn's mean log loss
        Zp, Zm = Z.copy(), Z.copy()
        Zp[i] += h
        Zm[i] -= h
        expected[i] = (_mean_log_loss(Zp, y, K) - _mean_log_loss(Zm, y, K)) / (2 * h)
    error = np.abs(got - expected)
    worst = np.unravel_index(np.argmax(error), error.shape)
    if error[worst] > 1e-7:
        ratio = np.sum(got * expected) / np.sum(expected * expected)
        hint = f" (your gradient is about {ratio:.3g} times the true one)" if np.allclose(
            got, ratio * expected, atol=1e-7) else ""
        raise CheckFailed(f"the gradient differs from finite differences of the mean "
                          f"cross-entropy: largest difference {error[worst]:.2g} at "
                          f"[{worst[0]}, {worst[1]}]{hint}")


def check_cross_entropy(student):
    rng = np.random.default_rng(21)
    K = 3
    y = np.array([0, 2, 1, 1, 0])
    P = softmax(rng.normal(size=(5, K)), axis=1)
    cases = {"ordinary probabilities": (y, P)}
    hard = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [0.5, 0.5, 0.0]])
    cases["exact zeros and ones, all on the right class"] = (np.array([0, 2, 1, 0]), hard)
    cases["a hopeless row: all its mass on a wrong class"] = (np.array([1, 2, 1, 0]), hard)
    for what, (labels, probabilities) in cases.items():
        Y = np.eye(K)[labels]
        expected = log_loss(labels, probabilities, labels=list(range(K)))
        with np.errstate(all="ignore"):
            got = float(student.cross_entropy(Y.copy(), probabilities.copy()))
        if not np.isfinite(got):
            raise CheckFailed(f"cross_entropy is {got} on {what}")
        if not np.isclose(got, expected, rtol=1e-9, atol=1e-12):
            raise CheckFailed(f"cross_entropy on {what}: {got:.6g}, where sklearn's log_loss "
                              f"gives {expected:.6g}")


TASKS = [
    Task("softmax_cross_entropy_gradient",
         "the fused gradient of the mean cross-entropy w.r.t. the logits (L3.5)", check_gradient),
    Task("cross_entropy", "break it and fix it: a cross-entropy that clips and never gives nan "
         "(L3.1), (L3.4)", check_cross_entropy),
]
