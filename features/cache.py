"""An on-disk cache of extracted feature matrices that is never served stale or broken.

An entry is one ``.npz`` file whose name carries a hash of everything the numbers depend on:

* the preset's parameters (:meth:`features.presets.Preset.key`);
* every input file's identity: path, size and modification time;
* the versions of numpy, scipy, librosa, soundfile and soxr, and a hash of this package's source.

Change any of these and the key changes, so the old entry is simply not looked up. An entry is
written to a temporary file in the same folder and then renamed over the final name, an atomic
step, so a crash mid-write never leaves a half-written entry under the real name. On reading, the
stored key and a checksum of the arrays are compared with the expected ones; anything unreadable or
different is reported (:class:`CacheMiss` carries why) and the caller rebuilds.

Lesson: lessons/17_feature_dataset.md#the-cache
"""

import hashlib
import json
import os
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

FORMAT = 2  # bump when the layout of an entry changes (2: X and feature_names only)
LIBRARIES = ("numpy", "scipy", "librosa", "soundfile", "soxr")


class CacheMiss(Exception):
    """No usable entry; ``str(exc)`` says why (absent, unreadable, different key, bad checksum)."""


def library_versions():
    """Installed versions of the libraries the numbers depend on."""
    found = {}
    for name in LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "absent"
    return found


def source_hash():
    """SHA-256 of this package's source files: editing the extraction code invalidates the cache."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def file_identity(path):
    """``[path, size in bytes, mtime in ns]`` of one input file."""
    stat = os.stat(path)
    return [str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns]


def make_key(preset_key, paths):
    """The cache key: a JSON-able dict of everything the extracted numbers depend on."""
    return {"format": FORMAT, "preset": preset_key, "libraries": library_versions(),
            "source": source_hash(), "files": [file_identity(p) for p in paths]}


def key_digest(key):
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()


def entry_path(cache_dir, preset_name, key):
    """Where the entry for ``key`` lives: ``<cache_dir>/features/<preset>-<digest>.npz``."""
    return Path(cache_dir) / "features" / f"{preset_name}-{key_digest(key)[:20]}.npz"


def _checksum(arrays):
    digest = hashlib.sha256()
    for name in sorted(arrays):
        value = np.ascontiguousarray(arrays[name])
        digest.update(name.encode() + str(value.dtype).encode() + str(value.shape).encode())
        digest.update(value.tobytes())
    return digest.hexdigest()


def save(path, key, arrays):
    """Write ``arrays`` (a dict of NumPy arrays) with ``key``, atomically (temp file + rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = json.dumps({"key": key, "checksum": _checksum(arrays)}, sort_keys=True)
    handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.stem + ".", suffix=".tmp",
                                         delete=False)
    try:
        with handle:
            np.savez(handle, __meta__=np.array(meta), **arrays)
        os.replace(handle.name, path)  # atomic on one file system
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return path


def load(path, key):
    """The arrays stored at ``path`` if they were stored under ``key`` and are intact.

    Raises :class:`CacheMiss` (saying why) otherwise.
    """
    path = Path(path)
    if not path.is_file():
        raise CacheMiss(f"no entry at {path}")
    try:
        # open the file here: np.load leaves its own handle open when the zip is unreadable
        with open(path, "rb") as handle, np.load(handle, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
        meta = json.loads(str(arrays.pop("__meta__")))
    except Exception as exc:  # truncated zip, bad JSON, missing member, ...
        raise CacheMiss(f"unreadable entry {path} ({type(exc).__name__}: {exc})") from exc
    if meta.get("key") != json.loads(json.dumps(key)):
        raise CacheMiss(f"entry {path} was made for different inputs")
    if meta.get("checksum") != _checksum(arrays):
        raise CacheMiss(f"entry {path} fails its checksum (corrupted)")
    return arrays
