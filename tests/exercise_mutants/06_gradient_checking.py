"""Plausible wrong answers to lesson 06's tasks; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("numerical_gradient", "x[i] = keep - h\n        f_minus = f()", "x[i] = keep\n        f_minus = f()",
     "a forward difference, not a central one"),
    ("numerical_gradient", "grad[i] = (f_plus - f_minus) / (2 * h)",
     "grad[i] = (f_plus - f_minus) / h", "divided by h, not 2h"),
    ("numerical_gradient", "x[i] = keep  # restore", "pass", "x not restored"),
    ("numerical_gradient", "for i in np.ndindex(x.shape):",
     "x = x.reshape(-1)\n    grad = grad.reshape(-1)\n    for i in np.ndindex(x.shape):",
     "a flattened copy perturbed (a copy when x is a transposed view)"),
    ("numerical_gradient", "grad = np.empty_like(x)", "grad = np.empty_like(x)\n    x = x.copy()",
     "a copy of x perturbed, which f never reads"),
    ("relative_error", "return float(np.linalg.norm(a - b) / denominator)",
     "return float(np.max(np.abs(a - b) / (np.abs(a) + np.abs(b))))",
     "entry by entry, the worst ratio"),
    ("relative_error", "return float(np.linalg.norm(a - b) / denominator)",
     "return float(np.linalg.norm(a - b) / np.linalg.norm(a))", "divided by ||a|| alone"),
    ("relative_error", "if denominator == 0:\n        return 0.0\n", "",
     "0 / 0 not handled: nan for two zero gradients"),
    ("relative_error", "return float(np.linalg.norm(a - b) / denominator)",
     "return float(np.linalg.norm(a - b))", "the absolute error"),
]
