"""Parameter checks (baselines/checks.py)."""

from baselines.checks import Interval, Problem, out_of_range, repeated


def test_intervals_say_what_the_value_must_be():
    assert Interval(1).reason(0) == "must be >= 1" and Interval(1).reason(1) is None
    assert Interval(0, low_open=True).reason(0) == "must be > 0"
    assert Interval(None, 5).reason(6) == "must be <= 5"
    assert Interval(0, 9).reason(10) == Interval(0, 9).reason(-1) == "must be between 0 and 9"


def test_problems_speak_python_or_options():
    problems = out_of_range({"random_state": -1, "max_folds": None, "n_jobs": 2},
                            {"random_state": Interval(0, 9), "max_folds": Interval(1),
                             "n_jobs": Interval(1)})
    assert problems == [Problem("random_state", -1, "must be between 0 and 9")]
    assert problems[0].for_python() == "random_state=-1: must be between 0 and 9"
    assert problems[0].for_command_line({"random_state": "--seed"}) == \
        "--seed -1: must be between 0 and 9"
    twice, = repeated("models", ["a", "b", "a"])
    assert twice.for_command_line() == "--models a b a: a given more than once"
    assert repeated("models", ["a", "b"]) == []
