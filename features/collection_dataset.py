"""Any layout -> ``X (n_clips, n_features)``, labels and groups: :func:`load_collection`.

The RAVDESS layout goes to :func:`features.dataset.load_dataset` unchanged (its result wrapped). The ``folders`` and
``manifest`` layouts (:mod:`features.collection`) give a list of records; their features come from
the very same extraction and cache as RAVDESS (:func:`features.dataset.cached_rows`: one
:func:`features.dataset.extract_one` per file, in parallel with joblib, streamed into one matrix;
the same bad-file policy, skipped by name or refused with ``strict=True``; the same cache, keyed
on the preset and every file's identity), so a clip gets the same bits whichever layout names it.

Groups are given to the models as integers: the distinct group names, sorted naturally (``s2``
before ``s11``), are numbered 1..G
(``FeatureSet.actors``; the names stay in :attr:`CollectionSet.groups`). Data without groups gets
one number per clip, so a grouped split of it is an ordinary split of clips.

Lesson: lessons/19_your_own_audio.md#one-call-for-every-layout
"""

import time
from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np

from features import dataset
from features.collection import (LAYOUTS, CollectionError, check_recordings, detect_layout,
                                 natural_sorted, read_layout)
from features.dataset import FeatureSet
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
    """Group names -> integers 1..G in natural name order (``s2`` before ``s11``), (n_clips,).

    >>> group_codes(["bo", "al", "bo"]).tolist()
    [2, 1, 2]
    >>> group_codes(["11", "2", "1"]).tolist()
    [3, 2, 1]
    """
    names = natural_sorted(set(groups))
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
    arrays, kept, skipped, entry, from_cache = dataset.cached_rows(
        [r.path for r in records], preset, cache_dir=cache_dir, n_jobs=n_jobs, strict=strict,
        progress=progress)
    records = [records[i] for i in kept]
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
