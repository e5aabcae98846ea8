"""Pictures of one clip: waveform, power spectrogram, mel spectrogram, MFCC and chromagram.

Each figure is drawn from the same single STFT as the features (n_fft 2048, hop 512 at the file's
own rate), with labelled axes and units, and saved as a small PNG through
:func:`features.files.write_atomic` (an interrupted run never leaves half a picture).
``audio-mlp figures`` calls :func:`draw_all`; the lessons show the results from
``lessons/figures/``.

Lesson: lessons/11_audio_and_sampling.md#looking-at-a-clip
"""

import io
from pathlib import Path

import numpy as np

from features.chroma import PITCH_CLASSES, chroma
from features.files import write_atomic
from features.mel import mel_spectrogram, power_to_db
from features.mfcc import mfcc
from features.stft import fft_frequencies, frame_times, power_spectrum, stft

N_FFT, HOP = 2048, 512


def pyplot():
    """``matplotlib.pyplot``, imported on first use with the file-only Agg backend, so that
    importing a figure module neither loads matplotlib nor changes a program's backend."""
    import matplotlib

    matplotlib.use("Agg", force=False)  # draw to files; no display needed
    import matplotlib.pyplot as plt

    return plt


def subplots(ncols=1, figsize=(7, 3), **kwargs):
    """``(fig, axes)``: one row of ``ncols`` panels, at the small size every lesson figure has."""
    return pyplot().subplots(1, ncols, figsize=figsize, dpi=80, layout="constrained", **kwargs)


def plane_grid(low, high, n):
    """A square grid of ``n`` x ``n`` points from ``low`` to ``high`` on both axes: the two
    coordinate arrays (n, n) for contour plots, and every point as one row, (n * n, 2).

    >>> a, b, points = plane_grid(-1, 1, 3)
    >>> a.shape, points.shape, points[1].tolist()
    ((3, 3), (9, 2), [0.0, -1.0])
    """
    grid = np.linspace(low, high, n)
    a, b = np.meshgrid(grid, grid)
    return a, b, np.column_stack([a.ravel(), b.ravel()])


def save_png(fig, path, **savefig):
    """PNG bytes into memory, then one atomic write (:func:`features.files.write_atomic`); closes
    ``fig``. No software version in the file, so the same drawing gives the same bytes."""
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format="png", metadata={"Software": None}, **savefig)
    finally:
        pyplot().close(fig)
    return write_atomic(path, buffer.getvalue())


def _figure():
    return pyplot(), *subplots()


def _image(ax, fig, values, times, extent_y, ylabel, colorbar, **kwargs):
    """Draw ``values`` (n_rows, n_frames); column t is centred on ``times[t]``, ``extent_y`` gives
    the outer edges of the first and last row."""
    half = (times[1] - times[0]) / 2 if len(times) > 1 else 0.5  # half a hop, in seconds
    mesh = ax.imshow(values, origin="lower", aspect="auto", interpolation="nearest",
                     extent=(times[0] - half, times[-1] + half, *extent_y), **kwargs)
    ax.set_xlabel("time (s)")
    ax.set_ylabel(ylabel)
    fig.colorbar(mesh, ax=ax, label=colorbar)


def draw_all(y, sr, out_dir, *, title=""):
    """Write waveform.png, power_spectrogram.png, mel_spectrogram.png, mfcc.png and chroma.png.

    Returns the list of written paths.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    X = stft(y=y, n_fft=N_FFT, hop_length=HOP)  # the one STFT, (n_bins, n_frames)
    magnitude = power_spectrum(X=X, power=1)
    power = magnitude**2
    times = frame_times(n_frames=X.shape[1], sr=sr, hop_length=HOP)
    fmax = min(8000, sr / 2)
    log_mel = power_to_db(mel_spectrogram(S=power, sr=sr, n_mels=128, fmax=fmax))
    written = []

    def save(fig, plt, name, heading):
        fig.suptitle(f"{heading}{' - ' + title if title else ''}", fontsize=10)
        written.append(save_png(fig, out_dir / name))

    plt, fig, ax = _figure()
    ax.plot(np.arange(y.size) / sr, y, linewidth=0.4)
    ax.set(xlabel="time (s)", ylabel="amplitude (full scale = 1)", xlim=(0, y.size / sr))
    save(fig, plt, "waveform.png", f"Waveform ({sr} Hz)")

    plt, fig, ax = _figure()
    half_bin = sr / N_FFT / 2 / 1000  # bin k is centred on k * sr / N_FFT Hz (L12.4); in kHz
    freqs = fft_frequencies(sr=sr, n_fft=N_FFT)
    _image(ax, fig, power_to_db(power, ref=power.max()), times,
           (-half_bin, freqs[-1] / 1000 + half_bin),
           "frequency (kHz)", "power (dB re max)", cmap="magma")
    save(fig, plt, "power_spectrogram.png", "Power spectrogram |X|^2")

    plt, fig, ax = _figure()
    _image(ax, fig, log_mel, times, (-0.5, 127.5), f"mel band (0-{fmax / 1000:g} kHz)", "power (dB)",
           cmap="magma")
    save(fig, plt, "mel_spectrogram.png", "Mel spectrogram, 128 bands")

    plt, fig, ax = _figure()
    coefficients = mfcc(S_db=log_mel, n_mfcc=20)  # (20, n_frames)
    # c0, the overall level, is hundreds of units below the rest: scale the colours to c1-c19
    # (symmetric around 0) and let c0 saturate, or every other row looks the same.
    limit = np.abs(coefficients[1:]).max()
    _image(ax, fig, coefficients, times, (-0.5, 19.5), "MFCC index",
           "coefficient (dB units)", cmap="coolwarm", vmin=-limit, vmax=limit)
    save(fig, plt, "mfcc.png", "MFCC 0-19 (DCT of the log-mel), colours scaled to c1-c19")

    plt, fig, ax = _figure()
    _image(ax, fig, chroma(S=magnitude, sr=sr), times, (-0.5, 11.5), "pitch class",
           "relative energy (frame max = 1)", cmap="Blues", vmin=0, vmax=1)
    ax.set_yticks(range(12), PITCH_CLASSES)
    save(fig, plt, "chroma.png", "Chromagram")
    return written
