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


class CollectionError(ValueError):
    """The layout cannot be read as labelled data; the message names the row, file or class."""


@dataclass(frozen=True)
class Recording:
    """One labelled file: what :func:`features.collection_dataset.load_collection` needs of a clip."""

    path: Path
    label: str
    group: str | None = None  # the speaker, session or source; None when the data has no groups


def _compile(pattern, name):
    """``pattern`` compiled, refusing one without the named group ``name``."""
    if pattern is None:
        return None
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise CollectionError(f"{name}_pattern {pattern!r} is not a regular expression: {exc}") from None
    if name not in compiled.groupindex:
        raise CollectionError(f"{name}_pattern {pattern!r} needs one named group "
                              f"(?P<{name}>...)")
    return compiled


def _from_name(compiled, path, name):
    """The ``name`` group of ``compiled`` matched against the file name of ``path``."""
    match = compiled.search(path.name)
    if match is None or not match.group(name):
        raise CollectionError(f"{path}: the {name} pattern {compiled.pattern!r} does not match "
                              "this file name")
    return match.group(name)


def find_manifest(folder):
    """The one ``.csv``/``.tsv`` directly in ``folder`` whose header has ``path`` and ``label``."""
    found = []
    for candidate in sorted(Path(folder).iterdir()):
        if candidate.suffix.lower() in MANIFEST_SUFFIXES and candidate.is_file():
            with open(candidate, newline="", encoding="utf-8-sig") as handle:
                header = next(csv.reader(handle, delimiter=_delimiter(candidate)), [])
            if {"path", "label"} <= {cell.strip() for cell in header}:
                found.append(candidate)
    if len(found) > 1:
        raise CollectionError(f"{folder} holds several manifests ({', '.join(p.name for p in found)});"
                              " pass the one to use as the data path")
    return found[0] if found else None


def detect_layout(data):
    """``"ravdess"``, ``"folders"`` or ``"manifest"`` for the path ``data``.

    A ``.csv``/``.tsv`` file, or a folder holding exactly one manifest, is a manifest; a folder
    with RAVDESS-named clips (``Actor_NN/03-01-...``) is RAVDESS; any other folder is ``folders``.
    """
    from features.ravdess import discover

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
    clips, _ = discover(data)
    return "ravdess" if clips else "folders"


def read_folders(root, *, label_pattern=None, group_pattern=None):
    """Records of ``root/<label>/**/<file>``, sorted by path; files directly in ``root`` are ignored."""
    root = Path(root)
    labels, groups = _compile(label_pattern, "label"), _compile(group_pattern, "group")
    records = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if (len(relative.parts) < 2 or path.suffix.lower() not in AUDIO_SUFFIXES
                or any(part.startswith(".") for part in relative.parts) or not path.is_file()):
            continue
        label = _from_name(labels, path, "label") if labels else relative.parts[0]
        group = _from_name(groups, path, "group") if groups else None
        records.append(Recording(path, label, group))
    if not records:
        raise CollectionError(f"{root} holds no audio files in sub-folders: the folders layout "
                              "expects DIR/<label>/<file>")
    return records


def _delimiter(path):
    return "\t" if Path(path).suffix.lower() == ".tsv" else ","


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
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle, delimiter=_delimiter(path))
        columns = [c.strip() for c in reader.fieldnames or []]
        missing = [c for c in ("path", "label") if c not in columns]
        if missing and not (labels and missing == ["label"]):
            raise CollectionError(f"{path}: the header {columns} lacks the column(s) {missing}")
        records = []
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
