"""Lessons as Jupyter notebooks, with their equations shown as math.

jupytext turns a lesson's ```` ```python ```` blocks into code cells and the prose between them
into markdown cells. The lessons write math in GitHub's two forms, display equations in a
```` ```math ```` fence and inline math as ``$`...`$``. Jupyter's markdown knows neither: it shows
the fence as a code block of raw LaTeX and the inline form as code. So the markdown cells are
rewritten on the way: a ```` ```math ```` fence becomes a ``$$ ... $$`` block and ``$`x`$``
becomes ``$x$``. Fenced blocks in other languages (```` ```bash ````, say) are left as they are.

    python -m baselines.course.notebooks lessons/02_activations.md   # writes lessons/02_activations.ipynb

Lesson: lessons/README.md#as-a-notebook
"""

import re
import sys
from pathlib import Path

FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([\w+-]*)")  # indent, fence, info string (language)
INLINE_MATH = re.compile(r"\$`([^`\n]+?)`\$")  # GitHub's $`x`$


def dollar_math(markdown):
    """``markdown`` with ```` ```math ```` fences as ``$$`` blocks (a blank line around each) and
    ``$`x`$`` as ``$x$``: the forms Jupyter and the course website's arithmatex typeset.

    >>> print(dollar_math("Row maxima $`z_{max}`$ first:\\n```math\\np_k = e^{z_k}\\n```"))
    Row maxima $z_{max}$ first:
    <BLANKLINE>
    $$
    p_k = e^{z_k}
    $$
    <BLANKLINE>
    """
    lines, fence = [], None  # fence: (indent, fence, language) of the block we are in, if any
    for line in markdown.split("\n"):
        match = FENCE.match(line)
        if fence is not None:
            indent, opening, language = fence
            closes = (match and match.group(2)[0] == opening[0]
                      and len(match.group(2)) >= len(opening) and not match.group(3))
            if closes and language == "math":
                lines.extend([indent + "$$", ""])
            else:
                lines.append(line)
            fence = None if closes else fence
        elif match:
            fence = match.groups()
            lines.extend(["", fence[0] + "$$"] if fence[2] == "math" else [line])
        else:
            lines.append(INLINE_MATH.sub(r"$\1$", line))
    return "\n".join(lines)


def notebook_from_markdown(text):
    """A lesson's markdown ``text`` as a jupytext notebook whose markdown cells Jupyter renders."""
    import jupytext

    notebook = jupytext.reads(text, fmt="md")
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = dollar_math(cell.source).strip("\n")
    return notebook


def lesson_notebook(path):
    """The lesson at ``path`` as a notebook (:func:`notebook_from_markdown`)."""
    return notebook_from_markdown(Path(path).read_text(encoding="utf-8"))


def write_lesson_notebook(path, out=None):
    """Write the lesson at ``path`` as a notebook, by default next to it as ``.ipynb``."""
    import jupytext

    out = Path(out) if out else Path(path).with_suffix(".ipynb")
    jupytext.write(lesson_notebook(path), out, fmt="ipynb")
    return out


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if not args or any(a.startswith("-") for a in args):
        print("usage: python -m baselines.course.notebooks LESSON.md [LESSON.md ...]", file=sys.stderr)
        return 2
    for path in args:
        print(write_lesson_notebook(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
