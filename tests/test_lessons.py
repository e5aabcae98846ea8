"""The lessons and the code point at each other, and the lessons' code really runs.

* Sybil (configured in the top-level conftest.py) turns every snippet of ``lessons/*.md`` into a
  test; here we make sure it collected some, because a misconfigured path collects nothing, silently.
* Every ``mlp.…``, ``features.…`` or ``baselines.…`` name a lesson cites in backticks imports.
* Every ``Lesson: lessons/<file>.md#<anchor>`` in the code names an existing file and heading.
* Every module of the three packages is cited by at least one lesson.
"""

import importlib
import re
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
