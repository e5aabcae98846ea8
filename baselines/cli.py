"""The ``audio-mlp`` command line.

Each subcommand lives in its own module, which exposes ``register(subparsers)``: it adds its parser
and sets ``func`` to the function that runs it. This file only gathers them, so adding a command
means adding one name to ``COMMAND_MODULES``.
"""

import argparse
import importlib
import sys
from importlib.metadata import PackageNotFoundError, version

COMMAND_MODULES = [
    "baselines.cli_demo",
    "baselines.cli_features",
    "baselines.cli_compare",
    "baselines.cli_train",
    "baselines.cli_exercises",
    "baselines.cli_predict",
]


def package_version():
    """The installed version of the ``audio-mlp`` distribution."""
    try:
        return version("audio-mlp")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"


def build_parser():
    """The argument parser with every registered subcommand.

    >>> parser = build_parser()
    >>> parser.prog
    'audio-mlp'
    """
    parser = argparse.ArgumentParser(
        prog="audio-mlp",
        description="Audio classification taught end to end: a NumPy MLP, scikit-learn "
        "baselines and RAVDESS emotional speech.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv=None):
    """Entry point of the console script; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 0
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
