"""Plausible wrong answers to lesson 21's tasks; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("speaker_kfold", "folds = np.array([fold_of[a] for a in actors])",
     "folds = np.arange(len(actors)) % n_splits", "folds over clips: every speaker leaks"),
    ("speaker_kfold", "for i in np.argsort(-counts, kind=\"stable\"):", "for i in range(len(names)):",
     "actors in name order: uneven folds"),
    ("speaker_kfold", "return [(np.nonzero(folds != k)[0], np.nonzero(folds == k)[0]) for k in range(n_splits)]",
     "return [(np.arange(len(actors)), np.nonzero(folds == k)[0]) for k in range(n_splits)]",
     "training on every clip, test fold included"),
    ("fold_standardise", "mu = X[train].mean(axis=0)", "mu = X.mean(axis=0)",
     "mean fit on all data"),
    ("fold_standardise", "sigma = X[train].std(axis=0)", "sigma = X.std(axis=0)",
     "std fit on all data"),
    ("fold_standardise", "(X[test] - mu) / sigma", "(X[test] - X[test].mean(axis=0)) / X[test].std(axis=0)",
     "the test rows scaled with their own statistics"),
]
