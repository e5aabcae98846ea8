"""Figures: the lessons' pictures (one module per part of the course) and the comparison's plots.

* :mod:`baselines.figures.mlp_lessons`: lessons 01-09, drawn from the library alone;
* :mod:`baselines.figures.evaluation_lessons`: lessons 20-26, drawn from synthetic data;
* :mod:`baselines.figures.comparison`: the PNG files ``audio-mlp compare`` writes beside
  ``results.json``.

Each module draws and saves; none of them decides anything the comparison reports.

Lesson: lessons/25_running_the_comparison.md#the-results-files
"""
