"""eGeMAPS: the standard handcrafted feature set, computed by openSMILE, as the ``egemaps`` preset.

The extended Geneva Minimalistic Acoustic Parameter Set (Eyben et al., IEEE Trans. Affective
Computing, 2016) is the feature set most emotion papers report as their handcrafted baseline:
25 frame-level descriptors of pitch, voice quality, energy and spectral shape, summarised over
the clip by *functionals* (mean, coefficient of variation, percentiles, rising and falling
slopes, rates of loudness peaks and of voiced segments): 88 numbers per clip. Comparing our
presets with it answers "how far is this from the usual handcrafted anchor?" (lesson 18).

We do not compute it ourselves: openSMILE (audEERING's C++ toolkit, through its ``opensmile``
Python package) is the reference implementation. It is an optional extra
(``pip install "audio-mlp[opensmile]"``) under audEERING's own research licence (non-commercial
use; see the README), so this module imports it only when the preset is asked for, and
``import features`` works without it.

The waveform is decoded by :func:`features.audio.load_audio` at 16 kHz like every preset, then
handed to ``opensmile.Smile.process_signal``, which frames it itself (60 ms Gaussian windows for
pitch, jitter, shimmer and energy, 20 ms Hamming windows for loudness and spectra, every 10 ms),
so the preset has no ``n_fft`` or ``hop_length`` of ours. openSMILE quantises the float waveform
to 16-bit integers before analysing it (``y * 32768`` as ``int16``).

Shapes: the extractor returns one clip's ``(vector (88,), names)``; the names are openSMILE's own
column names (``F0semitoneFrom27.5Hz_sma3nz_amean``, ...).

Lesson: lessons/18_prosody_and_augmentation.md#egemaps-the-standard-handcrafted-anchor
"""

import functools
from dataclasses import dataclass

import numpy as np

from features.files import installed_version

INSTALL = 'pip install "audio-mlp[opensmile]"'
LICENCE = ("openSMILE is audEERING GmbH's software under its research licence: free for "
           "non-commercial use (research, teaching, personal experiments) and for commercial "
           "research aimed at publication; any other commercial use, features in a product "
           "included, needs a licence from audEERING")


class OpensmileMissing(ImportError):
    """The ``egemaps`` preset was asked for and the ``opensmile`` package is not installed."""


def require_opensmile():
    """The ``opensmile`` module, or :class:`OpensmileMissing` saying how to install it.

    Lesson: lessons/18_prosody_and_augmentation.md#egemaps-the-standard-handcrafted-anchor
    """
    try:
        import opensmile
    except ImportError as exc:
        raise OpensmileMissing(f"the egemaps preset needs the opensmile package, which is not "
                               f"installed: {INSTALL} ({LICENCE})") from exc
    return opensmile


@dataclass(frozen=True)
class EgemapsSettings:
    """What fixes the ``egemaps`` numbers: openSMILE's feature set and level (names of the
    ``opensmile.FeatureSet`` and ``opensmile.FeatureLevel`` members), and the installed
    ``opensmile`` release, recorded (not chosen) so that another release keys other cache
    entries: its compiled library and configuration files compute the numbers."""

    feature_set: str
    feature_level: str
    opensmile_version: str


def installed_opensmile():
    """The installed ``opensmile`` version, or ``"absent"`` (read without importing it)."""
    return installed_version("opensmile")


@functools.lru_cache(maxsize=None)
def smile(feature_set, feature_level):
    """One ``opensmile.Smile`` per process and setting (building it parses the configuration;
    each ``process_signal`` call then runs a fresh openSMILE instance, so reuse is safe)."""
    opensmile = require_opensmile()
    return opensmile.Smile(feature_set=opensmile.FeatureSet[feature_set],
                           feature_level=opensmile.FeatureLevel[feature_level])


def egemaps_features(preset, y, sr):
    """The ``egemaps`` preset: openSMILE's 88 eGeMAPSv02 functionals of the clip ``y`` at ``sr``.

    Lesson: lessons/18_prosody_and_augmentation.md#egemaps-the-standard-handcrafted-anchor
    """
    p = preset.settings  # EgemapsSettings
    frame = smile(p.feature_set, p.feature_level).process_signal(y, sr)  # (1, 88) DataFrame
    return frame.to_numpy(dtype=np.float64)[0], list(frame.columns)  # float32 -> float64: exact
