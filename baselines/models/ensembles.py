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

from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import VotingClassifier
from sklearn.svm import SVC

from baselines.models.mlp_params import numpy_mlp


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
