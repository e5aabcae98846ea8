"""Plausible wrong answers to lesson 14's tasks; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("dct_matrix", "a = np.where(j == 0, np.sqrt(1 / n_mels), np.sqrt(2 / n_mels))", "a = 2.0",
     'no orthonormal scaling (norm=None: scipy\'s factor 2)'),
    ("dct_matrix", "np.sqrt(1 / n_mels), np.sqrt(2 / n_mels)", "np.sqrt(2 / n_mels), np.sqrt(2 / n_mels)",
     "row 0 scaled like the others"),
    ("dct_matrix", "(2 * i + 1)", "(2 * i)", "cosines sampled at i, not at i + 1/2"),
    ("dct_matrix", "j = np.arange(n_mfcc)[:, None]", "j = np.arange(1, n_mfcc + 1)[:, None]",
     "rows start at j = 1: c_0 dropped"),
    ("delta_slope", "windows @ tau / np.sum(tau**2)", "windows @ tau / len(tau)",
     "divided by the window length, not sum tau^2"),
    ("delta_slope", "windows @ tau / np.sum(tau**2)", "windows @ tau[::-1] / np.sum(tau**2)",
     "tau reversed: the slope's sign flipped"),
    ("delta_slope", "C[:, t - 4: t + 5]", "C[:, t - 4: t + 4]", "window of 8 frames"),
]
