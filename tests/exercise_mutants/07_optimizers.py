"""Plausible wrong answers to lesson 07's tasks; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake[, text the check's message must say])
    ("nesterov_step", "theta = theta + momentum * v - learning_rate * g",
     "theta = theta + v", "plain momentum, no look-ahead"),
    ("nesterov_step", "v = momentum * v - learning_rate * g  # (L7.2)\n"
     "    theta = theta + momentum * v - learning_rate * g",
     "theta = theta + momentum * v - learning_rate * g\n"
     "    v = momentum * v - learning_rate * g", "the look-ahead with the old velocity"),
    ("nesterov_step", "v = momentum * v - learning_rate * g  #",
     "v = momentum * v + learning_rate * g  #", "wrong sign: uphill"),
    ("adam_step", "eta_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)",
     "eta_t = learning_rate", "no bias correction", "Adam without its bias corrections"),
    ("adam_step", "eta_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)",
     "eta_t = learning_rate * np.sqrt(1 - beta_2**(t + 1)) / (1 - beta_1**(t + 1))",
     "off-by-one t: the correction of the next step"),
    ("adam_step", "eta_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)",
     "eta_t = learning_rate * np.sqrt(1 - beta_2**(t - 1)) / (1 - beta_1**(t - 1))",
     "off-by-one t: counting from 0"),
    ("adam_step", "eta_t = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)",
     "eta_t = learning_rate / (1 - beta_1**t)", "the second moment's correction forgotten"),
    ("adam_step", "theta = theta - eta_t * m / (np.sqrt(v) + epsilon)",
     "theta = theta - eta_t * m / np.sqrt(v + epsilon)", "epsilon inside the square root"),
    ("adam_step", "theta = theta - eta_t * m / (np.sqrt(v) + epsilon)",
     "theta = theta - learning_rate * (m / (1 - beta_1**t)) / (np.sqrt(v / (1 - beta_2**t)) + epsilon)",
     "the textbook form: epsilon added to sqrt(v_hat)", "the textbook form of Adam"),
    ("adam_step", "v = beta_2 * v + (1 - beta_2) * g**2", "v = beta_2 * v + (1 - beta_2) * g",
     "the gradient, not its square"),
]
