"""``audio-mlp course``: its options are checked before any work, and a folder it did not write
is never cleared (a build replaces the content of ``--out``)."""

from baselines.cli import main
from baselines.cli.course import serve


def test_out_that_is_a_file_is_refused(tmp_path, capsys):
    target = tmp_path / "site"
    target.write_text("not a folder")
    assert main(["course", "--out", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("audio-mlp: error: --out") and "is a file" in err


def test_a_folder_of_other_files_is_left_alone(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["course", "--out", str(tmp_path)]) == 2
    assert "did not write" in capsys.readouterr().err
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_out_inside_the_lessons_is_refused(capsys):
    from baselines.course.site import LESSONS

    assert main(["course", "--out", str(LESSONS / "site")]) == 2
    assert "inside the lessons" in capsys.readouterr().err
    assert not (LESSONS / "site").exists()


def test_port_out_of_range(tmp_path, capsys):
    assert main(["course", "--out", str(tmp_path / "site"), "--port", "70000"]) == 2
    assert "--port 70000" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_serve_binds_loopback_only(tmp_path):
    with serve(tmp_path, 0) as server:
        assert server.server_address[0] == "127.0.0.1" and server.server_address[1] > 0
