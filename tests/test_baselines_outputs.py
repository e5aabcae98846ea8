"""The output folder, replaced all at once (baselines/outputs.py)."""

import os

import pytest

from baselines.outputs import folder_problem, foreign_files, replace_folder


def project_run(folder, text):
    (folder / "figures").mkdir()
    (folder / "results.md").write_text(text)
    (folder / "figures" / "confusion_seed_knn.png").write_bytes(text.encode())
    return [folder / "results.md", folder / "figures" / "confusion_seed_knn.png"]


def test_a_new_run_replaces_the_old_folder_and_keeps_nothing_of_it(tmp_path):
    out = tmp_path / "res"
    out.mkdir()
    (out / "figures").mkdir()
    (out / "figures" / "confusion_seed_svc_rbf.png").write_bytes(b"old")
    written = replace_folder(out, lambda f: project_run(f, "new"))
    assert written == [out / "results.md", out / "figures" / "confusion_seed_knn.png"]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "figures", "figures/confusion_seed_knn.png", "results.md"]  # the stale figure is gone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["res"]
    assert oct(out.stat().st_mode & 0o777) == oct(0o777 & ~current_umask())


def current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_failure_in_the_second_rename_puts_the_old_folder_back(tmp_path, monkeypatch):
    out = tmp_path / "res"
    out.mkdir()
    project_run(out, "old")
    rename = os.rename

    def second_fails(src, dst):  # the first rename (out -> old) works, the second is interrupted
        if ".tmp-" in str(src):
            raise KeyboardInterrupt
        rename(src, dst)

    monkeypatch.setattr(os, "rename", second_fails)
    with pytest.raises(KeyboardInterrupt):
        replace_folder(out, lambda f: project_run(f, "new"))
    assert (out / "results.md").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["res"]


def test_foreign_files_are_refused_and_a_file_is_not_a_folder(tmp_path):
    out = tmp_path / "res"
    out.mkdir()
    project_run(out, "old")
    (out / "figures" / "mine.png").write_bytes(b"mine")
    assert foreign_files(out) == ["figures/mine.png"]
    assert "figures/mine.png" in folder_problem(out)
    with pytest.raises(ValueError, match="did not write"):
        replace_folder(out, lambda f: pytest.fail("nothing may be written"))
    (tmp_path / "file").write_text("x")
    assert folder_problem(tmp_path / "file") == f"{tmp_path / 'file'} is a file, not a folder"
    assert "does not exist" in folder_problem(tmp_path / "no" / "res")
    assert folder_problem(tmp_path / "new") is None


def test_files_added_to_the_old_folder_during_the_run_are_kept(tmp_path):
    out = tmp_path / "res"
    out.mkdir()

    def write(folder):
        (out / "added-meanwhile.txt").write_text("mine")
        return project_run(folder, "new")

    with pytest.warns(UserWarning, match="added-meanwhile.txt"):
        replace_folder(out, write)
    kept = [p for p in tmp_path.iterdir() if ".old-" in p.name]
    assert len(kept) == 1 and (kept[0] / "added-meanwhile.txt").read_text() == "mine"
    assert (out / "results.md").read_text() == "new"
