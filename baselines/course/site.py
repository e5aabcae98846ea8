"""The course as a static website, built with MkDocs (Material theme) from ``lessons/`` as they are.

The markdown stays the single source (the test suite runs every snippet of it); everything the
site needs beyond it is made at build time by :class:`CoursePlugin`, which ``mkdocs.yml`` names:

* the navigation, from the reading order of ``lessons/README.md`` (the home page);
* the math, in every form the lessons write it (```` ```math ```` fences, ``$$ ... $$``, ``$...$``
  and GitHub's ``$`...`$``), handed to ``pymdownx.arithmatex`` and typeset in the browser by a
  copy of MathJax taken from the ``django-static-mathjax`` package: no CDN, no network;
* a page of source code, with an anchor per line, for every module of ``mlp/``, ``features/``
  and ``baselines/``; every module named in a lesson (``mlp/network.py``,
  ``mlp.layers.dense_backward``) links to it, at the line of the definition when it names one;
* every equation label such as (L4.2) in a lesson links to the code line that carries the same
  label in a comment, or, where several do, to the label's entry in a generated index
  (``equations.md``) that lists them all; found by scanning the code at each build, so no line
  number is written down anywhere;
* the exercises section of each lesson set apart: the *Answer* blocks become collapsible, and an
  *implement it* item of a lesson with checks shows the ``audio-mlp exercises check NN`` command;
* each lesson as a Jupyter notebook to download (jupytext), its math in Jupyter's ``$`` form.

The lessons' list items are indented as GitHub reads them (three spaces under ``1.``);
Python-Markdown wants four, so the build re-indents them. Every link the build writes into the
HTML is checked when the build ends: a missing page, anchor or labelled line is a warning, which
fails the strict build.

    build("site")      # what ``audio-mlp course --out site`` calls

Lesson: lessons/README.md#as-a-website
"""

import ast
import functools
import json
import logging
import os
import posixpath
import re
import time
from dataclasses import dataclass
from pathlib import Path

from baselines.course.notebooks import FENCE, dollar_math, notebook_from_markdown

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ROOT / "lessons"
CONFIG = ROOT / "mkdocs.yml"
PACKAGES = ("mlp", "features", "baselines")
MARKER = ".audio-mlp-course"          # left in a folder this build wrote, so a rebuild may clear it

log = logging.getLogger("mkdocs.plugins.audio_mlp_course")

LABEL = re.compile(r"\(L(\d+)\.(\d+)\)")
LESSON_FILE = re.compile(r"^(\d\d)_\w+\.md$")
FIGURE = re.compile(r"\]\((figures/[^)\s]+)\)")


class CourseError(Exception):
    """The site cannot be built (a missing package or figure, a failed strict build)."""


# --- the markdown, as the lessons write it, into the form Python-Markdown reads ------------------

DETAILS_OPEN = re.compile(r"^(\s*)<details>\s*<summary>(.*?)</summary>\s*$")


def convert_details(text):
    """``<details><summary>Answer</summary> ... </details>`` into a collapsed pymdownx.details
    block, whose body (unlike raw HTML's) is read as markdown.

    >>> print(convert_details("   <details><summary>Answer</summary>\\n\\n   It is 3.\\n   </details>"))
       ??? success "Answer"
    <BLANKLINE>
           It is 3.
    <BLANKLINE>
    """
    lines, out, i = text.split("\n"), [], 0
    while i < len(lines):
        match = DETAILS_OPEN.match(lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        indent, title = match.group(1), match.group(2).replace('"', "'")
        out.append(f'{indent}??? success "{title}"')
        i += 1
        while i < len(lines) and lines[i].strip() != "</details>":
            line = lines[i]
            body = line[len(indent):] if line.startswith(indent) else line.lstrip()
            out.append(f"{indent}    {body}" if line.strip() else "")
            i += 1
        out.append("")
        i += 1
    return "\n".join(out)


LIST_ITEM = re.compile(r"^(\s*)([*+-]|\d+[.)])( +)\S")


def reindent_lists(text):
    """Re-indent list items written GitHub's way (content under the text, three spaces after
    ``1.``) to Python-Markdown's four spaces per level; fenced code is moved, never read.

    >>> print(reindent_lists("1. one\\n   ```python\\n   x = 1\\n   ```\\n2. two"))
    1. one
        ```python
        x = 1
        ```
    2. two
    """
    out, stack, fence = [], [], None      # stack: (content column as written, as rewritten)
    for line in text.split("\n"):
        if not line.strip():
            out.append(line)
            continue
        indent = len(line) - len(line.lstrip(" "))
        if fence is None:
            while stack and indent < stack[-1][0]:
                stack.pop()
        new_indent = indent
        for old, new in reversed(stack):
            if indent >= old:
                new_indent = new + indent - old
                break
        moved = " " * new_indent + line[indent:]
        out.append(moved)
        match = FENCE.match(line)
        if fence is not None:
            if match and match.group(2)[0] == fence[0] and len(match.group(2)) >= len(fence) \
                    and not match.group(3):
                fence = None
            continue
        if match:
            fence = match.group(2)
            continue
        item = LIST_ITEM.match(line)
        if item:
            written = indent + len(item.group(2)) + len(item.group(3))
            stack.append((written, new_indent + 4))
    return "\n".join(out)


EXERCISE_ITEM = re.compile(r"^(\d+)\. \*([^*]+)\*")


def mark_exercises(text, number, checked):
    """Under each *implement it* item of the Exercises section, the command that checks it
    (only for a lesson whose checks exist: ``checked``)."""
    if not checked:
        return text
    lines = text.split("\n")
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == "## Exercises")
    except StopIteration:
        return text
    out, pending = lines[:start], False
    command = [
        "", '   !!! tip "Check your answer"', "",
        f"       Edit `lessons/exercises/{checked}`, then run", "",
        "       ```bash", f"       audio-mlp exercises check {number}", "       ```", ""]
    for line in lines[start:]:
        item = EXERCISE_ITEM.match(line)
        ends_item = item or line.startswith("#")
        if pending and ends_item:
            while out and not out[-1].strip():
                out.pop()
            out.extend(command)
            pending = False
        if item:
            pending = item.group(2).strip().lower().startswith("implement it")
        out.append(line)
    if pending:
        while out and not out[-1].strip():
            out.pop()
        out.extend(command)
    return "\n".join(out)


CODE_LINK = re.compile(r"\]\(\.\./((?:mlp|features|baselines)/[\w/]+\.py)(?:#L(\d+))?\)")


def link_code_files(text, root=ROOT):
    """Relative links from a lesson to a module (``](../mlp/layers.py)``, GitHub's ``#L12``
    included) into links to the module's page of the site.

    >>> link_code_files("[the layer](../mlp/layers.py#L12) and [x](../mlp/nothing.py)")
    '[the layer](source/mlp/layers.md#L-12) and [x](../mlp/nothing.py)'
    """
    def page(match):
        if not (root / match.group(1)).is_file():
            return match.group(0)
        anchor = f"#{line_anchor(match.group(2))}" if match.group(2) else ""
        return f"]({source_page(match.group(1))}{anchor})"

    return CODE_LINK.sub(page, text)


def lesson_markdown(text, number=None, checked=None, notebook=None):
    """A lesson's markdown as the site renders it (the file itself is left as it is)."""
    text = link_code_files(dollar_math(text))
    text = convert_details(text)
    if number is not None:
        text = mark_exercises(text, number, checked)
    text = reindent_lists(text)
    if notebook:
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if line.startswith("# "):
                lines.insert(i + 1, f"\n[Download this lesson as a notebook](notebooks/{notebook})"
                             f'{{ .md-button download="{notebook}" }}\n')
                break
        text = "\n".join(lines)
    return text


def notebook_json(text):
    """A lesson as an ``.ipynb``: its math in the ``$`` forms Jupyter typesets."""
    import jupytext

    return jupytext.writes(notebook_from_markdown(text), fmt="ipynb")


# --- the reading order, the code's labels and definitions ---------------------------------------

READING_LINK = re.compile(r"^\|\s*\[([^\]]+)\]\((\d\d_\w+\.md)\)")


def reading_order(readme_text):
    """``[(part title, [(lesson title, file name), ...]), ...]`` from the README's tables."""
    parts, section = [], None
    for line in readme_text.split("\n"):
        if line.startswith("## "):
            section = line[3:].strip()
        elif section == "Reading order" and line.startswith("### "):
            parts.append((line[4:].strip().replace("`", ""), []))      # a nav title is plain text
        elif section == "Reading order" and parts:
            match = READING_LINK.match(line)
            if match:
                parts[-1][1].append((match.group(1).strip(), match.group(2)))
    return parts


def source_files(root=ROOT):
    """Every module of the three packages, as repository-relative POSIX paths, sorted."""
    found = []
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            if "__pycache__" not in path.parts:
                found.append(path.relative_to(root).as_posix())
    return sorted(found)


def label_key(label):
    lesson, number = LABEL.fullmatch(label).groups()
    return int(lesson), int(number)


def code_labels(root=ROOT):
    """``{"(L4.2)": [(module path, line number, line), ...]}``: the lines whose comment carries
    the label; for a label no comment carries, the lines that mention it at all (a docstring)."""
    import io
    import tokenize

    in_comment, anywhere = {}, {}
    for rel in source_files(root):
        text = (root / rel).read_text(encoding="utf-8")
        lines = text.split("\n")
        for number, line in enumerate(lines, 1):
            for match in LABEL.finditer(line):
                anywhere.setdefault(match.group(0), []).append((rel, number, line.strip()))
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
        except (tokenize.TokenError, SyntaxError):
            continue
        for token in tokens:
            if token.type == tokenize.COMMENT:
                number = token.start[0]
                for match in LABEL.finditer(token.string):
                    entry = (rel, number, lines[number - 1].strip())
                    if entry not in in_comment.setdefault(match.group(0), []):
                        in_comment[match.group(0)].append(entry)
    found = {label: in_comment.get(label) or sorted(set(places), key=lambda p: (p[0], p[1]))
             for label, places in anywhere.items()}
    return dict(sorted(found.items(), key=lambda item: label_key(item[0])))


@functools.lru_cache(maxsize=None)
def definitions(path):
    """``{"Network.backward": line, ...}``: the classes, functions and module-level names of a
    module, with the line each is defined on."""
    try:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    except SyntaxError:
        return {}
    found = {}

    def visit(body, prefix):
        for node in body:
            if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                found.setdefault(prefix + node.name, node.lineno)
                if isinstance(node, ast.ClassDef):
                    visit(node.body, prefix + node.name + ".")
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and not prefix:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        found.setdefault(target.id, node.lineno)

    visit(tree.body, "")
    return found


MODULE_PATH = re.compile(r"^((?:mlp|features|baselines)(?:/\w+)*)(\.py|/)?$")
DOTTED = re.compile(r"^((?:mlp|features|baselines)(?:\.\w+)*)(?:\(\))?$")


def resolve_module(name, root=ROOT):
    """``(module path, line or None)`` that an inline-code name of a lesson means, or ``None``.

    >>> resolve_module("mlp/layers.py")
    ('mlp/layers.py', None)
    >>> resolve_module("mlp.layers.dense_backward")[0]
    'mlp/layers.py'
    >>> resolve_module("numpy.linalg") is None
    True
    """
    match = MODULE_PATH.match(name)
    if match and (match.group(2) or "/" in name):
        base = match.group(1)
        if match.group(2) == ".py" and (root / f"{base}.py").is_file():
            return f"{base}.py", None
        if match.group(2) != ".py" and (root / base / "__init__.py").is_file():
            return f"{base}/__init__.py", None
        return None
    match = DOTTED.match(name)
    if not match:
        return None
    parts = match.group(1).split(".")
    for cut in range(len(parts), 0, -1):
        base = "/".join(parts[:cut])
        for rel in (f"{base}.py", f"{base}/__init__.py"):
            if (root / rel).is_file():
                rest = parts[cut:]
                defined = definitions(str(root / rel))
                while rest and ".".join(rest) not in defined:
                    rest = rest[:-1]
                return rel, defined[".".join(rest)] if rest else None
    return None


def source_page(rel):
    """Where a module's page lives among the site's files: ``mlp/network.py`` ->
    ``source/mlp/network.md``."""
    return "source/" + rel[:-3] + ".md"


def line_anchor(number):
    return f"L-{number}"


def label_anchor(label):
    lesson, number = label_key(label)
    return f"L{lesson}-{number}"


def fence_for(text):
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    return f"{ticks} {text} {ticks}"


# --- the HTML: links for labels and module names, the exercises set apart -----------------------

TOKEN = re.compile(r"(<[^>]*>)|([^<]+)")
OPEN_TAG = re.compile(r"<(\w+)([^>]*)>")


def rewrite_html(html, label_href=None, code_href=None):
    """Link each ``(Lx.y)`` of the text (``label_href(label)``) and each inline ``<code>`` that
    names a module (``code_href(text)``), outside links and math; returns ``(html, links)`` with
    links ``[(kind, href, text), ...]``."""
    out, links = [], []
    in_a = in_pre = False
    math_tag = None
    code_start = None
    for tag, text in TOKEN.findall(html):
        if tag:
            opening = OPEN_TAG.match(tag)
            name = opening.group(1).lower() if opening else tag[2:-1].strip().lower()
            if math_tag:
                if tag.startswith("</") and name == math_tag:
                    math_tag = None
            elif opening and "arithmatex" in opening.group(2) and name in ("span", "div"):
                math_tag = name
            elif name == "a":
                in_a = not tag.startswith("</") and not tag.endswith("/>")
            elif name == "pre":
                in_pre = not tag.startswith("</")
            elif name == "code" and not in_pre and not in_a:
                if tag.startswith("</") and code_start is not None:
                    inner = "".join(out[code_start + 1:])
                    href = code_href(inner) if code_href else None
                    if href and "<" not in inner:
                        out.insert(code_start, f'<a class="course-module" href="{href}">')
                        out.append(tag)
                        out.append("</a>")
                        links.append(("module", href, inner))
                        code_start = None
                        continue
                    code_start = None
                elif not tag.startswith("</"):
                    code_start = len(out)
            out.append(tag)
            continue
        if math_tag or in_a or not label_href or code_start is not None and not in_pre:
            out.append(text)
            continue

        def link(match):
            href = label_href(match.group(0))
            if not href:
                return match.group(0)
            links.append(("label", href, match.group(0)))
            return f'<a class="course-label" href="{href}">{match.group(0)}</a>'

        out.append(LABEL.sub(link, text))
    return "".join(out), links


def set_apart_exercises(html):
    """Wrap the Exercises section (its heading to the next ``<h2>``) in a
    ``<section class="course-exercises">``."""
    start = html.find('<h2 id="exercises"')
    if start < 0:
        return html
    end = html.find("<h2", start + 3)
    end = len(html) if end < 0 else end
    return (html[:start] + '<section class="course-exercises">\n' + html[start:end]
            + "</section>\n" + html[end:])


CSS = """\
.course-exercises {
  border-left: 0.3rem solid var(--md-accent-fg-color, #526cfe);
  background: var(--md-code-bg-color, #f5f5f5);
  padding: 0.2rem 1.2rem 0.6rem;
  margin: 2rem 0 1rem;
  border-radius: 0.2rem;
}
a.course-label { white-space: nowrap; }
.course-source .highlight .linenos { user-select: none; opacity: 0.6; margin-right: 1em; }
.course-source a[id^="L-"]:target + a .linenos { background: var(--md-accent-fg-color--transparent, #ffe); }
"""

MATHJAX_CONFIG = """\
window.MathJax = {
  tex: {
    inlineMath: [["\\\\(", "\\\\)"]],
    displayMath: [["\\\\[", "\\\\]"]],
    processEscapes: true,
    processEnvironments: true
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex"
  }
};
"""

# The parts of MathJax's es5 build that a page typesetting TeX as CommonHTML can load.
MATHJAX_PARTS = ("tex-chtml.js", "input/tex", "output/chtml", "ui", "a11y", "adaptors")


def mathjax_folder():
    """The MathJax copy shipped by the ``django-static-mathjax`` package (Apache-2.0)."""
    try:
        import mathjax
    except ImportError:
        raise CourseError("the site needs MathJax from the django-static-mathjax package: "
                          "pip install -e \".[site]\"") from None
    folder = Path(mathjax.__file__).resolve().parent / "static" / "mathjax" / "es5"
    if not (folder / "tex-chtml.js").is_file():
        raise CourseError(f"no MathJax build in {folder}")
    return folder


# --- the MkDocs plugin --------------------------------------------------------------------------

try:
    from mkdocs.plugins import BasePlugin
except ImportError:  # the site extra is not installed; build() says so
    BasePlugin = object


class CoursePlugin(BasePlugin):
    """The build steps of the module docstring, as MkDocs events. ``stats`` holds the counts
    of the last build."""

    def on_config(self, config):
        self.labels = code_labels()
        self.modules = source_files()
        self.parts = reading_order((LESSONS / "README.md").read_text(encoding="utf-8"))
        self.checked = {path.name[:2]: path.name for path in (LESSONS / "exercises").glob("*.py")
                        if list((LESSONS / "checks").glob(path.name[:2] + "_*.py"))}
        self.generated_links = []          # (page url, kind, href, text)
        self.stats = {}
        nav = [{"Home": "README.md"}]
        for part, lessons in self.parts:
            nav.append({part: [{title: name} for title, name in lessons]})
        nav.append({"Equation labels": "equations.md"})
        source = []
        for package in PACKAGES:
            source.append({f"{package}/": [{rel: source_page(rel)} for rel in self.modules
                                           if rel.split("/")[0] == package]})
        nav.append({"Source code": source})
        config["nav"] = nav
        return config

    def on_files(self, files, config):
        from mkdocs.structure.files import File

        def add(src_uri, content=None, abs_src_path=None):
            files.append(File.generated(config, src_uri, content=content,
                                        abs_src_path=abs_src_path))

        add("assets/course.css", CSS)
        add("assets/mathjax-config.js", MATHJAX_CONFIG)
        folder = mathjax_folder()
        for part in MATHJAX_PARTS:
            paths = [folder / part] if (folder / part).is_file() else sorted(
                p for p in (folder / part).rglob("*") if p.is_file())
            for path in paths:
                add("mathjax/" + path.relative_to(folder).as_posix(), abs_src_path=str(path))
        for _, lessons in self.parts:
            for _, name in lessons:
                text = (LESSONS / name).read_text(encoding="utf-8")
                add(f"notebooks/{name[:-3]}.ipynb", notebook_json(text))
        add("equations.md", self.equations_markdown())
        for rel in self.modules:
            add(source_page(rel), self.source_markdown(rel))
        return files

    def equations_markdown(self):
        lesson_of = {name[:2].lstrip("0"): (title, name) for _, lessons in self.parts
                     for title, name in lessons}
        lines = ["# Equation labels", "",
                 "Each label of a lesson, such as (L4.2), and the lines of code that carry it in a "
                 "comment (or, where no comment does, mention it). Made from the code at each "
                 "build, so the line numbers are those of this version.", ""]
        used = {}
        for name in sorted(LESSONS.glob("[0-9][0-9]_*.md")):
            for match in LABEL.finditer(name.read_text(encoding="utf-8")):
                used.setdefault(match.group(0), name.name)
        for label in sorted(set(used) | set(self.labels), key=label_key):
            lesson = str(label_key(label)[0])
            title, page = lesson_of.get(lesson, (None, None))
            where = f" in [{title}]({page})" if page else ""
            lines.append(f'<span id="{label_anchor(label)}"></span>**{label}**{where}')
            lines.append("")
            places = self.labels.get(label, [])
            for rel, number, text in places:
                lines.append(f"* [`{rel}`, line {number}]({source_page(rel)}#{line_anchor(number)}): "
                             f"{fence_for(text)}")
            if not places:
                lines.append("* no line of `mlp/`, `features/` or `baselines/` carries this label "
                             "(the lesson computes it in its own snippets)")
            lines.append("")
        return "\n".join(lines)

    def source_markdown(self, rel):
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer

        code = (ROOT / rel).read_text(encoding="utf-8")
        html = highlight(code, PythonLexer(stripnl=False, ensurenl=True), HtmlFormatter(
            linenos="inline", lineanchors="L", anchorlinenos=True, wrapcode=True))
        count = code.count("\n") + (0 if code.endswith("\n") else 1)
        return (f"# `{rel}`\n\n{count} lines. Equation labels in comments link back to their "
                f"lesson.\n\n<div class=\"course-source\">\n{html}\n</div>\n")

    def on_page_markdown(self, markdown, page, config, files):
        name = page.file.src_uri
        if name == "README.md":
            return lesson_markdown(markdown)
        match = LESSON_FILE.match(name)
        if not match:
            return markdown
        number = match.group(1)
        return lesson_markdown(markdown, number, self.checked.get(number), name[:-3] + ".ipynb")

    def on_page_content(self, html, page, config, files):
        from mkdocs.utils import get_relative_url

        name = page.file.src_uri

        def url_of(src_uri, anchor=None):
            target = files.get_file_from_path(src_uri)
            if target is None:
                return None
            href = get_relative_url(target.url, page.url)
            return f"{href}#{anchor}" if anchor else href

        if name.startswith("source/"):
            lesson_pages = {name[:2].lstrip("0"): name for _, lessons in self.parts
                            for _, name in lessons}

            def back_to_lesson(label):
                page_name = lesson_pages.get(str(label_key(label)[0]))
                return url_of(page_name) if page_name else None

            html, links = rewrite_html(html, label_href=back_to_lesson)
            self.generated_links.extend((page.url, kind, href, text) for kind, href, text in links)
            return html
        if name != "README.md" and not LESSON_FILE.match(name):
            return html

        def label_href(label):
            places = self.labels.get(label, [])
            if len(places) == 1:
                rel, number, _ = places[0]
                return url_of(source_page(rel), line_anchor(number))
            return url_of("equations.md", label_anchor(label))

        def code_href(text):
            if text.startswith("lessons/exercises/") and (ROOT / text).is_file():
                return url_of(text[len("lessons/"):])
            found = resolve_module(text)
            if not found:
                return None
            rel, number = found
            return url_of(source_page(rel), line_anchor(number) if number else None)

        html, links = rewrite_html(html, label_href=label_href, code_href=code_href)
        self.generated_links.extend((page.url, kind, href, text) for kind, href, text in links)
        return set_apart_exercises(html)

    def on_nav(self, nav, config, files):
        listed = {page.file.src_uri for page in nav.pages}
        for file in files.documentation_pages():
            if file.src_uri not in listed:
                log.warning(f"page outside the navigation: {file.src_uri} (add it to the reading "
                            "order of lessons/README.md)")
        return nav

    def on_post_build(self, config):
        site = Path(config["site_dir"])
        html_cache = {}
        checked = {"label": 0, "module": 0}
        for page_url, kind, href, text in self.generated_links:
            problem = check_link(site, page_url, href, text if kind == "label" else None,
                                 html_cache)
            if problem:
                log.warning(f"{page_url or 'home page'}: {kind} link {text} -> {href}: {problem}")
            else:
                checked[kind] += 1
        pages = sorted(site.rglob("*.html"))
        self.stats = {
            "pages": sum(1 for p in pages if p.name == "index.html" and p.parent != site / "search"),
            "label_links": sum(1 for link in self.generated_links if link[1] == "label"),
            "label_links_checked": checked["label"],
            "module_links": sum(1 for link in self.generated_links if link[1] == "module"),
            "module_links_checked": checked["module"],
            "labels_in_code": len(self.labels),
        }


ID = re.compile(r"""\bid=["']([^"']+)["']""")


def check_link(site, page_url, href, label, cache):
    """Why a link the build wrote does not resolve in the built site, or ``None``. For an
    equation label, the target must show the label: the line's text on a source page, or an
    index entry whose own links reach lines that carry it."""
    path, _, anchor = href.partition("#")
    target = posixpath.normpath(posixpath.join(page_url, path)) if path else page_url.rstrip("/")
    file = site / target
    if file.is_dir() or not path or path.endswith("/"):
        file = file / "index.html"
    if not file.is_file():
        return f"no file {file.relative_to(site)}"
    if not anchor:
        return None
    html = cache.get(file)
    if html is None:
        html = cache[file] = file.read_text(encoding="utf-8")
    marker = f'id="{anchor}"'
    at = html.find(marker)
    if at < 0:
        return f"no anchor #{anchor} in {file.relative_to(site)}"
    if label is None:
        return None
    if anchor.startswith("L-"):
        following = html.find('id="L-', at + len(marker))
        line = re.sub(r"<[^>]+>", "", html[at:following if following > 0 else None])
        return None if label in line else f"line #{anchor} does not carry {label}"
    entry_end = html.find("<span id=", at + len(marker))
    entry = html[at:entry_end if entry_end > 0 else None]
    return None if label in re.sub(r"<[^>]+>", "", entry) else f"the index entry lacks {label}"


# --- the library call ---------------------------------------------------------------------------

@dataclass
class BuildReport:
    out: Path
    seconds: float
    pages: int
    label_links: int
    label_links_checked: int
    module_links: int
    module_links_checked: int
    labels_in_code: int


def missing_figures(root=LESSONS):
    """The ``figures/...`` files the lessons show that are not there."""
    missing = set()
    for name in root.glob("*.md"):
        for ref in FIGURE.findall(name.read_text(encoding="utf-8")):
            if not (root / ref).is_file():
                missing.add(ref)
    return sorted(missing)


def out_problem(out):
    """Why ``out`` cannot take the built site, or ``None``: a build replaces the folder's
    content, so only a new or empty folder, or one an earlier build wrote, will do."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        return f"{out}: is a file, not a folder"
    resolved = out.resolve()
    if resolved == LESSONS or LESSONS in resolved.parents:
        return f"{out}: is inside the lessons, the site's sources; choose another folder"
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        return (f"{out}: the folder holds files that a course build did not write; choose a new "
                "or empty folder")
    parent = resolved.parent
    while not parent.exists():
        parent = parent.parent
    if not os.access(parent, os.W_OK):
        return f"{out}: cannot write in {parent}"
    return None


def build(out="site", *, quiet=True):
    """Build the whole course into the folder ``out`` (strict: any warning fails it) and return
    a :class:`BuildReport`. Raises :class:`CourseError` if it cannot."""
    try:
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException
    except ImportError:
        raise CourseError("the site needs MkDocs: pip install -e \".[site]\"") from None
    problem = out_problem(out)
    if problem:
        raise CourseError(problem)
    missing = missing_figures()
    if missing:
        raise CourseError(f"lesson figures missing: {', '.join(missing)}; draw them with "
                          "`audio-mlp figures --lessons`")
    mathjax_folder()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")     # the theme's banner, not a build problem
    out = Path(out).resolve()
    start = time.perf_counter()
    logger = logging.getLogger("mkdocs")
    level = logger.level
    if quiet:
        logger.setLevel(logging.WARNING)
    try:
        config = load_config(str(CONFIG), site_dir=str(out), strict=True)
        mkdocs_build(config)
    except MkDocsException as exc:
        raise CourseError(f"the strict build failed: {exc}") from None
    finally:
        logger.setLevel(level)
    (out / MARKER).write_text(json.dumps({"built_by": "audio-mlp course"}) + "\n")
    stats = config.plugins["audio-mlp-course"].stats
    return BuildReport(out=out, seconds=time.perf_counter() - start, **stats)
