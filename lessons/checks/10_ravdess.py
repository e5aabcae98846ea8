"""Checks of lessons/exercises/10_ravdess.py, against features.ravdess.parse_name on every name
of the release."""

from baselines.course.exercises import CheckFailed, Task
from features.ravdess import expected_stems, parse_name

FIELDS = ("emotion", "intensity", "statement", "repetition", "actor", "gender")


def check_parse_stem(student):
    for stem in expected_stems():  # all 1440 names
        got = student.parse_stem(stem)
        if not isinstance(got, dict):
            raise CheckFailed(f"parse_stem({stem!r}) returned {type(got).__name__}; expected a dict")
        clip = parse_name(stem + ".wav")
        for field in FIELDS:
            if got.get(field) != getattr(clip, field):
                raise CheckFailed(f"parse_stem({stem!r}): field {field!r} is {got.get(field)!r}, "
                                  f"which does not match the file name's table (lesson 10)")
    try:
        student.parse_stem("03-01-09-01-01-01-01")
    except ValueError as exc:
        if "emotion" not in str(exc):
            raise CheckFailed("the ValueError for emotion code 9 should name the emotion field")
    else:
        raise CheckFailed("parse_stem('03-01-09-01-01-01-01') accepted emotion code 9")


TASKS = [Task("parse_stem", "read the fields of a RAVDESS name into a dict", check_parse_stem)]
