"""Plausible wrong answers to lesson 15's tasks; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("pitch_class", "/ 440.0) + 57", "/ 440.0)", "classes counted from A, not C"),
    ("pitch_class", "np.rint(semitones)", "np.floor(semitones)", "rounded down, not to the nearest"),
    ("pitch_class", "12 * np.log2(", "12 * np.log10(", "log10 instead of log2"),
    ("fold_chroma", "peak = Q.max(axis=0, keepdims=True)", "peak = Q.max(keepdims=True)",
     "divided by the clip's max, not each frame's"),
    ("fold_chroma", "voiced = freqs > 0", "voiced = freqs >= 0", "DC bin counted in a class"),
    ("fold_chroma", "np.divide(Q, peak, out=np.zeros_like(Q), where=peak > 0)", "Q / peak",
     "a silent frame divided by zero"),
    ("fold_chroma", "np.add.at(Q, pitch_class(freqs[voiced]), S[voiced])",
     "Q[pitch_class(freqs[voiced])] = S[voiced]", "bins of one class overwrite each other"),
]
