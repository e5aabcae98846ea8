"""A run's output folder, replaced all at once: the new run complete, or the previous one intact.

``compare`` writes several files (``results.md``, ``results.json``, ``figures/*.png``). Writing
each one atomically is not enough: a Ctrl-C or a full disk halfway through would leave new figures
beside the previous run's results, and a confusion matrix of a model the new run did not fit would
stay from an earlier run. So :func:`replace_folder`

1. writes the whole run into a new folder ``<out>.tmp-PID-XXXX`` beside ``<out>``;
2. renames ``<out>`` (if it exists) to ``<out>.old-PID-XXXX``, then ``<out>.tmp-PID-XXXX`` to
   ``<out>``; two renames within one folder, so ``<out>`` is missing for an instant at most, and
   put back if the second rename fails;
3. deletes ``<out>.old-PID-XXXX``, but only if it holds nothing but files this project writes
   (:data:`PROJECT_FILES`). Anything else, it leaves where it is and says so. A failure here
   is a warning: the new run is already in place.

A run killed on the way (SIGKILL, a power cut) cannot clean up; the next run does
(:func:`remove_debris`): it removes the ``.tmp-PID-XXXX`` folders of processes that no longer
exist, puts a dead run's ``.old-PID-XXXX`` back if ``<out>`` is missing, and deletes it if
``<out>`` is there and it holds only this project's files.

An ``<out>`` that is a symbolic link is written through: the folder it points to is replaced,
and the link stays as it was.

:func:`folder_problem` refuses, before any work, an ``<out>`` that is a file, that lies in a folder
which does not exist or cannot be written, or that holds files this project did not write: the
run would otherwise delete them. Nothing the user did not ask for is ever removed.

Lesson: lessons/25_running_the_comparison.md#the-output-folder
"""

import glob
import os
import re
import secrets
import shutil
import warnings
from fnmatch import fnmatch
from pathlib import Path

from features.files import process_exists, remove_stale, through_link

PROJECT_FILES = ("results.md", "results.json", "figures/confusion_*.png", "figures/loss_*.png",
                 "figures/curve_*.png", "figures/comparison.png")
"""What ``compare`` writes into its output folder, as patterns relative to it."""


def foreign_files(folder):
    """The files under ``folder`` that this project does not write (relative paths, sorted).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "results.md").write_text("# Results")
    >>> _ = (folder / "notes.txt").write_text("mine")
    >>> foreign_files(folder)
    ['notes.txt']
    """
    folder = Path(folder)
    found = []
    for path in sorted(folder.iterdir()):  # the folder and its figures/ only, never deeper: a
        relative = path.name               # foreign sub-folder is named, not walked
        if path.is_dir() and not path.is_symlink() and relative == "figures":
            found += [f"figures/{inner.name}" for inner in sorted(path.iterdir())
                      if inner.is_symlink() or inner.is_dir()
                      or not any(fnmatch(f"figures/{inner.name}", p) for p in PROJECT_FILES)]
        elif path.is_symlink() or not any(fnmatch(relative, p) for p in PROJECT_FILES):
            found.append(relative)
    return found


def writable_folder_problem(folder):
    """What stops a new file or folder being made in ``folder``, or ``None``."""
    folder = Path(folder)
    if not folder.is_dir():
        return f"the folder {folder} does not exist" if not folder.exists() else \
            f"{folder} is not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is not writable"
    return None


def folder_problem(out):
    """Why ``out`` cannot take this project's results, or ``None`` (checked before any work)."""
    out = through_link(out)
    parent = out.parent
    if out.exists() and not out.is_dir():
        return f"{out} is a file, not a folder"
    problem = writable_folder_problem(parent)
    if problem:
        return problem
    if out.is_dir():
        foreign = foreign_files(out)
        if foreign:
            shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
            return (f"{out} holds files this project did not write ({shown}); the run would "
                    "replace the folder, so choose another one or move them")
    return None


def _debris_pattern(out, kind):
    return rf"{re.escape(out.name)}\.{kind}-(?P<pid>\d+)-[0-9a-f]{{8}}"


def remove_debris(out):
    """Clean up after runs that were killed while replacing ``out``: remove their new folders,
    put their previous folder back if ``out`` is missing, or delete it if it holds only this
    project's files. Only names this module makes, and only of processes that no longer exist."""
    out = Path(out)
    remove_stale(out.parent, _debris_pattern(out, "tmp"))
    for old in sorted(out.parent.glob(f"{glob.escape(out.name)}.old-*")):
        match = re.fullmatch(_debris_pattern(out, "old"), old.name)
        if not match or process_exists(int(match["pid"])) or old.is_symlink():
            continue
        if not out.exists():  # killed between its two renames: the previous run comes back
            os.rename(old, out)
        elif not foreign_files(old):
            shutil.rmtree(old, ignore_errors=True)


def replace_folder(out, write):
    """Replace the folder ``out`` by what ``write(folder)`` writes into a new one; the paths.

    ``write`` is called with an empty new folder beside ``out`` and returns the paths it wrote
    there; they are returned as paths under ``out``. If ``write`` fails or is interrupted, the
    new folder is removed and ``out`` is untouched. A symbolic link ``out`` is written through.
    """
    out = through_link(out)
    problem = folder_problem(out)
    if problem:
        raise ValueError(problem)
    remove_debris(out)
    token = f"{os.getpid()}-{secrets.token_hex(4)}"
    new, old = out.with_name(f"{out.name}.tmp-{token}"), out.with_name(f"{out.name}.old-{token}")
    new.mkdir()  # ordinary permissions: 0777 less the umask
    try:
        written = write(new)
        if out.exists():
            os.rename(out, old)
        os.rename(new, out)
    except BaseException:  # including KeyboardInterrupt: put everything back as it was
        if old.exists() and not out.exists():
            os.rename(old, out)
        shutil.rmtree(new, ignore_errors=True)
        raise
    if old.exists():  # the new run is in place: what goes wrong from here is only a warning
        foreign = foreign_files(old)
        if foreign:  # written there while this run was computing: not ours to delete
            warnings.warn(f"kept the previous {out} as {old}: it holds files this project did "
                          f"not write ({', '.join(foreign)})", stacklevel=2)
        else:
            try:
                shutil.rmtree(old)
            except OSError as exc:
                warnings.warn(f"the new results are in {out}, but the previous ones could not "
                              f"be removed from {old}: {exc}", stacklevel=2)
    return [out / Path(path).relative_to(new) for path in written]
