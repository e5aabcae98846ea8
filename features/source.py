"""Where the RAVDESS audio comes from: a folder you name, ``RAVDESS_DIR``, or the official archive.

* :func:`cache_folder` is this project's folder for downloads and feature caches
  (``AUDIO_MLP_CACHE``, else the user's cache folder);
* :func:`download` fetches the speech archive with pooch (checking its MD5 checksum), unpacks it
  into a temporary folder beside the final one and renames it into place only when every member is
  out, with a completion marker inside, so an interrupted unpack is never taken for the data set;
* :func:`find_root` decides where to read from: an argument, else ``RAVDESS_DIR``, else a complete
  unpacked copy in the cache, else a download.

What the file names mean, and whether a folder holds the whole release, is
:mod:`features.ravdess`'s job.

Lesson: lessons/10_ravdess.md#where-the-data-comes-from
"""

import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from features.ravdess import RavdessError

ARCHIVE_URL = "https://zenodo.org/records/1188976/files/Audio_Speech_Actors_01-24.zip?download=1"
ARCHIVE_HASH = "md5:bc696df654c87fed845eb13823edef8a"  # the checksum Zenodo lists for the zip
ARCHIVE_NAME = "Audio_Speech_Actors_01-24.zip"
UNPACKED = "ravdess"  # the unpacked archive: <cache folder>/ravdess
COMPLETE = ".unpacked"  # written last into the unpacked folder, before it is renamed into place


def cache_folder():
    """Where downloads and feature caches go: ``AUDIO_MLP_CACHE``, else the user's cache."""
    import pooch

    return Path(os.environ.get("AUDIO_MLP_CACHE") or pooch.os_cache("audio-mlp"))


def _actor_folder_parent(folder):
    """The folder that directly holds ``Actor_01``, searched under ``folder``; None if absent."""
    for candidate in sorted(Path(folder).rglob("Actor_01")):
        if candidate.is_dir():
            return candidate.parent
    return None


def unpacked_root(cache_dir):
    """The data root of a completely unpacked archive in ``cache_dir``, else None.

    A folder without the completion marker (an unpack that was interrupted, or one made by an
    older version that unpacked in place) is not trusted.
    """
    target = Path(cache_dir) / UNPACKED
    if not (target / COMPLETE).is_file():
        return None
    return _actor_folder_parent(target)


def unpack(archive, cache_dir):
    """Unpack ``archive`` to ``<cache_dir>/ravdess`` all at once; return the data root.

    Members go to a temporary folder beside the target; only when all are out is the marker
    written and the folder renamed over any earlier, untrusted copy. An error or Ctrl-C on the
    way leaves no ``ravdess`` folder and no temporary one.
    """
    target = Path(cache_dir) / UNPACKED
    staging = Path(tempfile.mkdtemp(prefix=f".{UNPACKED}.", suffix=".unpacking", dir=cache_dir))
    try:
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(staging)  # zipfile drops absolute and ".." parts of member names
        if _actor_folder_parent(staging) is None:
            raise RavdessError(f"the archive {archive} holds no Actor_01 folder")
        (staging / COMPLETE).write_text(f"unpacked from {Path(archive).name}\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)  # a copy without the marker: incomplete or of unknown state
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return _actor_folder_parent(target)


def download(cache_dir=None, *, url=None, known_hash=None, progress=True):
    """Download the speech archive with pooch, check its hash, unpack it; return the data root.

    ``url`` and ``known_hash`` default to the official archive (:data:`ARCHIVE_URL`,
    :data:`ARCHIVE_HASH`); pooch raises ValueError if the download does not match the hash, and
    keeps a matching archive so a second unpack needs no second download.

    Lesson: lessons/10_ravdess.md#where-the-data-comes-from
    """
    import pooch

    cache_dir = Path(cache_dir) if cache_dir else cache_folder()
    cache_dir.mkdir(parents=True, exist_ok=True)
    archive = pooch.retrieve(url or ARCHIVE_URL, known_hash=known_hash or ARCHIVE_HASH,
                             fname=ARCHIVE_NAME, path=cache_dir, progressbar=progress)
    return unpack(archive, cache_dir)


def find_root(data_dir=None, *, cache_dir=None, download_if_missing=True, progress=True):
    """The RAVDESS root: ``data_dir``, else ``RAVDESS_DIR``, else the cache, else a download.

    Lesson: lessons/10_ravdess.md#where-the-data-comes-from
    """
    given = data_dir or os.environ.get("RAVDESS_DIR")
    if given:
        root = Path(given).expanduser()
        if not root.is_dir():
            source = "data_dir" if data_dir else "RAVDESS_DIR"
            raise FileNotFoundError(f"{source}={root} is not a folder; point it at the folder "
                                    "that holds Actor_01 ... Actor_24")
        return root
    cache_dir = Path(cache_dir) if cache_dir else cache_folder()
    cached = unpacked_root(cache_dir)
    if cached is not None:
        return cached
    if not download_if_missing:
        raise FileNotFoundError("no RAVDESS data: set RAVDESS_DIR to the folder holding "
                                "Actor_01 ... Actor_24, or allow the download")
    return download(cache_dir, progress=progress)
