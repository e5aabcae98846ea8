"""mlp.validation: the one interval check and the one table lookup every mlp module uses."""

import numpy as np
import pytest

from mlp.validation import check_interval, interval_text, lookup


@pytest.mark.parametrize("closed, low_ok, high_ok", [("left", True, False), ("right", False, True),
                                                     ("both", True, True),
                                                     ("neither", False, False)])
def test_the_closed_ends_decide_whether_the_bounds_pass(closed, low_ok, high_ok):
    for value, ok in ((0.0, low_ok), (1.0, high_ok), (0.5, True)):
        if ok:
            assert check_interval("p", value, "real", 0, 1, closed) == value
        else:
            with pytest.raises(ValueError, match=rf"^p must be a real number in .0, 1.; got {value}$"):
                check_interval("p", value, "real", 0, 1, closed)


@pytest.mark.parametrize("bad", ["1", None, True, np.bool_(False), [1]])
def test_a_value_that_is_not_a_number_is_a_type_error(bad):
    with pytest.raises(TypeError, match=r"^p must be a real number in \[0, inf\); got "):
        check_interval("p", bad, "real", 0, None)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_nan_and_infinity_are_refused_even_without_an_upper_bound(bad):
    with pytest.raises(ValueError, match="p must be"):
        check_interval("p", bad, "real", None, None)


def test_an_integer_kind_refuses_a_float_and_accepts_the_extras():
    assert check_interval("n", np.int64(3), "integer", 1, None) == 3
    with pytest.raises(TypeError, match=r"^n must be an integer in \[1, inf\) or numpy.inf; got 2.5$"):
        check_interval("n", 2.5, "integer", 1, None, also=(np.inf,))
    assert check_interval("n", np.inf, "integer", 1, None, also=(np.inf,)) == np.inf
    assert check_interval("b", "auto", "integer", 1, None, also=("auto",)) == "auto"


def test_interval_text_reads_like_the_mathematics():
    assert interval_text("real", 0, None, "neither") == "a real number in (0, inf)"
    assert interval_text("real", None, 1, "right") == "a real number in (-inf, 1]"


@pytest.mark.parametrize("bad", ["c", None, ["a"]])
def test_lookup_lists_the_choices(bad):
    with pytest.raises(ValueError, match=r"^letter must be one of 'a', 'b'; got "):
        lookup({"a": 1, "b": 2}, bad, "letter")
