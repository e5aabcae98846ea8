"""The ``audio-mlp`` command line.

Each subcommand lives in its own module, which exposes ``register(subparsers)``: it adds its parser
and sets ``func`` to the function that runs it. This file only gathers them, so adding a command
means adding one name to ``COMMAND_MODULES``. What several commands share (the common options,
the checks, the error style) is :mod:`baselines.cli.options`. A Ctrl-C at any moment, from the
first import on, ends any command with one line, ``audio-mlp: interrupted``, and exit status 130,
not a traceback; every output is written in one commit (a rename), so nothing has changed. Worker
processes leave Ctrl-C to the command and end when it dies
(:func:`features.backend.guarded_workers`). Python warnings (a file left out, two
clips that hold the same recording) go to stderr as ``audio-mlp: warning: ...``, each text once,
instead of Python's form with a source file and line of this package.

Lesson: lessons/25_running_the_comparison.md#checked-before-any-work
"""

import argparse
import importlib
import sys
import warnings

from features.files import installed_version

COMMAND_MODULES = [
    "baselines.cli.demo",
    "baselines.cli.features",
    "baselines.cli.compare",
    "baselines.cli.train",
    "baselines.cli.exercises",
    "baselines.cli.predict",
    "baselines.cli.course",
]


COMMANDS = {"demo": "baselines.cli.demo", "features": "baselines.cli.features",
            "figures": "baselines.cli.features", "compare": "baselines.cli.compare",
            "train": "baselines.cli.train", "exercises": "baselines.cli.exercises",
            "predict": "baselines.cli.predict", "course": "baselines.cli.course"}
"""Command -> the module that registers it (``features`` registers ``figures`` too)."""


def build_parser(command=None):
    """The argument parser; only ``command``'s module (all of them when ``None``) is imported and
    registers its options, the others are listed with their line of help alone, so that
    ``audio-mlp --help`` imports no numerical library.

    >>> parser = build_parser("demo")
    >>> parser.prog
    'audio-mlp'
    """
    from baselines.cli.options import COMMAND_HELP

    parser = argparse.ArgumentParser(
        prog="audio-mlp",
        description="Audio classification taught end to end: a NumPy MLP, scikit-learn "
        "baselines and RAVDESS emotional speech.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {installed_version('audio-mlp')}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMAND_MODULES:
        registers = [c for c, module in COMMANDS.items() if module == name]
        if command is None or command in registers:
            importlib.import_module(name).register(subparsers)
        else:
            for other in registers:
                subparsers.add_parser(other, help=COMMAND_HELP[other])
    return parser


def command_of(argv):
    """The command ``argv`` names (its first word that is a command), or ``None``."""
    return next((arg for arg in argv if arg in COMMANDS), None)


def _each_once(shown):
    """A ``warnings.showwarning`` that prints each text once, as ``audio-mlp: warning: ...``
    (``audio-mlp: note: ...`` for information about the data, :class:`features.dataset.DataNote`)."""

    def show(message, category, filename, lineno, file=None, line=None):
        text = str(message)
        if text in shown:
            return
        shown.add(text)
        if category.__name__ == "DataNote":  # by name: features.dataset is not imported here
            kind, text = "note", text.removeprefix("Note: ")
        else:
            kind = "warning" if issubclass(category, UserWarning) else category.__name__
        print(f"audio-mlp: {kind}: {text}", file=sys.stderr if file is None else file)

    return show


PATTERN_OPTIONS = ("--group-pattern", "--label-pattern")
"""Options whose value is a regular expression, which may start with ``-``."""


def with_pattern_values_attached(argv):
    """``argv`` with ``--group-pattern VALUE`` written ``--group-pattern=VALUE``, so that argparse
    takes a value starting with ``-`` (``-(?P<group>\\d+)$``) as the value, not as an option.

    >>> with_pattern_values_attached(["--group-pattern", "-(?P<group>x)", "--jobs", "1"])
    ['--group-pattern=-(?P<group>x)', '--jobs', '1']
    """
    argv, joined = list(argv), []
    while argv:
        arg = argv.pop(0)
        joined.append(f"{arg}={argv.pop(0)}" if arg in PATTERN_OPTIONS and argv else arg)
    return joined


def main(argv=None):
    """Entry point of the console script; returns the process exit code."""
    exiting = argv is None  # the command line, not a call from Python
    try:  # Ctrl-C may come as early as the imports of the command's module
        argv = with_pattern_values_attached(sys.argv[1:] if argv is None else argv)
        parser = build_parser(command_of(argv) or "")  # "": no command, none is registered in full
        args = parser.parse_args(argv)
        if not hasattr(args, "func"):
            parser.print_help()
            return 0
        from features.backend import guarded_workers

        with warnings.catch_warnings(), guarded_workers():  # the caller's settings come back
            warnings.showwarning = _each_once(set())
            return args.func(args) or 0
    except KeyboardInterrupt:  # Ctrl-C: one line and the shell's status for SIGINT
        interrupted(exiting=exiting)
        return 130


def interrupted(*, exiting=True):
    """The one line of a Ctrl-C, after the ``^C`` a terminal shows. ``exiting`` (the command
    line, not a call from Python): further Ctrl-Cs are ignored while the process exits, so no
    traceback follows the line."""
    import signal

    if exiting:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    print(("\n" if sys.stderr.isatty() else "") + "audio-mlp: interrupted", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
