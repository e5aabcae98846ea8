"""Three more frame-level descriptors: RMS energy, zero-crossing rate and spectral contrast.

* RMS from the STFT (L16.1): by Parseval's theorem the energy of a windowed frame equals the
  energy of its spectrum, so the RMS needs no second pass over the waveform. Matches
  ``librosa.feature.rms(S=magnitude)``.
* Zero-crossing rate (L16.2): the fraction of neighbouring samples in a frame whose signs differ;
  high for noise and fricatives ("s", "f"), low for voiced sounds. A time-domain feature, computed
  on the same frames as the STFT. Matches ``librosa.feature.zero_crossing_rate``.
* Spectral contrast: per octave band, the dB difference between the spectrum's peaks and valleys
  (Jiang et al., 2002). This one is not rebuilt here: it calls ``librosa.feature.spectral_contrast``
  on the STFT we already have.

Shapes: ``(n_features, n_frames)`` like librosa (1 row for RMS and ZCR, ``n_bands + 1`` for contrast).

Lesson: lessons/16_pooling_and_presets.md#more-frame-level-features
"""

import numpy as np


def rms(*, S, frame_length=None):
    """RMS of each frame from a magnitude spectrum ``S`` ``(n_bins, n_frames)`` -> ``(1, n_frames)``.

    rms_t = sqrt( (2 sum_k |S[k,t]|^2 - |S[0,t]|^2 - |S[-1,t]|^2) / frame_length^2 )   (L16.1)
    (the DC and Nyquist bins appear once in a real signal's spectrum, the others twice).

    Lesson: lessons/16_pooling_and_presets.md#more-frame-level-features
    """
    n_fft = 2 * (S.shape[0] - 1) if frame_length is None else frame_length
    if S.shape[0] != n_fft // 2 + 1:
        raise ValueError(f"S has {S.shape[0]} rows; frame_length={n_fft} needs {n_fft // 2 + 1}")
    power = np.abs(S) ** 2
    total = 2 * power.sum(axis=0) - power[0]  # (n_frames,)
    if n_fft % 2 == 0:
        total -= power[-1]  # an even FFT has a Nyquist bin, also counted once
    return np.sqrt(total / n_fft**2)[None, :]  # (L16.1) (1, n_frames)


def zero_crossing_rate(*, y, frame_length=2048, hop_length=512, center=True, threshold=1e-10):
    """Fraction of sign changes per frame (L16.2), ``(1, n_frames)``.

    Samples with ``|y| <= threshold`` count as zero (and zero as positive); centred frames are
    padded by repeating the edge samples. Frame t holds samples t*hop .. t*hop + frame_length - 1
    of the padded signal and its rate is (changes between consecutive samples) / frame_length.

    Lesson: lessons/16_pooling_and_presets.md#more-frame-level-features
    """
    y = np.asarray(y)
    if center:
        y = np.pad(y, frame_length // 2, mode="edge")
    negative = np.where(np.abs(y) <= threshold, 0.0, y) < 0
    change = np.concatenate(([0], np.cumsum(negative[1:] != negative[:-1])))  # running count
    starts = np.arange(0, y.size - frame_length + 1, hop_length)  # (n_frames,)
    crossings = change[starts + frame_length - 1] - change[starts]  # changes inside each frame
    return (crossings / frame_length)[None, :]  # (L16.2) (1, n_frames)


def spectral_contrast(*, S, sr, n_bands=6, fmin=200.0):
    """Spectral contrast ``(n_bands + 1, n_frames)`` of a magnitude spectrum (librosa's code).

    Lesson: lessons/16_pooling_and_presets.md#more-frame-level-features
    """
    import librosa

    return librosa.feature.spectral_contrast(S=S, sr=sr, n_bands=n_bands, fmin=fmin)
