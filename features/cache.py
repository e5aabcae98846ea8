"""An on-disk cache of extracted feature matrices that is never served stale or broken.

An entry is one ``.npz`` file whose name carries a hash of everything the numbers depend on:

* every field of the preset (:meth:`features.presets.Preset.key`);
* every input file's identity: path, size, modification time, and the inode number and status
  change time (ctime), which no user command can set back: ``cp -p``, ``rsync -t`` and ``tar``
  restore a modification time, but rewriting a file sets its ctime to now, and a renamed-in copy
  has a new inode. (Hashing the content instead costs 25 to 100 times as much as these fields,
  more than a whole warm-cache load; measured in the lesson.)
* the versions of numpy, scipy, librosa, soundfile and soxr, and a hash of this package's source.

Change any of these and the key changes, so the old entry is simply not looked up. An entry is
written with :func:`features.files.write_atomic` (a temporary file in the same folder renamed
over the final name), so a crash mid-write never leaves a half-written entry under the real name;
the temporary files of runs that were killed are removed by the next save.
On reading, the stored key and a checksum of the arrays are compared with the expected ones;
anything unreadable, malformed or different is reported (:class:`CacheMiss` carries why) and the
caller rebuilds.

Lesson: lessons/17_feature_dataset.md#the-cache
"""

import hashlib
import json
import os
from pathlib import Path

import numpy as np

from features.files import installed_version, remove_stale, temporary_pattern, write_atomic

FORMAT = 3  # bump when the layout of an entry or key changes (3: inode and ctime in the key)
LIBRARIES = ("numpy", "scipy", "librosa", "soundfile", "soxr")


class CacheMiss(Exception):
    """No usable entry; ``str(exc)`` says why (absent, unreadable, different key, bad checksum)."""


def library_versions():
    """Installed versions of the libraries the numbers depend on."""
    return {name: installed_version(name) for name in LIBRARIES}


def source_hash():
    """SHA-256 of this package's source files: editing the extraction code invalidates the cache."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def file_identity(path):
    """``[path, size in bytes, mtime, inode, ctime]`` of one input file (times in ns).

    Lesson: lessons/17_feature_dataset.md#the-cache
    """
    stat = os.stat(path)
    return [str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns, stat.st_ino,
            stat.st_ctime_ns]


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
    remove_stale(path.parent, temporary_pattern(r".+\.npz"))  # any entry's, of killed runs
    meta = json.dumps({"key": key, "checksum": _checksum(arrays)}, sort_keys=True)
    return write_atomic(path, lambda handle: np.savez(handle, __meta__=np.array(meta), **arrays))


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
    if not isinstance(meta, dict):
        raise CacheMiss(f"malformed entry {path} (its __meta__ is a JSON {type(meta).__name__}, "
                        "not an object)")
    if meta.get("key") != json.loads(json.dumps(key)):
        raise CacheMiss(f"entry {path} was made for different inputs")
    if meta.get("checksum") != _checksum(arrays):
        raise CacheMiss(f"entry {path} fails its checksum (corrupted)")
    return arrays
