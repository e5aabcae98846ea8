"""Lesson figures: every figure a lesson shows exists, and the generator makes every committed one."""

import os
import re

import pytest

from baselines.course.exercises import LESSONS
from baselines.course.lesson_figures import CLIP_FIGURES, draw_all_lesson_figures, lesson_figures

FIGURES = LESSONS / "figures"
REFERENCE = re.compile(r"\]\((?:\./)?figures/([^)\s]+\.png)\)")


def referenced():
    return {name for path in LESSONS.glob("*.md")
            for name in REFERENCE.findall(path.read_text(encoding="utf-8"))}


def test_every_referenced_figure_exists():
    missing = sorted(name for name in referenced() if not (FIGURES / name).is_file())
    assert not missing, f"lessons show figures that are not in lessons/figures/: {missing}"


def test_every_committed_figure_is_generated_and_shown():
    committed = {p.name for p in FIGURES.glob("*.png")}
    generated = set(lesson_figures()) | set(CLIP_FIGURES)
    assert committed == generated, (f"committed but not generated: {sorted(committed - generated)}; "
                                    f"generated but not committed: {sorted(generated - committed)}")
    assert committed <= referenced(), f"not shown by any lesson: {sorted(committed - referenced())}"


def test_the_generator_draws_every_figure(tmp_path):
    with_clip = bool(os.environ.get("RAVDESS_DIR"))
    written = draw_all_lesson_figures(tmp_path, clip=with_clip)
    expected = set(lesson_figures()) | (set(CLIP_FIGURES) if with_clip else set())
    assert {p.name for p in written} == expected
    for path in written:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path
        assert path.stat().st_size < 300_000, f"{path.name} is not a small PNG"


@pytest.mark.skipif(not os.environ.get("RAVDESS_DIR"), reason="RAVDESS_DIR is not set: the clip "
                    "figures need the data")
def test_the_clip_figures_need_and_find_the_data(tmp_path):
    assert {p.name for p in draw_all_lesson_figures(tmp_path)} >= set(CLIP_FIGURES)


def test_the_command_line_redraws_the_lesson_figures_in_place(monkeypatch, capsys, tmp_path):
    """``audio-mlp figures --lessons`` writes into lessons/figures, without the clip pictures when
    there is no RAVDESS folder (said in a note, not an error)."""
    from baselines.cli import main
    from baselines.course import lesson_figures

    calls = []
    monkeypatch.setattr(lesson_figures, "draw_all_lesson_figures",
                        lambda out, **kw: calls.append((out, kw)) or [out / "x.png"])
    assert main(["figures", "--lessons", "--data", str(tmp_path / "nowhere")]) == 0
    assert calls == [(FIGURES, {"data_dir": None, "clip": False})]
    captured = capsys.readouterr()
    assert "not redrawn" in captured.err and str(FIGURES / "x.png") in captured.out
