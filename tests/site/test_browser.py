"""The built site in a real browser, as a reader meets it.

The site (_build/html) is served on 127.0.0.1 and opened in headless Chromium driven by Playwright (the system's
browser, `.ci/install-system.sh`; no `playwright install`). Requests to other hosts are blocked, as they are in this
offline sandbox; only the CDN scripts the site loads are affected, and MathJax, the one that matters for reading, is
served from `tests/site/browser/node_modules` (`npm ci --prefix tests/site/browser`) in place of the CDN.

Checked on every page of the table of contents: it renders with its title, no JavaScript error or failed request
(other than blocked CDN assets), every image loads, every equation is typeset without a TeX error. On every chapter:
the Colab and Binder buttons open the right URLs, the .ipynb and .md downloads work, and the PDF button prints.
Once for the site: Japanese and English search words find the chapter they come from, and dark mode toggles.
Screenshots go to _build/screenshots/.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import book
from mlzemi_book.sphinx.search_ja import SearchJapaneseSegmentedQuery

pytestmark = pytest.mark.browser

SCREENSHOTS = book.BUILD / "screenshots"
MATHJAX_DIR = book.ROOT / "tests" / "site" / "browser" / "node_modules" / "mathjax" / "es5"
MATHJAX_CDN = "https://cdn.jsdelivr.net/npm/mathjax@3/es5/"
# The flags that keep Chromium quiet on a machine without network (see the machine notes); --no-sandbox for root.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PREFERRED_SEARCH_WORDS = [("誤差逆伝播法", "backpropagation")]


def chromium_executable() -> str | None:
    candidates = [os.environ.get("MLZEMI_CHROMIUM"), "/usr/bin/chromium",
                  *(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome"))]
    return next((c for c in candidates if c and Path(c).exists()), None)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(book_build):
    """Base URL of the built site, served on localhost for the duration of the module."""
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)  # only this run's pictures
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=book.HTML))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    executable = chromium_executable()
    if executable is None:
        pytest.fail("Chromium is not installed: run `make setup` (or set MLZEMI_CHROMIUM)", pytrace=False)
    if not MATHJAX_DIR.is_dir():
        pytest.fail("MathJax for the offline browser tests is not installed: run `make setup`", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """One page opened in a fresh browser context, with everything that went wrong recorded."""

    def __init__(self, browser, base: str, color_scheme: str = "light"):
        self.base = base
        self.blocked: list[str] = []      # requests to other hosts (blocked: the sandbox is offline)
        self.errors: list[str] = []       # JavaScript errors and failed local requests
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=color_scheme,
                                           locale="ja-JP")
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        self.page.on("console", self._console)
        self.page.on("response", self._response)
        self.page.on("requestfailed", self._failed)

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base):
            route.continue_()
        elif url.startswith(MATHJAX_CDN):
            local = MATHJAX_DIR / urlsplit(url).path.removeprefix(urlsplit(MATHJAX_CDN).path)
            if local.is_file():
                route.fulfill(path=local)
            else:
                route.fulfill(status=404)
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")

    def _console(self, message):
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if "ERR_BLOCKED_BY_CLIENT" in message.text and not url.startswith(self.base):
            return  # a CDN asset the offline sandbox blocked
        self.errors.append(f"console: {message.text} ({url})")

    def _response(self, response):
        if response.url.startswith(self.base) and response.status >= 400:
            self.errors.append(f"HTTP {response.status}: {response.url}")

    def _failed(self, request):
        # ERR_ABORTED: the browser cancelled the request itself because the test navigated on (reload, next page)
        if request.url.startswith(self.base) and "ERR_ABORTED" not in (request.failure or ""):
            self.errors.append(f"request failed: {request.url} ({request.failure})")

    def open(self, path: str):
        self.page.goto(self.base + path, wait_until="load")
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, site):
    visits = []

    def open_visit(color_scheme: str = "light") -> Visit:
        visits.append(Visit(browser, site, color_scheme))
        return visits[-1]

    yield open_visit
    for v in visits:
        v.close()


def md_title(md: Path) -> str:
    return next(line[2:].strip() for line in md.read_text(encoding="utf-8").splitlines() if line.startswith("# "))


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path)
    return path


def wait_for_images_and_math(page) -> None:
    page.evaluate("""() => Promise.all([...document.images].map(img => img.complete ? null :
        new Promise(done => { img.addEventListener('load', done); img.addEventListener('error', done); })))""")
    if page.evaluate("() => document.querySelectorAll('.math').length > 0"):
        page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=30_000)
        page.evaluate("() => MathJax.startup.promise")


TOC_PAGES = book.project.toc_pages()


@pytest.mark.parametrize("md", TOC_PAGES, ids=book.docname)
def test_page_renders_without_errors(visit, md):
    v = visit()
    page = v.open(book.docname(md) + ".html")
    wait_for_images_and_math(page)
    title = md_title(md)
    assert page.title().startswith(title), f"<title> {page.title()!r} does not start with {title!r}"
    heading = page.locator("article.bd-article h1").first.inner_text()
    assert heading.replace("#", "").strip() == title
    broken_images = page.evaluate("""() => [...document.images]
        .filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.getAttribute('src'))""")
    assert not broken_images, f"images that did not load: {broken_images}"
    figures = md.read_text(encoding="utf-8").count("\n  figure:\n")
    assert page.locator("article.bd-article figure img").count() >= figures, "a figure cell drew no image"
    math = page.evaluate("""() => ({
        blocks: document.querySelectorAll('article .math').length,
        typeset: document.querySelectorAll('article mjx-container').length,
        errors: [...document.querySelectorAll('article mjx-merror')].map(e => e.getAttribute('data-mjx-error')),
        undefined: [...document.querySelectorAll('article mjx-mtext')].filter(e => e.style.color === 'red')
            .map(e => e.closest('mjx-container').getAttribute('aria-label') || e.textContent)})""")
    assert not math["errors"], f"TeX errors on the page: {math['errors']}"
    # MathJax draws an undefined control sequence (a macro missing from mathjax3_config) as red text
    assert not math["undefined"], f"undefined TeX macros on the page: {math['undefined']}"
    assert math["typeset"] >= math["blocks"], f"equations left untypeset: {math}"
    assert not v.errors, "\n".join(v.errors)


def expected_launch_urls(md: Path) -> dict[str, str]:
    repo, branch = book.project.repository()
    notebook = book.docname(md) + ".ipynb"
    return {
        "Colab": f"https://colab.research.google.com/github/{repo}/blob/{branch}/{notebook}",
        "Binder": f"https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/{notebook}",
    }


@pytest.mark.parametrize("md", book.chapters(), ids=book.docname)
def test_chapter_buttons(visit, md):
    """Launch buttons open Colab / Binder on the chapter's notebook; .ipynb, .md and PDF downloads work."""
    v = visit()
    page = v.open(book.docname(md) + ".html")
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    page.reload(wait_until="load")
    title = md_title(md)

    for service, url in expected_launch_urls(md).items():
        page.click(".dropdown-launch-buttons > button")
        link = page.locator(".dropdown-launch-buttons a", has_text=service)
        assert link.is_visible(), f"no {service} button"
        assert link.get_attribute("href") == url
        with v.context.expect_page() as popup:
            link.click()
        popup.value.close()
        assert url in v.blocked, f"clicking {service} did not go to {url}"

    page.click(".dropdown-download-buttons > button")
    notebook_link = page.locator(".dropdown-download-buttons a.btn-download-notebook-button")
    source_link = page.locator(".dropdown-download-buttons a.btn-download-source-button")
    assert notebook_link.is_visible() and source_link.is_visible()
    notebook = page.request.get(page.url.rsplit("/", 1)[0] + "/" + notebook_link.get_attribute("href"))
    assert notebook.ok, notebook.status
    downloaded = json.loads(notebook.body())
    assert downloaded["nbformat"] == 4 and downloaded["metadata"]["kernelspec"]["name"] == "python3"
    cells = downloaded["cells"]
    assert any(title in "".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert any(c["cell_type"] == "code" for c in cells)
    source = page.request.get(page.url.rsplit("/", 1)[0] + "/" + source_link.get_attribute("href"))
    assert source.ok and f"# {title}" in source.text()

    page.click(".dropdown-download-buttons .btn-download-pdf-button")
    assert page.evaluate("window.__printed") == 1, "the PDF button did not open the print dialog"
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    assert not v.errors, "\n".join(v.errors)


def prose(md: Path) -> str:
    """The Markdown prose of a page, without code cells, math, roles and links."""
    text = re.sub(r"```\{code-cell\}.*?\n```", "", md.read_text(encoding="utf-8"), flags=re.DOTALL)
    text = re.sub(r"^---\n.*?\n---\n", "", text, flags=re.DOTALL)
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]*\$|```\{math\}.*?```", " ", text, flags=re.DOTALL)
    text = re.sub(r"\{[a-z:-]+\}`([^`<]*)(<[^>]*>)?`", r"\1", text)  # {term}`ガラス転移` → ガラス転移
    text = re.sub(r"`[^`]*`|\]\([^)]*\)|https?://\S+|^[:`(].*$", " ", text, flags=re.MULTILINE)
    return text


def glossary_terms() -> list[tuple[str, str]]:
    """(Japanese term, English term) of every glossary entry (its definition starts with the English term)."""
    return [(term, definition.split("。")[0]) for term, definition in book.glossary_entries()]


def search_words() -> list[tuple[str, list[str]]]:
    """(query, chapters using it) pairs: a Japanese and an English word, each taken from the prose of the chapters.

    誤差逆伝播法 / backpropagation once a chapter uses them; otherwise the
    glossary term that the fewest chapters use, and for English a glossary term or, failing that, a capitalised word
    of Latin letters from the prose.
    """
    texts = {book.docname(md): prose(md) for md in book.chapters()}

    def uses(word: str, text: str) -> bool:
        return (re.search(rf"\b{re.escape(word)}\b", text) is not None) if word.isascii() else word in text

    def chapters_using(word: str) -> list[str]:
        return [doc for doc, text in texts.items() if uses(word, text)]

    def pick(preferred: list[str], others: list[str]) -> tuple[str, list[str]] | None:
        for word in preferred:
            if chapters_using(word):
                return word, chapters_using(word)
        counts = [(len(chapters_using(w)), i, w) for i, w in enumerate(others) if chapters_using(w)]
        return (min(counts)[2], chapters_using(min(counts)[2])) if counts else None

    terms = sorted(glossary_terms(), key=lambda t: -len(t[0]))
    japanese = pick([ja for ja, _ in PREFERRED_SEARCH_WORDS], [ja for ja, _ in terms])
    english_terms = [en for _, en in terms if re.fullmatch(r"[A-Za-z][A-Za-z -]{3,}", en)]
    english = pick([en for _, en in PREFERRED_SEARCH_WORDS], english_terms)
    if english is None:
        english = pick([], sorted({w for t in texts.values() for w in re.findall(r"\b[A-Z][a-z]{4,}\b", t)}))
    return [pair for pair in (japanese, english) if pair]


def run_search(page, query: str) -> list[str]:
    """Type `query` into the search box of the page and return the result links once the search has finished."""
    page.locator(".search-button-field").first.click()
    field = page.locator("input[name=q]:visible").first
    field.fill(query)
    field.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    # finished: the results heading exists and the progress "pulse" has stopped (Sphinx's searchtools.js)
    page.wait_for_function("() => document.querySelector('#search-results h2') && Search._pulse_status < 0",
                           timeout=30_000)
    return page.locator("#search-results ul.search li a").evaluate_all("links => links.map(a => a.href)")


def test_search_finds_chapters_by_japanese_and_english_words(visit):
    words = search_words()
    assert len(words) == 2, f"no search words found: {words}"
    v = visit()
    for query, docnames in words:
        page = v.open("book/index.html")
        found = {h.split("#")[0].split("?")[0] for h in run_search(page, query)}
        assert any(url.endswith(doc + ".html") for url in found for doc in docnames), (
            f"searching {query!r} found none of the chapters that use it {docnames}: {sorted(found)}")
        screenshot(page, "search-" + ("japanese" if re.search(r"[^\x00-\x7f]", query) else "english"))
    assert not v.errors, "\n".join(v.errors)


def test_search_splits_a_japanese_query_as_the_index_was_split(visit):
    """The browser splits a query into the words Sphinx indexed (mlzemi_book.sphinx.search_ja), so compounds are found."""
    index_splitter = SearchJapaneseSegmentedQuery({})
    samples = [line.strip() for md in book.chapters() for line in prose(md).splitlines()
               if re.search(r"[ぁ-んァ-ヴ一-龠]", line)][:300] + ["誤差逆伝播法", "ガラス転移", "（broadcasting）"]
    page = visit().open("search.html")
    in_browser = page.evaluate("lines => lines.map(line => splitQuery(line))", samples)
    for line, words in zip(samples, in_browser, strict=True):
        assert words == [w for part in line.split() for w in index_splitter.split(part) if len(w) > 1], line
    assert page.evaluate("splitQuery('誤差逆伝播法')") == ["誤差", "逆伝", "播法"]


def test_dark_mode_toggles(visit):
    md = book.chapters()[0]
    v = visit("light")
    page = v.open(book.docname(md) + ".html")
    wait_for_images_and_math(page)
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    screenshot(page, "chapter-light")
    for _ in range(3):
        page.click(".article-header-buttons .theme-switch-button")
        if page.evaluate("document.documentElement.dataset.theme") == "dark":
            break
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert dark != light
    red, green, blue = map(int, re.findall(r"\d+", dark)[:3])
    assert red + green + blue < 3 * 80, f"dark background expected, got {dark}"
    screenshot(page, "chapter-dark")
    page.reload(wait_until="load")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark", "the choice should survive a reload"
    assert not v.errors, "\n".join(v.errors)


def test_screenshots_of_a_few_pages(visit):
    """Pictures of the front page, the first and last chapter and two appendix pages (_build/screenshots/)."""
    numbered = [md for md in book.chapters() if md.parent.name != "appendix"]
    pages = {"home": "book/index", "first-chapter": book.docname(numbered[0]), "last-chapter": book.docname(numbered[-1])}
    for name in ("math_basics", "results"):
        if (book.ROOT / "book" / "appendix" / f"{name}.md").exists():
            pages[f"appendix-{name}"] = f"book/appendix/{name}"
    v = visit()
    for name, docname in pages.items():
        page = v.open(docname + ".html")
        wait_for_images_and_math(page)
        assert screenshot(page, name).stat().st_size > 10_000
    assert not v.errors, "\n".join(v.errors)
