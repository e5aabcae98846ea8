"""A lesson opens as a Jupyter notebook: jupytext reads the markdown, ``baselines.course.notebooks``
rewrites its math in the form Jupyter renders, and the notebook's code cells, run in order in one
namespace, work (no Jupyter kernel needed).

Lesson: lessons/README.md#as-a-notebook
"""

import doctest

import jupytext
import pytest

from baselines.course.notebooks import dollar_math, lesson_notebook, main, write_lesson_notebook
from conftest import LESSONS


def run_cells(notebook):
    """Execute the code cells of ``notebook`` in order, in one namespace; return how many ran.

    A cell written as a ``>>>`` session is run by doctest, so that its shown output is checked
    too; any other cell is executed as it is.
    """
    namespace = {"__name__": "lesson_notebook"}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    ran = 0
    for number, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        if cell.source.lstrip().startswith(">>>"):
            test = parser.get_doctest(cell.source, namespace, f"cell {number}", None, 0)
            result = runner.run(test, clear_globs=False)
            assert result.failed == 0, f"cell {number}: {result.failed} example(s) failed"
        else:
            exec(compile(cell.source, f"cell {number}", "exec"), namespace)
        ran += 1
    return ran


@pytest.mark.parametrize("lesson", ["02_activations.md"])
def test_a_lesson_converts_to_a_notebook_and_its_code_cells_run(lesson, tmp_path):
    path = LESSONS / lesson
    written = write_lesson_notebook(path, tmp_path / path.with_suffix(".ipynb").name)
    again = jupytext.read(written)
    code = [cell for cell in again.cells if cell.cell_type == "code"]
    assert len(code) >= 5, f"{lesson}: only {len(code)} code cells found"
    assert run_cells(again) == len(code)


def test_a_failing_cell_fails_the_run():
    notebook = jupytext.reads("```python\nx = 1\n```\n\n```python\n>>> x + 1\n3\n```\n", fmt="md")
    with pytest.raises(AssertionError, match="1 example"):
        run_cells(notebook)


@pytest.mark.parametrize("lesson", ["04_backpropagation.md", "07_optimizers.md"])
def test_a_lessons_math_becomes_dollar_math(lesson, tmp_path):
    text = (LESSONS / lesson).read_text(encoding="utf-8")
    assert "```math" in text and "$`" in text, f"{lesson} no longer has both forms of math"
    written = write_lesson_notebook(LESSONS / lesson, tmp_path / "lesson.ipynb")
    markdown = "\n".join(cell.source for cell in jupytext.read(written).cells
                         if cell.cell_type == "markdown")
    assert "```math" not in markdown and "$`" not in markdown and "`$" not in markdown
    assert markdown.count("$$") == 2 * text.count("```math")
    code = [cell.source for cell in lesson_notebook(LESSONS / lesson).cells
            if cell.cell_type == "code"]
    assert code == [cell.source for cell in jupytext.read(LESSONS / lesson, fmt="md").cells
                    if cell.cell_type == "code"], "the code cells must be left as they are"


def test_dollar_math_leaves_other_fences_and_plain_math_alone():
    text = ("Cost $O(n)$ and $`a_{ij}`$.\n\n  ```math\n  x_1\n  ```\n\n"
            "```bash\necho '$`kept`$'\n```\n````md\n```math\n````")
    assert dollar_math(text) == ("Cost $O(n)$ and $a_{ij}$.\n\n\n  $$\n  x_1\n  $$\n\n\n"
                                  "```bash\necho '$`kept`$'\n```\n````md\n```math\n````")


def test_the_command_writes_a_notebook_next_to_the_lesson(tmp_path, capsys):
    lesson = tmp_path / "01_demo.md"
    lesson.write_text("# Demo\n\n```math\nx\n```\n\n```python\nx = 1\n```\n", encoding="utf-8")
    assert main([str(lesson)]) == 0
    assert capsys.readouterr().out.strip() == str(lesson.with_suffix(".ipynb"))
    cells = jupytext.read(lesson.with_suffix(".ipynb")).cells
    assert [c.cell_type for c in cells] == ["markdown", "code"] and "$$\nx\n$$" in cells[0].source
    assert main([]) == 2
