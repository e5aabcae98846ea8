"""A labelled corpus of synthetic sounds, for tests, benchmarks and the lesson: no download needed.

Class ``k`` of :func:`make_corpus` is one kind of sound at its own frequency: a tone (with two
harmonics), band-limited noise, or a rising chirp, in turn (class 0 tone, 1 noise, 2 chirp, 3 tone,
...), centred at ``BASE * SPACING**k`` Hz. A *group* plays the part of a speaker or a recording
session: it shifts every frequency by up to ``SHIFT``, each of its classes by up to ``QUIRK`` more
(its own way of producing that class), and sets its own loudness and background noise. The
shifts make classes of one kind (three steps of ``SPACING`` apart) overlap; a model can learn a
group's quirks from that group's other clips, which a grouped split (unseen groups) denies it.
Every clip is drawn from its own seeded generator: the same arguments write the same files.

Files are written as ``root/<class>/<group>_<index>.<suffix>`` (the ``folders`` layout, the group
recoverable with ``group_pattern=r"^(?P<group>[^_]+)_"``), and :func:`write_manifest` lists them
in a manifest with a ``group`` column.

Lesson: lessons/19_your_own_audio.md#a-corpus-to-try-it-on
"""

import csv
from pathlib import Path

import numpy as np

KINDS = ("tone", "noise", "chirp")
BASE, SPACING = 200.0, 1.06  # class k is centred at BASE * SPACING**k Hz
SHIFT = 0.08  # a group moves every frequency by a factor in [1 - SHIFT, 1 + SHIFT]
QUIRK = 0.06  # and each of its classes by another factor in [1 - QUIRK, 1 + QUIRK]


def class_name(k):
    """``"c03_tone"``: the class number and its kind."""
    return f"c{k:02d}_{KINDS[k % len(KINDS)]}"


def synth(kind, *, freq, sr, seconds, rng, level=0.3, noise=0.01):
    """One waveform ``(n_samples,)`` float64 of ``kind`` around ``freq`` Hz, faded in and out."""
    n = max(int(round(sr * seconds)), 1)
    t = np.arange(n) / sr
    if kind == "tone":
        y = sum(np.sin(2 * np.pi * h * freq * t + rng.uniform(0, 2 * np.pi)) / h for h in (1, 2, 3))
    elif kind == "noise":  # white noise filtered to one octave around freq, in the spectrum
        spectrum = np.fft.rfft(rng.standard_normal(n))
        bins = np.fft.rfftfreq(n, 1 / sr)
        spectrum[(bins < freq / np.sqrt(2)) | (bins > freq * np.sqrt(2))] = 0
        y = np.fft.irfft(spectrum, n)
    elif kind == "chirp":  # frequency rising linearly from freq to 2 freq
        y = np.sin(2 * np.pi * (freq * t + 0.5 * freq / seconds * t**2))
    else:
        raise ValueError(f"kind={kind!r}: choose one of {KINDS}")
    y = level * y / max(np.abs(y).max(), 1e-12)
    y *= np.minimum(1, np.minimum(t, t[::-1]) / 0.01)  # 10 ms fades: no click at either end
    return y + noise * rng.standard_normal(n)


def make_corpus(root, *, n_classes=4, n_groups=4, per_group=3, seconds=0.5, sr=16000,
                suffix=".wav", seed=0):
    """Write ``n_classes * n_groups * per_group`` clips under ``root``; return their paths.

    ``sr`` and ``suffix`` may be sequences, cycled over the clips (mixed rates and formats).

    Lesson: lessons/19_your_own_audio.md#a-corpus-to-try-it-on
    """
    import soundfile

    root = Path(root)
    rates = [sr] if np.isscalar(sr) else list(sr)
    suffixes = [suffix] if isinstance(suffix, str) else list(suffix)
    paths, n = [], 0
    for k in range(n_classes):
        folder = root / class_name(k)
        folder.mkdir(parents=True, exist_ok=True)
        for g in range(n_groups):
            group_rng = np.random.default_rng([seed, 1, g])
            shift, level, noise = group_rng.uniform(1 - SHIFT, 1 + SHIFT), \
                group_rng.uniform(0.1, 0.5), group_rng.uniform(0.002, 0.03)
            quirk = np.random.default_rng([seed, 3, g, k]).uniform(1 - QUIRK, 1 + QUIRK)
            for i in range(per_group):
                rng = np.random.default_rng([seed, 2, k, g, i])
                rate, ext = rates[n % len(rates)], suffixes[n % len(suffixes)]
                y = synth(KINDS[k % len(KINDS)], freq=BASE * SPACING**k * shift * quirk, sr=rate,
                          seconds=seconds, rng=rng, level=level, noise=noise)
                path = folder / f"g{g:02d}_{i:04d}{ext}"
                soundfile.write(path, y.astype(np.float32), rate)
                paths.append(path)
                n += 1
    return paths


def write_manifest(path, paths, *, groups=True):
    """A CSV (or ``.tsv``) manifest of corpus ``paths``: ``path,label[,group]``, relative paths."""
    path = Path(path)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(["path", "label", "group"] if groups else ["path", "label"])
        for p in paths:
            p = Path(p)
            row = [p.relative_to(path.parent).as_posix(), p.parent.name]
            writer.writerow(row + [p.stem.split("_")[0]] if groups else row)
    return path
