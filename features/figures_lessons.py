"""Figures for Part 2 (audio features, lessons 10-17) that need no recording: drawn from the
library's own filterbanks and synthetic signals. (The pictures of one RAVDESS clip are
:mod:`features.figures`.)

Lesson: lessons/README.md#figures
"""

LESSON_FIGURES = {}
