"""Plausible wrong answers to lesson 05's tasks; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake[, text the check's message must say])
    ("glorot_bound", "np.sqrt(factor / (fan_in + fan_out))", "np.sqrt(factor / fan_in)",
     "fan_in alone (LeCun's scale)"),
    ("glorot_bound", 'factor = 2.0 if activation == "logistic" else 6.0', "factor = 6.0",
     "the logistic variant forgotten"),
    ("glorot_bound", 'factor = 2.0 if activation == "logistic" else 6.0',
     'factor = 2.0 if activation in ("logistic", "tanh") else 6.0', "the narrow bound for tanh too"),
    ("glorot_bound", "np.sqrt(factor / (fan_in + fan_out))", "factor / (fan_in + fan_out)",
     "the variance, not the bound"),
    ("init_parameters", "intercepts.append(rng.uniform(-r, r, fan_out))",
     "intercepts.append(np.zeros(fan_out))", "biases started at zero",
     "these match scikit-learn's arrays: coefs[0] (compared in its draw order"),
    ("init_parameters", "rng = np.random.RandomState(random_state)",
     "rng = np.random.default_rng(random_state)", "a Generator: other numbers for the same seed"),
    ("init_parameters", "r = glorot_bound(fan_in, fan_out, activation)",
     "r = glorot_bound(fan_in, fan_out, activation)\n        rng = np.random.RandomState(random_state)",
     "the generator seeded afresh for every layer",
     "these match scikit-learn's arrays: coefs[0], intercepts[0] (compared in its draw order"),
    ("init_parameters", "coefs.append(rng.uniform(-r, r, (fan_in, fan_out)))",
     "coefs.append(rng.uniform(-r, r, (fan_out, fan_in)).T)", "W drawn transposed"),
    ("init_parameters",
     "coefs.append(rng.uniform(-r, r, (fan_in, fan_out)))  # W_l first ...  (L5.2)\n"
     "        intercepts.append(rng.uniform(-r, r, fan_out))  # ... then b_l  (L5.2)",
     "intercepts.append(rng.uniform(-r, r, fan_out))\n"
     "        coefs.append(rng.uniform(-r, r, (fan_in, fan_out)))", "b drawn before W",
     "only in other places: check the order of the draws (L5.2)"),
]
