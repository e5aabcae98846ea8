"""Checks of lessons/exercises/06_gradient_checking.py: the checker against gradients known in
closed form, the relative error against numbers worked by hand."""

import numpy as np

from baselines.course.exercises import CheckFailed, Task


def check_numerical_gradient(student):
    rng = np.random.default_rng(40)
    base = rng.normal(0, 0.5, (3, 4))
    for what, x in [("a (3, 4) array", base.copy()), ("a transposed view", base.copy().T)]:
        C = rng.normal(size=x.shape)
        f = lambda: float(np.sum(np.exp(3 * x)) + np.sum(C * x))  # reads x, wherever it lives
        analytic = 3 * np.exp(3 * x) + C
        before = x.copy()
        got = np.asarray(student.numerical_gradient(f, x, h=1e-4), dtype=float)
        if not np.array_equal(x, before):
            raise CheckFailed(f"numerical_gradient left x changed ({what}): restore each entry")
        if got.shape != x.shape:
            raise CheckFailed(f"numerical_gradient returned shape {got.shape} for {what}; "
                              f"expected {x.shape}")
        if np.all(got == 0):
            raise CheckFailed(f"numerical_gradient returned zeros for {what}: is the array you "
                              f"perturb the one f reads?")
        error = np.abs(got - analytic) / np.abs(analytic)
        worst = np.unravel_index(np.argmax(error), error.shape)
        # with h = 1e-4 the central difference of exp(3x) is off by about h^2 * 9 / 6 = 1.5e-8
        # (relative); a one-sided difference, by about h * 3 / 2 = 1.5e-4
        if error[worst] > 1e-6:
            raise CheckFailed(f"numerical_gradient on {what}, h = 1e-4: relative error "
                              f"{error[worst]:.2g} at [{worst[0]}, {worst[1]}], far more than "
                              f"the O(h^2) of a central difference")


def check_relative_error(student):
    a = np.array([[3.0, 4.0], [0.0, 0.0]])  # ||a|| = 5
    cases = [((a, a), 0.0), ((a, -a), 1.0), ((a, 2 * a), 1 / 3), ((a, np.zeros_like(a)), 1.0),
             ((np.zeros(3), np.zeros(3)), 0.0),
             ((np.array([1.0, 0.0]), np.array([0.0, 1.0])), np.sqrt(2) / 2),
             ((np.array([1e-9, 0.0]), np.array([0.0, 1e-9])), np.sqrt(2) / 2)]
    for (x, y), expected in cases:
        with np.errstate(all="ignore"):
            got = float(student.relative_error(x.copy(), y.copy()))
        if not np.isclose(got, expected, rtol=1e-12, atol=1e-15):
            raise CheckFailed(f"relative_error({x.tolist()}, {y.tolist()}) = {got:.6g}; "
                              f"(L6.2) gives another number")


TASKS = [
    Task("numerical_gradient", "a central-difference gradient checker, in place (L6.1)",
         check_numerical_gradient),
    Task("relative_error", "the relative error of two gradients (L6.2)", check_relative_error),
]
