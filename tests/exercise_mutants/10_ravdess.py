"""Plausible wrong answers to lesson 10's task; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("parse_stem", "EMOTION_NAMES[emotion - 1]", "EMOTION_NAMES[emotion % 8]",
     "emotion code used as a 0-based index"),
    ("parse_stem", '"male" if actor % 2 == 1 else "female"', '"female" if actor % 2 == 1 else "male"',
     "odd actors taken for women"),
    ("parse_stem", "_, _, emotion, intensity, statement, repetition, actor",
     "_, _, emotion, intensity, repetition, statement, actor", "statement and repetition swapped"),
    ("parse_stem", "if not 1 <= emotion <= 8:", "if not 0 <= emotion <= 9:",
     "an out-of-range emotion code accepted"),
]
