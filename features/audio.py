"""Read an audio file as one mono float32 waveform at a chosen sample rate.

``load_audio`` decodes anything soundfile reads (WAV, FLAC, OGG, ...), averages the channels
(five RAVDESS clips are stereo), and resamples with soxr's high-quality filter, as librosa does,
when a different rate is asked for (same samples; librosa pads one zero when soxr's output is
shorter than ceil(n * target / orig), we do not). A file that cannot be decoded, is empty, silent or shorter
than the caller needs raises :class:`AudioError` naming the file and the reason, so a dataset
loop can report it instead of producing NaNs.

Waveform shape: ``(n_samples,)``, values in [-1, 1].

Lesson: lessons/11_audio_and_sampling.md
"""

from pathlib import Path

import numpy as np


class AudioError(ValueError):
    """A file could not be turned into a usable waveform; the message names file and reason."""


def resample(y, *, orig_sr, target_sr):
    """Resample ``y`` from ``orig_sr`` to ``target_sr`` Hz with soxr (librosa's default method).

    Lesson: lessons/11_audio_and_sampling.md#changing-the-sample-rate
    """
    import soxr

    if orig_sr == target_sr:
        return y
    # soxr's "HQ" quality is what librosa.resample(res_type="soxr_hq") uses.
    return soxr.resample(y, orig_sr, target_sr, quality="HQ").astype(np.float32, copy=False)


def load_audio(path, *, sr=None, min_duration=0.0):
    """Decode ``path`` to ``(y, sr)``: mono float32 ``y`` of shape ``(n_samples,)``.

    ``sr=None`` keeps the file's own rate; a number resamples to it. ``min_duration`` (seconds)
    is the shortest clip the caller can use (e.g. one analysis frame).

    Lesson: lessons/11_audio_and_sampling.md#from-file-to-array
    """
    import soundfile

    path = Path(path)
    if sr is not None and (not np.isfinite(sr) or sr <= 0):
        raise ValueError(f"sr={sr!r}: a sample rate must be a positive number of Hz, or None")
    try:
        data, file_sr = soundfile.read(path, dtype="float32", always_2d=True)
    except Exception as exc:  # soundfile raises LibsndfileError, RuntimeError or OSError
        raise AudioError(f"{path}: cannot decode ({exc})") from exc
    # data: (n_samples, n_channels); the mean over channels downmixes to (n_samples,)  (L11.3)
    y = data.mean(axis=1) if data.shape[1] > 1 else data[:, 0]
    if y.size == 0:
        raise AudioError(f"{path}: empty (no samples)")
    if not np.all(np.isfinite(y)):
        raise AudioError(f"{path}: holds NaN or infinite samples")
    if not np.any(y):
        raise AudioError(f"{path}: silent (every sample is zero)")
    duration = y.size / file_sr
    if duration < min_duration:
        raise AudioError(f"{path}: too short ({duration:.3f} s, at least {min_duration:.3f} s needed)")
    if sr is not None and sr != file_sr:
        y = resample(y, orig_sr=file_sr, target_sr=sr)
        file_sr = sr
    return np.ascontiguousarray(y, dtype=np.float32), file_sr
