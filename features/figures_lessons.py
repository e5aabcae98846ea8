"""Figures for Part 2 (audio features, lessons 10-17) that need no recording: drawn from the
library's own filterbanks and synthetic signals. (The pictures of one RAVDESS clip are
:mod:`features.figures`.)

* ``12_window_tradeoff.png``: two close tones that switch on and off, seen through a short and
  a long window (lesson 12, time against frequency);
* ``13_mel_filterbank.png``: the triangles of :func:`features.mel.mel_filterbank` (lesson 13).

Each ``draw(path)`` writes one small PNG through :func:`features.files.write_atomic`.

Lesson: lessons/README.md#figures
"""

import numpy as np

from features.figures import pyplot, save_png, subplots
from features.mel import mel_filterbank
from features.stft import fft_frequencies, frame_times, power_spectrum, stft


def two_tones(sr=8000):
    """1 s: 1000 Hz and 1060 Hz together, then silence, then two 25 ms clicks 50 ms apart."""
    t = np.arange(sr) / sr
    y = (np.sin(2 * np.pi * 1000 * t) + np.sin(2 * np.pi * 1060 * t)) * (t < 0.5)
    for start in (0.7, 0.75):  # two short bursts of a 2 kHz tone
        y += np.sin(2 * np.pi * 2000 * t) * ((t >= start) & (t < start + 0.025))
    return y.astype(np.float32)


def draw_window_tradeoff(path, sr=8000):
    """Lesson 12: a short window separates the clicks, a long one separates the tones."""
    y = two_tones(sr)
    fig, axes = subplots(2)
    for ax, n_fft in zip(axes, (128, 1024)):
        hop = n_fft // 8
        S = power_spectrum(X=stft(y=y, n_fft=n_fft, hop_length=hop))  # (n_bins, n_frames)
        db = 10 * np.log10(np.maximum(S / S.max(), 1e-8))
        times = frame_times(n_frames=S.shape[1], sr=sr, hop_length=hop)
        freqs = fft_frequencies(sr=sr, n_fft=n_fft)
        mesh = ax.pcolormesh(times, freqs, db, vmin=-60, vmax=0, shading="nearest", cmap="magma")
        ax.set_ylim(700, 2300)
        ax.set_xlabel("time (s)")
        ax.set_title(f"N = {n_fft} ({1000 * n_fft / sr:.0f} ms), bins {sr / n_fft:.1f} Hz apart",
                     fontsize=9)
    axes[0].set_ylabel("frequency (Hz)")
    fig.colorbar(mesh, ax=axes, label="power (dB re max)")
    fig.suptitle("1000 + 1060 Hz, then two 25 ms clicks 50 ms apart", fontsize=10)
    return save_png(fig, path)


def draw_mel_filterbank(path, sr=16000, n_fft=2048, n_mels=20, fmax=8000.0):
    """Lesson 13: the Slaney-normalised triangles, narrow and tall low, wide and flat high."""
    W = mel_filterbank(sr=sr, n_fft=n_fft, n_mels=n_mels, fmax=fmax)  # (n_mels, n_bins)
    freqs = fft_frequencies(sr=sr, n_fft=n_fft)
    fig, ax = subplots()
    colours = pyplot().get_cmap("viridis")(np.linspace(0, 0.9, n_mels))
    for i in range(n_mels):
        ax.plot(freqs, W[i], color=colours[i], linewidth=1.2)
    ax.set_xlabel("frequency (Hz)")
    ax.set_ylabel("weight W[i, k] (1/Hz)")
    ax.set_title(f"{n_mels} mel bands up to {fmax:.0f} Hz (sr {sr}, N {n_fft}): each has area 1",
                 fontsize=10)
    ax.set_xlim(0, fmax * 1.02)
    return save_png(fig, path)


LESSON_FIGURES = {
    "12_window_tradeoff.png": draw_window_tradeoff,
    "13_mel_filterbank.png": draw_mel_filterbank,
}
