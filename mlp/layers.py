"""The dense (fully connected) layer: forward and backward.

A dense layer maps a batch ``X`` of shape ``(n_samples, fan_in)`` to ``Z = X W + b`` of shape
``(n_samples, fan_out)``, with weights ``W`` of shape ``(fan_in, fan_out)`` and biases ``b`` of shape
``(fan_out,)``. The activation is applied by the caller (see :mod:`mlp.network`), so this module is
only the affine map and its gradients.

Both functions return arrays and keep no state: the parameters and their gradients travel side by
side under the same names (``W``/``dW``, ``b``/``db``). The optional ``out``-style arguments let a
training loop reuse preallocated buffers; the numbers are the same either way.

Lesson: lessons/01_neurons_and_layers.md
"""

import numpy as np

from mlp import kernels
from mlp.activations import relu
from mlp.products import matmul, plans_of


def dense_forward(X, W, b, *, out=None, matmul=matmul, activation=None, before=None):
    """Z = X W + b  (L1.2). Returns ``Z``, shape ``(n_samples, fan_out)``; with ``activation``
    (a function ``f(Z, out=Z)`` of :mod:`mlp.activations`), returns ``f(Z)`` instead, computed in
    ``Z``'s place (L1.3).

    ``matmul`` computes the product (a training loop passes :class:`mlp.products.SplitMatmul`,
    whose bits do not depend on the BLAS thread count). The bias and the activation are applied
    to each block of rows as soon as the product has it (the same numbers as applying them to
    the whole ``Z`` afterwards: both work row by row); for relu, on the BLAS thread of a split
    product as a plan (:mod:`mlp.blas_thread`). ``before(rows)``, if given, is called
    before the product reads ``X[rows]`` (see :class:`mlp.products.SplitMatmul`).

    Lesson: lessons/01_neurons_and_layers.md#a-whole-layer-on-a-whole-batch

    >>> X = np.array([[1.0, 2.0]])             # one sample, two inputs
    >>> W = np.array([[0.5, -1.0, 0.0],
    ...               [0.25, 1.0, 2.0]])       # 2 inputs -> 3 units
    >>> dense_forward(X, W, np.array([0.0, 0.5, -1.0]))
    array([[1. , 1.5, 3. ]])
    """
    if out is None:
        out = np.empty((X.shape[0], W.shape[1]), np.result_type(X.dtype, W.dtype))

    def finish(rows):
        add_bias_and_activate(out[rows], b, activation)

    def plan(rows):  # finish(rows) as a plan for another thread: relu's compiled loop only
        step = kernels.plan_bias_relu(out[rows], b) if activation is relu else None
        return None if step is None else (step,)

    finish.plan = plan
    # (n, fan_in) @ (fan_in, fan_out) -> (n, fan_out), then b (fan_out,) on every row
    return matmul(X, W, out=out, before=before, then=finish)


def add_bias_and_activate(Z, b, activation=None):
    """Z <- f(Z + b) in place (only Z + b without ``activation``): relu in one compiled pass
    when it can (:mod:`mlp.kernels`, the same bits)."""
    if activation is relu and kernels.bias_relu(Z, b):
        return Z
    Z += b  # b (fan_out,) broadcasts over the n rows
    return Z if activation is None else activation(Z, out=Z)


def dense_backward(X, W, delta, *, alpha=0.0, dW=None, db=None, need_dX=True, dX=None, n=None,
                   matmul=matmul, step_W=None, step_b=None):
    """Gradients of the mean loss through one dense layer.

    ``delta`` holds, row by row, the gradient of the *summed* loss with respect to this layer's
    pre-activation ``Z`` (shape ``(n_samples, fan_out)``). Dividing by n at the end gives the
    gradients of the mean loss, the L2 term included:

    * dW = (X^T delta + alpha W) / n   (L4.2)
    * db = (1^T delta) / n             (L4.3)
    * dX = delta W^T                   (L4.4, before the previous layer's activation derivative)

    Returns ``(dX, dW, db)``; ``dX`` is None when ``need_dX`` is false (the first layer's input
    is the data, whose gradient nobody needs). ``n`` replaces the row count in the division: with
    sample weights, ``delta``'s rows are weighted and ``n`` is the sum of the weights  (L9.5).
    ``matmul`` computes the products, as in :func:`dense_forward`.

    ``step_W(rows)`` and ``step_b(rows)``, if given, are called once ``dW[rows]`` (a block of
    rows, possibly on a second thread) and ``db`` are final: a training loop updates the
    parameters there, while the gradient is still in the core's cache. ``dX`` is computed
    first, so an update of ``W`` never reaches it. If ``step_W`` has a ``plan(rows)`` method,
    a block's L2 term, 1/n and step can be run as plans (:mod:`mlp.kernels`) by the BLAS
    thread of a split product (:mod:`mlp.blas_thread`).

    Lesson: lessons/04_backpropagation.md#one-layer-backwards
    """
    n = X.shape[0] if n is None else n
    if need_dX:
        dX = matmul(delta, W.T, out=dX)  # (n, fan_out) @ (fan_out, fan_in) -> (n, fan_in)  (L4.4)
    else:
        dX = None

    def finish(rows):
        block, weights = dW[rows], W[rows]
        if not kernels.penalise_and_divide(block, weights, alpha, n):  # one pass if it can
            if alpha:
                block += alpha * weights  # the L2 penalty's gradient  (L4.2)
            block /= n
        if step_W is not None:
            step_W(rows)

    def plan(rows):  # finish(rows) as plans for another thread, or None
        first = kernels.plan_penalise_and_divide(dW[rows], W[rows], alpha, n)
        rest = plans_of(step_W, rows)
        return None if first is None or rest is None else (first,) + rest

    finish.plan = plan
    if dW is None:
        dW = np.empty(W.shape, np.result_type(X.dtype, delta.dtype))
    matmul(X.T, delta, out=dW, then=finish)  # (fan_in, n) @ (n, fan_out) -> (fan_in, fan_out)
    db = np.sum(delta, axis=0, out=db)  # (fan_out,)  (L4.3)
    db /= n
    if step_b is not None:
        step_b(slice(None))
    return dX, dW, db
