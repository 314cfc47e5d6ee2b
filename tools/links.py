"""Check the links of the built site (_build/html).

    python tools/links.py              # every internal link, image, script and #anchor resolves (offline; used by tests)
    python tools/links.py --external   # also fetch every external link once (weekly workflow; needs the network)

Internal: each relative href/src of every built HTML page must name an existing file, and its #fragment an element
id (or <a name>) in the target page. External links are collected from the same pages and fetched with a GET;
launch links that would start a session (Binder) and pages that need a login are skipped.
"""

from __future__ import annotations

import argparse
import posixpath
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "iframe": "src", "source": "src"}
NOT_CHECKED_SCHEMES = ("mailto:", "javascript:", "data:", "tel:")
# Launch links start a session on the service (Binder builds an image); an issue form needs a login.
EXTERNAL_SKIP = ("https://mybinder.org/", "https://colab.research.google.com/")
EXTERNAL_SKIP_PARTS = ("/issues/new",)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for key in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(key):
                self.anchors.add(attributes[key])
        attribute = LINK_ATTRIBUTES.get(tag)
        if attribute and attributes.get(attribute) is not None:
            if tag == "link" and attributes.get("rel") in ("canonical", "preconnect", "dns-prefetch"):
                return
            self.links.append(attributes[attribute].strip())


@cache
def parse(page: Path) -> _PageParser:
    parser = _PageParser()
    parser.feed(page.read_text(encoding="utf-8", errors="replace"))
    return parser


def is_external(link: str) -> bool:
    return link.startswith(("http://", "https://", "//"))


def resolve(html_dir: Path, page: Path, link: str) -> tuple[Path, str]:
    """The file a relative link of `page` points to, and its fragment ('' if none)."""
    parts = urlsplit(link)
    if not parts.path:
        return page, unquote(parts.fragment)
    base = posixpath.dirname(page.relative_to(html_dir).as_posix())
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    path = html_dir / target
    if link.split("?")[0].split("#")[0].endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, unquote(parts.fragment)


def site_pages(html_dir: Path) -> list[Path]:
    """The HTML pages of the site (not the theme's Jinja macro files that Sphinx copies into _static/)."""
    return sorted(p for p in html_dir.rglob("*.html") if p.relative_to(html_dir).parts[0] not in ("_static", "_sources"))


def internal_problems(html_dir: Path = HTML) -> list[str]:
    """Every broken relative link or anchor in the site, as 'page: link (reason)'."""
    problems = []
    pages = site_pages(html_dir)
    if not pages:
        return [f"{html_dir}: no HTML pages (build the book first)"]
    for page in pages:
        for link in parse(page).links:
            if not link or link == "#" or is_external(link) or link.startswith(NOT_CHECKED_SCHEMES):
                continue
            target, fragment = resolve(html_dir, page, link)
            where = f"{page.relative_to(html_dir)}: {link}"
            if not target.resolve().is_relative_to(html_dir.resolve()):
                problems.append(f"{where} (points outside the site)")
            elif not target.is_file():
                problems.append(f"{where} (no file {target.relative_to(html_dir)})")
            elif fragment and target.suffix == ".html" and fragment not in parse(target).anchors:
                problems.append(f"{where} (no anchor #{fragment} in {target.relative_to(html_dir)})")
    return problems


def external_links(html_dir: Path = HTML) -> dict[str, list[str]]:
    """External URL (without fragment) → pages that link to it."""
    found: dict[str, list[str]] = {}
    for page in site_pages(html_dir):
        for link in parse(page).links:
            if link.startswith("//"):
                link = "https:" + link
            if is_external(link) and not link.startswith(EXTERNAL_SKIP) and not any(p in link for p in EXTERNAL_SKIP_PARTS):
                found.setdefault(link.split("#")[0], []).append(page.relative_to(html_dir).as_posix())
    return found


def fetch_status(url: str, timeout: float = 30.0) -> int | str:
    request = urllib.request.Request(url, headers={"User-Agent": "Mozilla/5.0 (ml-zemi link check)"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        return str(getattr(err, "reason", err))


def external_problems(html_dir: Path = HTML) -> tuple[list[str], list[str]]:
    """(broken links, links the server would not let a script check: 401/403/429)."""
    links = external_links(html_dir)
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = dict(zip(links, pool.map(fetch_status, links), strict=True))
    broken, unverified = [], []
    for url, status in sorted(statuses.items()):
        line = f"{url} ({status}) on {', '.join(sorted(set(links[url]))[:3])}"
        if status in (401, 403, 429):
            unverified.append(line)
        elif not isinstance(status, int) or status >= 400:
            broken.append(line)
    return broken, unverified


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--external", action="store_true", help="also fetch every external link (needs the network)")
    parser.add_argument("--html", type=Path, default=HTML, help="the built site (default: _build/html)")
    args = parser.parse_args(argv)
    problems = internal_problems(args.html)
    for line in problems:
        print(f"broken internal link: {line}")
    print(f"internal links: {len(problems)} broken")
    if args.external:
        broken, unverified = external_problems(args.html)
        for line in unverified:
            print(f"could not verify (the server refuses scripts): {line}")
        for line in broken:
            print(f"broken external link: {line}")
        print(f"external links: {len(external_links(args.html))} checked, {len(broken)} broken, {len(unverified)} unverified")
        problems += broken
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
