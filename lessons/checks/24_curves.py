"""Checks of lessons/exercises/24_curves.py, against sklearn's learning_curve on one split."""

import numpy as np
from sklearn.model_selection import learning_curve
from sklearn.neighbors import KNeighborsClassifier

from baselines.course.exercises import CheckFailed, Task
from baselines.synthetic import make_ravdess_like


def check_point(student):
    fs = make_ravdess_like(n_features=8, n_actors=6, random_state=0)  # 360 clips, 6 actors
    train, val = np.nonzero(fs.actors <= 4)[0], np.nonzero(fs.actors > 4)[0]
    rng = np.random.default_rng(0)
    train = rng.permutation(train)  # a prefix of a shuffled index: a random subset
    model = KNeighborsClassifier(n_neighbors=7)
    for n in (40, 120, len(train)):
        sizes, tr, va = learning_curve(model, fs.X, fs.y, cv=[(train, val)], train_sizes=[n],
                                       shuffle=False)
        got = student.learning_curve_point(model, fs.X, fs.y, train, val, n)
        if len(got) != 2:
            raise CheckFailed("learning_curve_point must return (train_accuracy, validation_accuracy)")
        for name, ours, theirs in (("training", got[0], tr[0, 0]), ("validation", got[1], va[0, 0])):
            if not np.isclose(ours, theirs):
                raise CheckFailed(f"with {n} training clips the {name} accuracy is {ours:.3f}; "
                                  f"learning_curve gives a different number")
    if hasattr(model, "n_samples_fit_"):
        raise CheckFailed("the estimator passed in was fitted itself: fit a clone")


TASKS = [Task("learning_curve_point", "training and validation accuracy at one training size (L24.1)",
              check_point)]
