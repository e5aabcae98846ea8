"""The ``audio-mlp`` console script: Ctrl-C handled from the first instant, then the command line.

Before :func:`baselines.cli.main` is running, a Ctrl-C would end in a ``KeyboardInterrupt``
traceback from whatever module was being imported. This module imports nothing heavy. It first
makes SIGINT end the process at once with the command line's one line and status 130 (nothing has
started, so nothing needs cleaning up), then imports the command line and gives SIGINT back to
Python: from there a Ctrl-C is a ``KeyboardInterrupt``, which lets every writer remove its
temporary files, and which :func:`baselines.cli.main` turns into the same line (the command's own
module, with NumPy, SciPy and librosa, is imported inside it).

Lesson: lessons/25_running_the_comparison.md#checked-before-any-work
"""

import os
import signal
import sys


def _interrupted_while_starting(signum, frame):
    os.write(2, b"audio-mlp: interrupted\n")
    os._exit(130)


def run():
    """Entry point of the console script. Started with Ctrl-C ignored (a background job of a
    shell script, ``nohup``), it stays ignored, as for any other command."""
    ignored = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    previous = signal.signal(signal.SIGINT,
                             signal.SIG_IGN if ignored else _interrupted_while_starting)
    from baselines.cli import main

    signal.signal(signal.SIGINT, previous)
    sys.exit(main())
