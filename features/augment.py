"""Data augmentation of waveforms, and the features of the augmented copies, cached.

Three pure functions of a waveform, each a plausible other recording of the same utterance:

* :func:`speed`: played ``factor`` times faster by resampling, so the clip is ``1/factor`` as
  long and every frequency, F0 included, is ``factor`` times higher (L18.10);
* :func:`add_noise`: white noise from a seeded generator, scaled so that the signal-to-noise
  ratio over the whole clip is exactly ``snr_db`` (L18.11);
* :func:`gain`: the waveform times ``10^(db/20)`` (no clipping: samples are floats).

:data:`AUGMENTATIONS` names the copies used in the experiments; :func:`augmented_features`
extracts one copy of every clip with a preset and caches the matrix like ``load_dataset`` does
(same key recipe, plus the augmentation). Which rows may be *trained* on is the caller's business
(``baselines.models.augmented``): augmented copies belong in training folds only.

Lesson: lessons/18_prosody_and_augmentation.md#augmentation
"""

import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from features import cache
from features.audio import resample
from features.presets import get_preset
from features.source import cache_folder


def speed(y, *, sr, factor):
    """``y`` played ``factor`` times faster: resampled from ``sr`` to ``sr / factor`` (L18.10).

    Read back at ``sr`` the copy has ``round(n / factor)`` samples and every frequency times
    ``factor`` (the pitch moves with the tempo, as on a tape played faster).

    >>> speed(np.zeros(16000, dtype=np.float32), sr=16000, factor=1.1).size
    14545
    """
    if not factor > 0:
        raise ValueError(f"factor={factor!r}: a speed factor must be positive")
    return resample(np.asarray(y, dtype=np.float32), orig_sr=sr * factor, target_sr=sr)  # (L18.10)


def add_noise(y, *, snr_db, rng):
    """``y`` plus white Gaussian noise at ``snr_db`` over the whole clip (L18.11).

    The noise drawn from ``rng`` (a ``numpy.random.Generator``) is rescaled so that
    10 log10(mean(y^2) / mean(noise^2)) = snr_db exactly.
    """
    y = np.asarray(y, dtype=np.float64)
    signal_power = np.mean(y**2)
    if signal_power == 0:
        raise ValueError("add_noise: the waveform is silent, so no SNR is defined")
    noise = rng.standard_normal(y.size)
    noise *= np.sqrt(signal_power / 10 ** (snr_db / 10) / np.mean(noise**2))  # (L18.11)
    return (y + noise).astype(np.float32)


def gain(y, *, db):
    """``y`` scaled by ``db`` decibels: y * 10^(db / 20)."""
    return (np.asarray(y, dtype=np.float64) * 10 ** (db / 20)).astype(np.float32)


@dataclass(frozen=True)
class Augmentation:
    """A named way to make one copy of a clip: ``apply(y, sr, rng) -> y'`` and its settings."""

    name: str
    apply: object  # callable (y, sr, rng) -> waveform at the same sr
    settings: dict  # what the copy depends on (it keys the cache)


AUGMENTATIONS = {
    "speed0.9": Augmentation("speed0.9", lambda y, sr, rng: speed(y, sr=sr, factor=0.9),
                             {"speed": 0.9}),
    "speed1.1": Augmentation("speed1.1", lambda y, sr, rng: speed(y, sr=sr, factor=1.1),
                             {"speed": 1.1}),
    "noise20": Augmentation("noise20", lambda y, sr, rng: add_noise(y, snr_db=20.0, rng=rng),
                            {"noise": "white", "snr_db": 20.0}),
    # a gain drawn per clip, uniform in [-6, +6] dB
    "gain6": Augmentation("gain6", lambda y, sr, rng: gain(y, db=rng.uniform(-6.0, 6.0)),
                          {"gain_db": "uniform(-6, 6)"}),
}


def get_augmentation(name):
    """The :class:`Augmentation` called ``name``; a clear error for an unknown one."""
    try:
        return AUGMENTATIONS[name]
    except KeyError:
        raise ValueError(f"augmentation={name!r}: choose one of {sorted(AUGMENTATIONS)}") from None


def clip_rng(path, seed):
    """The generator for one clip's copy: seeded by ``seed`` and the file's name only, so a clip
    gets the same noise in any order, in any worker."""
    return np.random.default_rng([seed, zlib.crc32(Path(path).name.encode())])


def augment_one(path, preset, augmentation, seed):
    """One clip's augmented feature vector ``(n_features,)`` (errors name the file)."""
    y, sr = preset.load(path)  # the preset's rate and clip limits
    vector, _ = preset.extract(augmentation.apply(y, sr, clip_rng(path, seed)), sr)
    if not np.all(np.isfinite(vector)):
        raise ValueError(f"{path}: the {augmentation.name} copy's features are not all finite")
    return vector


def augmented_features(clips, *, preset="default", augmentation, seed=0, n_jobs=1,
                       cache_dir=None, progress=False):
    """``X (n_clips, n_features)``: row i is ``clips[i]``'s ``augmentation`` copy, cached.

    ``clips``: the ``FeatureSet.clips`` of ``features.load_dataset`` (so the rows line up with
    its ``X``). The cache entry's key is ``load_dataset``'s plus the augmentation and ``seed``.
    These clips were read once already, so a copy that cannot be made raises (naming the file)
    instead of being skipped: a missing row would shift every later one. ``progress`` shows a
    progress bar while the copies are extracted.

    Lesson: lessons/18_prosody_and_augmentation.md#augmentation
    """
    from joblib import Parallel, delayed
    from tqdm.auto import tqdm

    preset, augmentation = get_preset(preset), get_augmentation(augmentation)
    cache_dir = Path(cache_dir) if cache_dir else cache_folder()
    preset_key = {**preset.key(), "augmentation": augmentation.name,
                  **augmentation.settings, "augmentation_seed": seed}
    paths = [clip.path for clip in clips]
    key = cache.make_key(preset_key, paths)
    entry = cache.entry_path(cache_dir, f"{preset.name}-{augmentation.name}", key)
    try:
        return cache.load(entry, key)["X"]
    except cache.CacheMiss:
        pass
    if n_jobs == 1:  # Preset.extract runs on one BLAS thread: the same bits either way
        rows = (augment_one(p, preset, augmentation, seed) for p in paths)
    else:
        from features.dataset import _compile_in_this_process  # numba's cache, before the workers

        _compile_in_this_process(preset)
        rows = Parallel(n_jobs=n_jobs, return_as="generator", batch_size=8)(
            delayed(augment_one)(p, preset, augmentation, seed) for p in paths)
    bar = dict(total=len(paths), desc=f"{augmentation.name} copies ({preset.name})", unit="clip",
               disable=not progress)
    X = None
    for i, row in enumerate(tqdm(rows, **bar)):  # into one matrix as the rows arrive
        if X is None:
            X = np.empty((len(paths), row.size), np.float64)  # (n_clips, n_features)
        X[i] = row
    if X is None:
        raise ValueError("augmented_features: no clips to copy")
    cache.save(entry, key, {"X": X})
    return X
