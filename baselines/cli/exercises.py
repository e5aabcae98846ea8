"""``audio-mlp exercises``: list the lessons' exercise tasks, start one, or check your answers.

    audio-mlp exercises                      every task of every lesson and its status
    audio-mlp exercises start 04             copy lesson 04's skeleton to my_exercises/ to edit
    audio-mlp exercises check 04             lesson 04's checks on my_exercises/04_*.py (on the
                                             untouched skeleton until you have started)
    audio-mlp exercises check 04 --file F    ... on a file of your own elsewhere

Lesson: lessons/README.md#exercises
"""

from baselines.cli import options
from baselines.cli.options import error
from baselines.course.exercises import (PASS, WORKING_FOLDER, check_lesson, default_file,
                                        lesson_files, start_lesson, working_copy)

MARK = {"pass": "PASS", "fail": "FAIL", "not attempted": "----"}


def lesson_number(text):
    """``"4"`` or ``"04"`` -> ``"04"``; anything but a whole number is refused by argparse.

    >>> lesson_number("4")
    '04'
    """
    import argparse

    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"a lesson is given by its number, such as 04 or 4, "
                                         f"not {text!r}")
    return f"{int(text):02d}"


def register(subparsers):
    parser = options.add_command(subparsers, "exercises", __doc__)
    parser.set_defaults(func=list_all)
    sub = parser.add_subparsers(title="actions", metavar="ACTION")
    start = sub.add_parser("start", help=f"copy one lesson's skeleton to {WORKING_FOLDER}/ "
                           "(git-ignored), the file you edit")
    start.add_argument("lesson", type=lesson_number, help="lesson number, e.g. 04")
    start.set_defaults(func=start_one)
    check = sub.add_parser("check", help="run the checks of one lesson on your file")
    check.add_argument("lesson", type=lesson_number, help="lesson number, e.g. 04")
    check.add_argument("--file", metavar="PATH",
                       help=f"your file (default: your copy in {WORKING_FOLDER}/, made by "
                       "exercises start; the untouched skeleton until then)")
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


def start_one(args):
    try:
        copy = start_lesson(args.lesson)
    except (ValueError, OSError) as exc:
        return error(exc)
    print(f"copied the skeleton to {copy}: edit it, then run audio-mlp exercises check "
          f"{args.lesson}")
    return 0


def check_one(args):
    try:
        path = args.file
        copy = None if path is not None or args.lesson not in lesson_files("exercises") \
            else working_copy(args.lesson)  # no skeleton: check_lesson says what is missing
        if copy is not None and copy.is_file():
            path = copy
        elif copy is not None:
            options.note(f"checking the untouched skeleton; audio-mlp exercises start "
                         f"{args.lesson} copies it to {WORKING_FOLDER}/ for you to edit")
        outcomes = check_lesson(args.lesson, path, only=args.task)
    except (ValueError, FileNotFoundError) as exc:
        return error(exc)
    _print(outcomes)
    passed = sum(o.status == PASS for o in outcomes)
    print(f"{passed} of {len(outcomes)} tasks pass")
    return 0 if passed == len(outcomes) else 1
