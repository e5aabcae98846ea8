"""Tests for mlp/training.py: the epoch loop, mini-batches, shuffling, stopping, warm starts,
divergence, bad input, and two problems a network must learn (XOR, two spirals)."""

import re

import numpy as np
import pytest

from mlp.early_stopping import EarlyStopping, LossPlateau
from mlp.initialisation import init_parameters
from mlp.network import Network
from mlp.optimizers import SGD, Adam
from mlp.schedules import Adaptive, InvScaling
from mlp.training import History, TrainingDivergedError, iter_minibatches, train

NEVER = dict(tol=0.0, n_iter_no_change=10_000)  # a LossPlateau that cannot fire in these tests


def make(units=(2, 4, 1), activation="tanh", loss="binary_cross_entropy", seed=0):
    coefs, intercepts = init_parameters(list(units), activation=activation, random_state=seed)
    net = Network(coefs, intercepts, activation=activation, loss=loss)
    return net, coefs + intercepts


def data(n=10, n_features=2, seed=0):
    """Column 0 of X is the row number, so a spy on the network can tell which rows it saw."""
    rng = np.random.RandomState(seed)
    X = np.column_stack([np.arange(n, dtype=float), rng.standard_normal((n, n_features - 1))])
    Y = (rng.uniform(size=(n, 1)) < 0.5).astype(float)
    return X, Y


def spy_rows(net):
    """Record the row numbers (column 0 of X) of every batch the network is run on."""
    seen = []
    forward = net.forward

    def recording_forward(X, **kwargs):
        activations = forward(X, **kwargs)  # the batch's rows are gathered by the pass itself
        seen.append(activations[0][:, 0].astype(int).tolist())  # copied now: a reused buffer
        return activations

    net.forward = recording_forward
    return seen


def snapshot(params):
    return [p.copy() for p in params]


# --- the loop ---------------------------------------------------------------------------------

def test_one_entry_per_epoch_and_the_history_fields():
    X, Y = data(n=10)
    net, params = make()
    history = train(net, SGD(params), X, Y, batch_size=4, max_iter=7, shuffle=False,
                    stopping=LossPlateau(**NEVER))
    assert len(history.loss_curve) == 7 and history.n_iter == 7
    assert history.samples_seen == 70
    assert history.stop_reason == ""
    assert all(isinstance(x, float) and np.isfinite(x) for x in history.loss_curve)


def test_batches_cover_every_row_once_with_a_short_last_batch():
    assert list(iter_minibatches(10, 4)) == [slice(0, 4), slice(4, 8), slice(8, 10)]
    X, Y = data(n=10)
    net, params = make()
    seen = spy_rows(net)
    train(net, SGD(params), X, Y, batch_size=4, max_iter=2, shuffle=False,
          stopping=LossPlateau(**NEVER))
    assert seen == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]] * 2


def test_a_batch_larger_than_the_data_is_the_whole_data():
    X, Y = data(n=5)
    net, params = make()
    seen = spy_rows(net)
    train(net, SGD(params), X, Y, batch_size=200, max_iter=1, shuffle=False)
    assert seen == [[0, 1, 2, 3, 4]]


def test_epoch_loss_is_the_batch_weighted_mean_taken_before_each_update():
    # (L8.1) by hand on a copy of the network: batches of 4, 4, 2 rows, SGD after each
    X, Y = data(n=10, n_features=3)
    net, params = make(units=(3, 4, 1))
    twin, twin_params = make(units=(3, 4, 1))
    history = train(net, SGD(params, learning_rate=0.5), X, Y, batch_size=4, max_iter=1,
                    shuffle=False, alpha=0.1)

    opt = SGD(twin_params, learning_rate=0.5)
    total = 0.0
    for rows in (slice(0, 4), slice(4, 8), slice(8, 10)):
        loss, coef_grads, intercept_grads = twin.loss_and_gradients(X[rows], Y[rows], alpha=0.1)
        total += loss * (rows.stop - rows.start)
        opt.step(twin_params, coef_grads + intercept_grads)
    assert history.loss_curve == [pytest.approx(total / 10, rel=1e-14)]
    for p, q in zip(params, twin_params):
        np.testing.assert_allclose(p, q, rtol=1e-14)


def test_shuffled_order_is_a_fresh_permutation_of_last_epoch_order():
    # As in scikit-learn, each epoch permutes the previous epoch's order:
    #   order_1 = arange(n)[perm_1], order_2 = order_1[perm_2], drawn from RandomState(seed).
    X, Y = data(n=7)
    net, params = make()
    seen = spy_rows(net)
    train(net, SGD(params), X, Y, batch_size=3, max_iter=2, shuffle=True, random_state=3,
          stopping=LossPlateau(**NEVER))
    rng = np.random.RandomState(3)
    order = np.arange(7)
    expected = []
    for _ in range(2):
        order = order[rng.permutation(7)]
        expected += [order[0:3].tolist(), order[3:6].tolist(), order[6:7].tolist()]
    assert seen == expected
    assert sorted(seen[0] + seen[1] + seen[2]) == list(range(7))  # every row once per epoch


def run(seed, shuffle, n_epochs=5):
    X, Y = data(n=12)
    net, params = make()
    history = train(net, SGD(params, learning_rate=0.2), X, Y, batch_size=5, max_iter=n_epochs,
                    shuffle=shuffle, random_state=seed, stopping=LossPlateau(**NEVER))
    return history.loss_curve, params


def test_shuffling_is_reproducible_with_a_seed():
    curve_a, params_a = run(seed=1, shuffle=True)
    curve_b, params_b = run(seed=1, shuffle=True)
    assert curve_a == curve_b
    for p, q in zip(params_a, params_b):
        np.testing.assert_array_equal(p, q)
    curve_c, _ = run(seed=2, shuffle=True)
    assert curve_c != curve_a  # another seed, another order, another path


def test_without_shuffling_the_seed_does_not_matter():
    curve_a, params_a = run(seed=1, shuffle=False)
    curve_b, params_b = run(seed=2, shuffle=False)
    assert curve_a == curve_b
    for p, q in zip(params_a, params_b):
        np.testing.assert_array_equal(p, q)
    assert run(seed=1, shuffle=True)[0] != curve_a


def test_history_continues_across_calls():
    # 3 epochs then 2 more (same optimizer, so its state carries over) = 5 epochs in one go
    X, Y = data(n=10)
    net, params = make()
    opt = SGD(params, learning_rate=0.3, momentum=0.9)
    history = train(net, opt, X, Y, batch_size=4, max_iter=3, shuffle=False,
                    stopping=LossPlateau(**NEVER))
    first_three = list(history.loss_curve)
    again = train(net, opt, X, Y, batch_size=4, max_iter=2, shuffle=False, history=history,
                  stopping=LossPlateau(**NEVER))
    assert again is history
    assert history.loss_curve[:3] == first_three and len(history.loss_curve) == 5
    assert history.n_iter == 2  # epochs of the latest call
    assert history.samples_seen == 50

    reference, ref_params = run_plain(n_epochs=5)
    assert history.loss_curve == reference
    for p, q in zip(params, ref_params):
        np.testing.assert_array_equal(p, q)


def run_plain(n_epochs):
    X, Y = data(n=10)
    net, params = make()
    history = train(net, SGD(params, learning_rate=0.3, momentum=0.9), X, Y, batch_size=4,
                    max_iter=n_epochs, shuffle=False, stopping=LossPlateau(**NEVER))
    return history.loss_curve, params


def test_max_iter_bounds_each_call_and_the_history_grows_across_calls():
    X, Y = data(n=10)
    net, params = make()
    opt, history = SGD(params), History()
    for call in range(1, 4):  # as partial_fit calls it: one epoch at a time
        train(net, opt, X, Y, max_iter=1, history=history)
        assert history.n_iter == 1 and len(history.loss_curve) == call
    train(net, opt, X, Y, max_iter=2, history=history, stopping=LossPlateau(**NEVER))
    assert history.n_iter == 2 and len(history.loss_curve) == 5


def test_callback_sees_every_epoch():
    X, Y = data(n=6)
    net, params = make()
    calls = []
    train(net, SGD(params), X, Y, max_iter=4, stopping=LossPlateau(**NEVER),
          callback=lambda epoch, history: calls.append((epoch, len(history.loss_curve))))
    assert calls == [(0, 1), (1, 2), (2, 3), (3, 4)]


def test_verbose_prints_the_loss_of_every_epoch(capsys):
    X, Y = data(n=6)
    net, params = make()
    history = train(net, SGD(params), X, Y, max_iter=2, verbose=True, shuffle=False,
                    stopping=LossPlateau(**NEVER))
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"Iteration {i + 1}, loss = {loss:.8f}"
                     for i, loss in enumerate(history.loss_curve)]


# --- stopping and schedules -------------------------------------------------------------------

def test_a_loss_plateau_stops_training():
    # tol = 1e10: no epoch after the first can improve by that much, so the counts are
    # 0 (epoch 1), 1, 2, 3 -> 3 > n_iter_no_change = 2 fires after epoch 4.
    X, Y = data(n=10)
    net, params = make()
    history = train(net, SGD(params), X, Y, max_iter=100,
                    stopping=LossPlateau(tol=1e10, n_iter_no_change=2))
    assert len(history.loss_curve) == 4 and history.n_iter == 4
    assert history.stop_reason == ("the training loss did not improve by more than "
                                   "tol=10000000000.0 for 2 consecutive epochs")


def test_adaptive_schedule_divides_the_rate_at_each_plateau_in_training():
    # counts with tol = 1e10, n_iter_no_change = 1: epoch 1: 0, 2: 1, 3: 2 -> fire: eta 1e-5 -> 2e-6,
    # count reset; 4: 1, 5: 2 -> fire: eta -> 4e-7; 6: 1, 7: 2 -> fire with eta <= 1e-6: stop.
    X, Y = data(n=10)
    net, params = make()
    opt = SGD(params, learning_rate=1e-5)
    rates = []
    history = train(net, opt, X, Y, max_iter=100, schedule=Adaptive(),
                    stopping=LossPlateau(tol=1e10, n_iter_no_change=1),
                    callback=lambda epoch, h: rates.append(opt.learning_rate))
    assert len(history.loss_curve) == 7
    assert opt.learning_rate == pytest.approx(4e-7, rel=1e-12)
    # the callback runs before the plateau is handled, so it sees the rate of the epoch just done
    np.testing.assert_allclose(rates, [1e-5] * 3 + [2e-6] * 2 + [4e-7] * 2, rtol=1e-12)
    assert history.stop_reason.startswith("the training loss did not improve")


def test_invscaling_schedule_uses_the_samples_seen():
    # after 3 epochs of 10 samples: eta = 0.1 / (30 + 1)^0.5
    X, Y = data(n=10)
    net, params = make()
    opt = SGD(params, learning_rate=0.1)
    train(net, opt, X, Y, batch_size=3, max_iter=3, schedule=InvScaling(0.5),
          stopping=LossPlateau(**NEVER))
    assert opt.learning_rate == pytest.approx(0.1 / np.sqrt(31), rel=1e-15)


def test_early_stopping_restores_the_best_epoch():
    # scores 0.1, 0.5, 0.3, 0.2, 0.4 with tol = 0 and patience 2: counts 0, 0, 1, 2, 3 -> stop
    # after epoch 5, then the parameters of epoch 2 (score 0.5) are written back.
    X, Y = data(n=10)
    net, params = make()
    scores = iter([0.1, 0.5, 0.3, 0.2, 0.4, 0.9, 0.9])
    after_epoch = []
    history = train(net, SGD(params, learning_rate=0.5), X, Y, max_iter=100,
                    stopping=EarlyStopping(tol=0.0, n_iter_no_change=2),
                    validation_score=lambda: next(scores),
                    callback=lambda epoch, h: after_epoch.append(snapshot(params)))
    assert len(history.loss_curve) == 5
    assert history.stop_reason.startswith("the validation score did not improve")
    for p, best, last in zip(params, after_epoch[1], after_epoch[-1]):
        np.testing.assert_array_equal(p, best)
        assert not np.array_equal(p, last)


def test_early_stopping_needs_a_validation_score():
    X, Y = data(n=4)
    net, params = make()
    with pytest.raises(ValueError, match="needs a validation_score"):
        train(net, SGD(params), X, Y, stopping=EarlyStopping())


# --- divergence ---------------------------------------------------------------------------------

def test_a_huge_learning_rate_raises_training_diverged_naming_the_epoch():
    # One batch per epoch: epoch 1's loss is measured before the first update, so it is finite;
    # that update (eta = 1e300) overflows the weights, and epoch 2's loss is NaN.
    X, Y = data(n=10)
    net, params = make(loss="cross_entropy", units=(2, 4, 2))
    Y2 = np.hstack([Y, 1 - Y])  # one-hot, 2 classes
    history = History()
    with np.errstate(all="ignore"), pytest.raises(
            TrainingDivergedError, match=r"loss became nan in epoch 2; .*smaller learning rate"):
        train(net, SGD(params, learning_rate=1e300), X, Y2, batch_size=10, max_iter=10,
              history=history)
    assert len(history.loss_curve) == 1 and np.isfinite(history.loss_curve[0])


def test_divergence_names_the_epoch_counted_across_calls():
    # 2 quiet epochs, then eta = 1e300 with 2 batches per epoch: in epoch 3 the second batch's
    # loss comes after a huge update, so epoch 3 (counted over both calls) is the one named.
    X, Y = data(n=10)
    net, params = make(loss="squared_error")
    opt = SGD(params, learning_rate=0.01)
    history = train(net, opt, X, Y, batch_size=5, max_iter=2, stopping=LossPlateau(**NEVER))
    opt.learning_rate = 1e300
    with np.errstate(all="ignore"), pytest.raises(TrainingDivergedError,
                                                  match=r"in epoch 3;") as info:
        train(net, opt, X, Y, batch_size=5, max_iter=5, history=history)
    assert isinstance(info.value, ValueError)  # callers catching ValueError catch it too
    assert len(history.loss_curve) == 2  # the non-finite loss is not recorded


# --- bad input ----------------------------------------------------------------------------------

BAD_INPUTS = [
    # (what, keyword changes, expected message)
    ("X columns", {"X": np.ones((4, 3))}, r"X has 3 columns; expected 2"),
    ("Y columns", {"Y": np.ones((4, 2))}, r"Y has 2 columns; expected 1"),
    ("X 1-D", {"X": np.ones(4)}, r"X must be 2-D .*got shape \(4,\)"),
    ("rows", {"Y": np.ones((3, 1))}, r"same number of rows; got 4 and 3"),
    ("X nan", {"X": np.array([[0.0, 1], [1, np.nan], [2, 0], [3, 0]])},
     r"X contains NaN or infinity \(first at row 1, column 1: nan\)"),
    ("Y inf", {"Y": np.array([[0.0], [1], [np.inf], [0]])},
     r"Y contains NaN or infinity \(first at row 2, column 0: inf\)"),
    ("empty", {"X": np.ones((0, 2)), "Y": np.ones((0, 1))}, r"X is empty"),
    ("batch 0", {"batch_size": 0}, r"batch_size must be an integer in \[1, inf\); got 0$"),
    ("batch -8", {"batch_size": -8}, r"batch_size must be an integer in \[1, inf\); got -8$"),
    ("batch 2.5", {"batch_size": 2.5}, r"batch_size must be an integer in \[1, inf\); got 2.5$"),
    ("batch True", {"batch_size": True}, r"batch_size must be an integer in \[1, inf\); got True$"),
    ("max_iter 0", {"max_iter": 0}, r"max_iter must be an integer in \[1, inf\); got 0$"),
    ("alpha -1", {"alpha": -1.0}, r"alpha must be a real number in \[0, inf\); got -1.0$"),
    ("alpha nan", {"alpha": float("nan")}, r"alpha must be a real number in \[0, inf\); got nan$"),
    ("alpha str", {"alpha": "0.1"}, r"alpha must be a real number in \[0, inf\); got '0.1'$"),
    ("alpha None", {"alpha": None}, r"alpha must be a real number in \[0, inf\); got None$"),
    ("random_state", {"random_state": "seed"}, r"random_state must be .*; got 'seed'$"),
]


@pytest.mark.parametrize("what, changes, message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_names_the_parameter_and_the_value(what, changes, message):
    X, Y = data(n=4)
    net, params = make()
    before = snapshot(params)
    kwargs = {"X": X, "Y": Y, **changes}
    with pytest.raises((TypeError, ValueError), match=message):  # TypeError: not a number
        train(net, SGD(params), kwargs.pop("X"), kwargs.pop("Y"), **kwargs)
    for p, q in zip(params, before):  # refused before any step
        np.testing.assert_array_equal(p, q)


def test_a_nonpositive_learning_rate_is_refused_by_the_optimizer():
    _, params = make()
    with pytest.raises(ValueError, match=r"learning_rate must be .*; got -0.1$"):
        SGD(params, learning_rate=-0.1)
    with pytest.raises(ValueError, match=r"learning_rate must be .*; got 0$"):
        Adam(params, learning_rate=0)


# --- learning -----------------------------------------------------------------------------------

def accuracy(net, X, Y):
    return float(((net.predict(X) > 0.5) == (Y > 0.5)).mean())


def two_spirals(n_per_class=100, turns=2.0, noise=0.02, seed=0):
    """Two interleaved spirals, class 1 the point reflection of class 0; (X, Y) with Y (n, 1)."""
    rng = np.random.RandomState(seed)
    angle = np.sqrt(rng.uniform(0, 1, n_per_class)) * turns * 2 * np.pi  # denser near the centre
    radius = angle / (turns * 2 * np.pi)  # 0 .. 1
    arm = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])  # (n_per_class, 2)
    X = np.vstack([arm, -arm]) + noise * rng.standard_normal((2 * n_per_class, 2))
    Y = np.repeat([0.0, 1.0], n_per_class)[:, None]  # (n, 1) for one logistic output
    return X, Y


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_learns_xor(seed):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    net, params = make(units=(2, 4, 1), seed=seed)
    history = train(net, SGD(params, learning_rate=0.5, momentum=0.9), X, Y, batch_size=4,
                    max_iter=300, random_state=seed, stopping=LossPlateau(**NEVER))
    assert accuracy(net, X, Y) == 1.0
    assert history.loss_curve[-1] < 0.1 * history.loss_curve[0]


def test_learns_two_spirals():
    X, Y = two_spirals(seed=0)
    net, params = make(units=(2, 32, 32, 1), seed=0)
    history = train(net, Adam(params, learning_rate=0.01), X, Y, batch_size=32, max_iter=500,
                    random_state=0, stopping=LossPlateau(**NEVER))
    assert accuracy(net, X, Y) > 0.95
    assert history.loss_curve[-1] < 0.1 * history.loss_curve[0]


def test_two_spirals_are_not_linearly_separable():
    # the same training without a hidden layer (logistic regression) stays far from 95%:
    # the spiral test above needs what the hidden layers add
    X, Y = two_spirals(seed=0)
    net, params = make(units=(2, 1), seed=0)
    train(net, Adam(params, learning_rate=0.01), X, Y, batch_size=32, max_iter=100,
          random_state=0, stopping=LossPlateau(**NEVER))
    assert accuracy(net, X, Y) < 0.75


# --- sample weights and sparse input ------------------------------------------------------------

def test_integer_sample_weights_equal_repeated_rows_in_one_batch():
    """Weight k on a row is the row k times, when all rows share the one batch  (L9.4)."""
    X, Y = data(n=6)
    weights = np.array([1, 2, 1, 3, 1, 2])
    net_w, params_w = make()
    net_r, params_r = make()
    hw = train(net_w, SGD(params_w), X, Y, sample_weight=weights, batch_size=6, max_iter=3,
               shuffle=False, alpha=0.1)
    rows = np.repeat(np.arange(6), weights)
    hr = train(net_r, SGD(params_r), X[rows], Y[rows], batch_size=len(rows), max_iter=3,
               shuffle=False, alpha=0.1)
    np.testing.assert_allclose(hw.loss_curve, hr.loss_curve, rtol=1e-12)
    for p, q in zip(params_w, params_r):
        np.testing.assert_allclose(p, q, rtol=1e-12)


@pytest.mark.parametrize("bad, message", [([1.0, -1.0, 1.0, 1.0], "finite and >= 0"),
                                          ([0.0] * 4, "zero for every sample"),
                                          ([1.0, 1.0], r"shape \(4,\)")])
def test_bad_sample_weights_are_refused(bad, message):
    X, Y = data(n=4)
    net, params = make()
    with pytest.raises(ValueError, match=message):
        train(net, SGD(params), X, Y, sample_weight=bad)


@pytest.mark.parametrize("shuffle", [True, False])
def test_sparse_X_trains_as_the_dense_one(shuffle):
    from scipy import sparse

    X, Y = data(n=12, n_features=2)
    X[X < 0] = 0.0
    net_s, params_s = make()
    net_d, params_d = make()
    hs = train(net_s, Adam(params_s), sparse.csr_matrix(X), Y, batch_size=5, max_iter=4,
               random_state=0, shuffle=shuffle)
    hd = train(net_d, Adam(params_d), X, Y, batch_size=5, max_iter=4, random_state=0,
               shuffle=shuffle)
    np.testing.assert_allclose(hs.loss_curve, hd.loss_curve, rtol=1e-12)
