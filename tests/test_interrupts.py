"""Ctrl-C, SIGKILL and failing writes leave things as they were (issue 24, item 8).

The commands run as the user runs them, in a subprocess of their own session, and Ctrl-C is sent
to the whole process group as a terminal sends it: to the command and its worker processes.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from baselines.cli import main
from features.synthetic_corpus import make_corpus

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and rlimits")
COMMAND = [sys.executable, "-c", "from baselines.console import run; run()"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """120 one-second clips in three classes (long enough to interrupt the extraction), and a
    warm feature cache of them for the runs that should reach fitting at once."""
    root = tmp_path_factory.mktemp("interrupts")
    make_corpus(root / "sounds", n_classes=3, n_groups=4, per_group=10, seconds=1.0, sr=[16000])
    env = {**os.environ, "AUDIO_MLP_CACHE": str(root / "warm")}
    subprocess.run([*COMMAND, "features", "--data", str(root / "sounds"), "--jobs", "1"],
                   env=env, check=True, capture_output=True)
    return root


def start(args, tmp_path, cache):
    """The command in a session of its own; its stdout goes to a file we can poll."""
    out = open(tmp_path / "stdout.txt", "w")
    env = {**os.environ, "AUDIO_MLP_CACHE": str(cache), "MPLBACKEND": "Agg"}
    return subprocess.Popen([*COMMAND, *args], stdout=out, stderr=subprocess.PIPE, env=env,
                            start_new_session=True, cwd=tmp_path, preexec_fn=_as_in_a_terminal)


def _as_in_a_terminal():
    """Ctrl-C as a terminal's foreground job has it, even when the tests themselves were started
    with it ignored (a background job of a script), which the command would keep."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def children(pid):
    psutil = pytest.importorskip("psutil")
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def wait_for(condition, seconds=30):
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "the run never reached the moment to interrupt"
        time.sleep(0.05)


def ctrl_c(process):
    """Ctrl-C as a terminal sends it; the exit status and stderr without progress bars."""
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    lines = [part for line in err.decode().split("\n") for part in line.split("\r")
             if part.strip() and "it/s" not in part and "clip/s" not in part
             and "fit/s" not in part and "|" not in part]
    return process.returncode, lines


def files_under(folder):
    folder = Path(folder)
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()} if folder.exists() else {}


def test_ctrl_c_while_starting(corpus, tmp_path):
    process = start(["features", "--data", str(corpus / "sounds")], tmp_path, tmp_path / "cache")
    time.sleep(0.3)
    code, lines = ctrl_c(process)
    assert code == 130 and lines == ["audio-mlp: interrupted"]
    assert files_under(tmp_path / "cache") == {}


def test_ctrl_c_ignored_by_the_caller_stays_ignored(corpus, tmp_path):
    out = open(tmp_path / "stdout.txt", "w")
    env = {**os.environ, "AUDIO_MLP_CACHE": str(corpus / "warm")}
    process = subprocess.Popen([*COMMAND, "features", "--data", str(corpus / "sounds")],
                               stdout=out, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
                               start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    time.sleep(0.3)
    code, lines = ctrl_c(process)
    assert code == 0 and "clips:    120" in (tmp_path / "stdout.txt").read_text()


def test_ctrl_c_during_extraction(corpus, tmp_path):
    process = start(["features", "--data", str(corpus / "sounds"), "--jobs", "2"], tmp_path,
                    tmp_path / "cache")
    wait_for(lambda: len(children(process.pid)) >= 2)  # the workers are extracting
    time.sleep(0.3)
    code, lines = ctrl_c(process)
    assert code == 130 and lines == ["audio-mlp: interrupted"]  # no worker's traceback
    assert not list((tmp_path / "cache").rglob("*.npz*"))  # no entry, no temporary file


def test_ctrl_c_during_fitting_leaves_the_previous_results(corpus, tmp_path):
    args = ["compare", "--data", str(corpus / "sounds"), "--models", "logreg", "numpy_mlp",
            "--no-curves", "--jobs", "2", "--out", "res"]
    env = {**os.environ, "AUDIO_MLP_CACHE": str(corpus / "warm"), "MPLBACKEND": "Agg"}
    subprocess.run([*COMMAND, *args[:-4], "--no-curves", "--jobs", "1", "--models", "logreg",
                    "--out", "res"], cwd=tmp_path, env=env, check=True, capture_output=True)
    before = files_under(tmp_path / "res")
    process = start(args, tmp_path, corpus / "warm")
    wait_for(lambda: "protocols:" in (tmp_path / "stdout.txt").read_text()
             and len(children(process.pid)) >= 2)  # fitting in the workers
    time.sleep(0.5)
    code, lines = ctrl_c(process)
    assert code == 130 and lines == ["audio-mlp: interrupted; nothing was written, res is as it was"]
    assert files_under(tmp_path / "res") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["res", "stdout.txt"]  # no .tmp-


def test_workers_end_when_their_parent_is_killed(corpus, tmp_path):
    process = start(["features", "--data", str(corpus / "sounds"), "--jobs", "2"], tmp_path,
                    tmp_path / "cache")
    wait_for(lambda: len(children(process.pid)) >= 2)
    workers = children(process.pid)
    process.kill()  # SIGKILL: the parent cannot tell its workers anything
    process.wait()
    psutil = pytest.importorskip("psutil")
    gone, alive = psutil.wait_procs(workers, timeout=5)
    assert alive == [], f"{len(alive)} workers outlived their parent"


def test_a_killed_runs_debris_is_removed_by_the_next_run(tmp_path):
    from baselines.outputs import replace_folder
    from features.files import write_atomic

    dead = 999_999_999  # no process has this id
    (tmp_path / f"res.tmp-{dead}-0123abcd").mkdir()
    (tmp_path / f"res.tmp-{dead}-0123abcd" / "results.md").write_text("half")
    (tmp_path / f".model.npz.{dead}.0123abcd.tmp").write_bytes(b"half")
    (tmp_path / f".model.npz.{os.getpid()}.0123abcd.tmp").write_bytes(b"being written")
    (tmp_path / "res.tmp-mine").mkdir()  # not a name this project makes: left alone
    replace_folder(tmp_path / "res", lambda folder: [])
    write_atomic(tmp_path / "model.npz", b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f".model.npz.{os.getpid()}.0123abcd.tmp", "model.npz", "res", "res.tmp-mine"]


def test_a_run_killed_between_its_two_renames_gets_its_previous_results_back(tmp_path):
    from baselines.outputs import replace_folder

    old = tmp_path / "res.old-999999999-0123abcd"
    old.mkdir()
    (old / "results.md").write_text("the previous run")
    replace_folder(tmp_path / "res", lambda folder: [(folder / "results.md").write_text("new")
                                                     and folder / "results.md"])
    assert (tmp_path / "res" / "results.md").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["res"]


def test_out_through_a_symbolic_link_is_written_through(corpus, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("AUDIO_MLP_CACHE", str(corpus / "warm"))
    target = tmp_path / "target"
    target.mkdir()
    (tmp_path / "link").symlink_to(target, target_is_directory=True)
    assert main(["compare", "--data", str(corpus / "sounds"), "--models", "logreg",
                 "--no-curves", "--jobs", "1", "--out", str(tmp_path / "link")]) == 0
    err = capsys.readouterr().err
    assert "as it was" not in err and "Traceback" not in err
    assert (tmp_path / "link").is_symlink() and os.readlink(tmp_path / "link") == str(target)
    assert (target / "results.md").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "target"]


def test_a_model_save_that_fails_midway_leaves_the_previous_model(corpus, tmp_path):
    """Under a file-size limit the MLP's own file (small) is written and the model file (the MLP
    plus the novelty matrices) is not: train fails, saying why, and predict still uses the
    previous model."""
    env = {**os.environ, "AUDIO_MLP_CACHE": str(corpus / "warm")}
    train = [*COMMAND, "train", "--data", str(corpus / "sounds"), "--hidden", "8", "--max-iter",
             "5", "--max-folds", "2", "--jobs", "1", "--out", "model.npz"]
    subprocess.run(train, cwd=tmp_path, env=env, check=True, capture_output=True)
    previous = (tmp_path / "model.npz").read_bytes()

    def limited():
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    failed = subprocess.run([*train, "--seed", "1"], cwd=tmp_path, env=env, capture_output=True,
                            preexec_fn=limited)
    err = failed.stderr.decode()
    assert failed.returncode == 2 and "File too large; nothing was written there" in err
    assert (tmp_path / "model.npz").read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.npz"]  # no temporary file
    clip = next((corpus / "sounds").rglob("*.wav"))
    predicted = subprocess.run([*COMMAND, "predict", "model.npz", str(clip)], cwd=tmp_path,
                               env=env, capture_output=True)
    assert predicted.returncode == 0 and clip.name in predicted.stdout.decode()


def test_a_model_saved_through_a_symbolic_link_replaces_the_file_it_points_to(tmp_path):
    from features.files import write_atomic

    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "real.npz").write_bytes(b"old")
    (tmp_path / "model.npz").symlink_to(tmp_path / "models" / "real.npz")
    write_atomic(tmp_path / "model.npz", b"new")
    assert (tmp_path / "model.npz").is_symlink()
    assert (tmp_path / "models" / "real.npz").read_bytes() == b"new"
