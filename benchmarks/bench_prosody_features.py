"""Prosody features on RAVDESS: pyin against yin, and the prosody preset's cost against default.

    python benchmarks/bench_prosody_features.py [--data DIR] [--cache-dir DIR] [--f0-clips N]
                                                [--augment] [--n-jobs J]

1. F0 trackers: ``librosa.yin`` and ``librosa.pyin`` on the same N clips (16 kHz, frame 1024,
   hop 256, 60-600 Hz), one BLAS thread, alternating clip by clip; prints seconds per clip and the
   ratio, and how often our voicing rule (periodicity >= 0.5 on active frames) agrees with pyin's
   ``voiced_flag``.
2. ``load_dataset`` of all clips with ``default`` then ``prosody`` into ``--cache-dir`` (cold:
   each preset's entry is deleted first), one run, n_jobs as given; prints both times and the ratio.
3. ``--augment``: the augmented copies of every clip (``features.augment.AUGMENTATIONS``) for both
   presets, into the same cache, for benchmarks/bench_prosody.py.

Timings come from a shared 2-core machine: read the ratios, not the seconds.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a source checkout

from features import load_dataset  # noqa: E402
from features.audio import load_audio  # noqa: E402
from features.augment import AUGMENTATIONS, augmented_features  # noqa: E402
from features.mel import power_to_db  # noqa: E402
from features.presets import get_preset  # noqa: E402
from features.prosody import periodicity  # noqa: E402
from features.ravdess import discover, find_root  # noqa: E402
from features.spectral import rms  # noqa: E402
from features.stft import stft  # noqa: E402

F0 = dict(fmin=60.0, fmax=600.0, sr=16000, frame_length=1024, hop_length=256)


def compare_f0(paths):
    import librosa

    ys = [load_audio(p, sr=16000)[0].astype(np.float64) for p in paths]
    librosa.yin(ys[0], **F0), librosa.pyin(ys[0][:16000], **F0)  # compile numba helpers first
    t_yin = t_pyin = 0.0
    agree, frames = 0, 0
    for y in ys:
        start = time.perf_counter()
        librosa.yin(y, **F0)
        t_yin += time.perf_counter() - start
        start = time.perf_counter()
        _, voiced_flag, _ = librosa.pyin(y, **F0)
        t_pyin += time.perf_counter() - start
        loudness = power_to_db(rms(S=np.abs(stft(y=y, n_fft=1024, hop_length=256))) ** 2,
                               top_db=None)[0]
        active = loudness >= loudness.max() - 40.0
        ours = active & (periodicity(y=y, sr=16000)[0] >= 0.5)
        agree += np.count_nonzero(ours == voiced_flag)
        frames += ours.size
    n = len(ys)
    print(f"F0 on {n} clips: yin {1000 * t_yin / n:.1f} ms/clip, pyin {1000 * t_pyin / n:.1f} "
          f"ms/clip, pyin/yin = {t_pyin / t_yin:.1f}")
    print(f"voicing (periodicity >= 0.5, active) agrees with pyin's voiced_flag on "
          f"{100 * agree / frames:.1f}% of {frames} frames")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None)
    parser.add_argument("--cache-dir", required=True)
    parser.add_argument("--f0-clips", type=int, default=48)
    parser.add_argument("--n-jobs", type=int, default=1)
    parser.add_argument("--augment", action="store_true")
    args = parser.parse_args(argv)
    root = find_root(args.data, cache_dir=args.cache_dir)
    clips, _ = discover(root)
    step = max(1, len(clips) // args.f0_clips)
    with threadpool_limits(limits=1, user_api="blas"):
        compare_f0([c.path for c in clips[::step][: args.f0_clips]])
    seconds = {}
    for name in ("default", "prosody"):
        for old in (Path(args.cache_dir) / "features").glob(f"{name}-*.npz"):
            if not any(old.name.startswith(f"{name}-{a}-") for a in AUGMENTATIONS):
                old.unlink()  # a cold run
        start = time.perf_counter()
        fs = load_dataset(args.data, preset=name, n_jobs=args.n_jobs, cache_dir=args.cache_dir,
                          progress=False)
        seconds[name] = time.perf_counter() - start
        print(f"{name}: {fs.summary()}")
    print(f"prosody / default extraction time: {seconds['prosody'] / seconds['default']:.2f} "
          f"(n_jobs={args.n_jobs}, {len(fs.clips)} clips, 2-core shared VM)")
    if args.augment:
        for name in ("default", "prosody"):
            for aug in AUGMENTATIONS:
                start = time.perf_counter()
                X = augmented_features(fs.clips, preset=get_preset(name), augmentation=aug,
                                       n_jobs=args.n_jobs, cache_dir=args.cache_dir)
                print(f"{name} + {aug}: {X.shape} in {time.perf_counter() - start:.0f} s",
                      flush=True)


if __name__ == "__main__":
    main()
