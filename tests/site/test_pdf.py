"""The printed edition: the whole book and one handout per chapter, typeset in Japanese (mlzemi_book.pdf)."""

from __future__ import annotations

import re
import unicodedata

import pytest
import yaml

import book

pytestmark = pytest.mark.pdf

pdf = book.pdf
DOCUMENTS = pdf.documents()  # "ml-zemi" (the book), then one handout per chapter
CHAPTERS = book.chapters()


def flat(text: str) -> str:
    """Text without any white space (pdftotext breaks lines and spaces CJK/Latin runs its own way)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace())


@pytest.mark.parametrize("name", DOCUMENTS)
def test_latex_log_is_clean(pdf_build, name):
    """No LaTeX error, no missing glyph, no undefined reference or citation, no missing font shape."""
    assert (pdf_build / f"{name}.pdf").exists()
    problems = pdf.log_problems(name)
    assert not problems, "\n".join(problems[:30])


@pytest.mark.parametrize("name", DOCUMENTS)
def test_nothing_runs_off_the_page(pdf_build, name):
    """Prose, code and outputs stay inside the text block (long lines wrap)."""
    outside = pdf.outside_margins(pdf_build / f"{name}.pdf")
    assert not outside, "\n".join(outside[:30])


@pytest.mark.parametrize("name", DOCUMENTS)
def test_japanese_fonts_are_embedded(pdf_build, name):
    fonts = pdf.fonts(pdf_build / f"{name}.pdf")
    assert all(embedded for _, embedded in fonts), [font for font, embedded in fonts if not embedded]
    names = [font for font, _ in fonts]
    assert any("NotoSerifCJKjp" in font for font in names), names  # body text
    assert any("NotoSansCJKjp-Bold" in font for font in names), names  # headings


def test_book_has_every_chapter_once_without_added_numbers(pdf_build):
    text = pdf.text(pdf_build / f"{pdf.BOOK}.pdf")
    flat_text = flat(text)
    for md in CHAPTERS:
        title = flat(book.title(md))
        assert title in flat_text, f"{title} not in the book"
    # the table of contents, the chapter headings, the running heads: never a second "第N章" (line by line, in
    # layout mode: the plain mode may read a heading and the next paragraph's first words as one line)
    layout = pdf.text(pdf_build / f"{pdf.BOOK}.pdf", "-layout")
    doubled = [line.strip() for line in layout.splitlines() if re.search(r"第\s*\d+\s*章\s*第\s*\d+\s*章", line)]
    assert not doubled, doubled[:5]
    for english in (r"\bChapter\s+\d", r"\bPart\s+[IVX\d]", r"\bContents\b", r"\bFig\.\s*\d", r"\bTable\s+\d",
                    r"\bBibliography\b", r"第\s*(ONE|TWO|THREE)\s*章"):
        assert not re.search(english, text), f"LaTeX's English label {english!r} in the book"
    assert "目次" in text


@pytest.mark.parametrize("md", CHAPTERS, ids=book.docname)
def test_handout_per_chapter(pdf_build, md):
    handout = pdf_build / f"{pdf.handout_name(md)}.pdf"
    assert handout.exists()
    assert pdf.pages(handout) > 1
    text = flat(pdf.text(handout))
    assert flat(book.title(md)) in text
    if "{footcite" in md.read_text(encoding="utf-8"):  # its references, listed and cited as [n]
        assert "参考文献[1]" in text and "[1]" in text.split("参考文献[1]")[0]


#: what an environment prints into a notebook's output when it is not set up for the build
NOISE = ("TqdmWarning", "IProgress not found", "ipywidgets", "UserWarning", "DeprecationWarning",
         "FutureWarning", "RuntimeWarning", "missing from font", "Traceback")


def test_no_environment_noise_in_print(pdf_build):
    text = pdf.text(pdf_build / f"{pdf.BOOK}.pdf")
    assert not [noise for noise in NOISE if noise in text]


def test_site_links_to_the_pdfs(book_build, pdf_build):
    """The front page and every chapter link to the published PDFs (_build/html/pdf/)."""
    assert pdf.publish() == 0
    root = yaml.safe_load((book.ROOT / "_toc.yml").read_text(encoding="utf-8"))["root"]
    front_page = book.HTML / f"{root}.html"
    pages = {front_page: {f"{pdf.BOOK}.pdf"}}
    pages.update({book.HTML / (book.docname(md) + ".html"): {f"{pdf.handout_name(md)}.pdf", f"{pdf.BOOK}.pdf"}
                  for md in CHAPTERS})
    for page, expected in pages.items():
        links = set(re.findall(r'href="([^"]+\.pdf)"', page.read_text(encoding="utf-8")))
        assert expected <= {link.rsplit("/", 1)[-1] for link in links}, f"{page.name}: {links}"
        for link in links:
            assert (page.parent / link).resolve().exists(), f"{page.relative_to(book.HTML)}: {link} does not exist"
