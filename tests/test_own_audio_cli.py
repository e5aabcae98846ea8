"""``compare``, ``train``, ``features`` and ``predict`` on your own audio, each layout end to end."""

import json
import zipfile

import numpy as np
import pytest

from baselines.cli import main
from features.synthetic_corpus import class_name, make_corpus, write_manifest

GROUP = r"^(?P<group>g\d\d)_"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("own")
    paths = make_corpus(root / "sounds", n_classes=3, n_groups=4, per_group=3, seconds=0.4,
                        sr=[16000, 22050])
    manifest = write_manifest(root / "list.tsv", paths)
    return root, paths, manifest


def compare(root, data, *extra):
    root.mkdir(parents=True, exist_ok=True)  # --out's parent must exist (checked before any work)
    out = root / "res"
    code = main(["compare", "--data", str(data), "--models", "logreg", "logreg_spk", "--jobs", "1",
                 "--no-curves", "--out", str(out), *extra])
    return code, json.loads((out / "results.json").read_text()) if code == 0 else None


def test_compare_on_folders_without_groups_runs_random5(corpus, capsys, monkeypatch, tmp_path):
    root, _, _ = corpus
    monkeypatch.setenv("AUDIO_MLP_CACHE", str(root / "cache"))
    code, results = compare(tmp_path, root / "sounds")
    out = capsys.readouterr().out
    assert code == 0 and "folders layout" in out and "no groups" in out
    assert "protocols: random5 (the data has no groups" in out
    assert "logreg_spk left out" in out
    assert list(results["protocols"]) == ["random5"] and list(results["protocols"]["random5"]) == ["logreg"]
    assert results["labels"] == [class_name(k) for k in range(3)]
    assert "| c00_tone | c01_noise | c02_chirp |" in (tmp_path / "res" / "results.md").read_text()


def test_compare_with_groups_runs_grouped(corpus, capsys, monkeypatch, tmp_path):
    root, _, manifest = corpus
    monkeypatch.setenv("AUDIO_MLP_CACHE", str(root / "cache"))
    code, by_manifest = compare(tmp_path / "m", manifest)
    out = capsys.readouterr().out
    assert code == 0 and "manifest layout" in out and "4 groups" in out
    assert "protocols: grouped (the data has groups" in out
    assert len(by_manifest["protocols"]["grouped"]["logreg"]["folds"]) == 4  # one per group
    code, by_pattern = compare(tmp_path / "p", root / "sounds", "--group-pattern", GROUP,
                               "--protocols", "grouped", "random5")
    assert code == 0
    for model in ("logreg", "logreg_spk"):  # the same clips, labels and groups: the same folds
        assert ([f["accuracy"] for f in by_pattern["protocols"]["grouped"][model]["folds"]]
                == [f["accuracy"] for f in by_manifest["protocols"]["grouped"][model]["folds"]])
    assert set(by_pattern["protocols"]) == {"grouped", "random5"}


def test_compare_refuses_grouped_without_groups(corpus, capsys, monkeypatch, tmp_path):
    root, _, _ = corpus
    monkeypatch.setenv("AUDIO_MLP_CACHE", str(root / "cache"))
    code, _ = compare(tmp_path, root / "sounds", "--protocols", "grouped")
    assert code == 2 and "the data has no groups" in capsys.readouterr().err
    assert not (tmp_path / "res").exists()


def test_bad_data_names_the_row(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("AUDIO_MLP_CACHE", str(tmp_path / "cache"))
    bad = tmp_path / "list.csv"
    bad.write_text("path,label\nnope.wav,a\n")
    assert main(["compare", "--data", str(bad), "--out", str(tmp_path / "r")]) == 2
    assert "line 2: the file nope.wav does not exist" in capsys.readouterr().err


def test_features_command_names_layout_and_classes(corpus, capsys, tmp_path):
    root, _, _ = corpus
    assert main(["features", "--data", str(root / "sounds"), "--group-pattern", GROUP,
                 "--cache", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "(folders layout)" in out and "3 classes (c00_tone, c01_noise, c02_chirp), 4 groups" in out


def train(corpus, monkeypatch, model, *options):
    """``audio-mlp train`` on the corpus's manifest, first fold only, 16 hidden units."""
    root, _, manifest = corpus
    monkeypatch.setenv("AUDIO_MLP_CACHE", str(root / "cache"))
    return main(["train", "--data", str(manifest), "--hidden", "16", "--max-folds", "1",
                 "--out", str(model), *options])


def test_strict_stops_compare_and_train_at_an_unusable_file(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("AUDIO_MLP_CACHE", str(tmp_path / "cache"))
    sounds = tmp_path / "sounds"
    paths = make_corpus(sounds, n_classes=3, n_groups=4, per_group=2, seconds=0.4, sr=16000)
    (paths[0].parent / "g00_broken.wav").write_bytes(b"RIFF, but not audio")
    commands = {"compare": ["--models", "logreg", "--no-curves", "--jobs", "1",
                            "--out", str(tmp_path / "res")],
                "train": ["--hidden", "8", "--max-iter", "5", "--max-folds", "1",
                          "--out", str(tmp_path / "model.npz")]}
    for command, options in commands.items():
        assert main([command, "--data", str(sounds), *options, "--strict"]) == 2
        err = capsys.readouterr().err
        assert "g00_broken.wav" in err and "--strict stops" in err and "RAVDESS" not in err
        assert not (tmp_path / "res").exists() and not (tmp_path / "model.npz").exists()
    assert main(["train", "--data", str(sounds), *commands["train"]]) == 0  # without: named,
    err = capsys.readouterr().err                                            # left out
    assert err.count("audio-mlp: warning: 1 of 25 files skipped") == 1
    assert "g00_broken.wav" in err and "UserWarning" not in err  # not Python's own form
    assert (tmp_path / "model.npz").is_file()


def test_train_with_lbfgs_counts_iterations(corpus, capsys, monkeypatch, tmp_path):
    model = tmp_path / "model.npz"
    assert train(corpus, monkeypatch, model, "--solver", "lbfgs", "--max-iter", "30") == 0
    fold_line = next(line for line in capsys.readouterr().out.splitlines()
                     if line.startswith("fold 0:"))
    iterations = int(fold_line.split("(")[1].split()[0])
    assert "iterations" in fold_line and 1 <= iterations <= 30
    assert model.is_file()


def test_train_then_predict_new_files(corpus, capsys, monkeypatch, tmp_path):
    model = tmp_path / "model.npz"
    assert train(corpus, monkeypatch, model, "--max-iter", "40", "--batch-size", "8") == 0
    out = capsys.readouterr().out
    assert "protocol: grouped" in out and "(groups g00)" in out
    assert model.is_file() and not model.with_suffix(".json").exists()  # one file
    new = make_corpus(tmp_path / "new", n_classes=3, n_groups=1, per_group=1, seconds=0.6,
                      sr=44100, seed=3)
    assert main(["predict", str(model), str(tmp_path / "new"), "--top", "2"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["file", "predicted", "novelty", "top", "2"] and len(table) == 4
    assert main(["predict", str(model), *map(str, new), "--json", "--top", "5"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["path"] for r in rows] == [str(p) for p in new]
    for r in rows:  # --top 5 of 3 classes: all of them, best first, summing to 1
        probabilities = [t["probability"] for t in r["top"]]
        assert len(r["top"]) == 3 and r["predicted"] == r["top"][0]["class"]
        assert probabilities == sorted(probabilities, reverse=True)
        assert np.isclose(sum(probabilities), 1)
        assert r["novelty"] > 0 and isinstance(r["unlike_training"], bool)
    # a model whose feature version differs from the installed code is refused, clearly
    with zipfile.ZipFile(model) as archive:
        content = {name: archive.read(name) for name in archive.namelist()}
    description = json.loads(content["model.json"])
    description["features"]["feature_version"] = -1
    content["model.json"] = json.dumps(description)
    with zipfile.ZipFile(model, "w") as archive:
        for name, data in content.items():
            archive.writestr(name, data)
    assert main(["predict", str(model), str(new[0])]) == 2
    assert "feature version -1" in capsys.readouterr().err


@pytest.fixture(scope="module")
def larger_corpus(tmp_path_factory):
    """96 clips: enough rows that OpenBLAS splits the training products over two threads."""
    root = tmp_path_factory.mktemp("train_bits")
    paths = make_corpus(root / "sounds", n_classes=3, n_groups=4, per_group=8, seconds=0.4,
                        sr=[16000])
    return root, write_manifest(root / "list.tsv", paths)


def test_train_writes_the_same_model_bytes_on_one_or_two_blas_threads(larger_corpus, monkeypatch):
    """Each fit of ``audio-mlp train`` runs inside threadpool_limits(limits=1), so the caller's
    thread count (OPENBLAS_NUM_THREADS, a threadpool_limits around the call) does not reach the
    saved model: the model file is the same bytes. Without any limit (here, or the one
    mlp still sets around its own products) the float64 products round differently on two
    threads and the weights differ after a few epochs."""
    from threadpoolctl import threadpool_limits

    root, manifest = larger_corpus
    saved = []
    for threads in (1, 2):
        model = root / f"threads{threads}" / "model.npz"
        model.parent.mkdir()
        monkeypatch.setenv("AUDIO_MLP_CACHE", str(root / f"cache{threads}"))  # extract each time
        with threadpool_limits(limits=threads):
            assert main(["train", "--data", str(manifest), "--hidden", "64", "--max-folds", "1",
                         "--max-iter", "10", "--batch-size", "32", "--seed", "0", "--jobs", "1",
                         "--out", str(model)]) == 0
        saved.append(model.read_bytes())
    assert saved[0] == saved[1]  # the MLP's weights and the description, bit for bit
