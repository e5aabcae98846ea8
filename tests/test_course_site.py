"""The course website (issue 21), built and then read in a real browser, headless Chromium.

The site is built once into a temporary folder (``baselines.course.site.build``, strict) and
served on 127.0.0.1 by a thread of this test. Lessons 04, 13 and 26 are opened; each must have
its math typeset by MathJax (no ``$$`` or ``\\frac`` left as text), every image loaded, every
equation-label link resolving to a line of code that carries the label, and no request that
leaves 127.0.0.1. The search box must find a lesson. A screenshot of lesson 04 is saved in the
test's temporary folder (``lesson04.png``).

Skipped, with the reason, where the site's packages, selenium, Chromium or its driver are
missing (``.ci/run`` installs Debian's ``chromium`` and ``chromium-driver`` when run as root).
"""

import json
import shutil
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("mkdocs", reason="the site extra is not installed: pip install -e '.[site]'")
pytest.importorskip("material", reason="mkdocs-material is not installed: pip install -e '.[site]'")
pytest.importorskip("mathjax", reason="django-static-mathjax is not installed: pip install -e '.[site]'")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")

from baselines.cli.course import serve  # noqa: E402
from baselines.course.site import LESSONS, build, reading_order  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
LESSON_PAGES = ["04_backpropagation", "13_mel", "26_reading_the_results"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("course") / "site"
    report = build(out)
    server = serve(out, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", report
    server.shutdown()
    server.server_close()


def test_the_build_is_whole_fast_and_checked(site):
    _, report = site
    assert report.seconds < 60, f"the build took {report.seconds:.1f} s"
    lessons = [name for _, part in reading_order((LESSONS / "README.md").read_text()) for _, name in part]
    assert sorted(lessons) == sorted(p.name for p in LESSONS.glob("[0-9][0-9]_*.md"))
    for name in lessons:
        assert (report.out / name[:-3] / "index.html").is_file(), name
        notebook = json.loads((report.out / "notebooks" / f"{name[:-3]}.ipynb").read_text())
        markdown = "".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown")
        assert "```math" not in markdown and "$`" not in markdown, name
    built = [p for p in report.out.rglob("index.html") if "search" not in p.parts]
    assert report.pages == len(built) > len(lessons)
    assert report.label_links > 0 and report.label_links_checked == report.label_links
    assert report.module_links > 0 and report.module_links_checked == report.module_links
    index = json.loads((report.out / "search" / "search_index.json").read_text())
    assert any(doc["location"].startswith("04_backpropagation/") for doc in index["docs"])
    assert (report.out / "mathjax" / "tex-chtml.js").is_file()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM:
        pytest.skip("no Chromium browser installed (Debian: apt-get install chromium "
                    "chromium-driver; .ci/run does so when run as root)")
    if not DRIVER:
        pytest.skip("no chromedriver installed (Debian: apt-get install chromium-driver)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={profile}", "--window-size=1280,1400"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    yield driver
    driver.quit()


# Schemes that never reach a network: inline data, and the browser's own pages (its new-tab page
# loads chrome:// resources of its own at start-up, whatever page the test opens).
LOCAL_SCHEMES = ("data", "blob", "about", "chrome")


def left_the_machine(urls):
    """The URLs whose request went anywhere but 127.0.0.1."""
    return [u for u in urls if urlsplit(u).scheme not in LOCAL_SCHEMES
            and urlsplit(u).hostname != "127.0.0.1"]


def requested_urls(driver):
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def wait_for(driver, script, seconds=20):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for: {script}")


# For every distinct equation-label link of the page: fetch its target as the browser resolves
# it, find the anchor, and say whether the target shows the label (the line of code on a source
# page; on the label index, the entry and the code lines its own links reach).
CHECK_LABEL_LINKS = """
const done = arguments[arguments.length - 1];
const links = [...document.querySelectorAll("article a.course-label")];
const byHref = new Map(links.map(a => [a.href, a.textContent]));
const pages = new Map();
const page = url => {
  if (!pages.has(url)) pages.set(url, fetch(url).then(r => r.ok ? r.text() : null)
    .then(t => t && new DOMParser().parseFromString(t, "text/html")));
  return pages.get(url);
};
const lineText = (doc, id) => {
  const start = doc.getElementById(id);
  if (!start) return null;
  let text = "", node = start.nextSibling;
  while (node && !(node.nodeType === 1 && node.id && node.id.startsWith("L-"))) {
    text += node.textContent; node = node.nextSibling;
  }
  return text;
};
(async () => {
  const results = [];
  for (const [href, label] of byHref) {
    const [url, anchor] = href.split("#");
    const doc = await page(url);
    let ok = false, where = url;
    if (doc && anchor && anchor.startsWith("L-")) {
      const text = lineText(doc, anchor);
      ok = text !== null && text.includes(label);
      where = `${url}#${anchor}: ${text}`;
    } else if (doc && anchor) {
      const entry = doc.getElementById(anchor);
      if (entry) {
        const lines = [];
        let node = entry.parentElement.nextElementSibling;
        while (node && !node.querySelector("span[id]")) {
          for (const a of node.querySelectorAll("a[href*='#L-']")) lines.push(a.href);
          node = node.nextElementSibling;
        }
        ok = entry.parentElement.textContent.includes(label);
        for (const line of lines) {
          const [lineUrl, lineAnchor] = line.split("#");
          const text = lineText(await page(lineUrl), lineAnchor);
          ok = ok && text !== null && text.includes(label);
        }
        where = `${href} with ${lines.length} code lines`;
      }
    }
    results.push({href, label, ok, where});
  }
  done({links: links.length, results});
})();
"""


def test_lessons_in_chromium(site, browser, tmp_path_factory):
    url, _ = site
    shots = tmp_path_factory.mktemp("screenshots")
    total_links = 0
    for name in LESSON_PAGES:
        browser.get_log("performance")  # forget the requests of the page before
        browser.get(f"{url}{name}/")
        wait_for(browser, "return window.MathJax && MathJax.startup && MathJax.startup.promise "
                          "&& document.querySelector('article mjx-container') !== null")
        browser.execute_async_script("MathJax.startup.promise.then(arguments[0])")
        text = browser.execute_script("return document.querySelector('article').innerText")
        assert "$$" not in text and "\\frac" not in text and "\\(" not in text, name
        spans = browser.execute_script("return document.querySelectorAll('article .arithmatex').length")
        typeset = browser.execute_script(
            "return document.querySelectorAll('article .arithmatex mjx-container').length")
        assert spans > 0 and typeset == spans, (name, spans, typeset)

        wait_for(browser, "return [...document.images].every(i => i.complete)")
        images = browser.execute_script(
            "return [...document.querySelectorAll('article img')].map(i => [i.src, i.naturalWidth])")
        assert images, f"{name}: no figure"
        assert all(width > 0 for _, width in images), images

        checked = browser.execute_async_script(CHECK_LABEL_LINKS)
        assert checked["links"] > 0, f"{name}: no equation-label link"
        bad = [r for r in checked["results"] if not r["ok"]]
        assert not bad, bad
        total_links += checked["links"]

        answers = browser.execute_script(
            "return document.querySelectorAll('section.course-exercises details').length")
        assert answers > 0, f"{name}: no collapsible answer in the exercises"
        if name == "04_backpropagation":
            assert "audio-mlp exercises check 04" in browser.execute_script(
                "return document.querySelector('section.course-exercises').innerText")
            notebook = browser.execute_script(
                "return document.querySelector('a[href$=\"04_backpropagation.ipynb\"]').href")
            assert notebook.startswith(url)
            browser.save_screenshot(str(shots / "lesson04.png"))

        urls = requested_urls(browser)
        assert any(u.endswith("tex-chtml.js") for u in urls), "MathJax was not requested"
        outside = left_the_machine(urls)
        assert not outside, f"{name}: requests that left 127.0.0.1: {outside}"
    assert (shots / "lesson04.png").stat().st_size > 10_000
    print(f"\nequation-label links checked in the browser: {total_links}; "
          f"screenshot: {shots / 'lesson04.png'}")


def test_search_finds_a_lesson(site, browser):
    url, _ = site
    browser.get_log("performance")
    browser.get(url)
    browser.execute_script("document.querySelector('label[for=\"__search\"]').click()")
    box = browser.find_element("css selector", "input.md-search__input")
    box.send_keys("backpropagation")
    wait_for(browser, "return document.querySelectorAll('.md-search-result__item').length > 0")
    found = browser.execute_script(
        "return [...document.querySelectorAll('.md-search-result__item a')].map(a => a.href)")
    assert any("04_backpropagation" in href for href in found), found
    outside = left_the_machine(requested_urls(browser))
    assert not outside, outside
