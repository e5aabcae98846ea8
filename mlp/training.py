"""The training loop: epochs of shuffled mini-batches, a loss curve, and a stopping rule.

One epoch visits every training row once. If ``shuffle`` is on, the row order is permuted first,
by the ``random_state`` given (the permutation composes with the previous epoch's, as in
scikit-learn). The rows are then cut into consecutive mini-batches of ``batch_size``; the last one
may be shorter. For each batch: forward pass, loss, backward pass, one optimizer step. The epoch's
loss is the batch losses weighted by batch size, each taken *before* its batch's update:

    loss_epoch = sum_batches (b * L_b) / n                                            (L8.1)

After the epoch the stopping rule (:mod:`mlp.early_stopping`) is updated; when it fires the
learning-rate schedule (:mod:`mlp.schedules`) decides between stopping and going on with a
smaller step.

Lesson: lessons/08_training_and_early_stopping.md
"""

import functools
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from mlp import kernels
from mlp.dropout import dropout_masks
from mlp.early_stopping import LossPlateau
from mlp.initialisation import check_random_state
from mlp.network import check_matrix
from mlp.products import fixed_products
from mlp.schedules import Constant
from mlp.validation import check_interval


class TrainingDivergedError(ValueError):
    """The loss became NaN or infinite: the steps were too large for this problem."""


@dataclass
class History:
    """What training did, kept across calls so that training can resume (warm start)."""

    loss_curve: list = field(default_factory=list)  # one mean loss per epoch  (L8.1)
    samples_seen: int = 0  # t in the invscaling schedule  (L7.8)
    n_iter: int = 0  # epochs run by the latest call of train()
    stop_reason: str = ""  # why the latest call stopped before max_iter ("" if it did not)


def iter_minibatches(n_samples, batch_size):
    """Consecutive slices of ``batch_size`` rows covering ``range(n_samples)``.

    >>> list(iter_minibatches(5, 2))
    [slice(0, 2, None), slice(2, 4, None), slice(4, 5, None)]
    """
    for start in range(0, n_samples, batch_size):
        yield slice(start, min(start + batch_size, n_samples))


class _Gather:
    """A batch's gather, block by block: ``gather(block)`` copies rows ``rows[block]`` of ``X``
    into ``out[block]``; ``gather.plan(block)`` is the same copy as a plan for another thread
    (:mod:`mlp.kernels`), or None."""

    def __init__(self, X, rows, out):
        self.X, self.rows, self.out = X, rows, out

    def __call__(self, block):
        # mode="clip": the rows are valid, and "raise" would buffer the copy twice
        self.X.take(self.rows[block], axis=0, out=self.out[block], mode="clip")

    def plan(self, block):
        step = kernels.plan_gather(self.X, self.rows[block], self.out[block])
        return None if step is None else (step,)


def check_sample_weight(sample_weight, n_samples, dtype):
    """``sample_weight`` as a float array (n_samples,) of finite weights >= 0 (a scalar: one for
    all), or None.

    >>> check_sample_weight(2, 3, np.float64)
    array([2., 2., 2.])
    """
    if sample_weight is None:
        return None
    weights = np.asarray(sample_weight, dtype=dtype)
    if weights.ndim == 0:
        weights = np.full(n_samples, weights, dtype=dtype)
    if weights.shape != (n_samples,):
        raise ValueError(f"sample_weight must have shape ({n_samples},), one weight per sample; "
                         f"got {weights.shape}")
    if not np.isfinite(weights).all() or (weights < 0).any():
        raise ValueError("sample_weight must be finite and >= 0")
    if not weights.sum() > 0:
        raise ValueError("sample_weight is zero for every sample: there is nothing to learn from")
    return weights


def _with_fixed_products(train_function):
    """Run ``train_function`` on one BLAS thread, its products cut in fixed blocks (L9.4), so that
    the trained bits are the same for any BLAS thread count (see :mod:`mlp.products`)."""

    @functools.wraps(train_function)
    def run(*args, matmul=None, **kwargs):
        if matmul is not None:
            return train_function(*args, matmul=matmul, **kwargs)
        with fixed_products() as matmul:
            return train_function(*args, matmul=matmul, **kwargs)

    return run


@_with_fixed_products
def train(network, optimizer, X, Y, *, sample_weight=None, dropout=0.0, batch_size=200,
          max_iter=200, shuffle=True, random_state=None, alpha=0.0, schedule=None, stopping=None,
          validation_score=None, history=None, max_epochs_this_call=None, verbose=False,
          callback=None, matmul=None):
    """Train ``network`` on ``X`` (n_samples, n_features) and targets ``Y`` (n_samples, n_outputs).

    Parameters
    ----------
    network : mlp.network.Network
    optimizer : mlp.optimizers.SGD or mlp.optimizers.Adam
        Built for ``network.parameters()`` (coefs, then intercepts). Each batch's step is
        ``begin_step()``, then ``update(i, param, grad, rows)`` for every block of every
        parameter as the backward pass finishes it.
    sample_weight : array (n_samples,), optional
        Weights of the rows in every batch's loss and gradient  (L9.5).
    dropout : float in [0, 1)
        Inverted dropout on the hidden layers (L9.2), masks drawn from ``random_state``.
    batch_size : int
        Rows per mini-batch; clipped to ``n_samples``.
    max_iter : int
        Maximum number of epochs.
    shuffle : bool
        Permute the rows before every epoch.
    random_state : None, int, RandomState or Generator
        Source of the permutations.
    alpha : float
        L2 penalty strength (L3.6).
    schedule : a schedule from :mod:`mlp.schedules`; default constant.
    stopping : a :class:`mlp.early_stopping.StoppingRule`; default ``LossPlateau()``.
        An :class:`EarlyStopping` needs ``validation_score``, a function of no arguments that
        scores the network as it is now; its best parameters are restored at the end.
    history : History, optional
        Continue this history (loss curve, samples seen) instead of starting a new one.
    max_epochs_this_call : int, optional
        Stop after this many epochs even if ``max_iter`` is larger (``partial_fit`` uses 1).
    verbose : bool
        Print the loss (and validation score) after every epoch.
    callback : callable, optional
        Called as ``callback(epoch, history)`` after every epoch (e.g. to drive a progress bar).
    matmul : callable, optional
        Computes the matrix products, called as ``matmul(A, B, out=out, before=..., then=...)``
        (see :class:`mlp.products.SplitMatmul`; :func:`mlp.products.matmul` is plain NumPy).
        By default training runs inside :func:`mlp.products.fixed_products` (one BLAS thread,
        large products cut in two fixed blocks that run on two threads of ours), so that the
        result has the same bits whatever the BLAS thread count.

    Returns
    -------
    History
        Raises :class:`TrainingDivergedError` if an epoch's loss is not finite.

    Lesson: lessons/08_training_and_early_stopping.md#the-training-loop
    """
    X = check_matrix(X, "X", n_columns=network.units[0])
    Y = check_matrix(Y, "Y", n_columns=network.units[-1], columns="n_outputs")
    n_samples = X.shape[0]
    if Y.shape[0] != n_samples:
        raise ValueError(f"X and Y must have the same number of rows; got {n_samples} and {Y.shape[0]}")
    if n_samples == 0:
        raise ValueError("X is empty: training needs at least one sample")
    sample_weight = check_sample_weight(sample_weight, n_samples, X.dtype)
    batch_size = min(int(check_interval("batch_size", batch_size, "integer", 1, None)), n_samples)
    max_iter = int(check_interval("max_iter", max_iter, "integer", 1, None))
    check_interval("alpha", alpha, "real", 0, None)
    check_interval("dropout", dropout, "real", 0, 1)
    schedule = Constant() if schedule is None else schedule
    stopping = LossPlateau() if stopping is None else stopping
    watched = stopping.watch(validation_score)  # the epoch's loss, or its validation score
    rng = check_random_state(random_state)
    history = History() if history is None else history
    if max_epochs_this_call is not None:
        check_interval("max_epochs_this_call", max_epochs_this_call, "integer", 1, None)
    epochs = max_iter if max_epochs_this_call is None else min(max_iter, max_epochs_this_call)

    # Arrays for each batch size (at most two: full batches and a short last one), reused
    # every batch, so that no batch allocates memory.
    workspaces = {}

    def workspace(rows):
        if rows not in workspaces:
            columns = 0 if sparse.issparse(X) else X.shape[1]  # sparse rows are not gathered here
            buffers = (np.empty((rows, columns), X.dtype), np.empty((rows, Y.shape[1]), Y.dtype))
            workspaces[rows] = buffers + network.allocate(rows)
        return workspaces[rows]

    params = network.parameters()
    grads = ([np.empty_like(W) for W in network.coefs],
             [np.empty_like(b) for b in network.intercepts])
    flat_grads = grads[0] + grads[1]  # in the order of params

    def step(i, rows):
        optimizer.update(i, params[i], flat_grads[i], rows)

    def plan_step(i, rows):  # the same update as plans for another thread, or None
        plan = getattr(optimizer, "plan", None)
        return None if plan is None else plan(i, params[i], flat_grads[i], rows)

    step.plan = plan_step

    order = np.arange(n_samples)
    history.n_iter = 0
    history.stop_reason = ""
    for epoch in range(epochs):
        if shuffle:
            order = order[rng.permutation(n_samples)]  # compose with last epoch's order
        weighted_loss = 0.0
        for batch in iter_minibatches(n_samples, batch_size):
            X_buffer, Y_buffer, outputs, errors = workspace(batch.stop - batch.start)
            fill_X = None
            if shuffle:
                rows = order[batch]
                if sparse.issparse(X):
                    X_batch = X[rows]
                else:  # gathered by the forward pass, each block of rows on its own thread
                    X_batch = X_buffer
                    fill_X = _Gather(X, rows, X_buffer)
                Y_batch = Y.take(rows, axis=0, out=Y_buffer, mode="clip")
            else:
                X_batch, Y_batch = X[batch], Y[batch]  # views, no copy
            w = None if sample_weight is None else sample_weight[order[batch] if shuffle else batch]
            masks = dropout_masks(rng, batch.stop - batch.start, network.units[1:-1], dropout,
                                  X.dtype) if dropout else None  # (L9.2)
            activations = network.forward(X_batch, out=outputs, dropout_masks=masks, matmul=matmul,
                                          fill_X=fill_X)
            batch_loss = network.loss_value(Y_batch, activations[-1], alpha=alpha, sample_weight=w)
            weighted_loss += batch_loss * (batch.stop - batch.start)  # (L8.1)
            # The optimizer's step, block by block as the backward pass finishes each gradient
            # (still in the core's cache, and on both threads of a split product): the same
            # numbers as one step after the pass
            optimizer.begin_step()
            network.backward(activations, Y_batch, alpha=alpha, grads=grads, errors=errors,
                             sample_weight=w, dropout_masks=masks, matmul=matmul, step=step)

        history.n_iter += 1
        history.samples_seen += n_samples
        epoch_loss = weighted_loss / n_samples  # (L8.1)
        if not np.isfinite(epoch_loss):
            raise TrainingDivergedError(
                f"the training loss became {epoch_loss} in epoch {len(history.loss_curve) + 1}; "
                f"the steps are too large: try a smaller learning rate (learning_rate_init), "
                f"or scale the input features"
            )
        history.loss_curve.append(float(epoch_loss))
        line = f"Iteration {len(history.loss_curve)}, loss = {epoch_loss:.8f}"
        value = watched(epoch_loss)
        plateau = stopping.update(value, params)
        line += stopping.describe(value)
        if verbose:
            print(line)
        schedule.epoch_end(optimizer, history.samples_seen)
        if callback is not None:
            callback(epoch, history)
        if plateau:
            message = (f"the {stopping.watches} did not improve by more than tol={stopping.tol} for "
                       f"{stopping.n_iter_no_change} consecutive epochs")
            if schedule.on_plateau(optimizer):
                history.stop_reason = message
                if verbose:
                    print(message.capitalize() + ". Stopping.")
                break
            stopping.reset_count()
            if verbose:
                print(f"{message.capitalize()}. Learning rate is now {optimizer.learning_rate:g}.")

    stopping.restore(params)  # the best epoch's parameters, if the rule kept them
    return history
