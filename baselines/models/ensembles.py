"""Soft-voting ensembles: our MLP trained with several seeds, and our MLP with the RBF SVM.

Soft voting averages the members' predicted class probabilities and predicts the most probable
class:

  P(c | x) = (1/M) sum_m P_m(c | x),   y_hat = argmax_c P(c | x)   (L18.13)

Networks trained from different random initialisations make partly different errors, so their
average is usually better than a typical member. Each member starts from
``baselines.models.mlp_params.MLP_PARAMS``; :func:`coupled_grid` searches one ``alpha`` shared by
all members (a list of one-point grids, which ``GridSearchCV`` accepts as it is). The SVM's
probabilities come from Platt scaling
(``CalibratedClassifierCV(SVC(), method="sigmoid", ensemble=False)``, scikit-learn's replacement
for ``SVC(probability=True)``: a sigmoid fitted on 5-fold out-of-fold decision values of the
training rows only).

scikit-learn's ``VotingClassifier(voting="soft")`` does all of it; these functions only choose its
members. Each returns a classifier for the ``model`` step of a ``baselines.models.registry`` pipeline::

    make_model("numpy_mlp").set_params(model=mlp_seed_ensemble())

Lesson: lessons/18_prosody_and_augmentation.md#ensembles
"""

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import VotingClassifier
from sklearn.svm import SVC

from baselines.models.mlp_params import MLP_PARAMS, numpy_mlp


def mlp_seed_ensemble(seeds=(0, 1, 2, 3, 4), **overrides):
    """Soft vote (L18.13) over our MLP trained once per seed (MLP_PARAMS, updated by ``overrides``)."""
    return VotingClassifier([(f"mlp_seed{s}", numpy_mlp(s, **overrides)) for s in seeds],
                            voting="soft")  # (L18.13)


def mlp_svc_ensemble(random_state=0, C=1.0, **overrides):
    """Soft vote (L18.13) over our MLP and an RBF SVM (``gamma="scale"``) with Platt probabilities."""
    svc = CalibratedClassifierCV(SVC(kernel="rbf", gamma="scale", C=C), method="sigmoid", cv=5,
                                 ensemble=False)
    return VotingClassifier([("mlp", numpy_mlp(random_state, **overrides)), ("svc", svc)],
                            voting="soft")  # (L18.13)


def coupled_grid(ensemble, grid, *, prefix="model__"):
    """A grid that sets each parameter to the same value in every member named like ``mlp*``.

    ``grid``: ``{"alpha": [1e-2, 1.0]}`` -> ``[{"model__mlp_seed0__alpha": [0.01], ...}, ...]``,
    one candidate per value (not one per combination of members). Other members keep theirs.

    >>> coupled_grid(mlp_seed_ensemble(seeds=(0, 1)), {"alpha": [0.01, 1.0]})[1]
    {'model__mlp_seed0__alpha': [1.0], 'model__mlp_seed1__alpha': [1.0]}
    """
    from itertools import product

    members = [name for name, _ in ensemble.estimators if name.startswith("mlp")]
    keys, values = list(grid), [grid[k] for k in grid]
    return [{f"{prefix}{m}__{k}": [v] for m in members for k, v in zip(keys, combo)}
            for combo in product(*values)]


class SeedVote(ClassifierMixin, BaseEstimator):
    """Soft vote (L18.13) over our MLP trained once per seed, with one ``alpha`` for all members.

    :func:`mlp_seed_ensemble` builds the same vote as a ``VotingClassifier``, whose members'
    ``alpha`` can only be searched through :func:`coupled_grid`'s list of grids; this estimator has
    ``alpha`` as a parameter of its own, so a registry grid ``{"model__alpha": [...]}`` searches it
    (and ``baselines.models.augmented.prefixed_grid`` prefixes it) like a single MLP's. Members
    are fitted one after the other on the same rows; only their initial weights, minibatch order
    and early-stopping split differ.
    """

    def __init__(self, seeds=(0, 1, 2, 3, 4), alpha=MLP_PARAMS["alpha"]):
        self.seeds = seeds
        self.alpha = alpha

    def fit(self, X, y):
        if not self.seeds:
            raise ValueError("SeedVote needs at least one seed")
        self.estimators_ = [numpy_mlp(seed, alpha=self.alpha).fit(X, y) for seed in self.seeds]
        self.classes_ = self.estimators_[0].classes_
        self.n_iter_ = max(member.n_iter_ for member in self.estimators_)
        return self

    def predict_proba(self, X):
        """The members' class probabilities averaged, (n_samples, n_classes)  (L18.13)."""
        return np.mean([member.predict_proba(X) for member in self.estimators_], axis=0)

    def predict(self, X):
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]  # (L18.13)
