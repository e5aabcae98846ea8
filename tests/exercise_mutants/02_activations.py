"""Plausible wrong answers to lesson 02's tasks; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("tanh_backward", "dA * (1 - A**2)", "dA * (1 - A)", "derivative of the logistic, not tanh"),
    ("tanh_backward", "dA * (1 - A**2)", "dA * (1 + A**2)", "wrong sign"),
    ("relu_backward", "np.where(A > 0, dA, 0.0)", "np.where(A >= 0, dA, 0.0)", "f'(0) = 1"),
    ("relu_backward", "np.where(A > 0, dA, 0.0)", "np.where(A > 0, 1.0, 0.0)",
     "the derivative alone, not times dA"),
]
