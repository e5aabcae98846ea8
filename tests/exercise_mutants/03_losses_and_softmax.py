"""Plausible wrong answers to lesson 03's tasks; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("softmax_cross_entropy_gradient", "return (P - Y) / len(Z)", "return P - Y",
     "the gradient of the summed loss: missing 1/n"),
    ("softmax_cross_entropy_gradient", "return (P - Y) / len(Z)", "return (Y - P) / len(Z)",
     "wrong sign"),
    ("softmax_cross_entropy_gradient", "return (P - Y) / len(Z)", "return (Z - Y) / len(Z)",
     "the logits in place of the probabilities"),
    ("softmax_cross_entropy_gradient", "return (P - Y) / len(Z)", "return (P - Y) / Z.size",
     "divided by n K, a mean over every entry"),
    ("softmax_cross_entropy_gradient", "P = E / E.sum(axis=1, keepdims=True)",
     "P = E / E.sum(axis=0, keepdims=True)", "softmax over the samples"),
    ("cross_entropy", "return float(-xlogy(Y, P).sum() / len(Y))",
     "return float(-np.mean(Y * np.log(P)))", "the given bugs: mean over n K entries, 0 log 0"),
    ("cross_entropy", "return float(-xlogy(Y, P).sum() / len(Y))",
     "return float(-xlogy(Y, P).sum())", "a sum over the samples, not a mean"),
    ("cross_entropy", "return float(-xlogy(Y, P).sum() / len(Y))",
     "return float(-xlogy(Y, P).mean())", "a mean over the n K entries, not the n samples"),
    ("cross_entropy", "P = np.clip(P, eps, 1 - eps)", "P = np.clip(P, 0, 1)",
     "no clipping: log 0 is -inf"),
    ("cross_entropy", '"""Clip (L3.4), then -(1/n) sum xlogy(Y, P)  (L3.1)."""',
     "return buggy_cross_entropy(Y, P)", "the given buggy version, unchanged"),
]
