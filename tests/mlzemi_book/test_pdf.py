"""mlzemi_book.pdf: the documents it makes, and its checks of a LaTeX log and of words outside the margins, on
hand-written logs and pdftotext output (the real PDFs: tests/site/test_pdf.py)."""

from __future__ import annotations

import pytest

from mlzemi_book import pdf, project

# an A4 page (595 x 842 pt); the text block is 62.4 pt from the sides and 68.0 pt from the top and bottom
PAGE = '<page width="595.0" height="842.0">'


def word(x_min, y_min, x_max, y_max, text):
    return f'<word xMin="{x_min}" yMin="{y_min}" xMax="{x_max}" yMax="{y_max}">{text}</word>'


def test_the_book_then_one_handout_per_chapter():
    assert pdf.documents() == [pdf.BOOK] + [project.handout_name(md) for md in project.chapters()]
    assert pdf.documents()[1] == "ch00_introduction"


@pytest.mark.parametrize(("line", "problem"), [
    ("! Undefined control sequence.", True),
    ("Missing character: There is no あ in font lmroman10-regular!", True),
    ("LaTeX Warning: Reference `fig-ch01-loss' on page 3 undefined on input line 120.", True),
    ("LaTeX Warning: Citation `bapst2020' on page 12 undefined on input line 7.", True),
    ("LaTeX Warning: There were undefined references.", True),
    ("LaTeX Font Warning: Font shape `TU/HaranoAjiMincho(0)/b/it' undefined", True),
    ("! Emergency stop.", True),
    ("LaTeX Warning: Label `eq-1' multiply defined.", True),
    ("Package xeCJK Error: CJKfamily not defined.", True),
    ("Overfull \\hbox (3.1pt too wide) in paragraph at lines 10--11", False),
    ("LaTeX Font Info:    Font shape `TU/lmtt/bx/n' in size <10> not available", False),
    ("Output written on ml-zemi.pdf (120 pages).", False),
])
def test_log_problems(tmp_path, monkeypatch, line, problem):
    monkeypatch.setattr(pdf, "LATEX", tmp_path)
    (tmp_path / "ch01.log").write_text(f"This is XeTeX\n{line}\nTranscript written\n", encoding="utf-8")
    assert pdf.log_problems("ch01") == ([line] if problem else [])


def test_a_missing_log_is_a_problem(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "LATEX", project.BUILD / "no-such-latex-folder")
    assert pdf.log_problems("ch01") == ["_build/no-such-latex-folder/ch01.log missing: LaTeX did not run"]


def test_words_outside_the_margins(monkeypatch):
    bbox = "\n".join([
        PAGE,
        word(62.4, 100, 300, 110, "inside"),
        word(40.0, 120, 80, 130, "left"),                 # into the left margin
        word(500, 140, 540.0, 150, "right"),              # 595 − 62.4 + 3 = 535.6: too far right
        word(520, 160, 542.0, 170, "です。"),              # a closing 。 may hang into the margin by one character
        word(55.0, 180, 90, 190, "（例"),                  # so may an opening （
        PAGE,
        word(290, 790, 300, 800, "12"),                   # the page number, below the text block
        word(100, 790, 200, 800, "footer"),               # 842 − 68 + 12 = 786: text below the block
        word(100, 780, 200, 785, "descender"),            # within the depth allowed for the last line
    ])
    monkeypatch.setattr(pdf, "text", lambda path, *args: bbox if args == ("-bbox",) else "")
    found = pdf.outside_margins("ignored.pdf")
    assert [line.split(":")[0] + " " + line.split("'")[1] for line in found] == [
        "page 1 left", "page 1 right", "page 2 footer"]
