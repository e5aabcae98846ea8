"""The exercise checks themselves: every check passes on the reference solution, reports "not
attempted" on the untouched skeleton, and fails on every plausible wrong answer kept in
tests/exercise_mutants/ (the solution with one piece of text replaced), with the message a mutant
pins when it names one."""

from pathlib import Path

import pytest

from baselines import cli
from baselines.course.exercises import (FAIL, NOT_ATTEMPTED, PASS, check_lesson, lesson_files,
                                        load_module)

MUTANT_DIR = Path(__file__).parent / "exercise_mutants"
LESSONS_WITH_CHECKS = sorted(lesson_files("checks"))
# (lesson, task, old, new, mistake, message): message is "" when the mutant pins no text
MUTANTS = [(path.name[:2], *mutant, *("",) * (5 - len(mutant)))
           for path in sorted(MUTANT_DIR.glob("[0-9][0-9]_*.py"))
           for mutant in load_module(path).MUTANTS]


def test_every_lesson_with_checks_has_a_skeleton_a_solution_and_mutants():
    assert LESSONS_WITH_CHECKS, "no exercise checks found"
    for folder in ("exercises", "solutions"):
        assert sorted(lesson_files(folder)) == LESSONS_WITH_CHECKS, folder
    mutated = {lesson for lesson, *_ in MUTANTS}
    assert mutated == set(LESSONS_WITH_CHECKS), "every lesson with checks needs mutants"


@pytest.mark.parametrize("lesson", LESSONS_WITH_CHECKS)
def test_the_solution_passes_every_check(lesson):
    outcomes = check_lesson(lesson, lesson_files("solutions")[lesson])
    assert [(o.task.name, o.status, o.message) for o in outcomes] == \
        [(o.task.name, PASS, "") for o in outcomes]


@pytest.mark.parametrize("lesson", LESSONS_WITH_CHECKS)
def test_the_untouched_skeleton_is_not_attempted(lesson):
    outcomes = check_lesson(lesson)
    assert [(o.task.name, o.status) for o in outcomes] == \
        [(o.task.name, NOT_ATTEMPTED) for o in outcomes]


@pytest.mark.parametrize("lesson, task, old, new, mistake, message", MUTANTS,
                         ids=[f"{m[0]}-{m[1]}-{m[4]}" for m in MUTANTS])
def test_a_plausible_wrong_answer_fails(lesson, task, old, new, mistake, message, tmp_path):
    text = lesson_files("solutions")[lesson].read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the mutant's text {old!r} must occur once in the solution"
    path = tmp_path / f"{lesson}_mutant.py"
    path.write_text(text.replace(old, new), encoding="utf-8")
    (outcome,) = check_lesson(lesson, path, only=task)
    assert outcome.status == FAIL, f"the check of {task} let a wrong answer pass: {mistake}"
    assert outcome.message
    assert message in outcome.message, f"the check of {task} does not name the mistake: {mistake}"


def test_the_command_line_reports_and_exits_by_the_result(tmp_path, capsys):
    lesson = LESSONS_WITH_CHECKS[0]
    assert cli.main(["exercises", "check", lesson]) == 1  # the skeleton: nothing attempted
    out = capsys.readouterr().out
    assert "[----]" in out and "[PASS]" not in out and "\n0 of " in out
    assert cli.main(["exercises", "check", lesson, "--file",
                     str(lesson_files("solutions")[lesson])]) == 0
    assert "tasks pass" in capsys.readouterr().out
    assert cli.main(["exercises", "check", "99"]) == 2
    assert "no exercise checks" in capsys.readouterr().err
    broken = tmp_path / "broken.py"
    broken.write_text("def oops(:\n")
    assert cli.main(["exercises", "check", lesson, "--file", str(broken)]) == 1
    assert "does not import" in capsys.readouterr().out
    assert cli.main(["exercises"]) == 0
    assert f"lesson {lesson}" in capsys.readouterr().out
