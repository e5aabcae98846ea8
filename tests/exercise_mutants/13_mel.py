"""Plausible wrong answers to lesson 13's task; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("mel_filterbank", "fmax = sr / 2 if fmax is None else fmax", "fmax = sr / 2", "fmax ignored"),
    ("mel_filterbank", "return 2 / (upper - lower) * np.maximum", "return np.maximum",
     "no Slaney normalisation: every triangle peaks at 1"),
    ("mel_filterbank", "hz_to_mel(fmax), n_mels + 2)", "hz_to_mel(fmax), n_mels + 1)",
     "one edge too few"),
    ("mel_filterbank", "edges = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(fmax), n_mels + 2))",
     "edges = np.linspace(0.0, fmax, n_mels + 2)", "edges evenly spaced in Hz, not mels"),
    ("mel_filterbank", "2 / (upper - lower)", "1 / (upper - lower)", "area 1/2, not 1"),
]
