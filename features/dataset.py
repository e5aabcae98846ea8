"""RAVDESS -> ``X (n_clips, n_features)``, labels, actor groups and the clip table, cached.

:func:`load_dataset` finds the data (:mod:`features.source`), checks it (:mod:`features.ravdess`),
and either loads the matrix from the cache (:mod:`features.cache`) or decodes every clip
(:mod:`features.audio`) and applies a preset (:mod:`features.presets`), in parallel with joblib
and with a tqdm progress bar. A cache entry that cannot be written (the folder is a file, is
read-only, the disk is full) costs a warning naming the entry and the reason, never the finished
extraction.

Bad files follow a policy: by default each is skipped with one warning that lists every file and
reason (``FeatureSet.skipped`` keeps them); ``strict=True`` raises on the first. A run that skipped
clips is not cached: a failure may be passing (a read error on a network drive), and a cached
entry would keep that clip out until its file changed; so the clips are tried again next time.

Lesson: lessons/17_feature_dataset.md
"""

import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from features import cache
from features.presets import get_preset
from features.ravdess import EMOTIONS, RavdessError, discover, duplicate_note, verify
from features.relay import call_recording, raise_again
from features.source import cache_folder, find_root


class DataNote(UserWarning):
    """Information about the data, not a problem with it (the command line prints it as a note)."""


class BadClipWarning(UserWarning):
    """Some clips could not be used and were skipped; the message lists them."""


class ExtractionError(ValueError):
    """``strict=True`` and a clip could not be used; the message names the file and the reason."""


@dataclass
class FeatureSet:
    """The extracted data set; row i of every array describes ``clips[i]``."""

    X: np.ndarray  # (n_clips, n_features) float64
    y: np.ndarray  # (n_clips,) emotion names
    actors: np.ndarray  # (n_clips,) int 1..24: the groups for speaker-independent splits
    feature_names: list
    clips: list  # features.ravdess.Clip records
    preset: str
    root: Path = None
    cache_path: Path = None  # the cache entry; None if nothing was cached (skips, failed write)
    from_cache: bool = False
    seconds: float = 0.0
    skipped: list = field(default_factory=list)  # (path, reason) of the clips left out
    notes: list = field(default_factory=list)

    def summary(self):
        source = "loaded from cache" if self.from_cache else "extracted"
        text = (f"{len(self.clips)} clips x {self.X.shape[1]} features ({self.preset} preset), "
                f"{source} in {self.seconds:.1f} s; {len(self.skipped)} skipped")
        return text


def spread_order(clips):
    """Clips reordered so any prefix covers many actors and emotions (used by ``limit``).

    Each actor's clips are ordered by repetition, statement, intensity and an emotion order
    rotated by the actor number; then actors take turns.
    """
    by_actor = {}
    for clip in clips:
        by_actor.setdefault(clip.actor, []).append(clip)
    queues = [sorted(group, key=lambda c: (c.repetition, c.statement, c.intensity,
                                           (c.emotion_code + c.actor) % len(EMOTIONS)))
              for _, group in sorted(by_actor.items())]
    order = []
    for rank in range(max((len(q) for q in queues), default=0)):
        order += [q[rank] for q in queues if rank < len(q)]
    return order


def extract_one(path, preset):
    """``(vector, names, None)`` for a usable clip, ``(None, None, reason)`` otherwise."""
    try:
        vector, names = preset.extract(*preset.load(path))
        if not np.all(np.isfinite(vector)):
            return None, None, "features are not all finite"
        return vector, names, None
    except Exception as exc:  # reported per file, never silently dropped
        # the caller names the file; an AudioError's message starts with it already
        return None, None, f"{type(exc).__name__}: {str(exc).removeprefix(f'{path}: ')}"


def _compile_in_this_process(preset):
    """Run ``preset`` once on a synthetic tone, in this process, before any worker starts.

    librosa compiles some of its helpers with numba and caches the machine code on disk. numba
    writes each such entry as two files, not atomically, so two workers compiling the same helper
    at once can leave a mismatched pair behind, and the next process that loads it crashes with a
    segmentation fault (numba issue #10128, librosa issue #1998). Compiled here first, the cache
    is complete before the workers start, and they only read it.
    """
    sr = preset.sr or 48000  # RAVDESS's native rate when the preset keeps the file's rate
    t = np.arange(sr, dtype=np.float32) / sr  # one second
    tone = 0.5 * np.sin(2 * np.pi * 220 * t) + 0.25 * np.sin(2 * np.pi * 440 * t)
    preset.extract(tone.astype(np.float32), sr)


def extract_rows(paths, preset, *, n_jobs=1, strict=False, progress=False, require_one=True):
    """Extract every file: ``(arrays for the cache, kept indices, skipped (path, reason))``.

    With ``require_one`` (the default) a run where no file could be used raises
    :class:`ExtractionError`; without, it returns ``(None, [], skipped)``.

    :func:`extract_one` on each file, in parallel with joblib (or on a Dask cluster,
    :mod:`features.backend`), *streamed*: each result is written into one preallocated float64
    matrix as it arrives and its column names are dropped, so memory holds one row per file and
    nothing more, however large the corpus (``benchmarks/bench_collection.py`` measures it). Each
    extraction runs with one BLAS thread (:meth:`features.presets.Preset.extract` pins it), so the
    numbers are the same whatever ``n_jobs`` is and whichever process computes them.

    Lesson: lessons/19_your_own_audio.md#speed-and-memory
    """
    from joblib import Parallel, delayed
    from tqdm.auto import tqdm

    if n_jobs == 1:
        results = (call_recording(extract_one, path, preset) for path in paths)
    else:
        _compile_in_this_process(preset)  # numba's on-disk cache, complete before the workers
        results = Parallel(n_jobs=n_jobs, return_as="generator", batch_size=8)(
            delayed(call_recording)(extract_one, path, preset) for path in paths)
    X, names, kept, skipped = None, None, [], []
    bar = dict(total=len(paths), desc=f"features ({preset.name})", unit="clip",
               disable=not progress)
    for i, ((vector, row_names, reason), caught) in enumerate(tqdm(results, **bar)):
        raise_again(caught)  # a worker's warnings, raised here where the caller sees them
        if reason is not None:
            if strict:
                raise ExtractionError(f"{paths[i]}: {reason}")
            skipped.append((paths[i], reason))
            continue
        if X is None:
            X, names = np.empty((len(paths), vector.size), dtype=np.float64), row_names
        X[len(kept)] = vector  # row k of X is the k-th usable file
        kept.append(i)
    if not kept:
        if not require_one:
            return None, [], skipped
        if not skipped:
            raise ExtractionError("no file to extract")
        raise ExtractionError(f"no file could be used; the first failure: {skipped[0][0]}: "
                              f"{skipped[0][1]}")
    return {"X": np.ascontiguousarray(X[:len(kept)]),  # (n_kept, n_features)
            "feature_names": np.array(names)}, kept, skipped


def cached_rows(paths, preset, *, cache_dir, n_jobs=1, strict=False, progress=True,
                what="files"):
    """The features of ``paths`` from the cache, or extracted (:func:`extract_rows`) and cached.

    Returns ``(arrays, kept indices, skipped (path, reason), cache entry or None, from_cache)``.
    The entry's key is the preset and every file's identity (:mod:`features.cache`). A run that
    skipped files is not cached (they are tried again next time) and says so in one warning that
    names every file (``what`` names them in it: "clips", "files"); an entry that cannot be
    written costs a warning, never the extraction.
    """
    key = cache.make_key(preset.key(), paths)
    entry = cache.entry_path(cache_dir, preset.name, key)
    try:
        return cache.load(entry, key), list(range(len(paths))), [], entry, True
    except cache.CacheMiss as miss:
        if entry.exists():  # there was something, and it was not fit to serve
            warnings.warn(f"rebuilding the feature cache: {miss}", stacklevel=3)
    arrays, kept, skipped = extract_rows(paths, preset, n_jobs=n_jobs, strict=strict,
                                         progress=progress)
    if skipped:
        warnings.warn(f"{len(skipped)} of {len(paths)} {what} skipped (not cached: they are tried "
                      "again next time):\n" + "\n".join(f"  {p}: {r}" for p, r in skipped),
                      BadClipWarning, stacklevel=3)
        return arrays, kept, skipped, None, False
    return arrays, kept, [], _save_or_warn(entry, key, arrays), False


def _select(data_dir, limit, cache_dir, progress):
    root = find_root(data_dir, cache_dir=cache_dir, progress=progress)
    clips, problems = discover(root)
    if limit is None:
        verify(clips, problems, root=root)
    else:
        if limit < 1:
            raise ValueError(f"limit={limit}: must be a positive number of clips (or None)")
        if not clips:
            raise RavdessError(f"{root} holds no RAVDESS clips; point RAVDESS_DIR at the folder "
                               "that holds Actor_01 ... Actor_24")
        if problems:
            warnings.warn("not RAVDESS names, ignored: " + "; ".join(f"{p} ({r})" for p, r in problems),
                          BadClipWarning, stacklevel=3)
        chosen = {c.path for c in spread_order(clips)[:limit]}
        return root, [c for c in clips if c.path in chosen], clips
    return root, clips, clips


def load_dataset(data_dir=None, *, preset="default", n_jobs=1, limit=None, strict=False,
                 cache_dir=None, progress=True):
    """Extract (or load from the cache) one feature vector per RAVDESS clip.

    ``data_dir`` None means ``RAVDESS_DIR``, else a copy in the cache, else a download. With
    ``limit=None`` the folder must hold the complete release; ``limit=N`` takes N clips spread over
    actors and emotions. Returns a :class:`FeatureSet`.

    Lesson: lessons/17_feature_dataset.md#one-call-from-folder-to-matrix
    """
    start = time.perf_counter()
    preset = get_preset(preset)
    cache_dir = Path(cache_dir) if cache_dir else cache_folder()
    root, clips, every_clip = _select(data_dir, limit, cache_dir, progress)
    found = _rows_of_a_larger_entry(clips, every_clip, preset, cache_dir)
    arrays, kept, skipped, entry, from_cache = found or cached_rows(
        [c.path for c in clips], preset, cache_dir=cache_dir, n_jobs=n_jobs, strict=strict,
        progress=progress, what="clips")
    clips = [clips[i] for i in kept]
    notes = [note for note in [duplicate_note(clips)] if note]
    for note in notes:
        warnings.warn(note, DataNote, stacklevel=2)
    return FeatureSet(X=arrays["X"], y=np.array([c.emotion for c in clips]),
                      actors=np.array([c.actor for c in clips], dtype=int),
                      feature_names=arrays["feature_names"].tolist(), clips=clips,
                      preset=preset.name, root=root, cache_path=entry,
                      from_cache=from_cache,
                      seconds=time.perf_counter() - start, skipped=skipped, notes=notes)


def _rows_of_a_larger_entry(clips, every_clip, preset, cache_dir):
    """:func:`cached_rows`'s result for ``clips`` (a ``limit`` subset) taken from the cache entry
    of ``every_clip`` when that entry exists, else ``None``: no clip is extracted twice."""
    if len(clips) == len(every_clip):
        return None
    key = cache.make_key(preset.key(), [c.path for c in every_clip])
    entry = cache.entry_path(cache_dir, preset.name, key)
    try:
        arrays = cache.load(entry, key)
    except cache.CacheMiss:
        return None
    row = {c.path: i for i, c in enumerate(every_clip)}
    rows = [row[c.path] for c in clips]
    subset = {"X": np.ascontiguousarray(arrays["X"][rows]),
              "feature_names": arrays["feature_names"]}
    return subset, list(range(len(clips))), [], entry, True


def _save_or_warn(entry, key, arrays):
    """Write the cache entry and return its path; on failure warn (naming it and why), return None."""
    try:
        return cache.save(entry, key, arrays)
    except OSError as exc:  # the folder is a file, is read-only, the disk is full, ...
        warnings.warn(f"could not write the feature cache {entry} ({type(exc).__name__}: {exc}); "
                      "the features are returned, and extracted again next time", stacklevel=3)
        return None
