"""Check the links of the built site (_build/html).

    python -m mlzemi_book.links              # every internal link, image, script and #anchor resolves (offline; tests)
    python -m mlzemi_book.links --external   # also every external link: Sphinx's linkcheck builder (needs the network)

Internal: each relative href/src of every built HTML page must name an existing file, and its #fragment an element
id (or <a name>) in the target page: also what the theme and the extensions add, which Sphinx's linkcheck does not see.
External: ``jupyter-book build . --builder linkcheck`` (report in _build/linkcheck/output.txt); the links it does not
fetch (launch buttons that would start a session, pages that need a login) are ``linkcheck_ignore`` in _config.yml.
"""

from __future__ import annotations

import argparse
import posixpath
import subprocess
import sys
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .project import BUILD, HTML, ROOT

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "iframe": "src", "source": "src"}
NOT_CHECKED_SCHEMES = ("mailto:", "javascript:", "data:", "tel:")


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


def external_problems() -> int:
    """Fetch every external link of the book with Sphinx's linkcheck builder; its exit status (0: none broken)."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book), "build", str(ROOT), "--builder", "linkcheck"]
    status = subprocess.run(command, cwd=ROOT).returncode
    print(f"external links: see {(BUILD / 'linkcheck' / 'output.txt').relative_to(ROOT)}")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--external", action="store_true", help="also check every external link (needs the network)")
    parser.add_argument("--html", type=Path, default=HTML, help="the built site (default: _build/html)")
    args = parser.parse_args(argv)
    problems = internal_problems(args.html)
    for line in problems:
        print(f"broken internal link: {line}")
    print(f"internal links: {len(problems)} broken")
    if args.external:
        return external_problems() or (1 if problems else 0)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
