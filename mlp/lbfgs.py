"""Full-batch training with L-BFGS, a quasi-Newton method, through ``scipy.optimize``.

SGD and Adam take many cheap steps, each along a noisy mini-batch gradient. L-BFGS takes few
expensive ones, on the whole training set: from the last n_pairs gradients and steps it builds an
approximation of the inverse Hessian, turns the gradient into a search direction with it, and
then searches along that line for a step that lowers the loss enough (the Wolfe conditions):

    s_k = theta_{k+1} - theta_k,   y_k = g_{k+1} - g_k                          (L7.10)
    d_k = -Q_k g_k,  Q_k ~ H^-1 from the pairs (s_i, y_i), i > k - n_pairs (two-loop recursion)
    theta_{k+1} = theta_k + a_k d_k,  a_k from a line search                    (L7.11)

scipy's L-BFGS-B does all of that; it needs one function that returns the loss and its gradient
as a flat vector. :func:`pack` lays every weight and bias out in one vector (coefs first, then
intercepts, each flattened in C order, as scikit-learn packs them), and :func:`unpack` writes such
a vector back into the network's own arrays. The options are scikit-learn's: ``maxiter``
(max_iter), ``maxfun`` (max_fun), ``gtol`` (tol: stop when every gradient entry is that small).

Lesson: lessons/07_optimizers.md#l-bfgs-a-quasi-newton-method
"""

import warnings

import numpy as np
import scipy
import scipy.optimize
from sklearn.exceptions import ConvergenceWarning

from mlp.files import installed_version


def pack(arrays):
    """One flat vector of every array, in order (C order within each).

    >>> pack([np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([5.0])])
    array([1., 2., 3., 4., 5.])
    """
    return np.hstack([a.ravel() for a in arrays])


def unpack(theta, arrays):
    """Write the flat vector ``theta`` back into ``arrays``, in place (undoes :func:`pack`)."""
    start = 0
    for a in arrays:
        a[...] = theta[start:start + a.size].reshape(a.shape)
        start += a.size


def packed_loss_and_gradient(network, theta, X, Y, *, alpha=0.0, sample_weight=None):
    """Loss and gradient (flat) of ``network`` with its parameters set to ``theta``, on all of X."""
    params = network.parameters()
    unpack(theta, params)
    loss, coef_grads, intercept_grads = network.loss_and_gradients(
        X, Y, alpha=alpha, sample_weight=sample_weight)
    return loss, pack(coef_grads + intercept_grads)


def _iprint_option(verbose):
    """scipy < 1.15 prints L-BFGS-B's progress with ``iprint``; later versions dropped it."""
    major, minor = (int(part) for part in installed_version("scipy").split(".")[:2])
    return {} if (major, minor) >= (1, 15) else {"iprint": 1 if verbose else -1}


def fit_lbfgs(network, X, Y, *, alpha=0.0, sample_weight=None, max_iter=200, max_fun=15000,
              tol=1e-4, verbose=False):
    """Minimise the network's full-batch loss with L-BFGS-B; the network's arrays end at the
    solution. Returns ``(n_iter, loss)``; warns (ConvergenceWarning) when scipy did not converge.

    >>> from mlp.network import Network
    >>> from mlp.initialisation import init_parameters
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> Y = np.eye(2)[[0, 1, 1, 0]]                                   # XOR, one-hot
    >>> net = Network(*init_parameters([2, 4, 2], activation="tanh", random_state=0),
    ...               activation="tanh")
    >>> n_iter, loss = fit_lbfgs(net, X, Y, max_iter=100)
    >>> bool(loss < 1e-3), net.predict(X).argmax(axis=1).tolist()
    (True, [0, 1, 1, 0])
    """
    params = network.parameters()

    def objective(theta):
        return packed_loss_and_gradient(network, theta, X, Y, alpha=alpha,
                                        sample_weight=sample_weight)

    result = scipy.optimize.minimize(  # scipy's L-BFGS-B: (L7.10), (L7.11)
        objective, pack(params), method="L-BFGS-B", jac=True,
        options={"maxfun": max_fun, "maxiter": max_iter, "gtol": tol, **_iprint_option(verbose)})
    n_iter = min(result.nit, max_iter)  # some scipy versions count one more
    if result.status != 0:
        message = (f"lbfgs failed to converge after {n_iter} iteration(s) "
                   f"(status={result.status}):\n{result.message}\n")
        if n_iter == max_iter:
            message += (f"\nIncrease the number of iterations to improve the convergence "
                        f"(max_iter={max_iter}).")
        warnings.warn(message, ConvergenceWarning, stacklevel=3)
    unpack(result.x, params)
    return n_iter, float(result.fun)
