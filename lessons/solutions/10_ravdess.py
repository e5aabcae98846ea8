"""Reference solutions to lessons/exercises/10_ravdess.py."""

EMOTION_NAMES = ["neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised"]


def parse_stem(stem):
    """The seven two-digit fields, of which the last five describe the clip."""
    _, _, emotion, intensity, statement, repetition, actor = (int(f) for f in stem.split("-"))
    if not 1 <= emotion <= 8:
        raise ValueError(f"{stem}: emotion code {emotion} is not one of 1..8")
    return {"emotion": EMOTION_NAMES[emotion - 1], "intensity": intensity, "statement": statement,
            "repetition": repetition, "actor": actor,
            "gender": "male" if actor % 2 == 1 else "female"}
