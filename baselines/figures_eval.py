"""Figures for Part 3 (baselines and evaluation, lessons 20-26), drawn on synthetic data.

Lesson: lessons/README.md#figures
"""

LESSON_FIGURES = {}
