"""Two chores every writer of results shares: writing a file safely, and naming installed versions.

:func:`write_atomic` is the one way this project (features and baselines) writes a file that a
reader may open at any moment: the bytes go to a temporary file in the target's own folder, are
flushed to disk (fsync), and only then renamed over the target. A rename within one file system is
atomic, so a reader sees the old file or the new one, never half of either, and an interrupted run
(Ctrl-C, a full disk) leaves the old file as it was. The temporary file is created like any file
the user writes (mode 0666 less the umask, so 0644 under the usual umask 022), not owner-only as
:func:`tempfile.mkstemp` would make it.

The temporary file is named ``.NAME.PID.XXXXXXXX.tmp``, with the writing process's id: a process
killed mid-write (SIGKILL, a power cut) cannot remove its own, so the next write to the same
target removes every such file whose process no longer exists (:func:`remove_stale`), and only
those: a file of a writer still running, or named otherwise, is left alone.

:func:`installed_version` is the one version lookup: the version of an installed distribution,
or ``"absent"``.

``mlp`` keeps its own small copy of the atomic write (``mlp.persistence``) so that it depends on
nothing else in this project.

Lesson: lessons/17_feature_dataset.md#the-cache
"""

import os
import re
import secrets
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path


def write_atomic(path, write):
    """Create or replace ``path`` atomically; ``write(handle)`` writes the content (binary mode).

    ``write`` may also be ``bytes`` or ``str`` (UTF-8). The parent folder must exist. A symbolic
    link is written through (the file it points to is replaced). Returns the path written, as a
    :class:`~pathlib.Path`.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomic(folder / "a.txt", "hello").read_text()
    'hello'
    >>> sorted(p.name for p in folder.iterdir())   # no temporary file left behind
    ['a.txt']
    """
    path = through_link(path)  # the file a link points to is replaced, the link stays
    if isinstance(write, str):
        write = write.encode("utf-8")
    if isinstance(write, bytes):
        content, write = write, (lambda handle: handle.write(content))
    remove_stale(path.parent, temporary_pattern(re.escape(path.name)))
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
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


def through_link(path):
    """``path``, or what it points to if it is a symbolic link: where a write to it goes."""
    path = Path(path)
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def process_exists(pid):
    """Whether a process with id ``pid`` exists (of any user).

    >>> process_exists(os.getpid())
    True
    """
    try:
        os.kill(pid, 0)  # signal 0: nothing is sent, only the existence is checked
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


def temporary_pattern(name):
    """The regular expression of :func:`write_atomic`'s temporary files for targets whose names
    match the regular expression ``name``; its group ``pid`` is the writer's process id."""
    return rf"\.(?:{name})\.(?P<pid>\d+)\.[0-9a-f]{{8}}\.tmp"


def remove_stale(folder, pattern):
    """Remove the entries of ``folder`` whose names match ``pattern`` (a regular expression with
    a group ``pid``) and whose writing process no longer exists, debris of a killed run; the
    paths removed. Files are unlinked, folders removed with their content.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> dead = folder / ".a.npz.999999999.0123abcd.tmp"       # no process has this id
    >>> alive = folder / f".a.npz.{os.getpid()}.0123abcd.tmp"  # still being written
    >>> _ = dead.write_bytes(b"half"), alive.write_bytes(b"half")
    >>> [p.name for p in remove_stale(folder, temporary_pattern(re.escape("a.npz")))]
    ['.a.npz.999999999.0123abcd.tmp']
    >>> [p.name for p in folder.iterdir()] == [alive.name]
    True
    """
    import shutil

    try:
        names = os.listdir(folder)
    except OSError:
        return []
    removed = []
    for name in names:
        match = re.fullmatch(pattern, name)
        if match and int(match["pid"]) != os.getpid() and not process_exists(int(match["pid"])):
            debris = Path(folder) / name
            if debris.is_dir() and not debris.is_symlink():
                shutil.rmtree(debris, ignore_errors=True)
            else:
                debris.unlink(missing_ok=True)
            removed.append(debris)
    return removed


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
