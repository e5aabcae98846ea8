"""The first hour with one's own recordings, driven through the command line as a new user would.

Each scenario of issue 24 runs ``audio-mlp`` and checks what it prints: an adapted run or a clear
``audio-mlp: error: ...`` with exit status 2, and a stderr free of tracebacks and of raw Python
warnings (every warning line is ``audio-mlp: warning: ...``).
"""

import os
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile

from baselines.cli import main
from features.synthetic_corpus import make_corpus

RAVDESS = os.environ.get("RAVDESS_DIR")
needs_ravdess = pytest.mark.skipif(not RAVDESS, reason="RAVDESS_DIR is not set: point it at the "
                                   "folder holding Actor_01 ... Actor_24")


def clean(err):
    """``err`` carries no traceback and no warning line but the CLI's own."""
    assert "Traceback" not in err
    own = re.sub(r"audio-mlp: (warning|note|error): ", "", err)  # may follow a progress bar
    assert not re.search(r"Warning\b|warning:", own), err
    return err


def run(capsys, *argv):
    """``(exit status, stdout, stderr)`` of ``audio-mlp argv``; stderr checked by :func:`clean`."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, clean(err)


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("AUDIO_MLP_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(scope="module")
def twelve(tmp_path_factory):
    """12 clips, two classes, no groups: what the input checks accept, and barely more."""
    root = tmp_path_factory.mktemp("twelve") / "sounds"
    make_corpus(root, n_classes=2, n_groups=2, per_group=3, seconds=0.4)
    return root


@pytest.fixture(scope="module")
def ravdess_named(tmp_path_factory):
    """16 RAVDESS clips of 2 emotions and 4 actors, sorted into one folder per emotion."""
    root = tmp_path_factory.mktemp("ravdess_named") / "own"
    for emotion, code in (("happy", "03"), ("sad", "04")):
        (root / emotion).mkdir(parents=True)
        for actor in (1, 2, 3, 4):
            for clip in sorted(Path(RAVDESS, f"Actor_{actor:02d}").glob(f"03-01-{code}-*"))[:2]:
                shutil.copy(clip, root / emotion / clip.name)
    return root


@needs_ravdess
def test_ravdess_named_clips_in_class_folders_are_your_own_data(ravdess_named, capsys, tmp_path):
    group = "--group-pattern=-(?P<group>\\d\\d)$"  # the actor: the last field of the stem
    code, out, _ = run(capsys, "train", "--data", ravdess_named, group, "--max-iter", "20",
                       "--max-folds", "1", "--out", tmp_path / "m.npz")
    assert code == 0 and "folders layout" in out and "2 classes, 4 groups" in out
    assert "fold 0:" in out and "Iteration" not in out  # one line per fold, no epoch losses
    code, out, _ = run(capsys, "predict", tmp_path / "m.npz", ravdess_named / "sad")
    assert code == 0 and len(out.splitlines()) == 1 + 8
    code, out, _ = run(capsys, "compare", "--data", ravdess_named, group, "--models", "logreg",
                       "--max-folds", "1", "--no-curves", "--jobs", "1", "--out", tmp_path / "r")
    assert code == 0 and "protocols: grouped" in out and "variants: none" in out


def test_twelve_clips_compare_refuses_what_cannot_fit_and_runs_the_rest(twelve, capsys, tmp_path):
    code, _, err = run(capsys, "compare", "--data", twelve, "--models", "numpy_mlp", "knn",
                       "logreg", "--jobs", "1", "--out", tmp_path / "r")
    assert code == 2
    assert "--models numpy_mlp: early stopping needs a validation split" in err
    assert "--models knn: n_neighbors 15 is more than the" in err and "smallest class" in err
    code, out, _ = run(capsys, "compare", "--data", twelve, "--models", "logreg", "svc_rbf",
                       "--jobs", "2", "--out", tmp_path / "r")
    assert code == 0 and "curves: skipped" in out
    results = (tmp_path / "r" / "results.md").read_text()
    assert "No protocol here tests on unseen speakers" in results and ";  " not in results
    assert "- `svc_rbf`: support vector machine" in results


def test_twelve_clips_train_early_stopping_is_refused_and_plain_train_runs(twelve, capsys,
                                                                          tmp_path):
    code, _, err = run(capsys, "train", "--data", twelve, "--early-stopping",
                       "--out", tmp_path / "m.npz")
    assert code == 2 and "--early-stopping: early stopping needs a validation split" in err
    assert "the smallest class" in err
    code, _, err = run(capsys, "train", "--data", twelve, "--max-iter", "20", "--max-folds", "1",
                       "--out", tmp_path / "m.npz")
    assert code == 0 and "batch_size" not in err  # a batch size the user never chose


def test_two_clips_per_class_names_the_folds_and_the_smallest_class(tmp_path, capsys):
    make_corpus(tmp_path / "tiny", n_classes=2, n_groups=1, per_group=2, seconds=0.4)
    code, _, err = run(capsys, "train", "--data", tmp_path / "tiny", "--out", tmp_path / "m.npz")
    assert code == 2 and "--protocols random5" in err and "the smallest class" in err


def test_a_grouped_protocol_on_data_without_groups_is_refused(twelve, capsys, tmp_path):
    for protocol in ("grouped", "speaker"):
        code, _, err = run(capsys, "train", "--data", twelve, "--protocol", protocol,
                           "--out", tmp_path / "m.npz")
        assert code == 2 and f"--protocol {protocol}: the data has no groups" in err
    assert not (tmp_path / "m.npz").exists()


@pytest.mark.parametrize("argv, message", [
    (["train", "--alpha", "nan"], "--alpha nan: must be a finite number"),
    (["train", "--alpha", "inf"], "--alpha inf: must be a finite number"),
    (["train", "--alpha", "1e308"], "--alpha 1e+308: must be between 0 and 10000"),
    (["train", "--lr", "nan"], "--lr nan: must be a finite number"),
    (["train", "--lr", "inf"], "--lr inf: must be a finite number"),
    (["train", "--lr", "1e308"], "--lr 1e+308: must be > 0 and <= 10"),
    (["train", "--lr", "-1"], "--lr -1.0: must be > 0"),
    (["train", "--hidden", "1000000000"], "every size must be between 1 and 4096"),
    (["train", "--batch-size", "0"], "--batch-size 0: must be between 1"),
    (["train", "--max-iter", "0"], "--max-iter 0: must be between 1"),
    (["demo", "--hidden", "1000000000"], "--hidden 1000000000: must be between 1 and 4096"),
    (["demo", "--epochs", "0"], "--epochs 0: must be between 1"),
    (["demo", "--seed", "-1"], "--seed -1: must be between 0"),
    (["compare", "--inner-splits", "1"], "--inner-splits 1: must be >= 2"),
])
def test_every_absurd_option_value_is_refused_before_any_work(argv, message, capsys):
    with pytest.raises(SystemExit) if "--hidden" in argv and argv[0] == "train" else \
            _no_exit() as raised:
        code = main(argv + (["--data", "/nonexistent"] if argv[0] != "demo" else []))
    err = capsys.readouterr().err
    assert (raised.value.code if raised else code) == 2
    assert message in err and "Traceback" not in err


class _no_exit:
    """A context manager that lets the code run and holds no exception (``raised`` is None)."""

    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def test_compare_out_at_the_root_looks_at_the_root_only(capsys):
    code, _, err = run(capsys, "compare", "--data", "/nonexistent", "--out", "/")
    assert code == 2 and "--out:" in err


def test_inputs_are_named(tmp_path, capsys):
    make_corpus(tmp_path / "s", n_classes=2, n_groups=1, per_group=3, seconds=0.4)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("path,label\ns/c00_tone/g00_0000.wav,café\n".encode("latin-1"))
    code, _, err = run(capsys, "features", "--data", latin)
    assert code == 2 and "latin.csv: the manifest is not UTF-8" in err and "line 2" in err
    twice = tmp_path / "twice.csv"
    twice.write_text("path,label\ns/c00_tone/g00_0000.wav,a\ns/c00_tone/g00_0000.wav,b\n")
    code, _, err = run(capsys, "features", "--data", twice)
    assert code == 2 and "listed with two labels ('a' and 'b') (first on line 2)" in err


def test_float_samples_beyond_full_scale_are_warned_about_once(tmp_path, capsys):
    make_corpus(tmp_path / "s", n_classes=2, n_groups=1, per_group=2, seconds=0.4)
    loud = tmp_path / "s" / "c00_tone" / "loud.wav"
    soundfile.write(loud, 1000 * np.sin(np.arange(8000) / 5.0), 16000, subtype="FLOAT")
    code, _, err = run(capsys, "features", "--data", tmp_path / "s", "--jobs", "2")
    assert code == 0 and err.count("loud.wav: samples outside [-1, 1]") == 1


def test_a_clip_too_large_for_memory_is_refused_before_decoding(tmp_path, monkeypatch):
    from features.audio import AudioError, load_audio

    path = tmp_path / "wide.wav"
    soundfile.write(path, np.zeros((100, 8)) + 0.1, 8000)
    with pytest.raises(AudioError, match=r"too large to decode \(100 frames x 8 channels"):
        load_audio(path, max_samples=799)


def test_group_pattern_starting_with_a_dash_matches_the_stem(tmp_path, capsys):
    make_corpus(tmp_path / "s", n_classes=2, n_groups=2, per_group=2, seconds=0.4)
    code, out, _ = run(capsys, "features", "--data", tmp_path / "s", "--group-pattern",
                       "-?(?P<group>g\\d+)_\\d+$")
    assert code == 0 and "2 groups" in out
    code, _, err = run(capsys, "features", "--data", tmp_path / "s", "--group-pattern",
                       "(?P<group>x\\d)")
    assert code == 2 and "'(?P<group>x\\d)'" in err and "without its extension" in err


def test_the_command_list_describes_each_command_in_plain_text(capsys):
    with pytest.raises(SystemExit):
        main(["features", "--help"])
    text = capsys.readouterr().out
    assert "``" not in text and "figures" not in text and ":func:" not in text
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    text = capsys.readouterr().out
    assert "on RAVDESS or your own" in text and "(default 64" in text and "MLP_PARAMS" in text


def test_figures_blames_a_missing_clip_not_the_data(capsys):
    code, _, err = run(capsys, "figures", "--clip", "nonexist.wav")
    assert code == 2 and "--clip nonexist.wav: no such file" in err and "RAVDESS" not in err


def test_exercises_start_copies_the_skeleton_which_check_then_checks(tmp_path, capsys,
                                                                     monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "exercises", "start", "04")
    copy = tmp_path / "my_exercises" / "04_backpropagation.py"
    assert code == 0 and copy.is_file() and str(copy.relative_to(tmp_path)) in out
    copy.write_text("raise SyntaxError('mine')\n")
    code, out, _ = run(capsys, "exercises", "check", "04")
    assert code == 1 and "my_exercises/04_backpropagation.py does not import" in out
    assert run(capsys, "exercises", "start", "04")[0] == 2  # the work is never overwritten


@pytest.mark.parametrize("action", ["start", "check"])
def test_exercises_takes_a_lesson_number_only(action, capsys):
    with pytest.raises(SystemExit) as raised:
        main(["exercises", action, "xx"])
    err = capsys.readouterr().err
    assert raised.value.code == 2 and "not 'xx'" in err and "Traceback" not in err


def test_an_incomplete_actor_folder_names_the_option_that_reads_it_as_your_own(tmp_path, capsys):
    folder = tmp_path / "mine" / "Actor_01"
    folder.mkdir(parents=True)
    for name in ("03-01-01-01-01-01-01.wav", "03-01-03-01-01-01-01.wav"):
        soundfile.write(folder / name, 0.1 * np.sin(np.arange(8000) / 7.0), 16000)
    code, _, err = run(capsys, "features", "--data", tmp_path / "mine")
    assert code == 2 and "--layout folders" in err and "2 clips found, 1440 expected" in err
    assert err.count("Fix") == 1  # its own fix, not the generic one about RAVDESS_DIR as well
