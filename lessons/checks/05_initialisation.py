"""Checks of lessons/exercises/05_initialisation.py: the bound against numbers worked by hand,
the draw against scikit-learn's own initial weights."""

import warnings

import numpy as np

from baselines.course.exercises import CheckFailed, Task


def check_glorot_bound(student):
    cases = [((4, 2, "relu"), 1.0),                        # sqrt(6 / 6)
             ((10, 14, "tanh"), 0.5),                      # sqrt(6 / 24)
             ((3, 1, "logistic"), np.sqrt(0.5)),           # sqrt(2 / 4)
             ((50, 50, "identity"), np.sqrt(0.06)),        # sqrt(6 / 100)
             ((230, 300, "relu"), np.sqrt(6 / 530))]
    for (fan_in, fan_out, activation), expected in cases:
        got = float(student.glorot_bound(fan_in, fan_out, activation))
        if not np.isclose(got, expected, rtol=1e-12):
            raise CheckFailed(f"glorot_bound({fan_in}, {fan_out}, {activation!r}) = {got:.6g}; "
                              f"that is not the bound (L5.1) gives")


def _sklearn_initial_weights(units, activation, seed):
    """scikit-learn's initial weights: one epoch of plain SGD with a step of 1e-12 moves them by
    about 1e-13, far below the tolerance used here."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X = np.random.default_rng(1).normal(size=(12, units[0]))
    y = np.arange(12) % units[-1]  # units[-1] >= 3 classes: one softmax output per class
    model = MLPClassifier(hidden_layer_sizes=units[1:-1], activation=activation, solver="sgd",
                          learning_rate_init=1e-12, momentum=0.0, max_iter=1, shuffle=False,
                          random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
    return model.coefs_, model.intercepts_


def _uniforms(arrays, units, activation):
    """The U(0, 1) numbers behind arrays drawn from U(-r_l, r_l), one layer's pair at a time."""
    factor = 2.0 if activation == "logistic" else 6.0
    bounds = [np.sqrt(factor / (a + b)) for a, b in zip(units[:-1], units[1:])]
    return [(np.asarray(x, dtype=float) + r) / (2 * r) for x, r in zip(arrays, bounds)]


def _draw_order_hint(mine, theirs):
    """A hint when ``mine`` holds numbers of scikit-learn's stream, only in other places."""
    stream = np.round(np.concatenate([u.ravel() for u in theirs]), 9)
    if np.isin(np.round(mine.ravel(), 9), stream).all():
        return (" Its numbers are all among scikit-learn's draws, only in other places: check "
                "the order of the draws (L5.2), one generator for the whole network, and the "
                "shape of each draw.")
    return ""


def check_init_parameters(student):
    for units, activation, seed in [([3, 4, 3], "relu", 0), ([5, 6, 4, 3], "logistic", 7)]:
        coefs, intercepts = student.init_parameters(list(units), activation, seed)
        their_coefs, their_intercepts = _sklearn_initial_weights(units, activation, seed)
        for kind, ours, theirs in (("coefs", coefs, their_coefs),
                                   ("intercepts", intercepts, their_intercepts)):
            if len(ours) != len(theirs):
                raise CheckFailed(f"{kind}: {len(ours)} arrays for units {units}; expected "
                                  f"{len(theirs)}")
        # scikit-learn's draw order: W_1, b_1, W_2, b_2, ...; compared in that order, so that the
        # first array that differs is the first draw that went wrong
        ours = [x for pair in zip(coefs, intercepts) for x in pair]
        theirs = [x for pair in zip(their_coefs, their_intercepts) for x in pair]
        names = [f"{kind}[{l}]" for l in range(len(coefs)) for kind in ("coefs", "intercepts")]
        matched = []
        for name, a, b in zip(names, ours, theirs):
            a = np.asarray(a, dtype=float)
            if a.shape != b.shape:
                raise CheckFailed(f"{name} has shape {a.shape}; expected {b.shape}")
            if not np.allclose(a, b, rtol=0, atol=1e-9):
                where = (f"these match scikit-learn's arrays: {', '.join(matched)} (compared "
                         f"in its draw order: coefs[0], intercepts[0], coefs[1], ...); {name} is "
                         f"the first that does not"
                         if matched else f"{name}, the first array scikit-learn draws, already "
                         f"differs")
                position = names.index(name) // 2
                hint = _draw_order_hint(
                    _uniforms([a], units[position:position + 2], activation)[0],
                    _uniforms(their_coefs, units, activation)
                    + _uniforms(their_intercepts, units, activation))
                raise CheckFailed(f"for units {units}, activation {activation!r}, "
                                  f"random_state={seed}: {where} (largest |ours| "
                                  f"{np.abs(a).max():.3g}, largest |theirs| "
                                  f"{np.abs(b).max():.3g}).{hint}")
            matched.append(name)


TASKS = [
    Task("glorot_bound", "the Glorot bound, with scikit-learn's logistic variant (L5.1)",
         check_glorot_bound),
    Task("init_parameters", "draw a network's weights and biases as scikit-learn does (L5.2)",
         check_init_parameters),
]
