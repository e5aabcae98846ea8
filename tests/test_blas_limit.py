"""Tests for mlp/blas_limit.py: one BLAS thread while any block runs, in whichever thread the
blocks enter and leave, and fits in several threads at once with the bits of a fit alone."""

import threading
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from threadpoolctl import threadpool_info, threadpool_limits

from mlp import MLPClassifier
from mlp.blas_limit import one_thread


def blas_threads():
    return {info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"}


needs_blas = pytest.mark.skipif(not blas_threads(), reason="threadpoolctl finds no BLAS library")


def in_thread(function):
    """Run ``function()`` in a new thread; return what it returned (re-raise what it raised)."""
    out = {}

    def run():
        try:
            out["value"] = function()
        except BaseException as problem:  # pragma: no cover - re-raised below
            out["error"] = problem

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "the worker thread did not finish"
    if "error" in out:
        raise out["error"]
    return out["value"]


@needs_blas
def test_the_last_block_to_leave_restores_the_limit_whichever_thread_it_is_in():
    entered, leave_first = threading.Event(), threading.Event()
    seen = {}

    def first():  # enters first, leaves first, while the main thread's block still runs
        with one_thread() as allowed:
            seen["first allowed"] = allowed
            entered.set()
            leave_first.wait(timeout=60)

    with threadpool_limits(limits=2, user_api="blas"):  # the main thread controls OpenBLAS
        worker = threading.Thread(target=first, daemon=True)
        worker.start()
        try:
            assert entered.wait(timeout=60)
            assert blas_threads() == {1}  # set by a thread that is not the main one
            with one_thread() as allowed:
                seen["second allowed"] = allowed
                leave_first.set()
                worker.join(timeout=60)
                assert blas_threads() == {1}  # the first one left: still pinned for this one
                with one_thread() as nested:
                    assert nested == 1  # this thread's work already has the cores
        finally:
            leave_first.set()  # never leave the worker waiting, whatever failed
            worker.join(timeout=60)
        assert blas_threads() == {2}  # the last one out put back what the first found
    assert seen == {"first allowed": 2, "second allowed": 2}


@needs_blas
def test_a_block_in_a_worker_thread_takes_effect_while_the_main_thread_holds_a_limit():
    with threadpool_limits(limits=2, user_api="blas"):
        def pinned():
            with one_thread():
                return blas_threads()

        assert in_thread(pinned) == {1}
        assert blas_threads() == {2}
    # and the main thread's own limit still restores what it found
    assert in_thread(blas_threads) == blas_threads()


def fit(max_iter):
    rng = np.random.RandomState(0)
    y = rng.randint(4, size=512)
    X = rng.randn(4, 200)[y] + 2.0 * rng.randn(512, 200)  # products OpenBLAS would thread
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return MLPClassifier(hidden_layer_sizes=(300,), batch_size=256, max_iter=max_iter,
                             tol=0.0, random_state=0).fit(X, y)


def same_bits(a, b):
    return all(np.array_equal(p, q) for p, q in zip(a.coefs_ + a.intercepts_,
                                                    b.coefs_ + b.intercepts_))


@needs_blas
def test_fits_in_several_threads_at_once_have_the_bits_of_a_fit_alone():
    """A short fit and a long one start together in two threads (as tasks of one Dask worker
    would): the short one leaves first, and the long one must stay pinned to the end. Under the
    main thread's own threadpool_limits(2), as a program that set its limits would be."""
    with threadpool_limits(limits=2, user_api="blas"):
        alone = fit(20)
        results = {}
        workers = [threading.Thread(target=lambda: results.__setitem__("long", fit(20)),
                                    daemon=True),
                   threading.Thread(target=lambda: results.__setitem__("short", fit(2)),
                                    daemon=True)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
        assert set(results) == {"long", "short"}, "a fit in a thread failed or hung"
        assert blas_threads() == {2}
    assert same_bits(results["long"], alone)
    assert same_bits(results["short"], fit(2))


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
def test_a_child_forked_while_another_thread_holds_the_pin_can_pin_again():
    import os

    entered, leave = threading.Event(), threading.Event()

    def holder():
        with one_thread():
            entered.set()
            leave.wait(timeout=60)

    with threadpool_limits(limits=2, user_api="blas"):  # the holder records 2, on any machine
        worker = threading.Thread(target=holder, daemon=True)
        worker.start()
        try:
            assert entered.wait(timeout=60)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads running
                pid = os.fork()
            if pid == 0:  # the child: it inherited the pin, and a count of blocks not there
                try:
                    with one_thread() as allowed:
                        ok = allowed == 1 and blas_threads() == {1}
                    os._exit(0 if ok else 1)
                except BaseException:
                    os._exit(2)
            _, status = os.waitpid(pid, 0)
            assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        finally:
            leave.set()
            worker.join(timeout=60)
