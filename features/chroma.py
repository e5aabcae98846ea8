"""Chroma: fold the spectrum onto the 12 pitch classes, after estimating the tuning.

Pitch class is pitch with the octave forgotten: 220, 440 and 880 Hz are all "A". The chroma
filterbank gives each STFT bin a Gaussian weight around its pitch class (bins are placed on a
semitone axis, L15.1, then wrapped modulo 12, L15.2), favours the middle octaves, and sums
(L15.3). Each frame is then divided by its largest chroma value (L15.4).

The semitone axis assumes A = 440 Hz. Recordings are often a fraction of a semitone off, so
librosa first estimates that offset ("tuning") from the spectral peaks: every local maximum between
150 and 4000 Hz louder than a tenth of its frame's maximum is located to sub-bin precision by a
parabola through three bins, the strongest half is kept, and the most common distance to the
nearest semitone wins (:func:`estimate_tuning`). The seed notebook's chroma spends most of its time
here; this version looks only at the bins that can hold such a peak and gives the same number.

Shapes: spectrum ``(n_bins, n_frames)`` -> chroma ``(12, n_frames)``, row 0 = C.
Equal to ``librosa.feature.chroma_stft(S=S, sr=sr)`` and ``librosa.estimate_tuning(S=S, sr=sr)``.

Lesson: lessons/15_chroma.md
"""

from functools import lru_cache

import numpy as np

PITCH_CLASSES = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
A0 = 440.0 / 16  # 27.5 Hz: the origin of the octave axis


def hz_to_semitones(f, *, tuning=0.0):
    """Semitones above A0 = 27.5 Hz (for a tuning offset of 0 bins): 12 log2(f / A0) (L15.1)."""
    a440 = 440.0 * 2.0 ** (tuning / 12)
    return 12 * np.log2(np.asarray(f) / (a440 / 16))  # (L15.1)


@lru_cache(maxsize=64)
def chroma_filterbank(*, sr, n_fft, tuning=0.0, n_chroma=12, ctroct=5.0, octwidth=2.0):
    """The ``(n_chroma, 1 + n_fft // 2)`` matrix of Gaussian pitch-class weights, row 0 = C.

    Lesson: lessons/15_chroma.md#folding-bins-onto-pitch-classes
    """
    if n_chroma != 12:
        raise ValueError(f"n_chroma={n_chroma}: only 12 pitch classes are supported")
    freqs = np.linspace(0, sr, n_fft, endpoint=False)[1:]  # every FFT bin but DC, up to sr
    pos = hz_to_semitones(freqs, tuning=tuning)  # (L15.1) position on the semitone axis
    pos = np.concatenate(([pos[0] - 18.0], pos))  # DC: pretend it is 1.5 octaves below bin 1
    width = np.concatenate((np.maximum(np.diff(pos), 1.0), [1.0]))  # bin width in semitones, >= 1
    # distance from every bin to every pitch class, wrapped into [-6, 6) semitones, (12, n_fft)
    dist = np.remainder(pos[None, :] - np.arange(12.0)[:, None] + 6 + 120, 12) - 6  # (L15.2)
    weights = np.exp(-0.5 * (2 * dist / width) ** 2)  # Gaussian bump, half a bin wide
    weights /= np.sqrt(np.sum(weights**2, axis=0, keepdims=True))  # each bin spreads unit energy
    octave = pos / 12  # octaves above A0
    weights *= np.exp(-0.5 * ((octave - ctroct) / octwidth) ** 2)  # favour octaves around A5 = 880 Hz
    weights = np.roll(weights, -3, axis=0)  # rows start at A; roll so row 0 is C
    weights = np.ascontiguousarray(weights[:, : 1 + n_fft // 2], dtype=np.float32)  # drop aliases
    weights.flags.writeable = False
    return weights


def _local_max(x):
    """x[k] > x[k-1] and x[k] >= x[k+1] along axis 0; the first row is never, the last row is a
    maximum if it beats its neighbour (librosa's convention)."""
    peak = np.zeros(x.shape, dtype=bool)
    peak[1:-1] = (x[1:-1] > x[:-2]) & (x[1:-1] >= x[2:])
    peak[-1] = x[-1] > x[-2]
    return peak


def _parabolic_shift(x):
    """Offset in bins of the vertex of the parabola through x[k-1], x[k], x[k+1] (L15.5).

    0 at the ends, and where the vertex would lie more than a bin away. Computed in float64 and
    stored in x's dtype, as librosa's compiled stencil does.
    """
    x_prev, x_mid, x_next = x[:-2], x[1:-1], x[2:]
    curvature = (x_next + x_prev).astype(np.float64) - 2 * x_mid.astype(np.float64)
    slope = (x_next - x_prev).astype(np.float64) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        inner = np.where(np.abs(slope) >= np.abs(curvature), 0.0, -slope / curvature)  # (L15.5)
    shift = np.zeros_like(x)
    shift[1:-1] = inner
    return shift


def estimate_tuning(*, S, sr, fmin=150.0, fmax=4000.0, threshold=0.1, resolution=0.01):
    """Tuning offset in fractions of a semitone, in [-0.5, 0.5), from a spectrogram ``S``.

    Same number as ``librosa.estimate_tuning(S=S, sr=sr)``; 0.0 when ``S`` has no usable peak.

    Lesson: lessons/15_chroma.md#estimating-the-tuning
    """
    n_fft = 2 * (S.shape[0] - 1)  # S: (n_bins, n_frames)
    freqs = np.fft.rfftfreq(n_fft, 1.0 / sr)
    in_band = np.flatnonzero((max(fmin, 0.0) <= freqs) & (freqs < min(fmax, sr / 2)))
    if in_band.size == 0 or S.shape[1] == 0:
        return 0.0
    # The band plus one neighbour each side: all that peak picking and parabolas ever look at.
    first, last = max(in_band[0] - 1, 0), min(in_band[-1] + 2, S.shape[0])
    band = np.abs(S[first:last])  # (n_band_bins, n_frames)
    floor = threshold * np.abs(S).max(axis=0)  # per frame, a tenth of the loudest bin of all
    shift = _parabolic_shift(band)
    peaks = _local_max(band * (band > floor))
    peaks[: in_band[0] - first] = False  # the neighbours were only there for the stencils
    peaks[in_band[-1] - first + 1:] = False
    rows, cols = np.nonzero(peaks)
    pitch = ((rows + first + shift[rows, cols]) * float(sr) / n_fft).astype(band.dtype)
    dskew = 0.5 * np.gradient(band, axis=0)[rows, cols] * shift[rows, cols]
    mag = band[rows, cols] + dskew  # the parabola's height at its vertex
    keep = pitch > 0
    if not keep.any():
        return 0.0
    pitch = pitch[keep & (mag >= np.median(mag[keep]))]  # the louder half of the peaks
    residual = np.mod(12 * np.log2(pitch / (440.0 / 16)), 1.0)  # (L15.6) distance to a semitone
    residual[residual >= 0.5] -= 1.0
    counts, edges = np.histogram(residual, np.linspace(-0.5, 0.5, int(np.ceil(1 / resolution)) + 1))
    return float(edges[np.argmax(counts)])  # the most common offset


def chroma(*, S, sr, tuning=None):
    """Chromagram ``(12, n_frames)`` of a magnitude or power spectrum ``S`` ``(n_bins, n_frames)``.

    ``tuning=None`` estimates it from ``S`` with :func:`estimate_tuning` (as librosa does).
    Each frame is divided by its largest value (L15.4); all-zero frames stay zero.

    Lesson: lessons/15_chroma.md#the-chromagram
    """
    n_fft = 2 * (S.shape[0] - 1)
    if tuning is None:
        tuning = estimate_tuning(S=S, sr=sr)
    raw = chroma_filterbank(sr=sr, n_fft=n_fft, tuning=float(tuning)) @ S  # (L15.3) (12, n_frames)
    peak = raw.max(axis=0, keepdims=True)  # (1, n_frames)
    peak[peak < np.finfo(raw.dtype).tiny] = 1.0  # silent frames: leave them at zero
    return raw / peak  # (L15.4)
