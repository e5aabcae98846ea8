"""The course around the lessons: the exercise checker and the regeneration of the lessons'
figures.

* :mod:`baselines.course.exercises`: ``audio-mlp exercises`` runs a lesson's checks on the
  reader's answers;
* :mod:`baselines.course.lesson_figures`: every PNG under ``lessons/figures/``, drawn again;
* :mod:`baselines.course.digits_demo`: the no-download demo behind ``audio-mlp demo``.

Lesson: lessons/README.md
"""
