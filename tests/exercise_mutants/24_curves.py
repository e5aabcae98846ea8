"""Plausible wrong answers to lesson 24's task; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("learning_curve_point", "model = clone(estimator).fit(X[subset], y[subset])",
     "model = clone(estimator).fit(X[train], y[train])", "fit on every training row"),
    ("learning_curve_point", "train_accuracy = np.mean(model.predict(X[subset]) == y[subset])",
     "train_accuracy = np.mean(model.predict(X[train]) == y[train])",
     "training accuracy over all training rows, not the ones fit on"),
    ("learning_curve_point", "subset = train[:n_train]", "subset = np.sort(train)[:n_train]",
     "the first rows by number, not the given prefix"),
    ("learning_curve_point", "model = clone(estimator).fit(", "model = estimator.fit(",
     "the caller's estimator fitted in place"),
]
