"""Plausible wrong answers to lesson 23's tasks; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("confusion_matrix", "C[index[t], index[p]] += 1", "C[index[p], index[t]] += 1",
     "rows and columns swapped"),
    ("confusion_matrix", "index = {label: i for i, label in enumerate(labels)}",
     "index = {label: i for i, label in enumerate(sorted(labels))}",
     "classes in alphabetical order, not the given one"),
    ("macro_f1", "return float(f1.mean())", "return float(diagonal.sum() / C.sum())",
     "micro-F1 (= accuracy) instead of macro"),
    ("macro_f1", "precision = _ratio(diagonal, C.sum(axis=0))",
     "precision = _ratio(diagonal, C.sum(axis=1))", "precision over rows, like recall"),
    ("macro_f1", "return float(f1.mean())",
     "return float(np.average(f1, weights=C.sum(axis=1)))", "support-weighted, not macro"),
    ("balanced_accuracy", "return float(np.mean(np.diag(C) / C.sum(axis=1)))",
     "return float(np.trace(C) / C.sum())", "plain accuracy"),
    ("balanced_accuracy", "return float(np.mean(np.diag(C) / C.sum(axis=1)))",
     "return float(np.mean(np.diag(C) / C.sum(axis=0)))", "mean precision, not recall"),
]
