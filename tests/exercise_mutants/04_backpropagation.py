"""Plausible wrong answers to lesson 04's tasks; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake[, text the check's message must say])
    ("dense_backward", "dW = (A_prev.T @ delta + alpha * W) / n", "dW = (A_prev.T @ delta + alpha * W)",
     "missing 1/n on dW", "with alpha = 0, dW differs"),
    ("dense_backward", "dW = (A_prev.T @ delta + alpha * W) / n",
     "dW = A_prev.T @ delta + alpha * W / n", "the data term not divided by n",
     "The data term of (L4.2) is wrong"),
    ("dense_backward", "dW = (A_prev.T @ delta + alpha * W) / n",
     "dW = A_prev.T @ delta / n + alpha * W", "the L2 term not divided by n",
     "The data term is right (dW passed with alpha = 0), so the L2 term"),
    ("dense_backward", "dW = (A_prev.T @ delta + alpha * W) / n", "dW = A_prev.T @ delta / n",
     "the L2 term forgotten", "so the L2 term of (L4.2), the part alpha multiplies, is wrong"),
    ("dense_backward", "db = delta.sum(axis=0) / n", "db = delta.sum(axis=0)", "missing 1/n on db"),
    ("dense_backward", "dA_prev = delta @ W.T  #", "dA_prev = delta @ W.T / n  #",
     "dA_prev divided by n too: it is the summed loss's gradient"),
    ("network_backward", "intercept_grads[l] = delta.sum(axis=0) / n", "intercept_grads[l] = "
     "delta.sum(axis=0)", "missing 1/n on the biases (one of the given bugs)"),
    ("network_backward", "coef_grads[l] = (activations[l].T @ delta + alpha * coefs[l]) / n",
     "coef_grads[l] = activations[l].T @ delta / n + alpha * coefs[l]",
     "the L2 term not divided by n (the other given bug)"),
    ("network_backward", "delta = dA * (1 - activations[l] ** 2)", "delta = dA",
     "the activation's derivative skipped (L4.5)"),
    ("network_backward", "delta = dA * (1 - activations[l] ** 2)",
     "delta = dA * (1 - activations[l + 1] ** 2)", "the derivative of the wrong layer's output"),
    ("network_backward", "dA = delta @ coefs[l].T", "dA = delta @ coefs[l]",
     "a transposed product (it only has the right shape in the square layer)"),
    ("network_backward", '"""The buggy version with its two bugs fixed: L2 over n, and db over n."""',
     "return buggy_network_backward(coefs, activations, Y, alpha)",
     "the given buggy version, unchanged"),
]
