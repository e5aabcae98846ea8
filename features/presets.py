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

Lesson: lessons/16_pooling_and_presets.md#the-two-presets
"""

from dataclasses import dataclass, field

import numpy as np

from features.chroma import PITCH_CLASSES, chroma
from features.mel import mel_spectrogram, power_to_db
from features.mfcc import delta, mfcc
from features.pooling import pool
from features.prosody import prosody_features
from features.spectral import rms, spectral_contrast, zero_crossing_rate
from features.stft import power_spectrum, stft


@dataclass(frozen=True)
class Preset:
    """A named recipe: the analysis parameters (they key the cache) and the function that applies them."""

    name: str
    sr: int | None  # None keeps each file's native rate
    n_fft: int
    hop_length: int
    params: dict = field(default_factory=dict)
    min_duration: float = 0.1  # seconds; shorter files are rejected as "too short"

    def key(self):
        """Everything that changes the numbers, as a plain dict (for the cache key)."""
        return {"name": self.name, "sr": self.sr, "n_fft": self.n_fft,
                "hop_length": self.hop_length, **self.params}

    def extract(self, y, sr):
        """One clip's feature vector ``(n_features,)`` and the column names."""
        return EXTRACTORS[self.name](self, y, sr)


def seed_features(preset, y, sr):
    """The notebook's 180 numbers from one STFT (see the module docstring)."""
    p = preset.params
    X = stft(y=y, n_fft=preset.n_fft, hop_length=preset.hop_length)  # (n_bins, n_frames), complex
    magnitude = power_spectrum(X=X, power=1)
    power = magnitude**2
    blocks = [
        ("chroma", chroma(S=magnitude, sr=sr), PITCH_CLASSES),  # notebook: chroma_stft(S=|X|)
        ("mel", mel_spectrogram(S=power, sr=sr, n_mels=p["n_mels"], fmax=p["mel_fmax"]), None),
        ("mfcc", mfcc(S_db=power_to_db(mel_spectrogram(S=power, sr=sr, n_mels=p["n_mels"])),
                      n_mfcc=p["n_mfcc"]),
         None),  # librosa's mfcc builds its own mel spectrogram, without fmax
    ]
    return pool(blocks, stats=("mean",))


def default_features(preset, y, sr):
    """The richer preset (see the module docstring)."""
    p = preset.params
    X = stft(y=y, n_fft=preset.n_fft, hop_length=preset.hop_length)  # (n_bins, n_frames)
    magnitude = power_spectrum(X=X, power=1)
    power = magnitude**2
    log_mel = power_to_db(mel_spectrogram(S=power, sr=sr, n_mels=p["n_mels"], fmax=p["fmax"]))
    cepstrum = mfcc(S_db=log_mel, n_mfcc=p["n_mfcc"])
    loudness = power_to_db(rms(S=magnitude) ** 2, top_db=None)  # (1, n_frames), dB
    active = loudness[0] >= loudness.max() - p["active_db"]  # not the silence around the speech
    zcr = zero_crossing_rate(y=y, frame_length=preset.n_fft, hop_length=preset.hop_length)
    both = ("mean", "std")
    vector, names = pool([
        ("logmel", log_mel, None),
        ("mfcc", cepstrum, None),
        ("chroma", chroma(S=power, sr=sr, tuning=p["chroma_tuning"]), PITCH_CLASSES),
        ("contrast", spectral_contrast(S=magnitude, sr=sr, n_bands=p["contrast_bands"]), None),
        ("zcr", zcr, None),
        ("rms_db", loudness, None),
    ], stats=both, frames=active)
    # an odd window of delta_width frames, or fewer if fewer frames are active
    width = min(p["delta_width"], 2 * ((int(active.sum()) - 1) // 2) + 1)
    d_vector, d_names = pool([("mfcc_delta", delta(cepstrum[:, active], width=max(width, 3)), None)],
                             stats=("std",))
    return np.concatenate([vector, d_vector]), names + d_names


EXTRACTORS = {"seed": seed_features, "default": default_features, "prosody": prosody_features}

PRESETS = {
    "seed": Preset("seed", sr=None, n_fft=2048, hop_length=512,
                   params={"chroma": "magnitude, tuning estimated", "n_mels": 128, "mel_fmax": 8000,
                           "n_mfcc": 40, "stats": "mean"}),
    "default": Preset("default", sr=16000, n_fft=1024, hop_length=256,
                      params={"n_mels": 64, "fmax": 8000, "n_mfcc": 20, "active_db": 40.0,
                              "chroma_tuning": 0.0, "contrast_bands": 6, "delta_width": 9,
                              "stats": "mean+std; delta std"}),
    # default's 230 numbers plus pitch, voicing, energy and spectral-shape contours (features.prosody)
    "prosody": Preset("prosody", sr=16000, n_fft=1024, hop_length=256,
                      params={"n_mels": 64, "fmax": 8000, "n_mfcc": 20, "active_db": 40.0,
                              "chroma_tuning": 0.0, "contrast_bands": 6, "delta_width": 9,
                              "f0": "librosa.yin", "f0_fmin": 60.0, "f0_fmax": 600.0,
                              "voicing_threshold": 0.5,
                              "stats": "default's; contours mean+std+p10/50/90+range+slope"}),
}


def get_preset(name):
    """The :class:`Preset` called ``name``; a clear error for an unknown one."""
    if isinstance(name, Preset):
        return name
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(f"preset={name!r}: choose one of {sorted(PRESETS)}") from None
