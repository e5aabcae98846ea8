"""Models: what is trained, and the steps of its pipeline.

* :mod:`baselines.models.registry`: every model by name, as one scikit-learn Pipeline, with
  the grids searched inside the training folds;
* :mod:`baselines.models.mlp_params`: the hyperparameters both MLPs share, and our MLP built
  from them;
* :mod:`baselines.models.speakers`, :mod:`baselines.models.enrolment`: the per-speaker
  normalisation steps;
* :mod:`baselines.models.ensembles`, :mod:`baselines.models.augmented`: soft-voting ensembles
  and training on augmented copies;
* :mod:`baselines.models.model_file`: one trained MLP saved as a complete model, from audio
  files to class probabilities.

These modules know nothing of how a model is evaluated (:mod:`baselines.evaluation`).

Lesson: lessons/20_classical_baselines.md#one-pipeline-for-every-model
"""
