"""RAVDESS speech: file names -> typed records, and checking that a folder is complete.

Every clip of the RAVDESS speech release is called ``MM-VV-EE-II-SS-RR-AA.wav`` (or ``.flac`` in a
lossless copy) inside a folder ``Actor_AA``. The seven two-digit fields are modality, vocal
channel, emotion, intensity, statement, repetition and actor; odd actors are male. This module

* parses a name into a :class:`Clip` (:func:`parse_name`), refusing names that do not fit;
* finds the clips under a root folder (:func:`discover`), reporting every unparsable name;
* checks the set against the release (:func:`verify`: 1440 clips, 24 actors x 60, 96 neutral and
  192 of every other emotion) and, on request, against the ``MANIFEST.tsv`` checksums
  (:func:`verify_manifest`).

It reads file names and folders only. Where the folder comes from (an argument, ``RAVDESS_DIR``
or a download) is :mod:`features.source`'s job; decoding audio is :mod:`features.audio`'s.

Lesson: lessons/10_ravdess.md
"""

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

EMOTIONS = {1: "neutral", 2: "calm", 3: "happy", 4: "sad",
            5: "angry", 6: "fearful", 7: "disgust", 8: "surprised"}
"""Emotion code (the third field of a name) -> name, in RAVDESS code order."""

N_ACTORS = 24
CLIPS_PER_ACTOR = 60
EXPECTED_COUNTS = {name: (96 if code == 1 else 192) for code, name in EMOTIONS.items()}
AUDIO_SUFFIXES = (".wav", ".flac")

DUPLICATE_PAIRS = [("03-01-03-01-02-01-07", "03-01-03-01-02-02-07")]
"""Two names that hold the same recording in the official release (actor 7, happy, statement 2)."""

NAME = re.compile(r"^(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)$")


class RavdessError(ValueError):
    """The data folder is missing, incomplete or holds names that are not RAVDESS names."""


class IncompleteError(RavdessError):
    """A folder is not the complete release. ``str(exc)`` is the whole message in Python terms
    (``limit=...``); ``exc.listing`` is the message without its last line, the advice on how to
    go on, so a command line can give that advice in its own options' words.

    ``exc.root``, ``exc.n_found`` and ``exc.n_expected`` say which folder and how many clips.
    """

    def __init__(self, listing, advice, *, root, n_found, n_expected):
        super().__init__(f"{listing}\n{advice}")
        self.listing, self.root, self.n_found, self.n_expected = listing, root, n_found, n_expected


@dataclass(frozen=True)
class Clip:
    """One RAVDESS clip: where it is and what its name says."""

    path: Path
    modality: int
    vocal_channel: int
    emotion_code: int
    emotion: str
    intensity: int
    statement: int
    repetition: int
    actor: int
    gender: str

    @property
    def stem(self):
        """The name without folder or suffix, e.g. ``'03-01-05-02-01-01-01'``."""
        return self.path.stem


def parse_name(path):
    """Parse a RAVDESS file name into a :class:`Clip`; raise :class:`RavdessError` if it is not one.

    Lesson: lessons/10_ravdess.md#seven-fields-in-a-file-name

    >>> clip = parse_name("Actor_12/03-01-06-01-02-01-12.wav")
    >>> clip.emotion, clip.intensity, clip.statement, clip.actor, clip.gender
    ('fearful', 1, 2, 12, 'female')
    >>> parse_name("Actor_01/03-01-09-01-01-01-01.wav")
    Traceback (most recent call last):
    ...
    features.ravdess.RavdessError: 03-01-09-01-01-01-01.wav: emotion code 9 is not one of 1..8
    """
    path = Path(path)
    match = NAME.match(path.stem)
    if path.suffix.lower() not in AUDIO_SUFFIXES or match is None:
        raise RavdessError(f"{path.name}: not a RAVDESS name (expected MM-VV-EE-II-SS-RR-AA "
                           f"with a suffix in {AUDIO_SUFFIXES})")
    modality, channel, emotion, intensity, statement, repetition, actor = map(int, match.groups())
    checks = [("modality", modality, (1, 2, 3)), ("vocal channel", channel, (1, 2)),
              ("emotion code", emotion, tuple(EMOTIONS)), ("intensity", intensity, (1, 2)),
              ("statement", statement, (1, 2)), ("repetition", repetition, (1, 2)),
              ("actor", actor, tuple(range(1, N_ACTORS + 1)))]
    for field, value, allowed in checks:
        if value not in allowed:
            raise RavdessError(f"{path.name}: {field} {value} is not one of "
                               f"{allowed[0]}..{allowed[-1]}")
    if emotion == 1 and intensity == 2:
        raise RavdessError(f"{path.name}: neutral has no strong intensity (field II must be 01)")
    return Clip(path=path, modality=modality, vocal_channel=channel, emotion_code=emotion,
                emotion=EMOTIONS[emotion], intensity=intensity, statement=statement,
                repetition=repetition, actor=actor, gender="male" if actor % 2 else "female")


def discover(root):
    """All audio files under ``root``, parsed. Returns ``(clips, problems)``.

    ``clips`` is sorted by name; ``problems`` lists ``(path, reason)`` for every audio file whose
    name does not parse or whose actor disagrees with its ``Actor_NN`` folder: nothing is dropped
    without a word.
    """
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"RAVDESS folder {root} does not exist; "
                                "pass data_dir or set RAVDESS_DIR to the folder holding Actor_01..24")
    clips, problems = [], []
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() not in AUDIO_SUFFIXES or not path.is_file():
            continue
        try:
            clip = parse_name(path)
        except RavdessError as exc:
            problems.append((path, str(exc)))
            continue
        folder = re.fullmatch(r"Actor_(\d\d)", path.parent.name)
        if folder and int(folder.group(1)) != clip.actor:
            problems.append((path, f"actor {clip.actor:02d} in the name but folder {path.parent.name}"))
            continue
        clips.append(clip)
    clips.sort(key=lambda c: (c.actor, c.stem))
    return clips, problems


def expected_stems():
    """The 1440 names of the complete speech release, without suffix."""
    stems = []
    for actor in range(1, N_ACTORS + 1):
        for emotion in EMOTIONS:
            for intensity in ((1,) if emotion == 1 else (1, 2)):
                for statement in (1, 2):
                    for repetition in (1, 2):
                        stems.append(f"03-01-{emotion:02d}-{intensity:02d}-{statement:02d}-"
                                     f"{repetition:02d}-{actor:02d}")
    return stems


def verify(clips, problems=(), *, root="the data folder"):
    """Check a discovered set against the complete release; raise :class:`RavdessError` if not.

    The message lists what is missing, what is extra or repeated, and the unparsable names.
    Returns a short summary string when the set is complete.

    Raises :class:`IncompleteError` (a :class:`RavdessError`) when the set differs.

    Lesson: lessons/10_ravdess.md#is-the-folder-complete
    """
    stems = Counter(c.stem for c in clips)
    expected = set(expected_stems())
    missing = sorted(expected - set(stems))
    extra = sorted(set(stems) - expected)
    repeated = sorted(s for s, n in stems.items() if n > 1)
    if missing or extra or repeated or problems:
        lines = [f"{root} is not the complete RAVDESS speech set ({len(clips)} clips found, "
                 f"{len(expected)} expected):"]
        for label, items in (("missing", missing), ("extra", extra), ("found twice", repeated)):
            if items:
                shown = ", ".join(items[:10]) + (f", ... ({len(items) - 10} more)" if len(items) > 10 else "")
                lines.append(f"  {len(items)} {label}: {shown}")
        lines += [f"  not a RAVDESS name: {path} ({reason})" for path, reason in problems]
        raise IncompleteError("\n".join(lines), "Fix the folder, or point RAVDESS_DIR at a "
                              "complete copy (or pass limit=... to work on a subset on purpose).",
                              root=root, n_found=len(clips), n_expected=len(expected))
    counts = Counter(c.emotion for c in clips)
    assert counts == Counter(EXPECTED_COUNTS), counts  # follows from the 1440 names being exact
    return (f"{len(clips)} clips, {N_ACTORS} actors x {CLIPS_PER_ACTOR}, "
            + ", ".join(f"{name} {counts[name]}" for name in EMOTIONS.values()))


def duplicate_note(clips):
    """A sentence about the known duplicated recording if both names are present, else ''."""
    stems = {c.stem for c in clips}
    pairs = [pair for pair in DUPLICATE_PAIRS if set(pair) <= stems]
    return "".join(f"Note: {a} and {b} hold the same recording (as in the official release); "
                   "they share an actor, so actor-grouped splits keep them together. "
                   for a, b in pairs).strip()


def pcm_sha256(path):
    """SHA-256 of a file's decoded int16 samples, as ``MANIFEST.tsv`` records them."""
    import soundfile

    samples, _ = soundfile.read(path, dtype="int16", always_2d=True)
    return hashlib.sha256(samples.tobytes()).hexdigest()


def verify_manifest(root, manifest=None):
    """Compare every file listed in ``MANIFEST.tsv`` with its checksum; return the mismatches.

    Returns a list of ``(relative path, reason)``, empty when every file matches.
    """
    root = Path(root)
    manifest = Path(manifest) if manifest else root / "MANIFEST.tsv"
    if not manifest.is_file():
        raise FileNotFoundError(f"no manifest at {manifest}")
    bad = []
    lines = manifest.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t")))
        path = root / row["path"]
        if not path.is_file():
            bad.append((row["path"], "missing"))
        elif pcm_sha256(path) != row["pcm_sha256"]:
            bad.append((row["path"], "samples differ from the manifest's checksum"))
    return bad
