"""The hyperparameters both MLPs share, and our NumPy MLP built from them.

:data:`MLP_PARAMS` is one dictionary, fixed before any run: our ``mlp.MLPClassifier`` and
scikit-learn's ``MLPClassifier`` are both built from it (:mod:`baselines.models.registry`), and
so is every member of our MLP in the ensembles (:mod:`baselines.models.ensembles`). It lives in
a module of its own because both of those modules need it and the registry needs the ensembles.

Lesson: lessons/20_classical_baselines.md#the-two-mlps-get-the-same-settings
"""

MLP_PARAMS = dict(
    hidden_layer_sizes=(300,), activation="relu", solver="adam", alpha=1e-2, batch_size=64,
    learning_rate_init=1e-3, max_iter=300, early_stopping=True, validation_fraction=0.1,
    n_iter_no_change=15, tol=1e-4,
)
"""The hyperparameters both MLPs share (chosen before any run, never on a test fold)."""


def numpy_mlp(random_state, **overrides):
    """Our MLP with :data:`MLP_PARAMS`, updated by ``overrides``, and ``random_state``.

    >>> numpy_mlp(3, alpha=1.0).get_params()["alpha"]
    1.0
    """
    from mlp import MLPClassifier  # imported here: only the MLP models need the NumPy MLP

    return MLPClassifier(**{**MLP_PARAMS, **overrides}, random_state=random_state)
