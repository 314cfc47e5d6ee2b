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
