"""Checks of lessons/exercises/04_backpropagation.py, against central differences of the loss
computed here from scratch (scipy's softmax; the loss is checked on scikit-learn's log_loss)."""

import numpy as np
from scipy.special import softmax
from sklearn.metrics import log_loss

from baselines.course.exercises import CheckFailed, Task


def _central_differences(F, x, h=1e-6):
    """(L6.1) for every entry of x, perturbed in place and restored."""
    grad = np.empty_like(x)
    for i in np.ndindex(x.shape):
        keep = x[i]
        x[i] = keep + h
        up = F()
        x[i] = keep - h
        down = F()
        x[i] = keep
        grad[i] = (up - down) / (2 * h)
    return grad


def _compare(name, got, expected, tol=1e-6):
    got = np.asarray(got, dtype=float)
    if got.shape != expected.shape:
        raise CheckFailed(f"{name} has shape {got.shape}; expected {expected.shape}")
    error = np.linalg.norm(got - expected) / max(1e-12, np.linalg.norm(got) +
                                                 np.linalg.norm(expected))  # (L6.2)
    if error > tol:
        worst = np.unravel_index(np.argmax(np.abs(got - expected)), got.shape)
        raise CheckFailed(f"{name} differs from finite differences: relative error {error:.2g}, "
                          f"worst at {name}[{', '.join(str(int(i)) for i in worst)}]")


def check_dense_backward(student):
    rng = np.random.default_rng(30)
    n, fan_in, fan_out = 5, 3, 4
    A_prev, W = rng.normal(size=(n, fan_in)), rng.normal(size=(fan_in, fan_out))
    b = rng.normal(size=fan_out)
    delta = rng.normal(size=(n, fan_out))  # dJ/dZ: J = sum(delta * Z) has exactly this gradient
    J = lambda: float(np.sum(delta * (A_prev @ W + b)))
    # alpha = 0 first: dW is then the data term alone, so a wrong L2 term cannot hide a wrong data
    # term, and the message can say which of the two is wrong
    for alpha in (0.0, 0.3):
        mean_loss = lambda: J() / n + alpha / (2 * n) * float(np.sum(W * W))  # (L3.6)
        result = student.dense_backward(A_prev.copy(), W.copy(), delta.copy(), alpha=alpha)
        if not isinstance(result, tuple) or len(result) != 3:
            raise CheckFailed("dense_backward must return the tuple (dA_prev, dW, db)")
        dA_prev, dW, db = result
        term = ("The data term of (L4.2) is wrong: with alpha = 0 there is no L2 term."
                if alpha == 0 else "The data term is right (dW passed with alpha = 0), so the "
                "L2 term of (L4.2), the part alpha multiplies, is wrong.")
        for name, got, expected, note in (
                ("dW", dW, _central_differences(mean_loss, W), " " + term),
                ("db", db, _central_differences(mean_loss, b), ""),
                ("dA_prev", dA_prev, _central_differences(J, A_prev), "")):
            try:
                _compare(name, got, expected)
            except CheckFailed as failure:
                raise CheckFailed(f"with alpha = {alpha:g}, {failure}.{note}") from None


def _network(seed):
    rng = np.random.default_rng(seed)
    units = [4, 5, 5, 3]  # a square middle layer: a transposed product there has the right shape
    coefs = [rng.normal(0, 0.7, (a, b)) for a, b in zip(units[:-1], units[1:])]
    intercepts = [rng.normal(0, 0.5, b) for b in units[1:]]
    X = rng.normal(size=(6, 4))
    y = np.array([0, 1, 2, 2, 1, 0])
    return coefs, intercepts, X, y


def _forward(coefs, intercepts, X):
    activations = [X]
    for W, b in zip(coefs[:-1], intercepts[:-1]):
        activations.append(np.tanh(activations[-1] @ W + b))
    activations.append(softmax(activations[-1] @ coefs[-1] + intercepts[-1], axis=1))
    return activations


def check_network_backward(student):
    coefs, intercepts, X, y = _network(31)
    Y = np.eye(3)[y]
    for alpha in (0.0, 0.5):  # with L2 off and on: a bug in the L2 term hides at alpha = 0

        def loss():
            P = _forward(coefs, intercepts, X)[-1]
            penalty = alpha / (2 * len(X)) * sum(float(np.sum(W * W)) for W in coefs)
            return -np.mean(np.log(P[np.arange(len(y)), y])) + penalty  # (L3.1) + (L3.6)

        P = _forward(coefs, intercepts, X)[-1]  # the loss above is scikit-learn's log loss:
        assert np.isclose(loss() - alpha / (2 * len(X)) * sum(float(np.sum(W * W)) for W in coefs),
                          log_loss(y, P, labels=[0, 1, 2]))

        activations = _forward(coefs, intercepts, X)
        coef_grads, intercept_grads = student.network_backward(
            [W.copy() for W in coefs], [A.copy() for A in activations], Y.copy(), alpha=alpha)
        for kind, params, grads in (("coef_grads", coefs, coef_grads),
                                    ("intercept_grads", intercepts, intercept_grads)):
            if len(grads) != len(params):
                raise CheckFailed(f"{kind} has {len(grads)} arrays; expected {len(params)}")
            for l, (param, grad) in enumerate(zip(params, grads)):
                _compare(f"{kind}[{l}] (alpha={alpha})", grad, _central_differences(loss, param))


TASKS = [
    Task("dense_backward", "one dense layer backwards: dA_prev, dW, db (L4.2)-(L4.4)",
         check_dense_backward),
    Task("network_backward", "break it and fix it: a tanh network's backward pass (L4.1)-(L4.5)",
         check_network_backward),
]
