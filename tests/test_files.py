"""mlp.files: atomic writes with ordinary permissions, JSON-ready values, installed versions."""

import json
import os
import stat

import numpy as np
import pytest

from mlp.files import installed_version, plain, write_atomic


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_written_file_has_ordinary_permissions(tmp_path, umask_022):
    # tempfile.mkstemp would give 0o600: a model nobody else on the machine can read
    path = write_atomic(tmp_path / "m.bin", lambda f: f.write(b"x"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_a_failed_write_leaves_neither_a_file_nor_a_temporary(tmp_path):
    (tmp_path / "m.bin").write_bytes(b"old")

    def broken(f):
        f.write(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomic(tmp_path / "m.bin", broken)
    assert [p.name for p in tmp_path.iterdir()] == ["m.bin"]
    assert (tmp_path / "m.bin").read_bytes() == b"old"  # the old file is untouched


def test_plain_values_are_json_ready():
    value = {"a": np.float64(0.25), "b": (np.int32(1), 2), "c": np.arange(2), "d": [None, "s"]}
    assert json.loads(json.dumps(plain(value))) == {"a": 0.25, "b": [1, 2], "c": [0, 1],
                                                    "d": [None, "s"]}


def test_installed_version():
    assert installed_version("numpy") == np.__version__
    assert installed_version("no-such-distribution-here") == "unknown"
