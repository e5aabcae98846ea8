"""Plausible wrong answers to lesson 01's tasks; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("dense_layer", "return X @ W + b", "return X @ W", "the bias forgotten"),
    ("dense_layer", "return X @ W + b", "return X @ W.T + b", "a transposed product"),
    ("dense_layer", "return X @ W + b", "return X @ W + b.sum()", "every bias added to every unit"),
    ("forward", "A = np.tanh(A @ W + b)", "A = np.maximum(A @ W + b, 0)", "relu, not tanh"),
    ("forward", "Z = A @ coefs[-1] + intercepts[-1]", "Z = np.tanh(A @ coefs[-1] + intercepts[-1])",
     "the hidden activation applied to the output layer too"),
    ("forward", "return E / E.sum(axis=1, keepdims=True)", "return E / E.sum(axis=0, keepdims=True)",
     "softmax normalised over the samples, not the classes"),
    ("forward", "for W, b in zip(coefs[:-1], intercepts[:-1]):",
     "for W, b in zip(coefs[:1], intercepts[:1]):", "only the first hidden layer"),
]
