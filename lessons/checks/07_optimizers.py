"""Checks of lessons/exercises/07_optimizers.py, against scikit-learn's own optimizers
(sklearn.neural_network._stochastic_optimizers), step by step."""

import numpy as np
from sklearn.neural_network._stochastic_optimizers import AdamOptimizer, SGDOptimizer

from baselines.course.exercises import CheckFailed, Task


def _gradients(n_steps, shape):
    rng = np.random.default_rng(50)
    grads = [rng.normal(size=shape) for _ in range(n_steps)]
    for g in grads:
        g[0, 0] = 1e-9  # a tiny gradient entry: sqrt(v) is then below epsilon, so it matters
        #                 where epsilon is added
    return grads


def _compare(name, step, got, expected):
    got = np.asarray(got, dtype=float)
    if got.shape != expected.shape:
        raise CheckFailed(f"{name} has shape {got.shape} after step {step}; "
                          f"expected {expected.shape}")
    close = np.isclose(got, expected, rtol=1e-10, atol=1e-15)
    if not close.all():
        i, j = np.argwhere(~close)[0]
        raise CheckFailed(f"{name} differs from scikit-learn's after step {step}, first at "
                          f"[{i}, {j}]: {got[i, j]:.10g} against {expected[i, j]:.10g}")


def check_nesterov(student):
    theta0 = np.random.default_rng(51).normal(size=(2, 3))
    eta, mu = 0.05, 0.9
    reference = theta0.copy()
    sgd = SGDOptimizer([reference], learning_rate_init=eta, lr_schedule="constant", momentum=mu,
                       nesterov=True)
    theta, v = theta0.copy(), np.zeros_like(theta0)
    for step, g in enumerate(_gradients(4, theta0.shape), start=1):
        sgd.update_params([reference], [g])
        theta, v = student.nesterov_step(theta.copy(), g.copy(), v.copy(), eta, mu)
        _compare("v", step, v, sgd.velocities[0])
        _compare("theta", step, theta, reference)


# Two other forms of Adam a student may have met elsewhere, as one step from the same state
# (theta, m, v already updated by (L7.4) and (L7.5)); each gives other numbers than (L7.6)-(L7.7).
_ADAM_VARIANTS = [
    ("the textbook form of Adam (Kingma & Ba's algorithm, PyTorch): epsilon added to the square "
     "root of the corrected second moment v_hat = v / (1 - beta_2^t). (L7.7) adds epsilon to "
     "sqrt(v) itself and puts both corrections into eta_t (L7.6), as scikit-learn does",
     lambda theta, m, v, t, eta, b1, b2, eps:
         theta - eta * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)),
    ("Adam without its bias corrections: the step size stays eta at every step. The moments "
     "start at 0, so (L7.6) corrects the step size eta_t by the factors of step t",
     lambda theta, m, v, t, eta, b1, b2, eps: theta - eta * m / (np.sqrt(v) + eps)),
]


def _name_the_variant(t, got, theta_before, m, v, settings):
    """Raise CheckFailed naming the known variant of Adam that gives ``got``, if one does."""
    for description, step in _ADAM_VARIANTS:
        variant = step(theta_before, m, v, t, settings["learning_rate_init"], settings["beta_1"],
                       settings["beta_2"], settings["epsilon"])
        if np.allclose(got, variant, rtol=1e-10, atol=1e-15):
            raise CheckFailed(f"theta differs from scikit-learn's after step {t}: your step is "
                              f"{description}.")


def check_adam(student):
    theta0 = np.random.default_rng(52).normal(size=(2, 3))
    settings = dict(learning_rate_init=0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-8)
    reference = theta0.copy()
    adam = AdamOptimizer([reference], **settings)
    theta, m, v = theta0.copy(), np.zeros_like(theta0), np.zeros_like(theta0)
    for t, g in enumerate(_gradients(5, theta0.shape), start=1):
        theta_before = reference.copy()
        adam.update_params([reference], [g])
        with np.errstate(all="ignore"):
            theta, m, v = student.adam_step(theta.copy(), g.copy(), m.copy(), v.copy(), t,
                                            learning_rate=0.01, beta_1=0.8, beta_2=0.99,
                                            epsilon=1e-8)
        _compare("m", t, m, adam.ms[0])
        _compare("v", t, v, adam.vs[0])
        got = np.asarray(theta, dtype=float)
        if got.shape == reference.shape and not np.allclose(got, reference, rtol=1e-10,
                                                            atol=1e-15):
            _name_the_variant(t, got, theta_before, adam.ms[0], adam.vs[0], settings)
        _compare("theta", t, theta, reference)


TASKS = [
    Task("nesterov_step", "one Nesterov momentum step, as scikit-learn takes it (L7.2), (L7.3)",
         check_nesterov),
    Task("adam_step", "one Adam step with its bias corrections (L7.4)-(L7.7)", check_adam),
]
