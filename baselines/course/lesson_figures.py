"""Every figure the lessons show, drawn by project code: one command regenerates them all.

    audio-mlp figures --lessons          (or: python -m baselines.course.lesson_figures)

Each figure module keeps a table ``LESSON_FIGURES = {"NN_name.png": draw}``, where ``draw(path)``
writes one small PNG with labelled axes and units; this module gathers the tables and writes
every figure into ``lessons/figures/``. The five pictures of one RAVDESS clip (lessons 11-15) come
from :func:`features.figures.draw_all` and need the data (``RAVDESS_DIR``); the others are drawn
from synthetic data or the library alone. tests/test_lesson_figures.py checks that every figure
a lesson references exists and that this command produces every committed one.

Lesson: lessons/README.md#figures
"""

import importlib
import os
import sys
from pathlib import Path

from baselines.course.exercises import LESSONS

FIGURE_MODULES = ["baselines.figures.mlp_lessons", "baselines.figures.evaluation_lessons",
                  "baselines.figures.confidence_lessons",
                  "features.figures_lessons"]
CLIP = "03-01-05-02-01-01-01"  # the clip lessons 11-15 look at (angry, strong, actor 1)
CLIP_FIGURES = ("waveform.png", "power_spectrogram.png", "mel_spectrogram.png", "mfcc.png",
                "chroma.png")


def lesson_figures():
    """``{file name: draw(path)}`` over every figure module (names are unique)."""
    table = {}
    for name in FIGURE_MODULES:
        for file_name, draw in importlib.import_module(name).LESSON_FIGURES.items():
            if file_name in table or file_name in CLIP_FIGURES:
                raise ValueError(f"two figures are called {file_name!r}")
            table[file_name] = draw
    return table


def draw_clip_figures(out_dir, data_dir=None):
    """The five pictures of :data:`CLIP` (needs the RAVDESS folder); the paths written."""
    from features.audio import load_audio
    from features.figures import draw_all

    root = Path(data_dir or os.environ.get("RAVDESS_DIR", ""))
    matches = sorted(root.glob(f"Actor_01/{CLIP}.*")) if str(root) else []
    if not matches:
        raise FileNotFoundError(f"clip {CLIP} not found under RAVDESS_DIR={str(root) or '(unset)'}")
    y, sr = load_audio(matches[0])
    return draw_all(y, sr, out_dir, title=CLIP)


def draw_all_lesson_figures(out_dir=LESSONS / "figures", *, data_dir=None, clip=True):
    """Draw every lesson figure into ``out_dir``; the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, draw in sorted(lesson_figures().items()):
        draw(out_dir / file_name)
        written.append(out_dir / file_name)
    if clip:
        written += draw_clip_figures(out_dir, data_dir)
    return written


if __name__ == "__main__":
    for path in draw_all_lesson_figures(clip=bool(os.environ.get("RAVDESS_DIR"))):
        print(path)
    sys.exit(0)
