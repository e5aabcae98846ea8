"""The model registry (baselines/models/registry.py)."""

import numpy as np
import pytest
from sklearn.model_selection import ParameterGrid

from baselines.models.registry import (ALL_MODEL_NAMES, MLP_PARAMS, MODEL_NAMES, get_model,
                                       make_model, param_grid)
from baselines.models.speakers import with_actor_column
from baselines.synthetic import make_ravdess_like


def test_names_follow_the_results_contract():
    assert MODEL_NAMES == ("numpy_mlp", "sklearn_mlp", "svc_rbf", "svc_linear", "knn",
                           "random_forest", "logreg")
    assert len(ALL_MODEL_NAMES) == 14 and "random_forest_spk" in ALL_MODEL_NAMES
    assert get_model("logreg_spk").per_speaker and not get_model("logreg").per_speaker
    assert get_model("logreg_spk").grid == get_model("logreg").grid
    with pytest.raises(ValueError, match="unknown model 'svm': choose one of numpy_mlp, .*svc_rbf"):
        make_model("svm")


@pytest.mark.parametrize("name", ALL_MODEL_NAMES)
@pytest.mark.parametrize("full", [False, True])
def test_every_grid_candidate_is_a_valid_setting(name, full):
    model = make_model(name)
    grid = param_grid(name, full=full)
    assert 1 <= len(ParameterGrid(grid)) <= (200 if full else 4)
    for candidate in ParameterGrid(grid):
        model.set_params(**candidate)  # raises on a misspelt parameter
    assert model.named_steps["speaker"].active == name.endswith("_spk")


def test_both_mlps_get_identical_hyperparameters():
    ours = make_model("numpy_mlp", random_state=7).named_steps["model"].get_params()
    theirs = make_model("sklearn_mlp", random_state=7).named_steps["model"].get_params()
    # ours has every parameter of theirs, plus two opt-in extras that are off by default
    assert set(ours) - set(theirs) == {"class_weight", "dropout"}
    assert ours["class_weight"] is None and ours["dropout"] == 0.0
    assert {k: ours[k] for k in theirs} == theirs
    assert {k: ours[k] for k in MLP_PARAMS} == MLP_PARAMS and ours["random_state"] == 7
    assert param_grid("numpy_mlp") == param_grid("sklearn_mlp")


def test_the_scaler_is_fit_on_the_training_rows_only():
    fs = make_ravdess_like(n_features=5)
    X_aug = with_actor_column(fs.X, fs.actors)
    train = np.arange(0, 600)
    model = make_model("logreg").fit(X_aug[train], fs.y[train])
    np.testing.assert_allclose(model.named_steps["scale"].mean_, fs.X[train].mean(axis=0))
    assert not np.allclose(model.named_steps["scale"].mean_, fs.X.mean(axis=0))


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_numpy_and_sklearn_mlp_pipelines_predict_alike():
    fs = make_ravdess_like(n_features=8)
    X_aug = with_actor_column(fs.X, fs.actors)
    small = {"model__hidden_layer_sizes": (20,), "model__max_iter": 30}
    ours = make_model("numpy_mlp", random_state=0).set_params(**small).fit(X_aug, fs.y)
    theirs = make_model("sklearn_mlp", random_state=0).set_params(**small).fit(X_aug, fs.y)
    np.testing.assert_allclose(ours.predict_proba(X_aug), theirs.predict_proba(X_aug), atol=1e-8)
