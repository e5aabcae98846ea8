"""``audio-mlp exercises``: list the lessons' exercise tasks, or check a student's answers.

    audio-mlp exercises                      every task of every lesson and its status
    audio-mlp exercises check 04             lesson 04's checks on lessons/exercises/04_*.py
    audio-mlp exercises check 04 --file F    ... on a copy of the skeleton elsewhere

Lesson: lessons/README.md#exercises
"""

from baselines.cli import options
from baselines.cli.options import error
from baselines.course.exercises import PASS, check_lesson, default_file, lesson_files

MARK = {"pass": "PASS", "fail": "FAIL", "not attempted": "----"}


def register(subparsers):
    parser = options.add_command(
        subparsers, "exercises", __doc__,
        help="list the lessons' exercises, or check your answers to one lesson's")
    parser.set_defaults(func=list_all)
    sub = parser.add_subparsers(title="actions", metavar="ACTION")
    check = sub.add_parser("check", help="run the checks of one lesson on your file")
    check.add_argument("lesson", help="lesson number, e.g. 04")
    check.add_argument("--file", metavar="PATH",
                       help="your file (default: the skeleton in lessons/exercises/)")
    check.add_argument("--task", help="check only this task")
    check.set_defaults(func=check_one)


def _print(outcomes):
    for outcome in outcomes:
        print(f"  [{MARK[outcome.status]}] {outcome.task.name}: {outcome.task.prompt}")
        if outcome.message:
            print(f"         {outcome.message}")


def list_all(args):
    lessons = lesson_files("checks")
    if not lessons:
        print("no exercise checks found (they live in lessons/checks/ of a source checkout)")
        return 0
    for lesson in lessons:
        outcomes = check_lesson(lesson)
        done = sum(o.status == PASS for o in outcomes)
        print(f"lesson {lesson} ({default_file(lesson).name}): {done} of {len(outcomes)} done")
        _print(outcomes)
    return 0


def check_one(args):
    try:
        outcomes = check_lesson(args.lesson, args.file, only=args.task)
    except (ValueError, FileNotFoundError) as exc:
        return error(exc)
    _print(outcomes)
    passed = sum(o.status == PASS for o in outcomes)
    print(f"{passed} of {len(outcomes)} tasks pass")
    return 0 if passed == len(outcomes) else 1
