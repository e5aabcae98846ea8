"""The training loop: epochs of shuffled mini-batches, a loss curve, and a stopping rule.

One epoch visits every training row once. If ``shuffle`` is on, the row order is permuted first,
by the ``random_state`` given (the permutation composes with the previous epoch's, as in
scikit-learn). The rows are then cut into consecutive mini-batches of ``batch_size``; the last one
may be shorter. For each batch: forward pass, loss, backward pass, one optimizer step. The epoch's
loss is the batch losses weighted by batch size, each taken *before* its batch's update:

    loss_epoch = sum_B (n_B * L_B) / n                                                (L8.1)

After the epoch the stopping rule (:mod:`mlp.early_stopping`) is updated; when it fires the
learning-rate schedule (:mod:`mlp.schedules`) decides between stopping and going on with a
smaller step.

Lesson: lessons/08_training_and_early_stopping.md
"""

from dataclasses import dataclass, field

import numpy as np

from mlp.dropout import dropout_masks
from mlp.early_stopping import LossPlateau
from mlp.initialisation import check_random_state
from mlp.schedules import Constant
from mlp.validation import check_interval, check_training_data


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


def train_epoch(network, optimizer, X, Y, order, *, batch_size, sample_weight=None, alpha=0.0,
                dropout=0.0, rng=None):
    """One pass over the rows of ``X`` in the given ``order``, one optimizer step per mini-batch;
    returns the epoch's loss (L8.1).

    ``order`` is a permutation of the row numbers, or None: every row in turn, each batch a view
    of ``X`` (no copy).

    Lesson: lessons/08_training_and_early_stopping.md#the-training-loop
    """
    params = network.parameters()  # coefs, then intercepts: the order of the gradients too
    summed_loss = 0.0
    for batch in iter_minibatches(X.shape[0], batch_size):
        rows = batch if order is None else order[batch]  # a slice, or an array of row numbers
        X_B, Y_B = X[rows], Y[rows]
        w_B = None if sample_weight is None else sample_weight[rows]
        n_B = batch.stop - batch.start
        masks = dropout_masks(rng, n_B, network.units[1:-1], dropout, X.dtype) if dropout else None
        activations = network.forward(X_B, dropout_masks=masks)
        loss = network.loss_value(Y_B, activations[-1], alpha=alpha, sample_weight=w_B)
        coef_grads, intercept_grads = network.backward(activations, Y_B, alpha=alpha,
                                                       sample_weight=w_B, dropout_masks=masks)
        optimizer.step(params, coef_grads + intercept_grads)
        summed_loss += loss * n_B  # each batch's loss before its step  (L8.1)
    return summed_loss / X.shape[0]  # (L8.1)


def train(network, optimizer, X, Y, *, sample_weight=None, dropout=0.0, batch_size=200,
          max_iter=200, shuffle=True, random_state=None, alpha=0.0, schedule=None, stopping=None,
          validation_score=None, history=None, verbose=False, callback=None):
    """Train ``network`` on ``X`` (n_samples, n_features) and targets ``Y`` (n_samples, n_outputs).

    ``optimizer`` (:class:`mlp.optimizers.SGD` or :class:`~mlp.optimizers.Adam`) is built for
    ``network.parameters()``. Each epoch permutes the rows if ``shuffle`` (drawing from
    ``random_state``, as do the masks of ``dropout``, (L9.2)), runs :func:`train_epoch` in
    batches of ``batch_size`` rows (clipped to n_samples), with L2 strength ``alpha`` (L3.6) and
    ``sample_weight`` (L9.4), then updates ``stopping`` (default :class:`LossPlateau`; an
    :class:`EarlyStopping` needs ``validation_score``, a function of no arguments that scores the
    network as it is now) and the learning-rate ``schedule`` (default constant). Training ends
    after ``max_iter`` epochs (``partial_fit`` asks for 1), or when the rule fires and the
    schedule says stop. ``history`` continues an earlier call's loss curve and sample count;
    ``verbose`` prints each epoch's loss; ``callback(epoch, history)`` is called after every
    epoch.

    Returns the :class:`History`; a loss that is not finite raises :class:`TrainingDivergedError`.

    Lesson: lessons/08_training_and_early_stopping.md#the-training-loop
    """
    X, Y, sample_weight = check_training_data(network, X, Y, sample_weight)
    n_samples = X.shape[0]
    batch_size = min(int(check_interval("batch_size", batch_size, "integer", 1, None)), n_samples)
    check_interval("alpha", alpha, "real", 0, None)
    check_interval("dropout", dropout, "real", 0, 1)
    max_iter = int(check_interval("max_iter", max_iter, "integer", 1, None))
    schedule = Constant() if schedule is None else schedule
    stopping = LossPlateau() if stopping is None else stopping
    watched = stopping.watch(validation_score)  # the epoch's loss, or its validation score
    rng = check_random_state(random_state)
    history = History() if history is None else history
    history.n_iter, history.stop_reason = 0, ""
    order = np.arange(n_samples) if shuffle else None
    for epoch in range(max_iter):
        if shuffle:
            order = order[rng.permutation(n_samples)]  # compose with last epoch's order
        loss = train_epoch(network, optimizer, X, Y, order, batch_size=batch_size, alpha=alpha,
                           sample_weight=sample_weight, dropout=dropout, rng=rng)
        history.n_iter += 1
        history.samples_seen += n_samples
        _check_finite(loss, len(history.loss_curve) + 1)
        history.loss_curve.append(float(loss))
        value = watched(loss)
        plateau = stopping.update(value, network.parameters())
        if verbose:
            print(f"Iteration {len(history.loss_curve)}, loss = {loss:.8f}"
                  + stopping.describe(value))
        schedule.epoch_end(optimizer, history.samples_seen)
        if callback is not None:
            callback(epoch, history)
        if plateau and _stop_or_slow_down(stopping, schedule, optimizer, history, verbose):
            break
    stopping.restore(network.parameters())  # the best epoch's parameters, if the rule kept them
    return history


def _check_finite(loss, epoch):
    if not np.isfinite(loss):
        raise TrainingDivergedError(
            f"the training loss became {loss} in epoch {epoch}; the steps are too large: try a "
            f"smaller learning rate (learning_rate_init), or scale the input features")


def _stop_or_slow_down(stopping, schedule, optimizer, history, verbose):
    """The stopping rule fired: the schedule either stops training (True) or lowers the learning
    rate, and the rule counts afresh (False)."""
    message = (f"the {stopping.watches} did not improve by more than tol={stopping.tol} for "
               f"{stopping.n_iter_no_change} consecutive epochs")
    if schedule.on_plateau(optimizer):
        history.stop_reason = message
        if verbose:
            print(message.capitalize() + ". Stopping.")
        return True
    stopping.reset_count()
    if verbose:
        print(f"{message.capitalize()}. Learning rate is now {optimizer.learning_rate:g}.")
    return False
