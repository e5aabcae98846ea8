"""Feature-extraction benchmark on RAVDESS: one STFT per clip against the seed notebook's way.

    python benchmarks/bench_features.py [--data DIR] [--limit N] [--skip-parallel]
    python benchmarks/bench_features.py --only default egemaps --skip-parallel   # two presets
    python benchmarks/bench_features.py --identity-only    # what the cache key's file identity costs

In one process, over the same clips, it times

* floor:       decode + one STFT per clip (what no preset can avoid);
* seed-style:  decode, then the notebook's three librosa calls, each from the waveform
               (``chroma_stft(S=|stft(y)|)``, ``melspectrogram(y, fmax=8000)``, ``mfcc(y, n_mfcc=40)``);
* seed preset: decode + ``features.presets.PRESETS["seed"]`` (the same 180 numbers, one STFT);
* default:     decode at 16 kHz + the ``default`` preset;
* egemaps:     decode at 16 kHz + the ``egemaps`` preset (openSMILE's eGeMAPSv02 functionals;
               timed only when the optional ``opensmile`` package is installed);

all with one BLAS thread (as ``load_dataset`` runs them), clip by clip in alternating blocks, so a
change in the machine's load hits all alike, and reports each as a ratio to seed-style and to the
default preset (``--only`` times a subset). It also checks that the seed preset's numbers equal the
seed-style ones. Then ``load_dataset`` with 1 and with 2 worker processes (fresh caches; the
workers are started once before timing), and a warm-cache load of the full set. Timings on a shared machine are noisy: read the ratios.

``--identity-only`` times what the cache key could read of every file: ``os.stat`` (the fields the
key uses: size, mtime, inode, ctime) against a SHA-256 of the content, warm (files in the page
cache) and cold (each file's pages evicted first with ``posix_fadvise``, where the OS has it; a
host below a virtual machine may still cache them).
"""

import argparse
import hashlib
import os
import platform
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a source checkout

from features import load_dataset  # noqa: E402
from features.audio import load_audio  # noqa: E402
from features.presets import PRESETS, get_preset, notebook_seed_features  # noqa: E402
from features.ravdess import discover  # noqa: E402
from features.source import find_root  # noqa: E402
from features.stft import stft  # noqa: E402


def seed_style(path):
    """The notebook: decode, then each feature from the waveform separately."""
    return notebook_seed_features(*load_audio(path))


def seed_preset(path):
    return PRESETS["seed"].extract(*PRESETS["seed"].load(path))[0]


def default_preset(path):
    preset = PRESETS["default"]
    return preset.extract(*preset.load(path))[0]


def floor(path):
    y, _ = load_audio(path)
    return stft(y=y)


def egemaps_preset(path):
    preset = PRESETS["egemaps"]
    return preset.extract(*preset.load(path))[0]


def opensmile_installed():
    try:
        get_preset("egemaps")  # raises ImportError without the opensmile extra
    except ImportError:
        return False
    return True


METHODS = {"floor: decode + one STFT": floor, "seed-style (notebook)": seed_style,
           "seed preset (one STFT)": seed_preset, "default preset": default_preset,
           "egemaps preset (openSMILE)": egemaps_preset}
SHORT = dict(zip(["floor", "seed-style", "seed", "default", "egemaps"], METHODS))


def time_methods(paths, methods, block=24):
    """Seconds of each of ``methods`` over ``paths``, and the seed preset's largest relative
    difference from seed-style (``None`` unless both are timed)."""
    seconds = dict.fromkeys(methods, 0.0)
    compared = {"seed preset (one STFT)", "seed-style (notebook)"} <= set(methods)
    worst = 0.0 if compared else None
    for start in range(0, len(paths), block):
        chunk = paths[start:start + block]
        outputs = {}
        for name, method in methods.items():
            t0 = time.perf_counter()
            outputs[name] = [method(p) for p in chunk]
            seconds[name] += time.perf_counter() - t0
        if compared:
            for ours, theirs in zip(outputs["seed preset (one STFT)"],
                                    outputs["seed-style (notebook)"]):
                worst = max(worst, float(np.max(np.abs(ours - theirs) / (np.abs(theirs) + 1e-3))))
    return seconds, worst


def time_identity(paths, rounds=3):
    """Median seconds of ``os.stat`` and of SHA-256 (warm and cold) over all ``paths``."""

    def timed(read):
        t0 = time.perf_counter()
        for path in paths:
            read(path)
        return time.perf_counter() - t0

    def digest(path):
        with open(path, "rb") as handle:
            hashlib.sha256(handle.read()).hexdigest()

    def evict(path):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)

    runs = {"stat (size, mtime, inode, ctime)": [], "sha256, cold": [], "sha256, warm": []}
    for _ in range(rounds):
        if hasattr(os, "posix_fadvise"):
            timed(evict)
            runs["sha256, cold"].append(timed(digest))
        runs["sha256, warm"].append(timed(digest))
        runs["stat (size, mtime, inode, ctime)"].append(timed(os.stat))
    return {name: float(np.median(values)) for name, values in runs.items() if values}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="RAVDESS folder (default: $RAVDESS_DIR)")
    parser.add_argument("--limit", type=int, help="time only the first N clips")
    parser.add_argument("--skip-parallel", action="store_true", help="skip the 1-vs-2-worker runs")
    parser.add_argument("--identity-only", action="store_true",
                        help="only time os.stat against hashing every file (the cache key)")
    parser.add_argument("--only", nargs="+", choices=list(SHORT), default=list(SHORT),
                        metavar="STEP", help="time only these steps: " + ", ".join(SHORT))
    args = parser.parse_args(argv)
    methods = {SHORT[k]: METHODS[SHORT[k]] for k in SHORT if k in args.only}
    if "egemaps" in args.only and not opensmile_installed():
        del methods[SHORT["egemaps"]]
        print('egemaps: not timed (pip install "audio-mlp[opensmile]" to time it)')

    root = find_root(args.data, download_if_missing=False)
    clips, _ = discover(root)
    paths = [c.path for c in clips][: args.limit]
    if args.identity_only:
        seconds = time_identity(paths)
        megabytes = sum(path.stat().st_size for path in paths) / 1e6
        print(f"{len(paths)} files, {megabytes:.0f} MB; median of 3 rounds")
        stat = seconds["stat (size, mtime, inode, ctime)"]
        for name, value in seconds.items():
            print(f"  {name:<34} {value:7.3f} s   {value / stat:6.0f} x stat")
        return 0
    for method in methods.values():  # warm-up: imports, numba compilation, filterbank caches
        method(paths[0])

    with threadpool_limits(limits=1, user_api="blas"):  # as load_dataset does, for all of them
        seconds, worst = time_methods(paths, methods)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; {len(paths)} clips of {root.name}")
    if worst is not None:
        print(f"seed preset vs seed-style: largest relative difference {worst:.1e}\n")
    ratio = lambda value, key: (f"{value / seconds[key]:.2f}" if key in seconds  # noqa: E731
                                else "")
    print(f"| {'step (one process)':<34} | seconds | ms/clip | ratio to seed-style | "
          "ratio to default |")
    print(f"| {'-' * 34} | ------: | ------: | -----------------: | ---------------: |")
    for name, value in seconds.items():
        print(f"| {name:<34} | {value:7.1f} | {1000 * value / len(paths):7.1f} | "
              f"{ratio(value, 'seed-style (notebook)'):>18} | "
              f"{ratio(value, 'default preset'):>16} |")

    if not args.skip_parallel:
        with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            limit = args.limit
            # Start joblib's two worker processes before timing: their start-up (a new Python,
            # numpy, scipy, soundfile) is paid once per session, not per extraction.
            load_dataset(root, preset="seed", n_jobs=2, limit=48, cache_dir=Path(tmp) / "warm-up",
                         progress=False)
            runs = {}
            for jobs in (1, 2):
                t0 = time.perf_counter()
                load_dataset(root, preset="seed", n_jobs=jobs, limit=limit,
                             cache_dir=Path(tmp) / f"jobs{jobs}", progress=False)
                runs[jobs] = time.perf_counter() - t0
            t0 = time.perf_counter()
            warm = load_dataset(root, preset="seed", limit=limit, cache_dir=Path(tmp) / "jobs2",
                                progress=False)
            runs["warm"] = time.perf_counter() - t0
            assert warm.from_cache
        print(f"| {'load_dataset seed, 1 worker':<34} | {runs[1]:7.1f} | "
              f"{1000 * runs[1] / len(paths):7.1f} | {'':>18} |")
        print(f"| {'load_dataset seed, 2 workers':<34} | {runs[2]:7.1f} | "
              f"{1000 * runs[2] / len(paths):7.1f} | {f'speed-up {runs[1] / runs[2]:.2f}x':>18} |")
        print(f"| {'load_dataset seed, warm cache':<34} | {runs['warm']:7.2f} | "
              f"{1000 * runs['warm'] / len(paths):7.2f} | {'':>18} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
