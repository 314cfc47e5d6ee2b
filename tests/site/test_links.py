"""Links of the built site: every internal link, image, script and #anchor resolves (offline).
External links are checked by the weekly workflow (`python -m mlzemi_book.links --external`), not here."""

from __future__ import annotations

import re

import book
from mlzemi_book import links


def test_every_internal_link_and_anchor_resolves(book_build):
    pages = links.site_pages(book.HTML)
    assert len(pages) >= len(book.project.toc_pages())
    # the PDF版 links point to _build/html/pdf/, filled by `python -m mlzemi_book.pdf` (checked in tests/site/test_pdf.py)
    problems = [p for p in links.internal_problems(book.HTML) if not re.search(r"\(no file pdf/[^/)]+\.pdf\)$", p)]
    assert not problems, f"{len(problems)} broken internal links:\n" + "\n".join(problems[:50])


def test_every_toc_page_is_in_the_site(book_build):
    for md in book.project.toc_pages():
        assert (book.HTML / (book.docname(md) + ".html")).is_file(), book.docname(md)


def test_the_checker_finds_broken_links(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "img.png").write_bytes(b"png")
    (tmp_path / "index.html").write_text(
        '<h1 id="top">x</h1><a href="sub/page.html#sec">ok</a> <a href="#top">ok</a> <img src="img.png">'
        '<a href="https://example.org/x">external</a> <a href="mailto:a@b">mail</a> <a href="#">menu</a>'
        '<a href="sub/page.html#nowhere">bad anchor</a> <a href="missing.html">bad file</a> <img src="nope.png">'
        '<a href="../outside.html">outside</a> <a href="sub/">dir</a>', encoding="utf-8")
    (tmp_path / "sub" / "page.html").write_text('<section id="sec"></section><a href="../index.html#top">back</a>',
                                                encoding="utf-8")
    problems = links.internal_problems(tmp_path)
    assert len(problems) == 5, problems
    assert any("#nowhere" in p for p in problems) and any("missing.html" in p for p in problems)
    assert any("nope.png" in p for p in problems) and any("outside" in p for p in problems)
    assert any("sub/ (no file sub/index.html)" in p for p in problems)
