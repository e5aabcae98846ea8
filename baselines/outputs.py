"""A run's output folder, replaced all at once: the new run complete, or the previous one intact.

``compare`` writes several files (``results.md``, ``results.json``, ``figures/*.png``). Writing
each one atomically is not enough: a Ctrl-C or a full disk halfway through would leave new figures
beside the previous run's results, and a confusion matrix of a model the new run did not fit would
stay from an earlier run. So :func:`replace_folder`

1. writes the whole run into a new folder ``<out>.tmp-XXXX`` beside ``<out>``;
2. renames ``<out>`` (if it exists) to ``<out>.old-XXXX``, then ``<out>.tmp-XXXX`` to ``<out>``;
   two renames within one folder, so ``<out>`` is missing for an instant at most, and put back
   if the second rename fails;
3. deletes ``<out>.old-XXXX``, but only if it holds nothing but files this project writes
   (:data:`PROJECT_FILES`). Anything else, it leaves where it is and says so.

:func:`folder_problem` refuses, before any work, an ``<out>`` that is a file, that lies in a folder
which does not exist or cannot be written, or that holds files this project did not write: the
run would otherwise delete them. Nothing the user did not ask for is ever removed.

Lesson: lessons/25_running_the_comparison.md#the-output-folder
"""

import os
import secrets
import shutil
import warnings
from fnmatch import fnmatch
from pathlib import Path

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
    out = Path(out)
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


def replace_folder(out, write):
    """Replace the folder ``out`` by what ``write(folder)`` writes into a new one; the paths.

    ``write`` is called with an empty new folder beside ``out`` and returns the paths it wrote
    there; they are returned as paths under ``out``. If ``write`` fails or is interrupted, the
    new folder is removed and ``out`` is untouched.
    """
    out = Path(out)
    problem = folder_problem(out)
    if problem:
        raise ValueError(problem)
    token = secrets.token_hex(4)
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
    if old.exists():
        foreign = foreign_files(old)
        if foreign:  # written there while this run was computing: not ours to delete
            warnings.warn(f"kept the previous {out} as {old}: it holds files this project did "
                          f"not write ({', '.join(foreign)})", stacklevel=2)
        else:
            shutil.rmtree(old)
    return [out / Path(path).relative_to(new) for path in written]
