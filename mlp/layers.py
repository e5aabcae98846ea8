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
from mlp.products import matmul


def dense_forward(X, W, b, *, out=None, matmul=matmul):
    """Z = X W + b  (L1.2). Returns ``Z``, shape ``(n_samples, fan_out)``.

    ``matmul`` computes the product (a training loop passes :class:`mlp.products.SplitMatmul`,
    whose bits do not depend on the BLAS thread count).

    Lesson: lessons/01_neurons_and_layers.md#a-whole-layer-on-a-whole-batch

    >>> X = np.array([[1.0, 2.0]])             # one sample, two inputs
    >>> W = np.array([[0.5, -1.0, 0.0],
    ...               [0.25, 1.0, 2.0]])       # 2 inputs -> 3 units
    >>> dense_forward(X, W, np.array([0.0, 0.5, -1.0]))
    array([[1. , 1.5, 3. ]])
    """
    Z = matmul(X, W, out=out)  # (n, fan_in) @ (fan_in, fan_out) -> (n, fan_out)
    Z += b  # b (fan_out,) broadcasts over the n rows
    return Z


def dense_backward(X, W, delta, *, alpha=0.0, dW=None, db=None, need_dX=True, dX=None, n=None,
                   matmul=matmul):
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

    Lesson: lessons/04_backpropagation.md#one-layer-backwards
    """
    n = X.shape[0] if n is None else n
    dW = matmul(X.T, delta, out=dW)  # (fan_in, n) @ (n, fan_out) -> (fan_in, fan_out)  (L4.2)
    if not kernels.penalise_and_divide(dW, W, alpha, n):  # one pass if it can (mlp.kernels)
        if alpha:
            dW += alpha * W  # the L2 penalty's gradient  (L4.2)
        dW /= n
    db = np.sum(delta, axis=0, out=db)  # (fan_out,)  (L4.3)
    db /= n
    if need_dX:
        dX = matmul(delta, W.T, out=dX)  # (n, fan_out) @ (fan_out, fan_in) -> (n, fan_in)  (L4.4)
    else:
        dX = None
    return dX, dW, db
