"""What identifies the numbers a preset produces, so a saved model can insist on the same ones.

A model trained on ``default``-preset features only makes sense on ``default``-preset features
computed the same way. :func:`feature_identity` names everything that fixes those numbers: the
preset and its parameters (:meth:`features.presets.Preset.key`), :data:`FEATURE_VERSION`, a hash
of this package's source (:func:`features.cache.source_hash`) and the library versions.
:func:`compare_identity` says what differs between a stored identity and the installed code:
*refusals* (another preset, other parameters, another feature version: the numbers are
different) and *warnings* (edited source or other library versions: the numbers may differ in
the last bits).

Lesson: lessons/19_your_own_audio.md#a-model-that-classifies-recordings
"""

from features.cache import library_versions, source_hash
from features.presets import get_preset

FEATURE_VERSION = 1
"""Bump when any preset's numbers change on purpose: a model saved with another value is refused."""


def feature_identity(preset):
    """A JSON-able dict naming the preset, its parameters and the feature code's version."""
    preset = get_preset(preset)
    params = preset.key()
    params.update(params.pop("settings", None) or {})  # one flat dict: n_mels, not settings.n_mels
    return {"preset": preset.name, "params": params, "feature_version": FEATURE_VERSION,
            "source": source_hash(), "libraries": library_versions()}


def compare_identity(stored):
    """``(refusals, warnings)``: lists of sentences comparing ``stored`` with the installed code."""
    refusals, warnings = [], []
    try:
        installed = feature_identity(stored["preset"])
    except ValueError as exc:
        return [f"the preset is not installed here ({exc})"], []
    if stored["feature_version"] != installed["feature_version"]:
        refusals.append(f"it was saved with feature version {stored['feature_version']}; the "
                        f"installed feature code is version {installed['feature_version']}")
    if stored["params"] != installed["params"]:
        changed = sorted(k for k in set(stored["params"]) | set(installed["params"])
                         if stored["params"].get(k) != installed["params"].get(k))
        refusals.append(f"the {stored['preset']!r} preset's parameters differ from the installed "
                        f"ones ({', '.join(changed)})")
    if stored["source"] != installed["source"]:
        warnings.append("the feature code was edited since this model was saved")
    moved = sorted(k for k, v in stored["libraries"].items() if installed["libraries"].get(k) != v)
    if moved:
        warnings.append(f"other versions of {', '.join(moved)} than when this model was saved")
    return refusals, warnings
