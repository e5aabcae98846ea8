"""Your own recordings: three folder layouts -> one list of labelled records.

A data folder is read in one of three layouts, detected automatically (:func:`detect_layout`) or
named with ``layout=``:

* ``ravdess``: the RAVDESS release (:mod:`features.ravdess`; the label is the emotion, the group
  the actor);
* ``folders``: one sub-folder per class, ``DIR/<label>/**/<file>``; no groups unless a pattern
  gives them;
* ``manifest``: a CSV or TSV file with a header row; columns ``path`` and ``label`` required,
  ``group`` optional; paths are relative to the manifest's own folder.

In the last two, ``group_pattern`` (a regular expression with one named group ``group``) takes the
group from each *file name*, e.g. the speaker ``jackson`` of ``7_jackson_32.wav`` with
``r"_(?P<group>[a-z]+)_"``; ``label_pattern`` (named group ``label``) does the same for the label.

Each layout gives the same thing: a list of :class:`Recording` ``(path, label, group)``, checked by
:func:`check_recordings`: at least two classes, every class at least two recordings, either every
recording has a group or none has. A problem is a :class:`CollectionError` naming the manifest
row, the file or the class at fault. Decoding the audio is left to :mod:`features.audio`, so a
file that cannot be decoded is skipped later, by name, like a bad RAVDESS clip.

Lesson: lessons/19_your_own_audio.md#three-layouts
"""

import csv
import io
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

LAYOUTS = ("ravdess", "folders", "manifest")
AUDIO_SUFFIXES = frozenset(
    ".wav .wave .flac .ogg .oga .opus .mp3 .aif .aiff .aifc .au .snd .caf .w64 .rf64 .voc "
    ".sd2 .sf .ircam .nist .sph .htk .paf .pvf .xi .wve .avr .svx .mpc .sds".split())
"""File suffixes read as audio in the ``folders`` layout (soundfile's formats); others are ignored."""
MANIFEST_SUFFIXES = (".csv", ".tsv")
ACTOR_FOLDER = re.compile(r"Actor_\d\d")


class CollectionError(ValueError):
    """The layout cannot be read as labelled data; the message names the row, file or class."""


@dataclass(frozen=True)
class Recording:
    """One labelled file: what :func:`features.collection_dataset.load_collection` needs of a clip."""

    path: Path
    label: str
    group: str | None = None  # the speaker, session or source; None when the data has no groups


def natural_key(name):
    """Sort key putting numbers in a name in numeric order: ``s2`` before ``s11``.

    >>> sorted(["11", "2", "20", "1"], key=natural_key)
    ['1', '2', '11', '20']
    """
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"(\d+)", str(name)) if part]


def natural_sorted(names):
    """``names`` sorted by :func:`natural_key`."""
    return sorted(names, key=natural_key)


def _compile(pattern, name):
    """``pattern`` compiled, refusing one without the named group ``name``."""
    if pattern is None:
        return None
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise CollectionError(f"{name}_pattern '{pattern}' is not a regular expression: {exc}") from None
    if name not in compiled.groupindex:
        raise CollectionError(f"{name}_pattern '{pattern}' needs one named group "
                              f"(?P<{name}>...)")
    return compiled


def _from_name(compiled, path, name):
    """The ``name`` group of ``compiled`` matched against the file name of ``path`` without its
    extension (``7_jackson_32`` of ``7_jackson_32.wav``)."""
    match = compiled.search(path.stem)
    if match is None or not match.group(name):
        raise CollectionError(f"{path}: the {name} pattern '{compiled.pattern}' does not match "
                              f"this file name without its extension ({path.stem})")
    return match.group(name)


def find_manifest(folder):
    """The one ``.csv``/``.tsv`` directly in ``folder`` whose header has ``path`` and ``label``."""
    found = []
    for candidate in sorted(Path(folder).iterdir()):
        if candidate.suffix.lower() in MANIFEST_SUFFIXES and candidate.is_file():
            header = next(csv.reader(_manifest_text(candidate).splitlines(),
                                     delimiter=_delimiter(candidate)), [])
            if {"path", "label"} <= {cell.strip() for cell in header}:
                found.append(candidate)
    if len(found) > 1:
        raise CollectionError(f"{folder} holds several manifests ({', '.join(p.name for p in found)});"
                              " pass the one to use as the data path")
    return found[0] if found else None


def detect_layout(data):
    """``"ravdess"``, ``"folders"`` or ``"manifest"`` for the path ``data``.

    A ``.csv``/``.tsv`` file, or a folder holding exactly one manifest, is a manifest; a folder
    with RAVDESS's own structure (``Actor_NN`` sub-folders) is RAVDESS; any other folder is
    ``folders``, whatever its files are called: clips with RAVDESS names sorted into one folder
    per class are your own data.
    """
    data = Path(data)
    if data.is_file():
        if data.suffix.lower() in MANIFEST_SUFFIXES:
            return "manifest"
        raise CollectionError(f"{data} is a file but not a .csv or .tsv manifest")
    if not data.is_dir():
        raise CollectionError(f"{data} does not exist; give a RAVDESS folder (as RAVDESS_DIR "
                              "does), a folder with one sub-folder per class, or a manifest")
    if find_manifest(data) is not None:
        return "manifest"
    return "ravdess" if has_actor_folders(data) else "folders"


def has_actor_folders(folder):
    """True when ``folder`` (or a folder inside it) holds ``Actor_NN`` folders, as the release does."""
    return any(path.is_dir() and ACTOR_FOLDER.fullmatch(path.name)
               for path in Path(folder).rglob("Actor_[0-9][0-9]"))


def read_folders(root, *, label_pattern=None, group_pattern=None):
    """Records of ``root/<label>/**/<file>``, sorted by path; files directly in ``root`` are ignored.

    A sub-folder that cannot be listed is refused by name (it would otherwise be left out
    without a word).
    """
    root = Path(root)
    labels, groups = _compile(label_pattern, "label"), _compile(group_pattern, "group")
    records = []
    for path in _walk_files(root):
        relative = path.relative_to(root)
        if (len(relative.parts) < 2 or path.suffix.lower() not in AUDIO_SUFFIXES
                or any(part.startswith(".") for part in relative.parts)):
            continue
        label = _from_name(labels, path, "label") if labels else relative.parts[0]
        group = _from_name(groups, path, "group") if groups else None
        records.append(Recording(path, label, group))
    if not records:
        hint = (" (its clips are in Actor_NN folders: layout='ravdess' reads them)"
                if has_actor_folders(root) else "")
        raise CollectionError(f"{root} holds no audio files in sub-folders: the folders layout "
                              f"expects DIR/<label>/<file>{hint}")
    return records


def _walk_files(root):
    """Every file under ``root``, sorted; a folder that cannot be listed raises, naming it."""
    def refuse(exc):
        raise CollectionError(f"cannot read the folder {exc.filename} ({exc.strerror}); fix "
                              "its permissions or move it out of the data folder")

    found = []
    for folder, _, files in os.walk(root, onerror=refuse):
        found += [Path(folder) / name for name in files]
    return sorted(p for p in found if p.is_file())


def _delimiter(path):
    return "\t" if Path(path).suffix.lower() == ".tsv" else ","


def _manifest_text(path):
    """The text of the manifest ``path`` (UTF-8, with or without a byte-order mark); a file that
    cannot be read or is not UTF-8 is refused by name."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CollectionError(f"cannot read the manifest {path} ({exc.strerror or exc})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise CollectionError(
            f"{path}: the manifest is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line "
            f"{line}); save it as UTF-8, e.g. "
            f"iconv -f latin1 -t utf-8 {Path(path).name} > utf8.{Path(path).suffix[1:]}") from None


def read_manifest(path, *, label_pattern=None, group_pattern=None):
    """Records of a manifest file, in row order; a bad row raises naming its line."""
    path = Path(path)
    if path.is_dir():
        found = find_manifest(path)
        if found is None:
            raise CollectionError(f"{path} holds no manifest (.csv or .tsv with path and label "
                                  "columns)")
        path = found
    labels, groups = _compile(label_pattern, "label"), _compile(group_pattern, "group")
    reader = csv.DictReader(io.StringIO(_manifest_text(path), newline=""),
                            delimiter=_delimiter(path))
    columns = [c.strip() for c in reader.fieldnames or []]
    missing = [c for c in ("path", "label") if c not in columns]
    if missing and not (labels and missing == ["label"]):
        raise CollectionError(f"{path}: the header {columns} lacks the column(s) {missing}")
    records, first_line = [], {}
    for line, row in enumerate(reader, start=2):  # line 1 is the header
        row = {key.strip(): (value or "").strip() for key, value in row.items() if key}
        where = f"{path}, line {line}"
        if not row.get("path"):
            raise CollectionError(f"{where}: the path cell is empty")
        file = path.parent / row["path"]
        if not file.is_file():
            raise CollectionError(f"{where}: the file {row['path']} does not exist "
                                  f"(paths are relative to {path.parent})")
        label = _from_name(labels, file, "label") if labels else row.get("label", "")
        if not label:
            raise CollectionError(f"{where}: the label cell is empty")
        group = _from_name(groups, file, "group") if groups else (row.get("group") or None)
        same = first_line.setdefault(file.resolve(), (line, label))
        if same[0] != line:  # one file twice: in two folds at once, or with two labels
            twice = (f"with two labels ({same[1]!r} and {label!r})" if same[1] != label
                     else "twice")
            raise CollectionError(f"{where}: {row['path']} is listed {twice} (first on line "
                                  f"{same[0]}); list each file once")
        records.append(Recording(file, label, group))
    if not records:
        raise CollectionError(f"{path} lists no files")
    return records


def check_recordings(records, *, where="the data"):
    """Raise :class:`CollectionError` unless the records can be classified and evaluated.

    At least two classes, at least two recordings per class, and a group on every record or none.
    """
    counts = Counter(r.label for r in records)
    if len(counts) < 2:
        raise CollectionError(f"{where} has {len(counts)} class(es) ({sorted(counts)}); a "
                              "classifier needs at least two")
    single = sorted(label for label, n in counts.items() if n < 2)
    if single:
        raise CollectionError(f"{where}: class(es) {single} have a single recording; every class "
                              "needs at least two (one to train on, one to test)")
    grouped = [r.group is not None for r in records]
    if any(grouped) and not all(grouped):
        first = next(r for r in records if r.group is None)
        raise CollectionError(f"{where}: {first.path} has no group but others have one; give "
                              "every row a group or none")


def read_layout(data, layout=None, *, label_pattern=None, group_pattern=None):
    """``(layout, root, records)`` for a non-RAVDESS ``data`` path (detected when ``layout`` is None)."""
    layout = layout or detect_layout(data)
    if layout not in LAYOUTS:
        raise CollectionError(f"layout={layout!r}: choose one of {', '.join(LAYOUTS)}")
    if layout == "ravdess":
        raise CollectionError("the ravdess layout is read by features.dataset.load_dataset")
    if not Path(data).exists():
        raise CollectionError(f"{data} does not exist")
    records = READERS[layout](data, label_pattern=label_pattern, group_pattern=group_pattern)
    check_recordings(records, where=str(data))
    return layout, Path(data), records


READERS = {"folders": read_folders, "manifest": read_manifest}
"""Layout name -> the function that reads it (RAVDESS has its own, :func:`features.ravdess.discover`)."""


def audio_files(paths):
    """The audio files named by ``paths``: files as given, folders searched recursively (sorted).

    Lesson: lessons/19_your_own_audio.md#a-model-that-classifies-recordings
    """
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix.lower() in AUDIO_SUFFIXES
                            and p.is_file() and not p.name.startswith("."))
            if not inside:
                raise CollectionError(f"{path} holds no audio files")
            found += inside
        elif path.is_file():
            found.append(path)
        else:
            raise CollectionError(f"{path} does not exist")
    return found
