"""How long ``audio-mlp --help`` takes, against an empty Python start, in the same run.

``audio-mlp --help`` lists the commands without importing NumPy, SciPy, scikit-learn or librosa
(each command's module is imported only when that command runs: ``baselines.cli.build_parser``),
so it should cost little more than Python itself; issue 24 asks for under 0.5 s. Each command is
started ``--repeat`` times in a fresh process and the median wall-clock time is printed.

    python benchmarks/bench_cli_startup.py [--repeat 7]
"""

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "audio-mlp --help": [sys.executable, "-m", "baselines", "--help"],
    "audio-mlp train --help": [sys.executable, "-m", "baselines", "train", "--help"],
}


def median_seconds(command, repeat):
    """The median wall-clock seconds of ``repeat`` runs of ``command`` (output discarded)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    for name, command in COMMANDS.items():
        print(f"{name:24} {median_seconds(command, args.repeat):6.3f} s (median of {args.repeat})")


if __name__ == "__main__":
    main()
