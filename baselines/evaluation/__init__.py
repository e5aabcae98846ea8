"""Evaluation: how the models are tested and scored.

The protocols that split the clips (:mod:`baselines.evaluation.protocols`, with the group
splits of :mod:`baselines.evaluation.group_protocols`), the nested cross-validation that fits
and tests each fold (:mod:`baselines.evaluation.evaluate`), the numbers computed from its
predictions (:mod:`baselines.evaluation.metrics`) and the learning and validation curves
(:mod:`baselines.evaluation.curves`). It uses the models of :mod:`baselines.models`; nothing in
:mod:`baselines.models` uses it.

Lesson: lessons/22_nested_cross_validation.md#the-nested-loop
"""
