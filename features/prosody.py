"""Prosody: pitch (F0), voicing, energy dynamics and spectral shape, for the ``prosody`` preset.

How high, how varied, how loud and how tense a voice is are the main acoustic cues of arousal
(anger and joy against sadness and calm). The ``default`` preset describes the spectrum's shape
frame by frame but has no pitch at all. This module adds, per clip:

* F0 from ``librosa.yin`` (not ``pyin``: on RAVDESS clips at 16 kHz pyin costs about 45 times
  yin's time, see the lesson), in semitones above 55 Hz (L18.1);
* a periodicity per frame, the peak of the normalised autocorrelation in the F0 lag range
  (L18.2); a frame is *voiced* when it is periodic enough and not silence. yin always returns a
  frequency, even for a hiss or a pause, so the statistics of F0 are taken over voiced frames only;
* spectral shape per frame: centroid (L18.3), bandwidth (L18.4), flatness (L18.5), roll-off
  (L18.6), flux (L18.7) and slope (L18.8), each equal to librosa's where librosa has one;
* contour statistics over frames beyond mean and std: percentiles, range and the
  linear-regression slope over time (L18.9), which keeps whether pitch or loudness rises or falls.

Shapes: frame-level arrays are ``(n_features, n_frames)`` like librosa's (one row each here);
:func:`prosody_block` returns one clip's ``(vector (n_columns,), names)``; the ``prosody`` preset
(:func:`features.presets.prosody_features`) puts them after the ``default`` preset's numbers.

Lesson: lessons/18_prosody_and_augmentation.md
"""

import numpy as np

from features.mel import mel_filterbank, mel_spectrogram, power_to_db
from features.spectral import rms
from features.stft import (fft_frequencies, frame, frame_times, hann_window, power_spectrum,
                           stft)

F0_REFERENCE_HZ = 55.0  # semitones are counted from A1


def hz_to_semitones(f0, *, reference=F0_REFERENCE_HZ):
    """Semitones above ``reference`` Hz: st = 12 log2(f0 / reference)   (L18.1)

    >>> hz_to_semitones(np.array([55.0, 110.0, 220.0])).tolist()
    [0.0, 12.0, 24.0]
    """
    return 12.0 * np.log2(np.asarray(f0, dtype=np.float64) / reference)  # (L18.1)


def f0_yin(*, y, sr, fmin=60.0, fmax=600.0, frame_length=1024, hop_length=256):
    """F0 in Hz of every frame, ``(1, n_frames)``, from ``librosa.yin`` (centred frames like stft).

    Lesson: lessons/18_prosody_and_augmentation.md#pitch-f0-and-voicing
    """
    import librosa

    f0 = librosa.yin(np.asarray(y, dtype=np.float64), fmin=fmin, fmax=fmax, sr=sr,
                     frame_length=frame_length, hop_length=hop_length)
    return f0[None, :]  # (1, n_frames)


def periodicity(*, y, sr, fmin=60.0, fmax=600.0, frame_length=1024, hop_length=256):
    """Peak normalised autocorrelation in the lags of F0 in [fmin, fmax], ``(1, n_frames)``.

    r(tau) is the autocorrelation of a Hann-windowed frame, computed with zero padding (so it is
    not circular); dividing by the window's own autocorrelation r_w removes the taper's bias
    (Boersma, 1993):

        p_t = max over tau in [sr/fmax, sr/fmin] of (r(tau) / r(0)) / (r_w(tau) / r_w(0))   (L18.2)

    About 1 for a periodic frame (a vowel, a tone), near 0 for noise; 0 for a silent frame.

    Lesson: lessons/18_prosody_and_augmentation.md#pitch-f0-and-voicing
    """
    frames = frame(np.asarray(y, dtype=np.float64), frame_length=frame_length,
                   hop_length=hop_length)  # (n_frames, frame_length)
    window = hann_window(frame_length)
    n_fft = 2 * frame_length  # zero padding: a linear, not circular, autocorrelation
    r = np.fft.irfft(np.abs(np.fft.rfft(frames * window, n=n_fft, axis=-1)) ** 2, axis=-1)
    r_w = np.fft.irfft(np.abs(np.fft.rfft(window, n=n_fft)) ** 2)  # (n_fft,)
    lags = np.arange(int(np.floor(sr / fmax)), int(np.ceil(sr / fmin)) + 1)
    energy = r[:, :1]  # (n_frames, 1), r(0)
    safe = np.where(energy > 1e-12, energy, 1.0)  # a silent frame: ratio 0, not 0/0
    ratio = (r[:, lags] / safe) / (r_w[lags] / r_w[0])  # (L18.2) (n_frames, n_lags)
    peak = np.where(energy[:, 0] > 1e-12, ratio.max(axis=1), 0.0)
    return peak[None, :]  # transpose to librosa's (1, n_frames)


def _unit_columns(S):
    """Each frame of ``S`` divided by its sum (frames that are all zero stay zero)."""
    total = S.sum(axis=0, keepdims=True)
    return S / np.where(total > 0, total, 1.0)


def spectral_centroid(*, S, sr):
    """The spectrum's centre of mass in Hz, ``(1, n_frames)``; ``S`` magnitude ``(n_bins, n_frames)``.

    c_t = sum_k f_k S[k, t] / sum_k S[k, t]   (L18.3)    (librosa.feature.spectral_centroid)

    Lesson: lessons/18_prosody_and_augmentation.md#spectral-shape
    """
    freqs = fft_frequencies(sr=sr, n_fft=2 * (S.shape[0] - 1))  # (n_bins,)
    return (freqs @ _unit_columns(S))[None, :]  # (L18.3)


def spectral_bandwidth(*, S, sr):
    """The spread of the spectrum around its centroid in Hz, ``(1, n_frames)``.

    b_t = sqrt( sum_k S[k, t] (f_k - c_t)^2 / sum_k S[k, t] )   (L18.4)   (librosa's, p = 2)

    Lesson: lessons/18_prosody_and_augmentation.md#spectral-shape
    """
    freqs = fft_frequencies(sr=sr, n_fft=2 * (S.shape[0] - 1))
    centroid = spectral_centroid(S=S, sr=sr)  # (1, n_frames)
    deviation = (freqs[:, None] - centroid) ** 2  # (n_bins, n_frames)
    return np.sqrt((_unit_columns(S) * deviation).sum(axis=0))[None, :]  # (L18.4)


def spectral_flatness(*, S, power=2.0, amin=1e-10):
    """Geometric over arithmetic mean of the power spectrum, ``(1, n_frames)``: 1 noise, ~0 a tone.

    F_t = exp(mean_k log P[k, t]) / mean_k P[k, t],  P = max(amin, S^power)   (L18.5)

    Lesson: lessons/18_prosody_and_augmentation.md#spectral-shape
    """
    P = np.maximum(amin, S**power)  # the floor keeps log finite in an empty bin
    return (np.exp(np.log(P).mean(axis=0)) / P.mean(axis=0))[None, :]  # (L18.5)


def spectral_rolloff(*, S, sr, roll_percent=0.85):
    """The lowest bin frequency below which ``roll_percent`` of the magnitude lies, ``(1, n_frames)``.

    rolloff_t = min { f_k : sum_{j <= k} S[j, t] >= roll_percent * sum_j S[j, t] }   (L18.6)

    Lesson: lessons/18_prosody_and_augmentation.md#spectral-shape
    """
    freqs = fft_frequencies(sr=sr, n_fft=2 * (S.shape[0] - 1))
    cumulative = np.cumsum(S, axis=0)  # (n_bins, n_frames)
    first = np.argmax(cumulative >= roll_percent * cumulative[-1], axis=0)  # (L18.6)
    return freqs[first][None, :]


def spectral_flux(*, S_db):
    """Mean rise of a dB spectrogram from one frame to the next, ``(1, n_frames)`` (frame 0: 0).

    flux_t = mean_k max(0, L[k, t] - L[k, t-1])   (L18.7)
    (librosa.onset.onset_strength with lag 1, no maximum filter, ``center=False``).

    Lesson: lessons/18_prosody_and_augmentation.md#spectral-shape
    """
    rise = np.maximum(0.0, np.diff(S_db, axis=1)).mean(axis=0)  # (L18.7) (n_frames - 1,)
    return np.concatenate(([0.0], rise))[None, :]


def spectral_slope(*, S_db, freqs):
    """Least-squares slope of a dB spectrum against frequency in kHz, dB per kHz, ``(1, n_frames)``.

    slope_t = sum_k (f_k - mean f)(L[k, t] - mean_k L[., t]) / sum_k (f_k - mean f)^2   (L18.8)

    Negative for speech (energy falls with frequency); less steep for a tense, loud voice.

    Lesson: lessons/18_prosody_and_augmentation.md#spectral-shape
    """
    f = np.asarray(freqs, dtype=np.float64) / 1000.0  # kHz
    centred = f - f.mean()  # (n_bands,)
    return ((centred @ S_db) / (centred @ centred))[None, :]  # (L18.8); the mean of L cancels


def contour_stats(values, *, times, percentiles=(10, 50, 90)):
    """Summaries of one contour ``values (n_frames,)`` sampled at ``times`` (s): ``(stats, names)``.

    mean, std, the percentiles, ``range`` (highest minus lowest percentile) and ``slope``, the
    least-squares line's gradient per second (L18.9); needs at least two frames.

    >>> stats, names = contour_stats(np.array([1.0, 2.0, 3.0]), times=np.array([0.0, 0.5, 1.0]))
    >>> dict(zip(names, stats.round(3).tolist()))["slope"]
    2.0
    """
    values, times = np.asarray(values, dtype=np.float64), np.asarray(times, dtype=np.float64)
    if values.size < 2:
        raise ValueError(f"a contour needs at least 2 frames to summarise; got {values.size}")
    q = np.percentile(values, percentiles)
    t = times - times.mean()
    slope = (t @ (values - values.mean())) / (t @ t)  # (L18.9)
    stats = np.concatenate([[values.mean(), values.std()], q, [q[-1] - q[0], slope]])
    names = ["mean", "std"] + [f"p{p}" for p in percentiles] + ["range", "slope"]
    return stats, names


def prosody_block(*, y, sr, n_fft=1024, hop_length=256, fmin=60.0, fmax=600.0, n_mels=64,
                  mel_fmax=8000.0, active_db=40.0, voicing_threshold=0.5):
    """One clip's prosody and spectral-shape summaries: ``(vector (n_columns,), names)``.

    Active frames are those within ``active_db`` of the loudest (as in ``default``); voiced frames
    are active frames whose periodicity (L18.2) reaches ``voicing_threshold``.

    Lesson: lessons/18_prosody_and_augmentation.md#the-prosody-preset
    """
    X = stft(y=y, n_fft=n_fft, hop_length=hop_length)  # (n_bins, n_frames)
    magnitude = power_spectrum(X=X, power=1)
    loudness = power_to_db(rms(S=magnitude) ** 2, top_db=None)[0]  # (n_frames,) dB
    active = loudness >= loudness.max() - active_db
    times = frame_times(n_frames=magnitude.shape[1], sr=sr, hop_length=hop_length)
    f0 = f0_yin(y=y, sr=sr, fmin=fmin, fmax=fmax, frame_length=n_fft, hop_length=hop_length)[0]
    period = periodicity(y=y, sr=sr, fmin=fmin, fmax=fmax, frame_length=n_fft,
                         hop_length=hop_length)[0]
    voiced = active & (period >= voicing_threshold)
    if voiced.sum() < 2:
        raise ValueError(f"fewer than 2 voiced frames (voicing_threshold={voicing_threshold}); "
                         "no pitch to describe")
    log_mel = power_to_db(mel_spectrogram(S=magnitude**2, sr=sr, n_mels=n_mels, fmax=mel_fmax))
    band_hz = mel_filterbank(sr=sr, n_fft=n_fft, n_mels=n_mels, fmax=mel_fmax)
    band_centres = (band_hz * fft_frequencies(sr=sr, n_fft=n_fft)).sum(1) / band_hz.sum(1)
    semitones = hz_to_semitones(f0[voiced])
    onsets = np.count_nonzero(voiced[1:] & ~voiced[:-1]) + int(voiced[0])
    columns = [np.array([voiced.sum() / active.sum(), onsets / (active.sum() * hop_length / sr)])]
    names = ["voiced_fraction", "voiced_onsets_per_s"]
    contours = [
        ("f0_st", semitones, times[voiced]),
        ("f0_st_delta", np.diff(semitones), times[voiced][1:]),
        ("periodicity", period[voiced], times[voiced]),
        ("rms_db", loudness[active], times[active]),
        ("rms_db_delta", np.diff(loudness)[active[1:]], times[1:][active[1:]]),
    ]
    spectra = [
        ("centroid", spectral_centroid(S=magnitude, sr=sr)),
        ("bandwidth", spectral_bandwidth(S=magnitude, sr=sr)),
        ("flatness", spectral_flatness(S=magnitude)),
        ("rolloff", spectral_rolloff(S=magnitude, sr=sr)),
        ("flux", spectral_flux(S_db=log_mel)),
        ("slope", spectral_slope(S_db=log_mel, freqs=band_centres)),
    ]
    contours += [(name, row[0][active], times[active]) for name, row in spectra]
    for name, values, at in contours:
        stats, stat_names = contour_stats(values, times=at)
        columns.append(stats)
        names += [f"{name}_{s}" for s in stat_names]
    return np.concatenate(columns), names
