"""Gradient-descent optimizers: SGD (plain, momentum, Nesterov) and Adam.

An optimizer keeps per-parameter state (a velocity, or Adam's two moment estimates) in lists
aligned with the parameter list it was built for, and ``step(params, grads)`` updates every
parameter *in place*. The arithmetic follows scikit-learn's ``_stochastic_optimizers`` term by term,
so that our training walks the same path as scikit-learn's to the last bits.

Notation: theta a parameter, g its gradient, eta the learning rate, mu the momentum, t the step.

Lesson: lessons/07_optimizers.md
"""

import numpy as np

from mlp.validation import check_interval


class SGD:
    """Stochastic gradient descent, optionally with (Nesterov) momentum.

    * plain (momentum = 0):  theta <- theta - eta g                              (L7.1)
    * momentum:              v <- mu v - eta g;  theta <- theta + v              (L7.2)
    * Nesterov:              v <- mu v - eta g;  theta <- theta + mu v - eta g   (L7.3)

    Nesterov's form looks one step ahead along the new velocity (Sutskever et al., 2013).
    ``learning_rate`` is the current eta; a schedule (:mod:`mlp.schedules`) may change it between
    epochs. Defaults: eta = 0.1 as scikit-learn's optimizer, no momentum.

    Lesson: lessons/07_optimizers.md#sgd-momentum-and-nesterov

    >>> theta, g = np.array([1.0]), np.array([0.5])
    >>> opt = SGD([theta], learning_rate=0.1, momentum=0.9)
    >>> opt.step([theta], [g]); theta          # v = -0.05
    array([0.95])
    >>> opt.step([theta], [g]); theta          # v = 0.9 * -0.05 - 0.05 = -0.095
    array([0.855])
    """

    def __init__(self, params, *, learning_rate=0.1, momentum=0.0, nesterov=False):
        self.learning_rate_init = float(
            check_interval("learning_rate", learning_rate, "real", 0, None, "neither"))
        self.learning_rate = self.learning_rate_init
        self.momentum = float(check_interval("momentum", momentum, "real", 0, 1, "both"))
        self.nesterov = bool(nesterov)
        self.velocities = [np.zeros_like(p) for p in params]

    def __repr__(self):
        return (f"SGD(learning_rate={self.learning_rate:g}, momentum={self.momentum:g}, "
                f"nesterov={self.nesterov}, arrays={len(self.velocities)})")

    def step(self, params, grads):
        """Update each ``theta`` in place from its gradient ``g``: (L7.1), (L7.2), (L7.3)."""
        eta, mu = self.learning_rate, self.momentum
        for theta, g, v in zip(params, grads, self.velocities):
            v *= mu
            v -= eta * g  # v <- mu v - eta g  (L7.2)
            if self.nesterov:
                theta += mu * v - eta * g  # theta <- theta + mu v - eta g, with the new v  (L7.3)
            else:
                theta += v  # theta <- theta + v; with mu = 0, theta - eta g  (L7.1), (L7.2)


class Adam:
    """Adam (Kingma & Ba, 2015), in the paper's "efficient" form that scikit-learn uses.

        m <- beta_1 m + (1 - beta_1) g                              (L7.4)
        v <- beta_2 v + (1 - beta_2) g^2                            (L7.5)
        eta_t = eta sqrt(1 - beta_2^t) / (1 - beta_1^t)             (L7.6)
        theta <- theta - eta_t m / (sqrt(v) + epsilon)              (L7.7)

    Folding both bias corrections into eta_t is the same as the textbook
    ``m_hat / (sqrt(v_hat) + epsilon)`` except where epsilon sits: here it is added to sqrt(v),
    not to sqrt(v_hat). Written in the textbook form, it uses epsilon / sqrt(1 - beta_2^t) in
    place of epsilon: larger early in training (about 32 epsilon at t = 1), epsilon in the end.
    Defaults are the paper's: eta = 0.001, beta_1 = 0.9, beta_2 = 0.999, epsilon = 1e-8.

    Lesson: lessons/07_optimizers.md#adam

    >>> theta, g = np.array([1.0]), np.array([0.5])
    >>> opt = Adam([theta], learning_rate=0.1)
    >>> opt.step([theta], [g]); theta            # the first step is eta in size, a hair less
    array([0.90000006])
    """

    def __init__(self, params, *, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
        self.learning_rate_init = float(
            check_interval("learning_rate", learning_rate, "real", 0, None, "neither"))
        self.learning_rate = self.learning_rate_init
        self.beta_1 = float(check_interval("beta_1", beta_1, "real", 0, 1))
        self.beta_2 = float(check_interval("beta_2", beta_2, "real", 0, 1))
        self.epsilon = float(check_interval("epsilon", epsilon, "real", 0, None, "neither"))
        self.t = 0
        self.ms = [np.zeros_like(p) for p in params]
        self.vs = [np.zeros_like(p) for p in params]

    def __repr__(self):
        return (f"Adam(learning_rate={self.learning_rate_init:g}, beta_1={self.beta_1:g}, "
                f"beta_2={self.beta_2:g}, epsilon={self.epsilon:g}, t={self.t}, "
                f"arrays={len(self.ms)})")

    def step(self, params, grads):
        """One step: t <- t + 1, then each ``theta`` in place: (L7.4), (L7.5), (L7.6), (L7.7)."""
        b1, b2 = self.beta_1, self.beta_2
        self.t += 1
        self.learning_rate = float(
            self.learning_rate_init * np.sqrt(1 - b2**self.t) / (1 - b1**self.t))  # (L7.6)
        for theta, g, m, v in zip(params, grads, self.ms, self.vs):
            m *= b1
            m += (1 - b1) * g  # m <- b1 m + (1 - b1) g  (L7.4)
            v *= b2
            v += (1 - b2) * g**2  # v <- b2 v + (1 - b2) g^2  (L7.5)
            theta += -self.learning_rate * m / (np.sqrt(v) + self.epsilon)  # (L7.7)
