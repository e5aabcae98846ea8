"""Plausible wrong answers to lesson 02's tasks; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("tanh_backward", "dA * (1 - A**2)", "dA * (1 - A)", "derivative of the logistic, not tanh"),
    ("tanh_backward", "dA * (1 - A**2)", "dA * (1 + A**2)", "wrong sign"),
    ("relu_backward", "np.where(A > 0, dA, 0.0)", "np.where(A >= 0, dA, 0.0)", "f'(0) = 1"),
    ("relu_backward", "np.where(A > 0, dA, 0.0)", "np.where(A > 0, 1.0, 0.0)",
     "the derivative alone, not times dA"),
    ("logistic_backward", "dA * A * (1 - A)", "dA * (1 - A**2)", "the derivative of tanh"),
    ("logistic_backward", "dA * A * (1 - A)", "dA * A * (1 + A)", "wrong sign"),
    ("logistic_backward", "dA * A * (1 - A)", "A * (1 - A)", "the derivative alone, not times dA"),
    ("softmax", "np.exp(Z - Z.max(axis=1, keepdims=True))", "np.exp(Z)", "no max-subtraction"),
    ("softmax", "np.exp(Z - Z.max(axis=1, keepdims=True))", "np.exp(Z - Z.max())",
     "one maximum for the whole batch, not one per row"),
    ("softmax", "np.exp(Z - Z.max(axis=1, keepdims=True))",
     "np.exp(Z - Z.mean(axis=1, keepdims=True))", "the row mean subtracted, not the maximum"),
    ("softmax", "np.exp(Z - Z.max(axis=1, keepdims=True))", "np.exp(Z - Z.max(axis=1))",
     "the maximum not kept as a column: (n,) broadcasts along the classes"),
    ("softmax", '"""Subtract each row\'s maximum before exp  (L2.5)."""', "return naive_softmax(Z)",
     "the given naive version, unchanged"),
]
