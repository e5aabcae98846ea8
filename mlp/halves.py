"""One training batch as two halves, computed side by side on two threads.

The gradient of a batch's mean loss is a sum over its rows divided by their number, so the batch
can be cut in two fixed halves of rows, ``h = b // 2``, each half run forwards and backwards on
its own, and the two *summed* gradients added:

    dW = (X_1^T D_1 + X_2^T D_2 + alpha W) / n                                        (L9.6)

(and the same without the L2 term for the biases, and for the loss). Each half is a whole chain
of single-threaded work (its gather, its products, its activations and error signals), so one
hand-over to the second thread per batch replaces one per product, and the element-wise work of
the two halves runs at the same time as well. The cut depends on the batch's shape alone, and a
machine without a second thread runs the two halves one after the other, so the bits do not
depend on the thread count (as in (L9.4)). Against one product over the whole batch, only the
order of the additions in dW, db and the loss changes (one rounding, about 1e-16 relative).

Batches too small for a second thread to pay (fewer than ``mlp.products.SPLIT_MIN`` multiply-adds
in the first layer's product) are not cut: they run as one, exactly as before.

Lesson: lessons/09_estimator.md#two-halves-of-a-batch
"""

import numpy as np
from scipy import sparse

from mlp import kernels
from mlp.losses import l2_penalty
from mlp.products import SPLIT_MIN, matmul


def worth_cutting(n_rows, units):
    """True if a batch of ``n_rows`` is cut in two halves (L9.6): it depends on shapes only.

    >>> worth_cutting(256, [400, 300, 8]), worth_cutting(256, [10, 5, 2])
    (True, False)
    """
    return n_rows >= 2 and n_rows * units[0] * units[1] >= SPLIT_MIN


class HalfBatches:
    """The loss and mean gradients of a batch from its two halves (L9.6).

    ``take(A, rows, out)`` gives ``A[rows]`` (the training loop gathers into ``out``; by default
    plain indexing); ``executor`` runs the second half, or None to run both halves in turn. The gradients arrive in ``grads`` (coefs, intercepts),
    as :meth:`mlp.network.Network.backward` would leave them.
    """

    def __init__(self, network, X, Y, take=None, executor=None):
        take = (lambda A, rows, out: A[rows]) if take is None else take
        self.network, self.X, self.Y, self.take, self.executor = network, X, Y, take, executor
        self._spaces = {}

    def _space(self, rows):
        """Buffers of each half of a batch of ``rows`` rows, made once per batch size."""
        if rows not in self._spaces:
            net, X, Y = self.network, self.X, self.Y
            spaces = []
            for half in (rows // 2, rows - rows // 2):
                columns = 0 if sparse.issparse(X) else X.shape[1]
                spaces.append((np.empty((half, columns), X.dtype),
                               np.empty((half, Y.shape[1]), Y.dtype))
                              + net.allocate(half)
                              + (([np.empty_like(W) for W in net.coefs],
                                  [np.empty_like(b) for b in net.intercepts]),))
            self._spaces[rows] = spaces
        return self._spaces[rows]

    def _half(self, rows, space, masks, weights):
        """Forward and backward pass of one half: its summed loss, summed gradients in space."""
        X_buffer, Y_buffer, outputs, errors, grads = space
        X_half = self.take(self.X, rows, X_buffer)
        Y_half = self.take(self.Y, rows, Y_buffer)
        net = self.network
        activations = net.forward(X_half, out=outputs, dropout_masks=masks, matmul=matmul)
        n = X_half.shape[0] if weights is None else weights.sum()
        loss = net.loss.value(Y_half, activations[-1], weights) * n  # summed over the half
        net.backward(activations, Y_half, grads=grads, errors=errors, sample_weight=weights,
                     dropout_masks=masks, matmul=matmul, n=1)  # sums: no 1/n, no L2 yet
        return loss

    def loss_and_gradients(self, rows, grads, *, alpha=0.0, sample_weight=None, masks=None):
        """The batch's mean loss (L2 included) and, in ``grads``, its gradients (L9.6).

        ``rows`` are the batch's row indices into X (or a slice), ``sample_weight`` the batch's
        weights, ``masks`` its dropout masks (L9.2), all for the whole batch."""
        n_rows = len(range(*rows.indices(self.X.shape[0]))) if isinstance(rows, slice) else len(rows)
        h = n_rows // 2
        spaces = self._space(n_rows)
        parts = []
        for k, cut in enumerate((slice(0, h), slice(h, n_rows))):
            half_rows = (slice(rows.start + cut.start, rows.start + cut.stop)
                         if isinstance(rows, slice) else rows[cut])
            parts.append((half_rows, spaces[k],
                          None if masks is None else [M[cut] for M in masks],
                          None if sample_weight is None else sample_weight[cut]))
        if self.executor is None:
            loss_1, loss_2 = self._half(*parts[0]), self._half(*parts[1])
        else:
            second = self.executor.submit(self._half, *parts[1])
            loss_1 = self._half(*parts[0])
            loss_2 = second.result()
        n = n_rows if sample_weight is None else sample_weight.sum()
        net = self.network
        loss = (loss_1 + loss_2) / n + l2_penalty(net.coefs, alpha, n)  # (L9.6), (L3.6)
        (coef_1, intercept_1), (coef_2, intercept_2) = spaces[0][-1], spaces[1][-1]
        for W, g, g1, g2 in zip(net.coefs, grads[0], coef_1, coef_2):
            kernels.add_halves(g, g1, g2, W, alpha, n)  # (L9.6)
        for g, g1, g2 in zip(grads[1], intercept_1, intercept_2):
            kernels.add_halves(g, g1, g2, None, 0.0, n)
        return loss
