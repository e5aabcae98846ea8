"""The dense (fully connected) layer: forward and backward.

A dense layer maps a batch ``X`` of shape ``(n_samples, fan_in)`` to ``Z = X W + b`` of shape
``(n_samples, fan_out)``, with weights ``W`` of shape ``(fan_in, fan_out)`` and biases ``b`` of
shape ``(fan_out,)``. The activation is applied by the caller (see :mod:`mlp.network`), so this
module is only the affine map and its gradients.

Both functions return arrays and keep no state: the parameters and their gradients travel side by
side under the same names (``W``/``dW``, ``b``/``db``). ``X`` may be a scipy sparse matrix; ``@``
then gives a dense result all the same.

Lesson: lessons/01_neurons_and_layers.md
"""

import numpy as np


def dense_forward(X, W, b):
    """Z = X W + b  (L1.2). Returns ``Z``, shape ``(n_samples, fan_out)``.

    Lesson: lessons/01_neurons_and_layers.md#a-whole-layer-on-a-whole-batch

    >>> X = np.array([[1.0, 2.0]])             # one sample, two inputs
    >>> W = np.array([[0.5, -1.0, 0.0],
    ...               [0.25, 1.0, 2.0]])       # 2 inputs -> 3 units
    >>> dense_forward(X, W, np.array([0.0, 0.5, -1.0]))
    array([[1. , 1.5, 3. ]])
    """
    Z = X @ W  # (n, fan_in) @ (fan_in, fan_out) -> (n, fan_out)  (L1.2)
    Z += b  # b (fan_out,) is added to every row  (L1.2)
    return Z


def dense_backward(X, W, delta, *, alpha=0.0, n=None, need_dX=True):
    """Gradients of the mean loss through one dense layer: ``(dX, dW, db)``.

    ``delta`` holds, row by row, the gradient of the *summed* loss with respect to this layer's
    pre-activation ``Z`` (shape ``(n_samples, fan_out)``). Dividing by n gives the gradients of the
    mean loss, the L2 term included:

    * dW = (X^T delta + alpha W) / n   (L4.2)
    * db = (1^T delta) / n             (L4.3)
    * dX = delta W^T                   (L4.4), before the previous layer's activation derivative

    ``n`` replaces the row count in the division: with sample weights, ``delta``'s rows are
    weighted and ``n`` is the sum of the weights  (L9.4). ``dX`` is None when ``need_dX`` is
    false (the first layer's input is the data, whose gradient nobody needs).

    Lesson: lessons/04_backpropagation.md#one-layer-backwards

    >>> X, W = np.array([[1.0, 2.0]]), np.array([[1.0], [-1.0]])
    >>> dX, dW, db = dense_backward(X, W, delta=np.array([[0.5]]))
    >>> dX, dW, db
    (array([[ 0.5, -0.5]]), array([[0.5],
           [1. ]]), array([0.5]))
    """
    n = X.shape[0] if n is None else n
    dW = X.T @ delta  # (fan_in, n) @ (n, fan_out) -> (fan_in, fan_out)  (L4.2)
    dW += alpha * W  # the L2 penalty's gradient  (L4.2)
    dW /= n  # (L4.2)
    db = np.sum(delta, axis=0) / n  # column sums, (fan_out,)  (L4.3)
    dX = delta @ W.T if need_dX else None  # (n, fan_out) @ (fan_out, fan_in)  (L4.4)
    return dX, dW, db
