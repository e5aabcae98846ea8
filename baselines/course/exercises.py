"""The exercise checker: runs a lesson's hidden checks against a student's file.

Each lesson with *implement it* tasks has three files, named alike:

* ``lessons/exercises/NN_<topic>.py``: the skeleton the student edits; every function states its
  contract in its docstring (shapes, the equation label) and its body raises NotImplementedError;
* ``lessons/solutions/NN_<topic>.py``: the reference solution;
* ``lessons/checks/NN_<topic>.py``: the checks, with ``TASKS``, a list of :class:`Task`.

A check is a function ``check(student)`` of the student's module. It calls the student's
functions, compares what they return with an independent oracle (finite differences,
scikit-learn, librosa, numbers worked by hand) and raises :class:`CheckFailed` with a diagnostic
that points at what is wrong without giving the answer away. A NotImplementedError raised by
the student's code means the task is not attempted yet.

``audio-mlp exercises`` lists every task and its status; ``audio-mlp exercises check NN
[--file PATH]`` runs the checks of lesson NN (exit status 0 only when every task passes).

Lesson: lessons/README.md#exercises
"""

import importlib.util
import itertools
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

LESSONS = Path(__file__).resolve().parents[2] / "lessons"

PASS, FAIL, NOT_ATTEMPTED = "pass", "fail", "not attempted"

_loaded = itertools.count()


class CheckFailed(AssertionError):
    """A task's answer is wrong; the message says how, without giving the answer away."""


@dataclass(frozen=True)
class Task:
    """One *implement it* or *break it* task: what it asks and the check that judges it."""

    name: str  # short id, e.g. "dense_backward"
    prompt: str  # one line: what the student does
    check: callable  # check(student_module) -> None, or raises CheckFailed


@dataclass(frozen=True)
class Outcome:
    task: Task
    status: str  # PASS, FAIL or NOT_ATTEMPTED
    message: str = ""


def lesson_files(folder="checks", root=LESSONS):
    """``{"NN": path}`` for every ``NN_<topic>.py`` in ``root/folder``."""
    return {path.name[:2]: path for path in sorted((Path(root) / folder).glob("[0-9][0-9]_*.py"))}


def load_module(path):
    """Import the Python file at ``path`` as a fresh module (never cached between calls)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    spec = importlib.util.spec_from_file_location(f"_exercise_{next(_loaded)}_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and pickling look modules up by name
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def tasks_of(lesson, root=LESSONS):
    """The :class:`Task` list of lesson ``lesson`` ("04" or 4)."""
    lesson = f"{int(lesson):02d}"
    checks = lesson_files("checks", root)
    if lesson not in checks:
        raise ValueError(f"lesson {lesson} has no exercise checks; lessons with checks: "
                         f"{', '.join(checks) or 'none'}")
    return load_module(checks[lesson]).TASKS


def default_file(lesson, root=LESSONS):
    """The skeleton of lesson ``lesson`` in ``lessons/exercises/``."""
    lesson = f"{int(lesson):02d}"
    try:
        return lesson_files("exercises", root)[lesson]
    except KeyError:
        raise ValueError(f"lesson {lesson} has no skeleton in {Path(root) / 'exercises'}") from None


WORKING_FOLDER = Path("my_exercises")
"""Where ``audio-mlp exercises start NN`` puts the student's copy of a skeleton (relative to the
current folder; git-ignored), so the tracked skeletons are never edited."""


def working_copy(lesson, folder=WORKING_FOLDER, root=LESSONS):
    """The path of the student's copy of lesson ``lesson``'s skeleton in ``folder``."""
    return Path(folder) / default_file(lesson, root).name


def start_lesson(lesson, folder=WORKING_FOLDER, root=LESSONS):
    """Copy lesson ``lesson``'s skeleton to ``folder`` (made if missing); the copy's path.

    An existing copy is never overwritten: it holds the student's work.
    """
    copy = working_copy(lesson, folder, root)
    if copy.exists():
        raise FileExistsError(f"{copy} exists already (your work on lesson {int(lesson):02d}); "
                              "delete it to start again")
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_text(default_file(lesson, root).read_text(encoding="utf-8"), encoding="utf-8")
    return copy


def run_task(task, student):
    """Judge one task on the loaded ``student`` module: an :class:`Outcome`."""
    try:
        task.check(student)
    except NotImplementedError:
        return Outcome(task, NOT_ATTEMPTED)
    except CheckFailed as failure:
        return Outcome(task, FAIL, str(failure))
    except Exception as exc:  # the student's code crashed: say where, in their file
        frames = [f for f in traceback.extract_tb(exc.__traceback__)
                  if f.filename == getattr(student, "__file__", None)]
        where = f" (line {frames[-1].lineno} of your file)" if frames else ""
        return Outcome(task, FAIL, f"raised {type(exc).__name__}: {exc}{where}")
    return Outcome(task, PASS)


def check_lesson(lesson, path=None, *, only=None, root=LESSONS):
    """Every task of lesson ``lesson`` judged on the file at ``path`` (default: its skeleton).

    ``only`` names one task. Returns a list of :class:`Outcome`. A file that does not even
    import is reported as one failure for every task.
    """
    tasks = [t for t in tasks_of(lesson, root) if only is None or t.name == only]
    if only is not None and not tasks:
        raise ValueError(f"lesson {lesson} has no task {only!r}; its tasks: "
                         f"{', '.join(t.name for t in tasks_of(lesson, root))}")
    path = Path(path) if path else default_file(lesson, root)
    try:
        student = load_module(path)
    except Exception as exc:
        return [Outcome(t, FAIL, f"{path} does not import: {type(exc).__name__}: {exc}")
                for t in tasks]
    return [run_task(task, student) for task in tasks]
