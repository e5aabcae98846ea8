"""Two chores every writer of results shares: writing a file safely, and naming installed versions.

:func:`write_atomic` is the one way this project (features and baselines) writes a file that a
reader may open at any moment: the bytes go to a temporary file in the target's own folder, are
flushed to disk (fsync), and only then renamed over the target. A rename within one file system is
atomic, so a reader sees the old file or the new one, never half of either, and an interrupted run
(Ctrl-C, a full disk) leaves the old file as it was. The temporary file is created like any file
the user writes (mode 0666 less the umask, so 0644 under the usual umask 022), not owner-only as
:func:`tempfile.mkstemp` would make it.

:func:`installed_version` is the one version lookup: the version of an installed distribution,
or ``"absent"``.

``mlp`` keeps its own small copy of the atomic write (``mlp.persistence``) so that it depends on
nothing else in this project.

Lesson: lessons/17_feature_dataset.md#the-cache
"""

import os
import secrets
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def write_atomic(path, write):
    """Create or replace ``path`` atomically; ``write(handle)`` writes the content (binary mode).

    ``write`` may also be ``bytes`` or ``str`` (UTF-8). The parent folder must exist. Returns
    ``path`` as a :class:`~pathlib.Path`.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a.txt", "hello").read_text()
    'hello'
    >>> sorted(p.name for p in folder.iterdir())   # no temporary file left behind
    ['a.txt']
    """
    path = Path(path)
    if isinstance(write, str):
        write = write.encode("utf-8")
    if isinstance(write, bytes):
        content, write = write, (lambda handle: handle.write(content))
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def installed_version(name):
    """The installed version of distribution ``name``, or ``"absent"``.

    >>> installed_version("numpy") != "absent"
    True
    >>> installed_version("no-such-distribution-here")
    'absent'
    """
    try:
        return version(name)
    except PackageNotFoundError:
        return "absent"
