"""Plausible wrong answers to lesson 26's tasks; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("sign_test", "wins, losses = int(np.sum(d > 0)), int(np.sum(d < 0))",
     "wins, losses = int(np.sum(d > 0)), int(np.sum(d <= 0))", "ties counted as losses"),
    ("sign_test", 'alternative="two-sided"', 'alternative="greater"', "one-sided"),
    ("corrected_t_test", "(1 / k + n_test / n_train)", "(1 / k)", "no correction: the plain paired t"),
    ("corrected_t_test", "(1 / k + n_test / n_train)", "(n_test / n_train)",
     "the correction replaces 1/k instead of adding to it"),
    ("corrected_t_test", "d.var(ddof=1)", "d.var()", "variance with ddof=0"),
    ("corrected_t_test", "p = 2 * stats.t.sf(abs(t), df=k - 1)", "p = 2 * stats.t.sf(abs(t), df=k)",
     "k degrees of freedom"),
    ("corrected_t_test", "p = 2 * stats.t.sf(abs(t), df=k - 1)", "p = 2 * stats.norm.sf(abs(t))",
     "normal distribution instead of Student's t"),
]
