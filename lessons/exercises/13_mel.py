"""Lesson 13 exercise: the triangular mel filterbank.

Write the body, then run ``audio-mlp exercises check 13``. You may use the mel scale from the
library (``hz_to_mel``, ``mel_to_hz``, L13.1 and L13.2) and ``fft_frequencies`` (L12.4).
"""

import numpy as np

from features.mel import hz_to_mel, mel_to_hz
from features.stft import fft_frequencies


def mel_filterbank(sr, n_fft, n_mels, fmax=None):
    """The Slaney-normalised triangular filterbank W (L13.3), from fmin = 0 to ``fmax``.

    ``fmax`` None means sr / 2. The B + 2 edges e_0 .. e_{B+1} are evenly spaced in mels; band i
    rises from e_i to e_{i+1} and falls to e_{i+2}, scaled by 2 / (e_{i+2} - e_i).
    Returns W: (n_mels, 1 + n_fft // 2), row i = band i's weight on each FFT bin.
    """
    raise NotImplementedError
