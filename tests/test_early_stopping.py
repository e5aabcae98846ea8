"""Tests for mlp/early_stopping.py, each rule driven alone with hand-picked sequences."""

import re

import numpy as np
import pytest

from mlp.early_stopping import EarlyStopping, LossPlateau


# --- LossPlateau: no improvement when loss > best_loss - tol  (L8.2) --------------------------

def test_loss_plateau_counts_by_hand():
    # tol = 0.1, patience 2 (fires when the count exceeds 2):
    #   loss  best before  improved?             count  fires
    #   1.0   inf          yes                   0      no
    #   0.8   1.0          0.8 <= 0.9: yes       0      no
    #   0.75  0.8          0.75 > 0.7: no        1      no   (best becomes 0.75 all the same)
    #   0.7   0.75         0.7 > 0.65: no        2      no
    #   0.5   0.7          0.5 <= 0.6: yes       0      no
    #   0.45, 0.44, 0.43   each within tol       1,2,3  fires at the third
    rule = LossPlateau(tol=0.1, n_iter_no_change=2)
    fired = [rule.update(x) for x in [1.0, 0.8, 0.75, 0.7, 0.5, 0.45, 0.44, 0.43]]
    assert fired == [False] * 7 + [True]
    assert rule.no_improvement_count == 3
    assert rule.best_loss == 0.43


def test_loss_plateau_tol_boundary():
    # exactly tol lower counts as an improvement; a hair less does not
    rule = LossPlateau(tol=0.25, n_iter_no_change=1)
    rule.update(1.0)
    rule.update(0.75)  # 0.75 > 1.0 - 0.25 is false: improvement
    assert rule.no_improvement_count == 0
    rule.update(0.5000001)  # 0.5000001 > 0.75 - 0.25: no improvement
    assert rule.no_improvement_count == 1


def test_loss_plateau_with_zero_tol_counts_only_increases():
    # with tol = 0 the rule is loss > best_loss: an equal loss is not counted (as in scikit-learn)
    rule = LossPlateau(tol=0.0, n_iter_no_change=1)
    fired = [rule.update(x) for x in [3.0, 2.0, 2.0, 2.0, 2.5, 1.0, 1.5, 1.5]]
    assert fired == [False] * 7 + [True]
    rule = LossPlateau(tol=0.0, n_iter_no_change=1)
    assert not any(rule.update(2.0) for _ in range(10))  # a flat loss never fires


def test_loss_plateau_reset_count():
    rule = LossPlateau(tol=0.0, n_iter_no_change=1)
    for x in [1.0, 1.1, 1.2]:
        rule.update(x)
    assert rule.no_improvement_count == 2
    rule.reset_count()
    assert rule.no_improvement_count == 0
    assert rule.best_loss == 1.0  # the best loss is kept
    assert rule.update(1.3) is False and rule.no_improvement_count == 1


# --- EarlyStopping: no improvement when score < best_score + tol  (L8.3) ----------------------

def test_early_stopping_counts_and_restores_the_best_parameters():
    # scores 0.5, 0.7, 0.72, 0.69, 0.7 with tol = 0.05, patience 2:
    #   0.5  improved (best -inf)                  count 0, best 0.5  (params of epoch 1 kept)
    #   0.7  0.7 >= 0.55: improved                  count 0, best 0.7  (epoch 2)
    #   0.72 0.72 < 0.75: no improvement            count 1, best 0.72 (epoch 3: still kept!)
    #   0.69 no                                     count 2
    #   0.7  no                                     count 3 > 2: fires
    W, b = np.zeros((2, 2)), np.zeros(2)
    rule = EarlyStopping(tol=0.05, n_iter_no_change=2)
    fired = []
    for epoch, score in enumerate([0.5, 0.7, 0.72, 0.69, 0.7], start=1):
        W.fill(epoch)  # "training" for one epoch
        b.fill(-epoch)
        fired.append(rule.update(score, [W, b]))
    assert fired == [False, False, False, False, True]
    assert rule.scores == [0.5, 0.7, 0.72, 0.69, 0.7]
    assert rule.best_score == 0.72
    W_id = id(W)
    rule.restore([W, b])
    assert id(W) == W_id  # restored in place
    np.testing.assert_array_equal(W, np.full((2, 2), 3.0))  # the parameters of epoch 3
    np.testing.assert_array_equal(b, np.full(2, -3.0))


def test_early_stopping_keeps_copies_not_references():
    W = np.zeros(3)
    rule = EarlyStopping(tol=0.0, n_iter_no_change=5)
    rule.update(0.9, [W])
    W += 100  # training goes on and changes W in place
    rule.update(0.1, [W])
    rule.restore([W])
    np.testing.assert_array_equal(W, np.zeros(3))


def test_an_equal_score_does_not_replace_the_best_parameters():
    # only a strictly higher score is a new best: the earliest of equal scores is kept
    W = np.zeros(1)
    rule = EarlyStopping(tol=0.0, n_iter_no_change=5)
    for epoch in (1, 2, 3):
        W[0] = epoch
        rule.update(0.8, [W])
    rule.restore([W])
    assert W[0] == 1.0


def test_restore_before_any_update_changes_nothing():
    W = np.arange(3.0)
    EarlyStopping().restore([W])
    np.testing.assert_array_equal(W, [0.0, 1.0, 2.0])


def test_early_stopping_tol_boundary_and_reset():
    rule = EarlyStopping(tol=0.25, n_iter_no_change=1)
    rule.update(0.5, [np.zeros(1)])
    rule.update(0.75, [np.zeros(1)])  # 0.75 < 0.5 + 0.25 is false: improvement
    assert rule.no_improvement_count == 0
    rule.update(0.9, [np.zeros(1)])  # 0.9 < 1.0: no improvement, though it is the new best
    assert rule.no_improvement_count == 1 and rule.best_score == 0.9
    rule.reset_count()
    assert rule.no_improvement_count == 0 and rule.best_score == 0.9


# --- bad parameters ----------------------------------------------------------------------------

@pytest.mark.parametrize("cls", [LossPlateau, EarlyStopping])
@pytest.mark.parametrize("bad", [-1e-4, float("nan"), float("inf"), "0.1", None])
def test_bad_tol_names_the_parameter_and_the_value(cls, bad):
    with pytest.raises((TypeError, ValueError),
                       match=r"^tol must be a real number in \[0, inf\); got " + re.escape(repr(bad))):
        cls(tol=bad)


@pytest.mark.parametrize("cls", [LossPlateau, EarlyStopping])
@pytest.mark.parametrize("bad", [0, -3, 2.5, "10", None])
def test_bad_patience_names_the_parameter_and_the_value(cls, bad):
    with pytest.raises((TypeError, ValueError),
                       match=r"^n_iter_no_change must be an integer in \[1, inf\) or numpy.inf; got "
                                         + re.escape(repr(bad))):
        cls(n_iter_no_change=bad)


@pytest.mark.parametrize("rule", [LossPlateau, EarlyStopping])
@pytest.mark.parametrize("param", ["tol", "n_iter_no_change"])
def test_a_bool_is_not_a_number_here(rule, param):
    with pytest.raises(TypeError, match=f"{param}.*True"):
        rule(**{param: True})


@pytest.mark.parametrize("cls", [LossPlateau, EarlyStopping])
def test_infinite_patience_never_fires(cls):
    rule = cls(n_iter_no_change=np.inf, tol=0.0)
    # every epoch is worse than the first: 50 epochs without improvement
    updates = [rule.update(1.0 + k) if cls is LossPlateau else rule.update(1.0 - k / 100,
                                                                           [np.zeros(1)])
               for k in range(50)]
    assert not any(updates) and rule.no_improvement_count == 49


# --- the common base ----------------------------------------------------------------------------

def test_train_drives_any_stopping_rule_through_the_base_class():
    """A rule of one's own (here: stop once the loss is below a target) needs only the hooks of
    StoppingRule; train() calls update, restore and describe the same way for every rule."""
    from mlp import Adam, Network, init_parameters, train
    from mlp.early_stopping import StoppingRule

    class LossBelow(StoppingRule):
        watches = "training loss"

        def watch(self, validation_score):
            return lambda loss: loss

        def _stalled(self, loss):
            return loss < 0.3  # "stalled" here means: good enough

        def _keep_best(self, loss, params):
            pass

    rng = np.random.RandomState(0)
    X = rng.normal(size=(40, 2))
    Y = np.eye(2)[(X[:, 0] > 0).astype(int)]
    net = Network(*init_parameters([2, 4, 2], random_state=0), activation="tanh")
    history = train(net, Adam(net.parameters(), learning_rate=0.05), X, Y, max_iter=500,
                    stopping=LossBelow(tol=0.0, n_iter_no_change=1), random_state=0)
    assert history.loss_curve[-2] < 0.3 and history.loss_curve[-1] < 0.3
    assert all(loss >= 0.3 for loss in history.loss_curve[:-2])
    assert history.stop_reason.startswith("the training loss did not improve")


def test_reprs_show_the_settings():
    assert repr(LossPlateau(tol=0.1, n_iter_no_change=3)) == (
        "LossPlateau(tol=0.1, n_iter_no_change=3, no_improvement_count=0)")
    assert repr(EarlyStopping()).startswith("EarlyStopping(tol=0.0001, n_iter_no_change=10")
