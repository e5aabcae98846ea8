"""mlp.dropout and the opt-in extras of the estimators (dropout, class_weight): off by default,
so parity is untouched; on, they do what the lesson says, checked against independent oracles
(finite differences for dropout's backward pass, per-sample weights for class weights)."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning

from mlp import MLPClassifier, MLPRegressor, Network, init_parameters
from mlp.dropout import dropout_masks
from mlp.gradcheck import check_gradient


@pytest.mark.parametrize("activation", ["tanh", "logistic", "relu", "identity"])
def test_backward_with_a_fixed_mask_matches_finite_differences(activation):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(6, 4))
    Y = np.eye(3)[rng.randint(0, 3, size=6)]
    net = Network(*init_parameters([4, 5, 4, 3], activation=activation, random_state=1),
                  activation=activation, loss="cross_entropy")
    masks = dropout_masks(rng, 6, [5, 4], rate=0.4)
    assert 0 < sum((m == 0).sum() for m in masks) < 6 * 9  # some units dropped, not all

    def loss():
        return net.loss_value(Y, net.forward(X, dropout_masks=masks)[-1], alpha=0.1)

    activations = net.forward(X, dropout_masks=masks)
    coef_grads, intercept_grads = net.backward(activations, Y, alpha=0.1, dropout_masks=masks)
    for param, grad in zip(net.parameters(), coef_grads + intercept_grads):
        assert check_gradient(loss, param, grad.copy()) < 1e-7


def test_the_check_catches_a_backward_that_forgets_the_mask():
    rng = np.random.RandomState(0)
    X, Y = rng.normal(size=(6, 4)), np.eye(2)[rng.randint(0, 2, size=6)]
    net = Network(*init_parameters([4, 5, 2], activation="tanh", random_state=1),
                  activation="tanh")
    masks = dropout_masks(rng, 6, [5], rate=0.5)
    activations = net.forward(X, dropout_masks=masks)
    wrong, _ = net.backward(activations, Y)  # as if no unit had been dropped
    loss = lambda: net.loss_value(Y, net.forward(X, dropout_masks=masks)[-1])  # noqa: E731
    assert check_gradient(loss, net.coefs[0], wrong[0].copy()) > 1e-2


def test_masks_keep_the_expected_value():
    masks = dropout_masks(np.random.RandomState(0), 2000, [50], rate=0.3)[0]
    assert set(np.unique(masks)) == {0.0, 1 / 0.7}
    assert abs(masks.mean() - 1.0) < 0.01  # inverted: E[mask] = 1  (L9.2)


def data():
    return make_classification(n_samples=150, n_features=8, n_informative=5, n_classes=3,
                               n_clusters_per_class=1, random_state=0)


def fit(**params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return MLPClassifier(hidden_layer_sizes=(16,), max_iter=30, random_state=0,
                             **params).fit(*data())


def test_dropout_is_reproducible_and_changes_training_but_not_prediction():
    a, b, none = fit(dropout=0.3), fit(dropout=0.3), fit()
    np.testing.assert_array_equal(a.coefs_[0], b.coefs_[0])  # same seed, same masks
    assert not np.allclose(a.coefs_[0], none.coefs_[0])
    X, _ = data()
    np.testing.assert_array_equal(a.predict_proba(X), a._network().predict(X))  # no mask


def test_dropout_needs_a_stochastic_solver_and_a_rate_below_one():
    with pytest.raises(ValueError, match="dropout needs a stochastic solver"):
        MLPRegressor(solver="lbfgs", dropout=0.2).fit(*data())
    with pytest.raises(ValueError, match=r"dropout must be a real number in \[0, 1\)"):
        MLPClassifier(dropout=1.0).fit(*data())


def test_balanced_class_weight_equals_the_sample_weights_worked_out_by_hand():
    X, y = data()
    y = np.where(y == 2, 2, np.where(np.arange(len(y)) % 3 == 0, 1, 0))  # unbalanced classes
    counts = np.bincount(y)
    by_hand = len(y) / (3 * counts[y])  # n / (n_classes * n_c)  (L9.3)
    params = dict(hidden_layer_sizes=(8,), max_iter=20, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        balanced = MLPClassifier(class_weight="balanced", **params).fit(X, y)
        weighted = MLPClassifier(**params).fit(X, y, sample_weight=by_hand)
        as_dict = MLPClassifier(class_weight={0: 2.0, 2: 0.5}, **params).fit(X, y)
        dict_by_hand = MLPClassifier(**params).fit(X, y, sample_weight=np.array([2.0, 1.0, 0.5])[y])
    np.testing.assert_allclose(balanced.coefs_[0], weighted.coefs_[0], rtol=1e-12)
    np.testing.assert_allclose(as_dict.coefs_[0], dict_by_hand.coefs_[0], rtol=1e-12)


def test_class_weight_errors():
    X, y = data()
    with pytest.raises(ValueError, match="class_weight must be None, 'balanced' or a dict"):
        MLPClassifier(class_weight="auto").fit(X, y)
    with pytest.raises(ValueError, match="class_weight='balanced' needs all the data"):
        MLPClassifier(class_weight="balanced").partial_fit(X, y, classes=[0, 1, 2])
