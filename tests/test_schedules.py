"""Tests for mlp/schedules.py: constant, inverse scaling (L7.8) and adaptive (L7.9) learning rates."""

import re

import numpy as np
import pytest

from mlp.optimizers import SGD
from mlp.schedules import Adaptive, Constant, InvScaling, get_schedule


def sgd(learning_rate):
    return SGD([np.zeros(1)], learning_rate=learning_rate)


def test_constant_never_changes_the_rate_and_stops_at_a_plateau():
    opt = sgd(0.3)
    schedule = Constant()
    for samples_seen in (10, 20, 30):
        schedule.epoch_end(opt, samples_seen)
    assert opt.learning_rate == 0.3
    assert schedule.on_plateau(opt) is True
    assert opt.learning_rate == 0.3


def test_invscaling_by_hand():
    # eta = eta_0 / (t + 1)^power_t, t = samples seen so far:
    #   eta_0 = 0.4, power_t = 0.5, t = 15:  0.4 / sqrt(16) = 0.1
    #   t = 99:                              0.4 / sqrt(100) = 0.04
    #   power_t = 1, t = 3:                  0.4 / 4 = 0.1
    #   power_t = 0:                         eta_0 always
    opt = sgd(0.4)
    schedule = InvScaling(power_t=0.5)
    schedule.epoch_end(opt, samples_seen=15)
    assert opt.learning_rate == pytest.approx(0.1, rel=1e-15)
    schedule.epoch_end(opt, samples_seen=99)  # computed from eta_0, not from the previous eta
    assert opt.learning_rate == pytest.approx(0.04, rel=1e-15)
    InvScaling(power_t=1.0).epoch_end(opt, samples_seen=3)
    assert opt.learning_rate == pytest.approx(0.1, rel=1e-15)
    InvScaling(power_t=0.0).epoch_end(opt, samples_seen=1000)
    assert opt.learning_rate == 0.4
    assert InvScaling().on_plateau(opt) is True


def test_adaptive_divides_by_five_until_one_millionth():
    # eta_0 = 1e-3: 2e-4, 4e-5, 8e-6, 1.6e-6, 3.2e-7 (five plateaus go on); then 3.2e-7 <= 1e-6
    # and the sixth plateau stops training, leaving eta unchanged.
    opt = sgd(1e-3)
    schedule = Adaptive()
    schedule.epoch_end(opt, samples_seen=100)  # an epoch end alone changes nothing
    assert opt.learning_rate == 1e-3
    seen = []
    while not schedule.on_plateau(opt):
        seen.append(opt.learning_rate)
    np.testing.assert_allclose(seen, [2e-4, 4e-5, 8e-6, 1.6e-6, 3.2e-7], rtol=1e-14)
    assert opt.learning_rate == seen[-1]


def test_adaptive_stops_at_exactly_one_millionth():
    # the rule is eta <= 1e-6, so eta = 1e-6 itself stops
    opt = sgd(1e-6)
    assert Adaptive().on_plateau(opt) is True
    assert opt.learning_rate == 1e-6
    opt = sgd(1.0000001e-6)
    assert Adaptive().on_plateau(opt) is False
    assert opt.learning_rate == pytest.approx(2.0000002e-7)


@pytest.mark.parametrize("name, cls", [("constant", Constant), ("invscaling", InvScaling),
                                       ("adaptive", Adaptive)])
def test_get_schedule(name, cls):
    schedule = get_schedule(name, power_t=0.25)
    assert isinstance(schedule, cls) and schedule.name == name
    if cls is InvScaling:
        assert schedule.power_t == 0.25


@pytest.mark.parametrize("bad", ["optimal", "Constant", None])
def test_unknown_schedule_names_the_parameter_and_the_value(bad):
    with pytest.raises(ValueError, match=r"^learning_rate must be one of 'constant', 'invscaling', "
                                         r"'adaptive'; got " + re.escape(repr(bad))):
        get_schedule(bad)


@pytest.mark.parametrize("bad", [-0.5, float("nan"), "0.5", None])
def test_bad_power_t_names_the_parameter_and_the_value(bad):
    with pytest.raises((TypeError, ValueError), match=r"^power_t must be a real number in \[0, inf\); got "
                                         + re.escape(repr(bad))):
        InvScaling(power_t=bad)
