"""Plausible wrong answers to lesson 22's task; each must fail its check."""

MUTANTS = [
    # (task, text in the solution, replacement, the mistake)
    ("nested_cv", "search.fit(X[train], y[train], groups=groups[train])",
     "search.fit(X, y, groups=groups)", "the search runs on all the data, test fold included"),
    ("nested_cv", "cv=GroupKFold(n_splits=inner_splits)", "cv=inner_splits",
     "inner folds not grouped by speaker"),
    ("nested_cv", "scores.append(float(np.mean(search.predict(X[test]) == y[test])))",
     "scores.append(float(search.best_score_))", "the inner score reported as the test score"),
    ("nested_cv", "search = GridSearchCV(estimator, param_grid, cv=GroupKFold(n_splits=inner_splits))",
     "search = GridSearchCV(estimator, param_grid, cv=[(train, test)])",
     "the setting chosen on the test fold"),
]
