"""Parameter checks shared by the library and the command line: intervals and repeated names.

A check does not raise: it returns :class:`Problem` records, so that every problem with a call is
reported at once. A problem knows the parameter, the value and what is wrong, and says it in the
caller's words: ``inner_splits=9: ...`` to Python (:meth:`Problem.for_python`, what
:func:`raise_problems` raises), ``--inner-splits 9: ...`` to a command-line user
(:meth:`Problem.for_command_line`, what ``baselines.cli.options`` prints).

:class:`Interval` is the one interval check (scikit-learn's ``Interval`` in its parameter
validation is the model): closed or open at each end, either end optional.

Lesson: lessons/25_running_the_comparison.md#checked-before-any-work
"""

import math
from dataclasses import dataclass

SEED_RANGE = (0, 2**32 - 1)  # what NumPy's legacy seeding and scikit-learn accept as an int seed


@dataclass(frozen=True)
class Problem:
    """What is wrong with one parameter's value."""

    name: str  # the Python parameter name, e.g. "inner_splits"
    value: object
    reason: str

    def for_python(self):
        return f"{self.name}={self.value!r}: {self.reason}"

    def for_command_line(self, options=None):
        """``--option value: reason``; ``options`` maps parameter names to option names where
        they differ (``{"random_state": "--seed"}``)."""
        option = (options or {}).get(self.name, "--" + self.name.replace("_", "-"))
        shown = " ".join(map(str, self.value)) if isinstance(self.value, (list, tuple)) else self.value
        return f"{option} {shown}: {self.reason}"


@dataclass(frozen=True)
class Interval:
    """Numbers from ``low`` to ``high``; ``None`` leaves that end open-ended.

    >>> Interval(0, None, low_open=True).reason(0.0)
    'must be > 0'
    >>> Interval(*SEED_RANGE).reason(2**32) is None, Interval(*SEED_RANGE).reason(-1)
    (False, 'must be between 0 and 4294967295')
    >>> Interval(0).reason(float("nan"))
    'must be a finite number'
    """

    low: float | None = None
    high: float | None = None
    low_open: bool = False

    def reason(self, value):
        """``None`` when ``value`` is inside, else what it must be (NaN and infinity are outside
        every interval: ``nan <= x`` is False for every x, so they are named first)."""
        if isinstance(value, float) and not math.isfinite(value):
            return "must be a finite number"
        below = self.low is not None and (value <= self.low if self.low_open else value < self.low)
        above = self.high is not None and value > self.high
        if not (below or above):
            return None
        if self.low is not None and self.high is not None:
            if self.low_open:
                return f"must be > {self.low:g} and <= {self.high:g}"
            return f"must be between {self.low} and {self.high}"
        if below:
            return f"must be {'>' if self.low_open else '>='} {self.low}"
        return f"must be <= {self.high}"


def out_of_range(values, intervals):
    """A :class:`Problem` for every ``values[name]`` outside ``intervals[name]`` (``None`` is unset)."""
    problems = []
    for name, interval in intervals.items():
        value = values[name]
        reason = None if value is None else interval.reason(value)
        if reason:
            problems.append(Problem(name, value, reason))
    return problems


def repeated(name, values):
    """A :class:`Problem` if a name appears twice in ``values`` (``models=[a, b, a]``)."""
    twice = sorted({v for v in values if list(values).count(v) > 1})
    if not twice:
        return []
    return [Problem(name, list(values), f"{', '.join(twice)} given more than once")]


def raise_problems(problems):
    """Raise one ``ValueError`` listing every problem, if there is any."""
    if problems:
        raise ValueError("; ".join(p.for_python() for p in problems))
