"""Three small chores of saving a model: atomic writes, JSON-ready values, installed versions.

``mlp`` imports nothing from the project's other packages, so it has its own :func:`write_atomic`
(a temporary file in the same folder with a new file's ordinary permissions, fsync, then
``os.replace``: an interrupted save never leaves a half-written model), :func:`plain` (NumPy values
as the numbers and lists JSON writes) and :func:`installed_version`.

Lesson: lessons/09_estimator.md#saving-and-loading-without-pickle
"""

import os
import secrets
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np


def write_atomic(path, write):
    """Create ``path`` by calling ``write(f)`` on a binary file object, all or nothing.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = write_atomic(Path(folder) / "a.bin", lambda f: f.write(b"abc"))
    ...     target.read_bytes(), sorted(p.name for p in Path(folder).iterdir())
    (b'abc', ['a.bin'])
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    # O_EXCL: never reuse a file that exists; 0o666: the umask then gives the usual permissions
    handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(handle, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)  # atomic on the same file system
    except BaseException:  # KeyboardInterrupt too: never leave the temporary file behind
        temporary.unlink(missing_ok=True)
        raise
    return path


def plain(value):
    """A JSON-ready copy of ``value``: NumPy scalars become numbers, arrays and tuples lists.

    >>> plain({"n": np.int64(3), "sizes": (10, 5), "loss": np.float32(0.5), "none": None})
    {'n': 3, 'sizes': [10, 5], 'loss': 0.5, 'none': None}
    """
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def installed_version(distribution):
    """The installed version of ``distribution`` (e.g. ``"audio-mlp"``), or ``"unknown"``."""
    try:
        return version(distribution)
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"
