"""baselines.models.ensembles: soft voting is the mean of the members' probabilities."""

import numpy as np

from baselines.models.ensembles import mlp_seed_ensemble, mlp_svc_ensemble
from baselines.models.registry import make_model
from baselines.models.speakers import with_actor_column
from mlp import MLPClassifier


def data(n=90, seed=0):
    rng = np.random.default_rng(seed)
    y = np.repeat(["calm", "angry", "sad"], n // 3)
    X = rng.normal(size=(n, 4)) + (y == "angry")[:, None] * 2 - (y == "sad")[:, None] * 2
    return X, y


def test_seed_ensemble_is_the_mean_of_its_members():
    X, y = data()
    small = dict(hidden_layer_sizes=(8,), max_iter=30, early_stopping=False)
    ensemble = mlp_seed_ensemble(seeds=(0, 1, 2), **small).fit(X, y)
    alone = [MLPClassifier(**{**ensemble.estimators[0][1].get_params(), "random_state": s})
             .fit(X, y) for s in (0, 1, 2)]
    mean = np.mean([m.predict_proba(X) for m in alone], axis=0)
    np.testing.assert_allclose(ensemble.predict_proba(X), mean, rtol=1e-12)
    np.testing.assert_array_equal(ensemble.predict(X), ensemble.classes_[mean.argmax(1)])
    assert len({tuple(m.coefs_[0].ravel()[:3]) for m in alone}) == 3  # the seeds differ


def test_mlp_svc_ensemble_is_a_model_step_of_the_pipelines():
    X, y = data()
    pipe = make_model("numpy_mlp_spk").set_params(
        model=mlp_svc_ensemble(hidden_layer_sizes=(8,), max_iter=30, early_stopping=False))
    actors = np.tile([1, 2, 3], 30)
    pipe.fit(with_actor_column(X, actors), y)
    P = pipe.predict_proba(with_actor_column(X, actors))
    assert P.shape == (90, 3) and np.allclose(P.sum(1), 1.0)
    assert np.mean(pipe.predict(with_actor_column(X, actors)) == y) > 0.8


def test_a_coupled_grid_searches_one_alpha_for_every_member():
    from sklearn.model_selection import GridSearchCV

    from baselines.models.ensembles import coupled_grid

    X, y = data()
    ensemble = mlp_seed_ensemble(seeds=(0, 1), hidden_layer_sizes=(8,), max_iter=20,
                                 early_stopping=False)
    pipe = make_model("numpy_mlp").set_params(model=ensemble)
    grid = coupled_grid(ensemble, {"alpha": [1e-3, 3.0]})
    assert len(grid) == 2
    search = GridSearchCV(pipe, grid, cv=3).fit(with_actor_column(X, np.zeros(90)), y)
    chosen = {est.alpha for est in search.best_estimator_.named_steps["model"].estimators_}
    assert len(chosen) == 1 and chosen <= {1e-3, 3.0}
