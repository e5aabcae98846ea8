"""Lesson 10 exercises: reading a RAVDESS file name.

Write the body, then run ``audio-mlp exercises check 10``.
"""

EMOTION_NAMES = ["neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised"]
"""The emotion names in code order: code 1 is neutral, code 8 surprised."""


def parse_stem(stem):
    """Read a name ``MM-VV-EE-II-SS-RR-AA`` (no folder, no suffix) into a dict.

    Returns ``{"emotion": str, "intensity": int, "statement": int, "repetition": int,
    "actor": int, "gender": "male" or "female"}`` (the table of lesson 10: fields 3 to 7; odd
    actors are men). Raise ``ValueError`` naming the field for an emotion code outside 1..8.
    """
    raise NotImplementedError
