"""A lesson opens as a Jupyter notebook: jupytext reads the markdown as it is, and the notebook's
code cells, run in order in one namespace, work (no Jupyter kernel needed).

Lesson: lessons/README.md#as-a-notebook
"""

import doctest

import jupytext
import pytest

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
    notebook = jupytext.read(path, fmt="md")
    written = tmp_path / path.with_suffix(".ipynb").name
    jupytext.write(notebook, written, fmt="ipynb")       # what `jupytext --to ipynb` writes
    again = jupytext.read(written)
    code = [cell for cell in again.cells if cell.cell_type == "code"]
    assert len(code) >= 5, f"{lesson}: only {len(code)} code cells found"
    assert run_cells(again) == len(code)


def test_a_failing_cell_fails_the_run():
    notebook = jupytext.reads("```python\nx = 1\n```\n\n```python\n>>> x + 1\n3\n```\n", fmt="md")
    with pytest.raises(AssertionError, match="1 example"):
        run_cells(notebook)
