"""Plausible wrong answers to lesson 20's tasks; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("support_vector_mask", "y_signed * f <= 1 + 1e-3", "np.abs(f) <= 1 + 1e-3",
     "only the points inside the margin: misclassified ones forgotten"),
    ("support_vector_mask", "y_signed * f <= 1 + 1e-3", "y_signed * f < 0",
     "only the misclassified points"),
    ("rbf_decision", "K @ dual_coef + intercept", "K @ dual_coef", "intercept forgotten"),
    ("rbf_decision", "K = np.exp(-gamma * sq_dist)", "K = np.exp(-gamma * np.sqrt(sq_dist))",
     "distance, not squared distance"),
    ("rbf_decision", "K = np.exp(-gamma * sq_dist)", "K = np.exp(-sq_dist / gamma)",
     "gamma as a width, divided instead of multiplied"),
]
