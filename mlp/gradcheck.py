"""Gradient checking: compare a backward pass with central finite differences.

A backward pass is easy to get subtly wrong and still train, badly. The check perturbs each entry
theta_i of a parameter by +h and -h and estimates the derivative from the two function values:

    g_i ~ (f(theta + h e_i) - f(theta - h e_i)) / (2h)                      (L6.1)

whose error shrinks like h^2. Too small an h drowns the difference in rounding error, so the check
runs in float64 with h around 1e-5. It reports one number for a whole array,

    err = ||g_bp - g_fd|| / (||g_bp|| + ||g_fd||)      (L6.2)

with g_bp from backpropagation and g_fd from (L6.1): a relative error that is about 1e-8 or
below for a correct gradient in float64 and of order 1 for a wrong one. Norms, rather than entry
by entry ratios, keep tiny entries from dominating.

Lesson: lessons/06_gradient_checking.md
"""

import numpy as np


def numerical_gradient(f, x, *, h=1e-5):
    """Central-difference estimate of the gradient of the scalar function ``f()`` w.r.t. ``x``.

    ``f`` takes no argument: it must read ``x``, which is perturbed *in place*, entry by entry,
    and restored afterwards. That way ``x`` can be a weight matrix deep inside a network.

    >>> x = np.array([1.0, 2.0])
    >>> numerical_gradient(lambda: float((x ** 2).sum()), x).round(6)   # d/dx x^2 = 2x
    array([2., 4.])
    """
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise ValueError(f"x must be a float64 numpy array (finite differences need the "
                         f"precision); got {getattr(x, 'dtype', type(x).__name__)}")
    if not h > 0:
        raise ValueError(f"h must be positive; got {h!r}")
    grad = np.empty_like(x)
    # index x itself, entry by entry: a flattened copy (what reshape makes of a transposed or
    # Fortran-ordered x) would be perturbed instead of x, silently giving a zero gradient
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + h
        f_plus = f()
        x[i] = original - h
        f_minus = f()
        x[i] = original  # restore
        grad[i] = (f_plus - f_minus) / (2 * h)  # (L6.1)
    return grad


def relative_error(a, b):
    """||a - b|| / (||a|| + ||b||), 0 when both are 0  (L6.2).

    >>> relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0]))
    0.0
    >>> relative_error(np.array([1.0]), np.array([-1.0]))
    1.0
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"the gradients differ in shape: {a.shape} and {b.shape}")
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    if denominator == 0:
        return 0.0
    return float(np.linalg.norm(a - b) / denominator)  # (L6.2)


def check_gradient(f, x, analytic, *, h=1e-5):
    """Relative error between ``analytic`` and the central-difference gradient of ``f`` at ``x``.

    Lesson: lessons/06_gradient_checking.md#central-differences

    >>> x = np.array([0.5, -1.5])
    >>> check_gradient(lambda: float(np.sin(x).sum()), x, np.cos(x)) < 1e-9
    True
    """
    return relative_error(analytic, numerical_gradient(f, x, h=h))


def check_network_gradients(network, X, Y, *, alpha=0.0, h=1e-5):
    """Check every weight and bias gradient of ``network`` on one batch.

    Returns a dict ``{"coefs[0]": err, "intercepts[0]": err, ...}`` of relative errors. The
    network's arrays must be float64; they are perturbed in place and restored.
    """
    _, coef_grads, intercept_grads = network.loss_and_gradients(X, Y, alpha=alpha)

    def loss():
        return network.loss_value(Y, network.forward(X)[-1], alpha=alpha)

    errors = {}
    for kind, params, grads in (("coefs", network.coefs, coef_grads),
                                ("intercepts", network.intercepts, intercept_grads)):
        for i, (param, grad) in enumerate(zip(params, grads)):
            errors[f"{kind}[{i}]"] = check_gradient(loss, param, grad.copy(), h=h)
    return errors
