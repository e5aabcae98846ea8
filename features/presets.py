"""Feature presets: which frame-level features a clip gets, from one STFT, and how they are pooled.

* ``seed``: the seed notebook's 180 numbers, kept as a reference point. Native sample rate,
  n_fft 2048, hop 512; the means over all frames of 12 chroma (from the *magnitude* STFT, tuning
  estimated per clip), 128 mel-band powers (linear power, fmax 8000 Hz) and 40 MFCC (from a
  128-band log-mel up to sr/2). Equal to the notebook's three librosa calls on the same waveform.
* ``default``: designed for accuracy and speed. Resampled to 16 kHz (so every file gives the same
  analysis whatever its native rate), n_fft 1024 (64 ms), hop 256 (16 ms). From one power STFT:
  64-band log-mel (dB, 0-8000 Hz), 20 MFCC from it, their deltas, 12 chroma (tuning 0: speech is
  not tuned to A440), 7 spectral-contrast bands, zero-crossing rate and RMS in dB. Frames more than
  40 dB below the clip's loudest frame (leading and trailing silence) are left out of the pooling;
  every block gets mean and std, except the deltas (std only: their mean is near 0). 230 numbers.
* ``prosody``: the default's 230 numbers and 79 more from :mod:`features.prosody` (pitch,
  voicing, energy and spectral-shape contours): 309 numbers (lesson 18).
* ``prosody_rich``: prosody's 309 numbers and, for each of the 20 MFCC contours over the active
  frames, its 10th, 50th and 90th percentiles and its slope per second: 389 numbers (lesson 18).
* ``egemaps``: the standard handcrafted set, openSMILE's 88 eGeMAPSv02 functionals of the 16 kHz
  waveform (:mod:`features.egemaps`; needs the optional ``opensmile`` package, lesson 18).
  openSMILE frames the signal itself, so its ``n_fft`` and ``hop_length`` are ``None``.

A :class:`Preset` holds its extractor as a field and its parameters as typed fields (the
extractor's own in ``settings``), so a new recipe is one more entry in :data:`PRESETS`.

Lesson: lessons/16_pooling_and_presets.md#the-two-presets
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, is_dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from features.audio import MAX_DURATION, SILENCE_DB, load_audio
from features.chroma import PITCH_CLASSES, chroma
from features.egemaps import (EgemapsSettings, egemaps_features, installed_opensmile,
                              require_opensmile)
from features.mel import mel_spectrogram, power_to_db
from features.mfcc import delta, mfcc
from features.pooling import pool
from features.prosody import contour_stats, prosody_block
from features.registry import lookup
from features.spectral import rms, spectral_contrast, zero_crossing_rate
from features.stft import power_spectrum, stft


@dataclass(frozen=True)
class Preset:
    """A named recipe: the function that computes a clip's vector, and every setting it reads.

    ``extractor(preset, y, sr)`` returns ``(vector (n_features,), names)``; it reads its own
    parameters from ``settings``, a frozen dataclass such as :class:`SeedSettings`. The clip
    limits (``min_duration``, ``max_duration``, ``silence_db``) are what
    :func:`features.audio.load_audio` checks before the extractor sees a clip. ``n_fft`` and
    ``hop_length`` are the STFT's that the extractor reads; ``None`` when the extractor frames the
    signal its own way (``egemaps``). ``requires``, if set, is called by :func:`get_preset` and
    raises an ``ImportError`` saying what to install when an optional library the extractor needs
    is missing. Every field but ``requires`` (which says whether the numbers can be computed
    here, not what they are), and nothing else, keys the cache.

    Lesson: lessons/16_pooling_and_presets.md#the-two-presets
    """

    name: str
    extractor: Callable  # extractor(preset, y, sr) -> (vector, names)
    sr: int | None  # None keeps each file's native rate
    n_fft: int | None  # None: the extractor frames the signal itself
    hop_length: int | None
    settings: object  # a frozen dataclass: the extractor's own parameters
    min_duration: float = 0.1  # seconds; shorter files are rejected as "too short"
    max_duration: float = MAX_DURATION  # seconds, read from the header before decoding
    silence_db: float = SILENCE_DB  # dBFS; a file whose loudest sample is below it is "silent"
    # requires() raises ImportError when an optional library is missing; not in the key
    requires: Callable | None = field(default=None, metadata={"key": False})

    def key(self):
        """Every field as plain JSON values (the cache key): the extractor by its qualified name,
        the settings by their class name and fields; not ``requires``."""
        key = {}
        for item in fields(self):
            if not item.metadata.get("key", True):
                continue
            value = getattr(self, item.name)
            if is_dataclass(value):
                value = {"type": type(value).__name__, **asdict(value)}
            elif callable(value):
                value = f"{value.__module__}.{value.__qualname__}"
            key[item.name] = value
        return key

    def load(self, path):
        """Decode ``path`` as this preset needs it: ``(y, sr)`` at ``self.sr``, in its limits."""
        return load_audio(path, sr=self.sr, min_duration=self.min_duration,
                          max_duration=self.max_duration, silence_db=self.silence_db)

    def extract(self, y, sr):
        """One clip's feature vector ``(n_features,)`` and the column names.

        Always computed with one BLAS and one OpenMP thread (``threadpool_limits(limits=1)``
        around the extractor). The float32 products of the filterbanks round in a different order
        when OpenBLAS splits them over threads, and the logarithm, the DCT and the pooling carry
        the difference into many features (measured on ten RAVDESS clips: 240 of 2,300 values
        differ between 1 and 2 threads). Pinned here, the same clip gives the same bits on every
        path: a worker or the parent, any ``n_jobs``, any core count. The limit is one setting
        for the whole process, so extractions must not run in several threads of one process at
        once: the Dask clusters this project starts have single-threaded workers
        (:mod:`features.backend`).
        """
        with threadpool_limits(limits=1):
            return self.extractor(self, y, sr)


@dataclass(frozen=True)
class SeedSettings:
    """The seed notebook's parameters: chroma of the magnitude with the tuning estimated per clip,
    ``n_mels`` linear mel powers up to ``fmax`` Hz, ``n_mfcc`` MFCC of an ``n_mels``-band log-mel
    up to sr/2 (librosa's mfcc builds its own mel spectrogram, without fmax). Means only."""

    n_mels: int
    fmax: float  # Hz, top of the pooled mel bands
    n_mfcc: int


@dataclass(frozen=True)
class DefaultSettings:
    """The default preset's parameters (see the module docstring). Mean and std of every block,
    std only of the deltas."""

    n_mels: int
    fmax: float  # Hz, top of the log-mel bands
    n_mfcc: int
    active_db: float  # pool only the frames within this many dB of the loudest one
    chroma_tuning: float  # in fractions of a chroma bin (0: not estimated)
    contrast_bands: int  # octave bands above the lowest one (n_bands + 1 values)
    delta_width: int  # frames in the delta window (odd)


@dataclass(frozen=True)
class ProsodySettings(DefaultSettings):
    """The prosody preset's parameters: the default's, and the F0 search range (Hz) and the
    periodicity above which an active frame counts as voiced (:mod:`features.prosody`)."""

    f0_fmin: float
    f0_fmax: float
    voicing_threshold: float


def seed_features(preset, y, sr):
    """The notebook's 180 numbers from one STFT (see the module docstring)."""
    p = preset.settings
    X = stft(y=y, n_fft=preset.n_fft, hop_length=preset.hop_length)  # (n_bins, n_frames), complex
    magnitude = power_spectrum(X=X, power=1)
    power = magnitude**2
    blocks = [
        ("chroma", chroma(S=magnitude, sr=sr), PITCH_CLASSES),  # notebook: chroma_stft(S=|X|)
        ("mel", mel_spectrogram(S=power, sr=sr, n_mels=p.n_mels, fmax=p.fmax), None),
        ("mfcc", mfcc(S_db=power_to_db(mel_spectrogram(S=power, sr=sr, n_mels=p.n_mels)),
                      n_mfcc=p.n_mfcc),
         None),  # librosa's mfcc builds its own mel spectrogram, without fmax
    ]
    return pool(blocks, stats=("mean",))


def default_features(preset, y, sr):
    """The richer preset (see the module docstring)."""
    p = preset.settings
    X = stft(y=y, n_fft=preset.n_fft, hop_length=preset.hop_length)  # (n_bins, n_frames)
    magnitude = power_spectrum(X=X, power=1)
    power = magnitude**2
    log_mel = power_to_db(mel_spectrogram(S=power, sr=sr, n_mels=p.n_mels, fmax=p.fmax))
    cepstrum = mfcc(S_db=log_mel, n_mfcc=p.n_mfcc)
    loudness = power_to_db(rms(S=magnitude) ** 2, top_db=None)  # (1, n_frames), dB
    active = loudness[0] >= loudness.max() - p.active_db  # not the silence around the speech
    zcr = zero_crossing_rate(y=y, frame_length=preset.n_fft, hop_length=preset.hop_length)
    both = ("mean", "std")
    vector, names = pool([
        ("logmel", log_mel, None),
        ("mfcc", cepstrum, None),
        ("chroma", chroma(S=power, sr=sr, tuning=p.chroma_tuning), PITCH_CLASSES),
        ("contrast", spectral_contrast(S=magnitude, sr=sr, n_bands=p.contrast_bands), None),
        ("zcr", zcr, None),
        ("rms_db", loudness, None),
    ], stats=both, frames=active)
    # an odd window of delta_width frames, or fewer if fewer frames are active
    width = min(p.delta_width, 2 * ((int(active.sum()) - 1) // 2) + 1)
    d_vector, d_names = pool([("mfcc_delta", delta(cepstrum[:, active], width=max(width, 3)), None)],
                             stats=("std",))
    return np.concatenate([vector, d_vector]), names + d_names


def prosody_features(preset, y, sr):
    """The ``prosody`` preset: ``default``'s 230 numbers, then those of
    :func:`features.prosody.prosody_block` (pitch, voicing, energy and spectral shape).

    Lesson: lessons/18_prosody_and_augmentation.md#the-prosody-preset
    """
    p = preset.settings  # ProsodySettings
    base, base_names = default_features(preset, y, sr)
    extra, extra_names = prosody_block(
        y=y, sr=sr, n_fft=preset.n_fft, hop_length=preset.hop_length, fmin=p.f0_fmin,
        fmax=p.f0_fmax, n_mels=p.n_mels, mel_fmax=p.fmax, active_db=p.active_db,
        voicing_threshold=p.voicing_threshold)
    return np.concatenate([base, extra]), base_names + extra_names


@dataclass(frozen=True)
class RichSettings(ProsodySettings):
    """The ``prosody_rich`` preset's parameters: prosody's, and the percentiles of each MFCC's
    contour over the active frames that are pooled beside its mean and std."""

    mfcc_percentiles: tuple


def prosody_rich_features(preset, y, sr):
    """``prosody``'s 309 numbers, then each MFCC's contour over the active frames summarised by
    its percentiles and its least-squares slope per second (L18.9): richer pooling than mean and
    std, which say nothing of a contour's skew or of its rise or fall over the utterance.
    80 more numbers (20 MFCC x p10, p50, p90, slope): 389. It computes the clip's STFT and MFCC
    again rather than reach into ``default_features``, so each function stays one screen; that
    costs a few milliseconds per clip.

    Lesson: lessons/18_prosody_and_augmentation.md#richer-pooling-the-prosody_rich-preset
    """
    p = preset.settings  # RichSettings
    base, names = prosody_features(preset, y, sr)
    X = stft(y=y, n_fft=preset.n_fft, hop_length=preset.hop_length)
    magnitude = power_spectrum(X=X, power=1)
    log_mel = power_to_db(mel_spectrogram(S=magnitude**2, sr=sr, n_mels=p.n_mels, fmax=p.fmax))
    cepstrum = mfcc(S_db=log_mel, n_mfcc=p.n_mfcc)  # (n_mfcc, n_frames)
    loudness = power_to_db(rms(S=magnitude) ** 2, top_db=None)[0]
    active = loudness >= loudness.max() - p.active_db
    times = np.arange(cepstrum.shape[1]) * preset.hop_length / sr
    columns, extra = [], []
    for i, row in enumerate(cepstrum):
        stats, stat_names = contour_stats(row[active], times=times[active],
                                          percentiles=p.mfcc_percentiles)
        keep = [k for k, n in enumerate(stat_names) if n.startswith("p") or n == "slope"]
        columns.append(stats[keep])
        extra += [f"mfcc_{i:02d}_{stat_names[k]}" for k in keep]
    return np.concatenate([base, *columns]), names + extra


PRESETS = {
    "seed": Preset("seed", extractor=seed_features, sr=None, n_fft=2048, hop_length=512,
                   settings=SeedSettings(n_mels=128, fmax=8000, n_mfcc=40)),
    "default": Preset("default", extractor=default_features, sr=16000, n_fft=1024, hop_length=256,
                      settings=DefaultSettings(n_mels=64, fmax=8000, n_mfcc=20, active_db=40.0,
                                               chroma_tuning=0.0, contrast_bands=6,
                                               delta_width=9)),
    # default's 230 numbers plus pitch, voicing, energy and spectral-shape contours (features.prosody)
    "prosody": Preset("prosody", extractor=prosody_features, sr=16000, n_fft=1024, hop_length=256,
                      settings=ProsodySettings(n_mels=64, fmax=8000, n_mfcc=20, active_db=40.0,
                                               chroma_tuning=0.0, contrast_bands=6,
                                               delta_width=9, f0_fmin=60.0, f0_fmax=600.0,
                                               voicing_threshold=0.5)),
    # prosody and each MFCC contour's percentiles and slope (richer pooling)
    "prosody_rich": Preset("prosody_rich", extractor=prosody_rich_features, sr=16000,
                           n_fft=1024, hop_length=256,
                           settings=RichSettings(n_mels=64, fmax=8000, n_mfcc=20, active_db=40.0,
                                                 chroma_tuning=0.0, contrast_bands=6,
                                                 delta_width=9, f0_fmin=60.0, f0_fmax=600.0,
                                                 voicing_threshold=0.5,
                                                 mfcc_percentiles=(10, 50, 90))),
    # openSMILE's eGeMAPSv02 functionals (features.egemaps); 16 kHz as in most eGeMAPS work
    "egemaps": Preset("egemaps", extractor=egemaps_features, sr=16000, n_fft=None, hop_length=None,
                      settings=EgemapsSettings(feature_set="eGeMAPSv02",
                                               feature_level="Functionals",
                                               opensmile_version=installed_opensmile()),
                      requires=require_opensmile),
}


def get_preset(name):
    """The :class:`Preset` called ``name``; a clear error for an unknown one, and an
    ``ImportError`` saying what to install for one whose optional library is missing."""
    preset = name if isinstance(name, Preset) else lookup(PRESETS, name, what="preset")
    if preset.requires is not None:
        preset.requires()
    return preset


def notebook_seed_features(y, sr):
    """The seed notebook's 180 numbers computed its own way: three librosa calls, each from the
    waveform (three STFTs). The reference the ``seed`` preset is tested and timed against.

    Lesson: lessons/16_pooling_and_presets.md#the-two-presets
    """
    import librosa

    chroma_means = librosa.feature.chroma_stft(S=np.abs(librosa.stft(y)), sr=sr).mean(axis=1)
    mel_means = librosa.feature.melspectrogram(y=y, sr=sr, n_mels=128, fmax=8000).mean(axis=1)
    mfcc_means = librosa.feature.mfcc(y=y, sr=sr, n_mfcc=40).mean(axis=1)
    return np.hstack([chroma_means, mel_means, mfcc_means])
