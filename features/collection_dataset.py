"""Any layout -> ``X (n_clips, n_features)``, labels and groups: :func:`load_collection`.

The RAVDESS layout goes to :func:`features.dataset.load_dataset` unchanged (its result wrapped). The ``folders`` and
``manifest`` layouts (:mod:`features.collection`) give a list of records; their features come from
the same extraction (:func:`features.dataset.extract_one`, in parallel with joblib), the same bad
file policy (skipped by name, or refused with ``strict=True``) and the same cache
(:mod:`features.cache`, keyed on the preset and every file's identity), so a clip gets the same
bits whichever layout names it.

Groups are given to the models as integers: the sorted distinct group names are numbered 1..G
(``FeatureSet.actors``; the names stay in :attr:`CollectionSet.groups`). Data without groups gets
one number per clip, so a grouped split of it is an ordinary split of clips.

Lesson: lessons/19_your_own_audio.md#one-call-for-every-layout
"""

import time
import warnings
from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np

from features import cache, dataset
from features.collection import LAYOUTS, CollectionError, check_recordings, detect_layout, read_layout
from features.dataset import (BadClipWarning, ExtractionError, FeatureSet, _compile_in_this_process,
                              extract_one)
from features.presets import get_preset
from features.source import cache_folder


@dataclass
class CollectionSet(FeatureSet):
    """A :class:`~features.dataset.FeatureSet` that also says which layout it came from."""

    layout: str = "ravdess"
    groups: np.ndarray = None  # (n_clips,) group names, or None when the data has no groups

    @property
    def has_groups(self):
        return self.groups is not None

    @property
    def classes(self):
        """The class names, sorted: what a model trained on this set predicts."""
        return sorted(set(self.y.tolist()))

    @property
    def balanced(self):
        """True when every class has the same number of clips."""
        return len(set(Counter(self.y.tolist()).values())) == 1

    def summary(self):
        groups = (f"{len(set(self.groups.tolist()))} groups" if self.has_groups else "no groups")
        return (f"{self.layout} layout, {self.root}: {len(self.classes)} classes, {groups}; "
                + super().summary())


def group_codes(groups):
    """Group names -> integers 1..G in sorted name order, (n_clips,).

    >>> group_codes(["bo", "al", "bo"]).tolist()
    [2, 1, 2]
    """
    names = sorted(set(groups))
    number = {name: k + 1 for k, name in enumerate(names)}
    return np.array([number[g] for g in groups], dtype=int)


def load_collection(data=None, *, layout=None, preset="default", n_jobs=1, strict=False,
                    cache_dir=None, progress=True, label_pattern=None, group_pattern=None,
                    limit=None):
    """One feature vector per recording of ``data``, in any layout: a :class:`CollectionSet`.

    ``layout`` None detects it (:func:`features.collection.detect_layout`); ``data`` None is
    RAVDESS (``RAVDESS_DIR``, the cache or a download). ``limit`` applies to RAVDESS only.

    Lesson: lessons/19_your_own_audio.md#one-call-for-every-layout
    """
    if layout is not None and layout not in LAYOUTS:
        raise CollectionError(f"layout={layout!r}: choose one of {', '.join(LAYOUTS)}")
    if layout is None:
        layout = "ravdess" if data is None else detect_layout(data)
    if layout == "ravdess":
        if label_pattern or group_pattern:
            raise CollectionError("label_pattern and group_pattern apply to the folders and "
                                  "manifest layouts; RAVDESS names carry emotion and actor")
        fs = dataset.load_dataset(data, preset=preset, n_jobs=n_jobs, limit=limit, strict=strict,
                          cache_dir=cache_dir, progress=progress)
        return CollectionSet(**{f.name: getattr(fs, f.name) for f in fields(dataset.FeatureSet)},
                             layout="ravdess", groups=fs.actors.astype(str))
    if limit is not None:
        raise CollectionError("limit applies to the RAVDESS layout only")
    start = time.perf_counter()
    preset = get_preset(preset)
    cache_dir = Path(cache_dir) if cache_dir else cache_folder()
    layout, root, records = read_layout(data, layout, label_pattern=label_pattern,
                                        group_pattern=group_pattern)
    arrays, records, skipped, entry, from_cache = _features(records, preset, n_jobs=n_jobs,
                                                            strict=strict, cache_dir=cache_dir,
                                                            progress=progress)
    check_recordings(records, where=f"{root} (after skipping the unusable files)")
    names = [r.group for r in records]
    has_groups = records[0].group is not None
    return CollectionSet(
        X=arrays["X"], y=np.array([r.label for r in records]),
        actors=group_codes(names) if has_groups else np.arange(1, len(records) + 1),
        feature_names=arrays["feature_names"].tolist(), clips=records, preset=preset.name,
        root=root, cache_path=entry, from_cache=from_cache,
        seconds=time.perf_counter() - start, skipped=skipped, layout=layout,
        groups=np.array(names) if has_groups else None)


def _features(records, preset, *, n_jobs, strict, cache_dir, progress):
    """``(arrays, kept records, skipped, cache entry or None, from_cache)``, cached like RAVDESS."""
    key = cache.make_key(preset.key(), [r.path for r in records])
    entry = cache.entry_path(cache_dir, preset.name, key)
    try:
        return cache.load(entry, key), records, [], entry, True
    except cache.CacheMiss as miss:
        if entry.exists():
            warnings.warn(f"rebuilding the feature cache: {miss}", stacklevel=3)
    arrays, kept, skipped = extract_rows(records, preset, n_jobs=n_jobs, strict=strict,
                                         progress=progress)
    if skipped:  # not cached: the files are tried again next time (as for RAVDESS)
        warnings.warn(f"{len(skipped)} of {len(records)} files skipped (not cached: they are "
                      "tried again next time):\n" + "\n".join(f"  {p}: {r}" for p, r in skipped),
                      BadClipWarning, stacklevel=3)
        return arrays, [records[i] for i in kept], skipped, None, False
    cache.save(entry, key, arrays)
    return arrays, records, [], entry, False


def extract_rows(records, preset, *, n_jobs=1, strict=False, progress=False):
    """Extract every record: ``(arrays for the cache, kept indices, skipped (path, reason))``.

    The same work as :func:`features.dataset.extract_one` on each file, in parallel with joblib
    (or on a Dask cluster, :mod:`features.backend`), but *streamed*: each result is written into
    one preallocated float64 matrix as it arrives and its column names are dropped, so memory
    holds one row of 230 numbers per clip and nothing more, however large the corpus
    (``benchmarks/bench_collection.py`` measures it).

    Lesson: lessons/19_your_own_audio.md#speed-and-memory
    """
    from joblib import Parallel, delayed
    from tqdm.auto import tqdm

    if n_jobs == 1:
        results = (extract_one(r.path, preset) for r in records)
    else:
        _compile_in_this_process(preset)  # numba's on-disk cache, complete before the workers
        results = Parallel(n_jobs=n_jobs, return_as="generator", batch_size=8)(
            delayed(extract_one)(r.path, preset) for r in records)
    X, names, kept, skipped = None, None, [], []
    bar = dict(total=len(records), desc=f"features ({preset.name})", unit="clip",
               disable=not progress)
    for i, (vector, row_names, reason) in enumerate(tqdm(results, **bar)):
        if reason is not None:
            if strict:
                raise ExtractionError(f"{records[i].path}: {reason}")
            skipped.append((records[i].path, reason))
            continue
        if X is None:
            X, names = np.empty((len(records), vector.size), dtype=np.float64), row_names
        X[len(kept)] = vector  # row k of X is the k-th usable file
        kept.append(i)
    if not kept:
        raise ExtractionError(f"no file could be used; the first failure: {skipped[0][0]}: "
                              f"{skipped[0][1]}")
    return {"X": np.ascontiguousarray(X[:len(kept)]),  # (n_kept, n_features)
            "feature_names": np.array(names)}, kept, skipped
