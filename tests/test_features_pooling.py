"""Pooling frames into named columns: hand-checked numbers, masks, and refusals."""

import numpy as np
import pytest

from features.pooling import pool, row_labels


def test_mean_and_std_per_row_with_names():
    a = np.array([[1.0, 2.0, 3.0, 6.0],   # mean 3, std sqrt((4 + 1 + 0 + 9) / 4) = sqrt(3.5)
                  [0.0, 0.0, 0.0, 0.0]])
    b = np.array([[2.0, 2.0, 2.0, 2.0]])
    vector, names = pool([("a", a, ["x", "y"]), ("b", b, None)], stats=("mean", "std"))
    np.testing.assert_allclose(vector, [3.0, 0.0, np.sqrt(3.5), 0.0, 2.0, 0.0])
    assert names == ["a_x_mean", "a_y_mean", "a_x_std", "a_y_std", "b_00_mean", "b_00_std"]


def test_a_frame_mask_restricts_the_statistics():
    a = np.array([[10.0, 1.0, 3.0, 10.0]])
    vector, _ = pool([("a", a, None)], stats=("mean",), frames=np.array([False, True, True, False]))
    np.testing.assert_allclose(vector, [2.0])


def test_row_labels_are_zero_padded():
    assert row_labels(3) == ["00", "01", "02"]
    assert row_labels(128)[:2] == ["000", "001"] and row_labels(128)[-1] == "127"


def test_refusals():
    with pytest.raises(ValueError, match="median"):
        pool([("a", np.zeros((1, 2)), None)], stats=("median",))
    with pytest.raises(ValueError, match="'a' has shape"):
        pool([("a", np.zeros(3), None)])
    with pytest.raises(ValueError, match="no frames"):
        pool([("a", np.zeros((1, 2)), None)], frames=np.array([False, False]))
