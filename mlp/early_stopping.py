"""Stopping rules: when has training stopped getting better?

Two small objects, each driven by one call per epoch, that answer "plateau?" with True or False:

* :class:`LossPlateau` watches the training loss. An epoch counts as *no improvement* when its
  loss is not at least ``tol`` below the best so far:  loss > best_loss - tol          (L8.2)
* :class:`EarlyStopping` watches a score on held-out validation data (higher is better) and keeps
  a copy of the parameters from the best epoch, to restore at the end. An epoch counts as no
  improvement when  score < best_score + tol                                          (L8.3)

Both count the epochs without improvement (:class:`StoppingRule`) and fire once more than
``n_iter_no_change`` in a row brought none. What happens then (stop, or a smaller learning rate)
is the caller's choice: see :mod:`mlp.schedules` and :func:`mlp.training.train`.

Lesson: lessons/08_training_and_early_stopping.md#early-stopping
"""

import numpy as np

from mlp.validation import check_interval


class StoppingRule:
    """What both rules share: ``tol``, ``n_iter_no_change`` and the count of stalled epochs.

    A subclass says what it watches (``watches``, ``watch``), when an epoch stalls (``_stalled``)
    and what it keeps of the best epoch (``_keep_best``).
    """

    watches = ""  # "training loss" or "validation score", for messages

    def __init__(self, *, tol=1e-4, n_iter_no_change=10):
        self.tol = check_interval("tol", tol, "real", 0, None)
        self.n_iter_no_change = check_interval("n_iter_no_change", n_iter_no_change, "integer",
                                               1, None, also=(np.inf,))
        self.no_improvement_count = 0

    def __repr__(self):
        return (f"{type(self).__name__}(tol={self.tol!r}, "
                f"n_iter_no_change={self.n_iter_no_change!r}, "
                f"no_improvement_count={self.no_improvement_count})")

    def update(self, value, params=()):
        """Record one epoch's value; return True when the rule fires."""
        if self._stalled(value):
            self.no_improvement_count += 1
        else:
            self.no_improvement_count = 0
        self._keep_best(value, params)
        return self.no_improvement_count > self.n_iter_no_change

    def reset_count(self):
        """Start counting afresh, e.g. after the learning rate was lowered."""
        self.no_improvement_count = 0

    def restore(self, params):
        """Write the kept parameters back into ``params``; by default nothing is kept."""

    def watch(self, validation_score):
        """A function of the epoch's training loss giving the value to pass to :meth:`update`."""
        raise NotImplementedError

    def describe(self, value):
        """What the verbose line of an epoch adds about ``value``."""
        return f", {self.watches} = {value:.6f}"

    def _stalled(self, value):
        raise NotImplementedError

    def _keep_best(self, value, params):
        raise NotImplementedError


class LossPlateau(StoppingRule):
    """Fires when the training loss has not dropped by ``tol`` for > ``n_iter_no_change`` epochs.

    >>> rule = LossPlateau(tol=0.1, n_iter_no_change=1)
    >>> [rule.update(loss) for loss in [1.0, 0.5, 0.45, 0.44]]
    [False, False, False, True]
    """

    watches = "training loss"

    def __init__(self, *, tol=1e-4, n_iter_no_change=10):
        super().__init__(tol=tol, n_iter_no_change=n_iter_no_change)
        self.best_loss = np.inf

    def watch(self, validation_score):
        return lambda loss: loss

    def describe(self, loss):
        return ""  # the line shows the loss already

    def _stalled(self, loss):
        return loss > self.best_loss - self.tol  # (L8.2)

    def _keep_best(self, loss, params):
        if loss < self.best_loss:
            self.best_loss = loss


class EarlyStopping(StoppingRule):
    """Fires when the validation score has not risen by ``tol`` for > ``n_iter_no_change`` epochs.

    Keeps the parameters of the best-scoring epoch; :meth:`restore` writes them back.

    >>> W = np.zeros(1)
    >>> rule = EarlyStopping(tol=0.0, n_iter_no_change=1)
    >>> for score in [0.5, 0.8, 0.7, 0.6]:
    ...     W += 1                      # "train" one epoch
    ...     fired = rule.update(score, [W])
    >>> fired, rule.best_score, rule.scores
    (True, 0.8, [0.5, 0.8, 0.7, 0.6])
    >>> rule.restore([W]); W            # back to the weights of the 0.8 epoch
    array([2.])
    """

    watches = "validation score"

    def __init__(self, *, tol=1e-4, n_iter_no_change=10):
        super().__init__(tol=tol, n_iter_no_change=n_iter_no_change)
        self.best_score = -np.inf
        self.scores = []
        self.best_params = None

    def watch(self, validation_score):
        if validation_score is None:
            raise ValueError("stopping=EarlyStopping(...) needs a validation_score function")
        return lambda loss: validation_score()

    def update(self, score, params=()):
        """Record one epoch's validation score; return True when the rule fires."""
        self.scores.append(score)
        return super().update(score, params)

    def _stalled(self, score):
        return score < self.best_score + self.tol  # (L8.3)

    def _keep_best(self, score, params):
        if score > self.best_score:
            self.best_score = score
            self.best_params = [p.copy() for p in params]

    def restore(self, params):
        """Copy the best epoch's parameters back into ``params``, in place."""
        if self.best_params is not None:
            for p, best in zip(params, self.best_params):
                np.copyto(p, best)
