"""Extraction speed and memory on a synthetic labelled corpus (your own audio, lesson 19).

    python benchmarks/bench_collection.py [--sizes 5000 20000] [--seconds 1.0] [--keep DIR]

For each size it writes a corpus of one-second clips (tones, noise bands and chirps in 10
classes and 20 groups, :func:`features.synthetic_corpus.make_corpus`) under a temporary folder
in /tmp (never in the repository), then runs :func:`features.collection_dataset.load_collection`
three times, each in a fresh process so each peak is its own:

* 1 worker (extraction in the process itself), fresh cache;
* 2 workers (joblib processes), another fresh cache;
* a warm cache (the 2-worker run's entry).

It prints clips per second, the 2-worker speed-up, and the peak resident memory of the parent
(``getrusage``'s ``ru_maxrss``) and of the largest worker (``VmHWM`` in ``/proc``: Linux only). Between sizes it prints the ratios
the issue asks for: peak memory (should stay within 1.5x) and time per clip (within 10% of
linear). Timings on a shared machine are noisy: read the ratios of one run, not the absolutes.
"""

import argparse
import builtins
import functools
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a source checkout

N_CLASSES, N_GROUPS = 10, 20


def one_run(data, cache, jobs):
    """In this (fresh) process: load the corpus once; print a JSON line of what it measured."""
    from features.collection_dataset import load_collection

    start = time.perf_counter()
    fs = load_collection(data, cache_dir=cache, n_jobs=jobs, progress=False,
                         group_pattern=r"^(?P<group>g\d\d)_")
    seconds = time.perf_counter() - start
    print(json.dumps({
        "clips": len(fs.clips), "seconds": seconds, "from_cache": fs.from_cache,
        "parent_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # KiB on Linux
        "worker_mib": max(children_peak_kib(), default=0) / 1024}))


def children_peak_kib():
    """The peak RSS (``VmHWM``, KiB) of each live child process: joblib's workers (Linux /proc)."""
    me = str(os.getpid())
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if fields[1] != me:  # the parent pid, after the state field
                continue
            status = (stat.parent / "status").read_text()
        except OSError:  # the process ended meanwhile
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                yield int(line.split()[1])


def measure(data, cache, jobs):
    out = subprocess.run([sys.executable, __file__, "--one-run", str(data), str(cache), str(jobs)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def make(root, n_clips, seconds):
    from features.synthetic_corpus import make_corpus

    per_group = max(1, round(n_clips / (N_CLASSES * N_GROUPS)))
    start = time.perf_counter()
    paths = make_corpus(root, n_classes=N_CLASSES, n_groups=N_GROUPS, per_group=per_group,
                        seconds=seconds, sr=16000)
    return len(paths), time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--seconds", type=float, default=1.0, help="clip length")
    parser.add_argument("--keep", metavar="DIR", help="write the corpora here and keep them")
    parser.add_argument("--one-run", nargs=3, metavar=("DATA", "CACHE", "JOBS"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_run:
        data, cache, jobs = args.one_run
        return one_run(Path(data), Path(cache), int(jobs))

    print = functools.partial(builtins.print, flush=True)  # noqa: A001 (progress as it goes)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {platform.system()}, "
          f"Python {platform.python_version()}; load average {os.getloadavg()[0]:.1f}")
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench_collection_",
                                                                   dir="/tmp"))
    rows = {}
    try:
        measure_warmup = base / "warmup"  # numba compiles librosa helpers once, outside the timing
        make(measure_warmup / "data", N_CLASSES * 2, args.seconds)
        measure(measure_warmup / "data", measure_warmup / "cache", 1)
        for size in args.sizes:
            root = base / f"corpus_{size}"
            n, made = make(root / "data", size, args.seconds)
            print(f"\n{n} clips of {args.seconds:g} s ({N_CLASSES} classes, {N_GROUPS} groups), "
                  f"written in {made:.0f} s")
            one = measure(root / "data", root / "cache1", 1)
            two = measure(root / "data", root / "cache2", 2)
            warm = measure(root / "data", root / "cache2", 2)
            assert not one["from_cache"] and not two["from_cache"] and warm["from_cache"]
            for name, r in (("1 worker", one), ("2 workers", two), ("warm cache", warm)):
                print(f"  {name:10}  {r['clips'] / r['seconds']:8.1f} clips/s  "
                      f"{r['seconds']:7.1f} s  peak RSS parent {r['parent_mib']:6.0f} MiB, "
                      f"largest worker {r['worker_mib']:6.0f} MiB")
            print(f"  speed-up 2 workers / 1 worker: {one['seconds'] / two['seconds']:.2f}x; "
                  f"warm cache / 1 worker: {one['seconds'] / warm['seconds']:.0f}x")
            rows[n] = (one, two)
            shutil.rmtree(root / "data") if not args.keep else None
        sizes = sorted(rows)
        for small, large in zip(sizes, sizes[1:]):
            print(f"\n{small} -> {large} clips ({large / small:.1f}x the clips):")
            for k, name in enumerate(("1 worker", "2 workers")):
                a, b = rows[small][k], rows[large][k]
                memory = max(b["parent_mib"], b["worker_mib"]) / max(a["parent_mib"],
                                                                     a["worker_mib"])
                per_clip = (b["seconds"] / large) / (a["seconds"] / small)
                print(f"  {name:10}  peak RSS {memory:.2f}x (target <= 1.5x); time per clip "
                      f"{per_clip:.2f}x of linear (target within 0.90-1.10)")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
