"""Plausible wrong answers to lesson 11's tasks; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("alias_frequency", "sr - folded, folded)", "folded, folded)",
     "wrapped modulo sr but not mirrored about sr/2"),
    ("alias_frequency", "folded = np.mod(f, sr)", "folded = f",
     "mirrored once, but multiples of sr not removed"),
    ("alias_frequency", "folded > sr / 2, sr - folded", "folded > sr / 2, sr / 2 - folded",
     "mirrored about 0 instead of about sr/2"),
    ("resampled_length", "math.ceil(", "math.floor(", "rounded down"),
    ("resampled_length", "n_samples * target_sr / orig_sr", "n_samples * orig_sr / target_sr",
     "ratio upside down"),
]
