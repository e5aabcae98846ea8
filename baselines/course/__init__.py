"""The course around the lessons: the exercise checker, the lessons' figures, the website.

* :mod:`baselines.course.exercises`: ``audio-mlp exercises`` runs a lesson's checks on the
  reader's answers;
* :mod:`baselines.course.lesson_figures`: every PNG under ``lessons/figures/``, drawn again;
* :mod:`baselines.course.digits_demo`: the no-download demo behind ``audio-mlp demo``;
* :mod:`baselines.course.site`: the lessons as a website, behind ``audio-mlp course``.

Lesson: lessons/README.md
"""
