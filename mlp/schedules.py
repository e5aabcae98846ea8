"""Learning-rate schedules for SGD: constant, inverse scaling, adaptive.

A schedule is told two things by the training loop: that an epoch ended (``epoch_end``), and that
the stopping rule fired because the loss or the validation score stopped improving
(``on_plateau``, which answers whether training should stop). It changes the optimizer's
``learning_rate`` in place. As in scikit-learn, the schedules apply to SGD only: Adam computes its
own step size from ``learning_rate_init`` and is used with the constant schedule.

Lesson: lessons/07_optimizers.md#learning-rate-schedules
"""

from mlp.validation import check_interval, lookup


class Constant:
    """eta stays at its initial value; a plateau stops training."""

    name = "constant"

    def __repr__(self):
        return "Constant()"

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
        self.power_t = check_interval("power_t", power_t, "real", 0, None)

    def __repr__(self):
        return f"InvScaling(power_t={self.power_t!r})"

    def epoch_end(self, optimizer, samples_seen):
        eta_0 = float(optimizer.learning_rate_init)
        optimizer.learning_rate = eta_0 / (samples_seen + 1) ** self.power_t  # (L7.8)

    def on_plateau(self, optimizer):
        return True


class Adaptive:
    """eta stays constant while training improves; on each plateau eta <- eta / 5  (L7.9), and
    training stops only at a plateau with eta already <= 1e-6."""

    name = "adaptive"

    def __repr__(self):
        return "Adaptive()"
    min_learning_rate = 1e-6

    def epoch_end(self, optimizer, samples_seen):
        pass

    def on_plateau(self, optimizer):
        if optimizer.learning_rate <= self.min_learning_rate:
            return True
        optimizer.learning_rate /= 5.0  # (L7.9)
        return False


# name -> a function of power_t that builds the schedule (only invscaling uses power_t)
SCHEDULES = {
    "constant": lambda power_t: Constant(),
    "invscaling": InvScaling,
    "adaptive": lambda power_t: Adaptive(),
}


def get_schedule(name, *, power_t=0.5):
    """A schedule by name: 'constant', 'invscaling' or 'adaptive'.

    >>> get_schedule("invscaling", power_t=0.25)
    InvScaling(power_t=0.25)
    """
    return lookup(SCHEDULES, name, "learning_rate")(power_t)
