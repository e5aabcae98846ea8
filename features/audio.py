"""Read an audio file as one mono float32 waveform at a chosen sample rate.

``load_audio`` decodes anything soundfile reads (WAV, FLAC, OGG, ...), averages the channels
(five RAVDESS clips are stereo), and resamples with soxr's high-quality filter, as librosa does,
when a different rate is asked for (same samples; librosa pads one zero when soxr's output is
shorter than ceil(n * target / orig), we do not). A file that cannot be decoded, is empty, silent
(its loudest sample below ``silence_db`` dBFS), shorter than the caller needs, longer than
``max_duration`` (read from the header, before decoding, so one huge file cannot fill the memory),
more than ``max_samples`` frames x channels (the memory decoding takes, also from the header), or
a WAV file that decodes to fewer frames than its header promises (a truncated copy, which
libsndfile decodes without complaint) raises :class:`AudioError` naming the file and the reason,
so a dataset loop can report it instead of producing NaNs.

Waveform shape: ``(n_samples,)``, values in [-1, 1].

Lesson: lessons/11_audio_and_sampling.md
"""

import warnings
from pathlib import Path

import numpy as np


MAX_DURATION = 600.0
"""Seconds: the longest file :func:`load_audio` decodes by default (ten minutes)."""

SILENCE_DB = -80.0
"""dBFS: a file whose loudest sample is below this is silent (1e-4 of full scale, about 3 steps
of 16-bit PCM)."""


MAX_SAMPLES = 2**26
"""Frames x channels: the most samples :func:`load_audio` decodes by default (67 million, 256 MiB
as float32: ten minutes of stereo at 48 kHz fits, an hour of 8-channel 192 kHz does not)."""


class AudioError(ValueError):
    """A file could not be turned into a usable waveform; the message names file and reason."""


class AudioRangeWarning(UserWarning):
    """A file's samples go beyond full scale (|x| > 1): decoded, but probably scaled wrongly."""


def wav_header_frames(path):
    """The number of frames a WAV file's header promises, or None if ``path`` is not a RIFF/WAVE
    file or its header gives no usable size.

    The ``data`` chunk's size in bytes over the ``fmt `` chunk's block align (bytes per frame).
    Sizes 0 and 0xFFFFFFFF are what streaming writers and RF64 files put there: unknown.

    Lesson: lessons/11_audio_and_sampling.md#from-file-to-array
    """
    block_align = None
    with open(path, "rb") as handle:
        head = handle.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            return None
        while len(chunk := handle.read(8)) == 8:
            name, size = chunk[:4], int.from_bytes(chunk[4:], "little")
            if name == b"fmt ":
                block_align = int.from_bytes(handle.read(size + size % 2)[12:14], "little")
            elif name == b"data":
                if not block_align or size in (0, 0xFFFFFFFF):
                    return None
                return size // block_align
            else:
                handle.seek(size + size % 2, 1)  # chunks are padded to an even length
    return None


def resample(y, *, orig_sr, target_sr):
    """Resample ``y`` from ``orig_sr`` to ``target_sr`` Hz with soxr (librosa's default method).

    Lesson: lessons/11_audio_and_sampling.md#changing-the-sample-rate
    """
    import soxr

    if orig_sr == target_sr:
        return y
    # soxr's "HQ" quality is what librosa.resample(res_type="soxr_hq") uses.
    return soxr.resample(y, orig_sr, target_sr, quality="HQ").astype(np.float32, copy=False)


def load_audio(path, *, sr=None, min_duration=0.0, max_duration=MAX_DURATION,
               silence_db=SILENCE_DB, max_samples=MAX_SAMPLES):
    """Decode ``path`` to ``(y, sr)``: mono float32 ``y`` of shape ``(n_samples,)``.

    ``sr=None`` keeps the file's own rate; a number resamples to it. ``min_duration`` and
    ``max_duration`` (seconds) bound the clips the caller can use (e.g. at least one analysis
    frame); ``silence_db`` (dBFS, peak) is the level below which a file counts as silent;
    ``max_samples`` bounds frames x channels, the memory decoding takes, checked on the header
    before any sample is read. A float file with samples outside [-1, 1] is decoded as it is,
    with one warning.

    Lesson: lessons/11_audio_and_sampling.md#from-file-to-array
    """
    import soundfile

    path = Path(path)
    if sr is not None and (not np.isfinite(sr) or sr <= 0):
        raise ValueError(f"sr={sr!r}: a sample rate must be a positive number of Hz, or None")
    try:
        with open(path, "rb"):  # an unreadable file is named as such, not as libsndfile's error
            pass
    except OSError as exc:
        raise AudioError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    try:
        info = soundfile.info(path)
        promised = wav_header_frames(path) if info.format == "WAV" else None
        if info.frames > max_duration * info.samplerate:  # before decoding any of it
            raise AudioError(f"{path}: too long ({info.frames / info.samplerate:.1f} s, "
                             f"max_duration={max_duration:g} s)")
        if info.frames * info.channels > max_samples:  # the memory the decoded array takes
            raise AudioError(f"{path}: too large to decode ({info.frames} frames x "
                             f"{info.channels} channels, {info.frames * info.channels * 4 / 2**20:,.0f}"
                             f" MiB as float32; max_samples={max_samples})")
        data, file_sr = soundfile.read(path, dtype="float32", always_2d=True)
    except AudioError:
        raise
    except Exception as exc:  # soundfile raises LibsndfileError, RuntimeError or OSError
        raise AudioError(f"{path}: cannot decode ({exc})") from exc
    if promised is not None and data.shape[0] != promised:
        raise AudioError(f"{path}: truncated (the header promises {promised} frames, "
                         f"{data.shape[0]} decoded)")
    # data: (n_samples, n_channels); the mean over channels downmixes to (n_samples,)
    y = data.mean(axis=1) if data.shape[1] > 1 else data[:, 0]  # (L11.3)
    if y.size == 0:
        raise AudioError(f"{path}: empty (no samples)")
    if not np.all(np.isfinite(y)):
        raise AudioError(f"{path}: holds NaN or infinite samples")
    peak = float(np.max(np.abs(data)))
    if peak > 1:  # only a float file can hold these; integer PCM is scaled into [-1, 1)
        warnings.warn(f"{path}: samples outside [-1, 1] (peak {peak:.3g}); a float file is "
                      "expected to be scaled to full scale 1.0, so its features are unlike "
                      "those of other files", AudioRangeWarning, stacklevel=2)
    peak = float(np.max(np.abs(y)))
    if peak == 0 or 20 * np.log10(peak) < silence_db:
        level = ("every sample is zero" if peak == 0
                 else f"loudest sample {20 * np.log10(peak):.1f} dBFS")
        raise AudioError(f"{path}: silent ({level}, below silence_db={silence_db:g} dBFS)")
    duration = y.size / file_sr
    if duration < min_duration:
        raise AudioError(f"{path}: too short ({duration:.3f} s, at least {min_duration:.3f} s needed)")
    if sr is not None and sr != file_sr:
        y = resample(y, orig_sr=file_sr, target_sr=sr)
        file_sr = sr
    return np.ascontiguousarray(y, dtype=np.float32), file_sr
