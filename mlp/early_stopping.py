"""Stopping rules: when has training stopped getting better?

Two small objects, each driven by one call per epoch, that answer "plateau?" with True or False:

* :class:`LossPlateau` watches the training loss. An epoch counts as *no improvement* when its
  loss is not at least ``tol`` below the best so far:  loss > best_loss - tol          (L8.2)
* :class:`EarlyStopping` watches a score on held-out validation data (higher is better) and keeps
  a copy of the parameters from the best epoch, to restore at the end. An epoch counts as no
  improvement when  score < best_score + tol                                          (L8.3)

Either way the rule fires once more than ``n_iter_no_change`` epochs in a row brought no
improvement. What happens then (stop, or lower the learning rate and go on) is the caller's choice:
see :mod:`mlp.schedules` and :func:`mlp.training.train`.

Lesson: lessons/08_training_and_early_stopping.md#early-stopping
"""

import numbers

import numpy as np


def _check_patience(tol, n_iter_no_change):
    if isinstance(tol, bool) or not (isinstance(tol, numbers.Real) and np.isfinite(tol)
                                     and tol >= 0):
        raise ValueError(f"tol must be a real number >= 0; got {tol!r}")
    if isinstance(n_iter_no_change, bool) or not (
            (isinstance(n_iter_no_change, numbers.Integral) and n_iter_no_change >= 1)
            or n_iter_no_change == np.inf):
        raise ValueError(f"n_iter_no_change must be an integer >= 1 or numpy.inf (never stop "
                         f"on a plateau); got {n_iter_no_change!r}")


class LossPlateau:
    """Fires when the training loss has not dropped by ``tol`` for > ``n_iter_no_change`` epochs.

    >>> rule = LossPlateau(tol=0.1, n_iter_no_change=1)
    >>> [rule.update(loss) for loss in [1.0, 0.5, 0.45, 0.44]]
    [False, False, False, True]
    """

    def __init__(self, *, tol=1e-4, n_iter_no_change=10):
        _check_patience(tol, n_iter_no_change)
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.best_loss = np.inf
        self.no_improvement_count = 0

    def update(self, loss):
        """Record one epoch's training loss; return True when the plateau rule fires."""
        if loss > self.best_loss - self.tol:  # (L8.2)
            self.no_improvement_count += 1
        else:
            self.no_improvement_count = 0
        if loss < self.best_loss:
            self.best_loss = loss
        return self.no_improvement_count > self.n_iter_no_change

    def reset_count(self):
        """Start counting afresh, e.g. after the learning rate was lowered."""
        self.no_improvement_count = 0


class EarlyStopping:
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

    def __init__(self, *, tol=1e-4, n_iter_no_change=10):
        _check_patience(tol, n_iter_no_change)
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.best_score = -np.inf
        self.no_improvement_count = 0
        self.scores = []
        self.best_params = None

    def update(self, score, params):
        """Record one epoch's validation score; return True when the plateau rule fires."""
        self.scores.append(score)
        if score < self.best_score + self.tol:  # (L8.3)
            self.no_improvement_count += 1
        else:
            self.no_improvement_count = 0
        if score > self.best_score:
            self.best_score = score
            self.best_params = [p.copy() for p in params]
        return self.no_improvement_count > self.n_iter_no_change

    def reset_count(self):
        self.no_improvement_count = 0

    def restore(self, params):
        """Copy the best epoch's parameters back into ``params``, in place."""
        if self.best_params is not None:
            for p, best in zip(params, self.best_params):
                np.copyto(p, best)
