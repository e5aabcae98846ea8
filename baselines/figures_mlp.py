"""Figures for Part 1 (the MLP, lessons 01-09), drawn from the library on synthetic data.

Lesson: lessons/README.md#figures
"""

LESSON_FIGURES = {}
