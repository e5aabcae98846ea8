"""Inverted dropout: switch hidden units off at random while training, never at prediction.

In each training batch every hidden unit is kept with probability q = 1 - rate and set to 0
otherwise, independently; a kept unit's output is divided by q, so that its expected value is
unchanged and the network needs no rescaling at prediction time ("inverted" dropout, the form
Srivastava et al., 2014, describe with the scaling moved to training):

    A_l <- M_l * A_l,   M_l[s, j] = [u_sj >= rate] / (1 - rate),  u_sj ~ U(0, 1)        (L9.2)

Backwards, the mask multiplies the error signal the same way (a dropped unit passes no gradient),
and the activation's derivative is taken at the unit's output before the mask. A network that
cannot rely on any one unit spreads what it learns over many, which tends to overfit less.

The masks come from the random-number generator that shuffles the batches (the estimator's
``random_state``), so a fit with dropout is as reproducible as one without.

Lesson: lessons/09_estimator.md#dropout
"""

import numpy as np


def dropout_masks(rng, n_samples, hidden_units, rate, dtype=np.float64):
    """One mask per hidden layer, ``(n_samples, units)``, of 0 and 1 / (1 - rate)  (L9.2).

    >>> [m.tolist() for m in dropout_masks(np.random.RandomState(0), 2, [3], rate=0.5)]
    [[[2.0, 2.0, 2.0], [2.0, 0.0, 2.0]]]
    """
    keep = 1.0 - rate
    return [(rng.uniform(size=(n_samples, units)) >= rate).astype(dtype) / keep  # (L9.2)
            for units in hidden_units]


def undo_mask(A, mask):
    """The hidden output before the mask, where the unit was kept (0 where it was dropped, where
    no gradient flows anyway)."""
    return np.divide(A, mask, out=np.zeros_like(A), where=mask > 0)
