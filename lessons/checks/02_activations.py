"""Checks of lessons/exercises/02_activations.py: the backward passes against central differences
of the forward pass, the softmax against scipy.special.softmax."""

import numpy as np
from scipy.special import expit, softmax as scipy_softmax

from baselines.course.exercises import CheckFailed, Task


def _against_finite_differences(backward, forward, Z, name):
    rng = np.random.default_rng(2)
    dA = rng.standard_normal(Z.shape)
    A = forward(Z)
    dZ = np.asarray(backward(A.copy(), dA.copy()), dtype=float)
    if dZ.shape != Z.shape:
        raise CheckFailed(f"{name} returned shape {dZ.shape}; expected {Z.shape}")
    h = 1e-6  # element-wise f, so one central difference per entry: dA * (f(z+h) - f(z-h)) / 2h
    expected = dA * (forward(Z + h) - forward(Z - h)) / (2 * h)
    error = np.abs(dZ - expected) / np.maximum(1e-8, np.abs(dZ) + np.abs(expected))
    worst = np.unravel_index(np.argmax(error), error.shape)
    if error[worst] > 1e-5:
        raise CheckFailed(f"{name} differs from finite differences: max rel. error "
                          f"{error[worst]:.2g} at dZ[{worst[0]}, {worst[1]}]")


def check_tanh(student):
    Z = np.random.default_rng(0).normal(0, 2, (5, 4))
    _against_finite_differences(student.tanh_backward, np.tanh, Z, "tanh_backward")


def check_relu(student):
    Z = np.random.default_rng(1).normal(0, 2, (6, 3))
    Z[np.abs(Z) < 1e-3] = 0.5  # keep away from the kink, where finite differences mislead
    _against_finite_differences(student.relu_backward, lambda z: np.maximum(z, 0), Z,
                                "relu_backward")
    A = np.zeros((1, 2))
    if np.any(np.asarray(student.relu_backward(A, np.ones((1, 2)))) != 0):
        raise CheckFailed("relu_backward at z = 0 (a = 0) must give 0, as scikit-learn does")


def check_logistic(student):
    Z = np.random.default_rng(3).normal(0, 3, (4, 5))
    _against_finite_differences(student.logistic_backward, expit, Z, "logistic_backward")


def check_softmax(student):
    rng = np.random.default_rng(4)
    Z = np.vstack([
        rng.normal(size=(3, 4)),                   # ordinary logits
        [[1000.0, 1000.0, 999.0, -5.0]],           # exp overflows without a shift
        [[-1000.0, -1001.0, -1002.0, -1003.0]],    # exp underflows to 0 without a shift
        [[800.0, -800.0, 0.0, 1.0]],               # a huge spread within one row
        [[0.0, 1.0, 2.0, 3.0]],                    # small next to the rows above
    ])
    with np.errstate(all="ignore"):  # a broken softmax may overflow; the check says where
        P = np.asarray(student.softmax(Z.copy()), dtype=float)
    if P.shape != Z.shape:
        raise CheckFailed(f"softmax returned shape {P.shape}; expected {Z.shape}")
    expected = scipy_softmax(Z, axis=1)
    bad = ~np.isclose(P, expected, rtol=1e-9, atol=1e-12)
    if bad.any():
        row = int(np.argwhere(bad)[0][0])
        what = "nan or inf" if not np.isfinite(P[row]).all() else "wrong probabilities"
        raise CheckFailed(f"softmax gives {what} in row {row}, Z[{row}] = {Z[row].tolist()}")


TASKS = [
    Task("tanh_backward", "the backward pass of tanh from its output (L2.3)", check_tanh),
    Task("relu_backward", "the backward pass of ReLU from its output (L2.4)", check_relu),
    Task("logistic_backward", "the backward pass of the logistic from its output (L2.2)",
         check_logistic),
    Task("softmax", "break it and fix it: a softmax that never overflows (L2.5)", check_softmax),
]
