"""Collect the code in ``lessons/*.md`` as tests.

Sybil runs plain ```python blocks and ``>>>`` sessions (whose output is checked), one namespace
per lesson file, so later snippets see the names earlier ones defined. The lesson folder is given
as an absolute path: with a relative one Sybil silently collects nothing.
tests/test_lessons.py fails if no snippet is collected at all.
"""

from doctest import ELLIPSIS, NORMALIZE_WHITESPACE
from pathlib import Path

from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

LESSONS = Path(__file__).resolve().parent / "lessons"


def make_lesson_sybil():
    """The one Sybil configuration used by pytest and by the snippet-count test."""
    return Sybil(
        parsers=[
            PythonCodeBlockParser(doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE),
            SkipParser(),
        ],
        path=str(LESSONS),
        patterns=["*.md"],
    )


pytest_collect_file = make_lesson_sybil().pytest()

# Exercise files are loaded by baselines.course.exercises (by path), not imported as test modules: their
# names start with the lesson number, and the skeletons raise NotImplementedError on purpose.
collect_ignore_glob = ["lessons/exercises/*.py", "lessons/solutions/*.py", "lessons/checks/*.py",
                       "tests/exercise_mutants/*.py"]
