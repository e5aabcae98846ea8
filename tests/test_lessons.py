"""The lessons and the code point at each other, and the lessons' code really runs.

* Sybil (configured in the top-level conftest.py) turns every snippet of ``lessons/*.md`` into a
  test; here we make sure it collected some, because a misconfigured path collects nothing, silently.
* Every ``mlp.…``, ``features.…`` or ``baselines.…`` name a lesson cites in backticks imports.
* Every ``Lesson: lessons/<file>.md#<anchor>`` in the code names an existing file and heading.
* Every module of the three packages is cited by at least one lesson.
* The label index of ``lessons/README.md`` lists, for each lesson, exactly the labels it defines.
"""

import importlib
import io
import re
import tokenize
import unicodedata
from pathlib import Path

import pytest

from conftest import LESSONS, make_lesson_sybil

ROOT = LESSONS.parent
PACKAGES = ("mlp", "features", "baselines")
LESSON_FILES = sorted(LESSONS.glob("*.md"))
NUMBERED_LESSONS = [p for p in LESSON_FILES if re.match(r"\d\d_", p.name)]

CODE_SPAN = re.compile(r"`([^`\n]+)`")
# not preceded by "/": in baselines/cli/features.py, "features.py" is part of a path, not a name
DOTTED_NAME = re.compile(r"(?<![\w/])((?:%s)(?:\.[A-Za-z_]\w*)+)" % "|".join(PACKAGES))
MODULE_PATH = re.compile(r"\b((?:%s)/[\w/]+\.py)\b" % "|".join(PACKAGES))
LESSON_LINK = re.compile(r"Lesson: (lessons/[\w.\-]+\.md)(?:#([\w\-]+))?")


def github_anchor(heading):
    """The anchor GitHub gives a markdown heading: lower case, punctuation dropped, spaces -> '-'.

    >>> github_anchor("The backward pass (backpropagation)")
    'the-backward-pass-backpropagation'
    >>> github_anchor("Adam: SGD with moments")
    'adam-sgd-with-moments'
    """
    text = unicodedata.normalize("NFKC", heading).strip().lower()
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


def anchors_of(path):
    """All heading anchors of a markdown file, with GitHub's -1, -2 suffixes for repeats."""
    anchors, seen = set(), {}
    in_fence = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        match = None if in_fence else re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            base = github_anchor(match.group(1))
            count = seen.get(base, 0)
            anchors.add(base if count == 0 else f"{base}-{count}")
            seen[base] = count + 1
    return anchors


def resolve(dotted):
    """Import the longest importable module prefix of ``dotted`` and look up the rest on it."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)  # AttributeError names the missing piece
        return obj
    raise ModuleNotFoundError(dotted)


def cited_names(path):
    text = path.read_text(encoding="utf-8")
    names = set()
    for span in CODE_SPAN.findall(text):
        names.update(DOTTED_NAME.findall(span))
    return sorted(names)


def test_lessons_exist_and_sybil_collects_their_snippets():
    assert NUMBERED_LESSONS, f"no numbered lessons in {LESSONS}"
    sybil = make_lesson_sybil()
    counts = {p.name: len(list(sybil.parse(p))) for p in NUMBERED_LESSONS}
    assert sum(counts.values()) > 0, "Sybil collected no lesson snippet: check conftest.py"
    without = [name for name, n in counts.items() if n == 0]
    assert not without, f"lessons without a single executed snippet: {without}"


@pytest.mark.parametrize("lesson", LESSON_FILES, ids=lambda p: p.name)
def test_every_name_a_lesson_cites_imports(lesson):
    missing = []
    for name in cited_names(lesson):
        try:
            resolve(name)
        except (ImportError, AttributeError) as exc:
            missing.append(f"{name} ({exc})")
    assert not missing, f"{lesson.name} cites names that do not import: {missing}"


@pytest.mark.parametrize("lesson", LESSON_FILES, ids=lambda p: p.name)
def test_every_module_path_a_lesson_cites_exists(lesson):
    text = lesson.read_text(encoding="utf-8")
    missing = [p for p in set(MODULE_PATH.findall(text)) if not (ROOT / p).is_file()]
    assert not missing, f"{lesson.name} cites files that do not exist: {missing}"


def source_files():
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def test_every_lesson_link_in_the_code_points_at_a_heading():
    broken = []
    links = 0
    for source in source_files():
        for lesson, anchor in LESSON_LINK.findall(source.read_text(encoding="utf-8")):
            links += 1
            target = ROOT / lesson
            where = f"{source.relative_to(ROOT)}: {lesson}#{anchor}"
            if not target.is_file():
                broken.append(f"{where} (no such lesson)")
            elif anchor and anchor not in anchors_of(target):
                broken.append(f"{where} (no such heading)")
    assert links > 0, "no 'Lesson:' link found in the code"
    assert not broken, "broken lesson links:\n" + "\n".join(broken)


def test_every_module_is_cited_by_a_lesson():
    lessons_text = "\n".join(p.read_text(encoding="utf-8") for p in LESSON_FILES)
    uncited = []
    for source in source_files():
        if source.name in ("__init__.py", "__main__.py"):
            continue
        path = source.relative_to(ROOT).as_posix()
        module = path[:-3].replace("/", ".")
        if path not in lessons_text and module not in lessons_text:
            uncited.append(path)
    assert not uncited, f"modules no lesson cites: {uncited}"


# ---- equation labels: each sits on the line of code that computes it ---------------------------

LABEL = re.compile(r"\(L\d+\.\d+\)")
LABEL_RANGE = re.compile(r"\(L\d+\.\d+\)\s*[-–]\s*\(L\d+\.\d+\)|\(L\d+\.\d+-\d+\)")
OPERATION = re.compile(r"[=@+\-*/%<>\[]|\w\s*\(")  # an assignment, an operator, an index or a call


def label_sites(path):
    """``{label: [(line, kind), ...]}`` for every equation label in a module, where ``kind`` is
    ``"operation"`` for a comment on a line whose code does something (an operator, an
    assignment, an index or a call), ``"comment"`` for a comment on a line without such code,
    and ``"string"`` for a docstring or other string."""
    tokens = list(tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline))
    code = {}
    for token in tokens:
        if token.type in (tokenize.NAME, tokenize.OP, tokenize.NUMBER):
            code.setdefault(token.start[0], []).append(token.string)
    sites = {}
    for token in tokens:
        if token.type == tokenize.COMMENT:
            line_code = " ".join(code.get(token.start[0], []))
            kind = "operation" if OPERATION.search(line_code) else "comment"
        elif token.type == tokenize.STRING:
            kind = "string"
        else:
            continue
        for label in LABEL.findall(token.string):
            sites.setdefault(label, []).append((token.start[0], kind))
    return sites


def test_label_sites_tells_an_operation_from_a_comment_and_a_docstring(tmp_path):
    module = tmp_path / "m.py"
    module.write_text('"""Docstring (L1.1)."""\n'
                      "# above the line (L1.2)\n"
                      "Z = X @ W  # (L1.2)\n"
                      "pass  # (L1.3)\n")
    assert label_sites(module) == {"(L1.1)": [(1, "string")],
                                   "(L1.2)": [(2, "comment"), (3, "operation")],
                                   "(L1.3)": [(4, "comment")]}


def test_a_label_in_a_comment_sits_on_a_line_that_computes_it():
    """`grep -n "(L4.2)" mlp/` must land on the product, not only on a comment above it."""
    missing = []
    for source in source_files():
        for label, sites in label_sites(source).items():
            comments = [line for line, kind in sites if kind == "comment"]
            if comments and not any(kind == "operation" for _, kind in sites):
                missing.append(f"{source.relative_to(ROOT)}: {label} only on comment lines "
                               f"{comments}")
    assert not missing, "\n".join(missing)


def test_every_label_the_core_cites_is_on_a_line_of_the_core_that_computes_it():
    """A docstring in mlp/ may cite a label computed in another module of mlp/, never one that
    no line of mlp/ computes."""
    sites = {}
    for source in sorted((ROOT / "mlp").rglob("*.py")):
        for label, found in label_sites(source).items():
            sites.setdefault(label, []).extend(kind for _, kind in found)
    assert sites, "no equation label found in mlp/"
    uncomputed = sorted(label for label, kinds in sites.items() if "operation" not in kinds)
    assert not uncomputed, f"labels cited in mlp/ that no line of mlp/ computes: {uncomputed}"


def test_labels_in_the_code_are_listed_one_by_one_never_as_a_range():
    ranges = [f"{source.relative_to(ROOT)}: {match}" for source in source_files()
              for match in LABEL_RANGE.findall(source.read_text(encoding="utf-8"))]
    assert not ranges, f"write several labels as (L1.2), (L1.3): {ranges}"


def test_every_label_in_the_code_is_defined_by_a_lesson():
    defined = set()
    for lesson in NUMBERED_LESSONS:
        defined.update(re.findall(r"\*\*(\(L\d+\.\d+\))\*\*", lesson.read_text(encoding="utf-8")))
    unknown = sorted({f"{source.relative_to(ROOT)}: {label}" for source in source_files()
                      for label in label_sites(source) if label not in defined})
    assert not unknown, f"labels no lesson defines: {unknown}"


LABEL_DEFINITION = re.compile(r"\*\*\(L(\d+)\.(\d+)\)\*\*")  # **(L4.2)** opens an equation
INDEX_ENTRY = re.compile(r"\(L(\d+)\.(\d+)\)(?:–\(L(\d+)\.(\d+)\))?")  # (L4.1)–(L4.5) or (L24.1)


def defined_labels():
    """``{lesson number: sorted equation numbers}`` of the labels each lesson defines in bold."""
    labels = {}
    for path in NUMBERED_LESSONS:
        lesson = int(path.name[:2])
        for owner, number in LABEL_DEFINITION.findall(path.read_text(encoding="utf-8")):
            assert int(owner) == lesson, f"{path.name} defines (L{owner}.{number})"
            labels.setdefault(lesson, set()).add(int(number))
    return {lesson: sorted(numbers) for lesson, numbers in labels.items()}


def indexed_labels(text):
    """``{lesson number: equation numbers}`` as the README's label index states them."""
    index = text[text.index("Labels: (L$a$.$b$)"):]
    index = index[:index.index("\n## ")]
    ranges = {}
    for lesson, first, last_lesson, last in INDEX_ENTRY.findall(index):
        assert last_lesson in ("", lesson), f"(L{lesson}.{first})–(L{last_lesson}.{last})"
        assert int(lesson) not in ranges, f"lesson {lesson} is indexed twice"
        ranges[int(lesson)] = list(range(int(first), int(last or first) + 1))
    return ranges


def test_indexed_labels_reads_ranges_and_single_labels():
    text = "Labels: (L$a$.$b$) ... lesson 01 has (L1.1)–(L1.3), 24 (L24.1).\n## Next"
    assert indexed_labels(text) == {1: [1, 2, 3], 24: [1]}


def test_the_readme_label_index_matches_the_labels_each_lesson_defines():
    defined = defined_labels()
    assert defined, "no lesson defines a **(Ln.m)** label"
    for lesson, numbers in defined.items():
        assert numbers == list(range(1, len(numbers) + 1)), \
            f"lesson {lesson:02d} skips a label number: {numbers}"
    indexed = indexed_labels((LESSONS / "README.md").read_text(encoding="utf-8"))
    wrong = {lesson: (indexed.get(lesson), defined.get(lesson))
             for lesson in sorted(set(defined) | set(indexed))
             if indexed.get(lesson) != defined.get(lesson)}
    assert not wrong, f"lessons/README.md's label index (indexed, defined) disagrees: {wrong}"
