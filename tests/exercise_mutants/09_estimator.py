"""Plausible wrong answers to lesson 09's tasks; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("n_parameters", "n_outputs = 1 if n_classes == 2 else n_classes", "n_outputs = n_classes",
     "two output units for two classes"),
    ("n_parameters", "sum(a * b + b for", "sum(a * b for", "the biases forgotten"),
    ("n_parameters", "sum(a * b + b for", "sum(a * b + a for", "one bias per input, not per unit"),
    ("n_parameters", "units = [n_features, *hidden_layer_sizes, n_outputs]",
     "units = [n_features, *hidden_layer_sizes]", "the output layer forgotten"),
]
