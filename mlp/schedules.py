"""Learning-rate schedules for SGD: constant, inverse scaling, adaptive.

A schedule is told two things by the training loop: that an epoch ended (``epoch_end``), and that
the stopping rule fired because the loss or the validation score stopped improving
(``on_plateau``, which answers whether training should stop). It changes the optimizer's
``learning_rate`` in place. As in scikit-learn, the schedules apply to SGD only: Adam computes its
own step size from ``learning_rate_init`` and is used with the constant schedule.

Lesson: lessons/07_optimizers.md#learning-rate-schedules
"""

import numbers

import numpy as np


class Constant:
    """eta stays at its initial value; a plateau stops training."""

    name = "constant"

    def epoch_end(self, optimizer, samples_seen):
        pass

    def on_plateau(self, optimizer):
        return True  # stop


class InvScaling:
    """eta = eta_0 / (t + 1)^power_t, with t the number of samples seen so far  (L7.8).

    >>> class Opt: learning_rate_init = learning_rate = 1.0
    >>> opt = Opt()
    >>> InvScaling(power_t=0.5).epoch_end(opt, samples_seen=99)
    >>> opt.learning_rate
    0.1
    """

    name = "invscaling"

    def __init__(self, power_t=0.5):
        if isinstance(power_t, bool) or not (isinstance(power_t, numbers.Real)
                                             and np.isfinite(power_t) and power_t >= 0):
            raise ValueError(f"power_t must be a real number >= 0; got {power_t!r}")
        self.power_t = power_t

    def epoch_end(self, optimizer, samples_seen):
        optimizer.learning_rate = (
            float(optimizer.learning_rate_init) / (samples_seen + 1) ** self.power_t  # (L7.8)
        )

    def on_plateau(self, optimizer):
        return True


class Adaptive:
    """eta stays constant while training improves; on each plateau eta <- eta / 5  (L7.9).

    Training stops only at a plateau with eta already <= 1e-6.
    """

    name = "adaptive"
    min_learning_rate = 1e-6

    def epoch_end(self, optimizer, samples_seen):
        pass

    def on_plateau(self, optimizer):
        if optimizer.learning_rate <= self.min_learning_rate:
            return True
        optimizer.learning_rate /= 5.0  # (L7.9)
        return False


def get_schedule(name, *, power_t=0.5):
    """A schedule by name: 'constant', 'invscaling' or 'adaptive'."""
    if name == "constant":
        return Constant()
    if name == "invscaling":
        return InvScaling(power_t)
    if name == "adaptive":
        return Adaptive()
    raise ValueError(
        f"learning_rate must be one of 'constant', 'invscaling', 'adaptive'; got {name!r}"
    )
