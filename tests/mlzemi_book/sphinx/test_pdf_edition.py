"""mlzemi_book.sphinx.pdf_edition: what the PDF edition changes in the doctree before LaTeX (no TeX needed).

The PDFs themselves are tests/site/test_pdf.py."""

from __future__ import annotations

from docutils import nodes

from mlzemi_book.sphinx import pdf_edition as mlzemi_pdf


def test_spaces_written_between_japanese_words_are_kept():
    """xeCJK drops a space between two Japanese characters; one written in a title or a link is kept (full width),
    a space next to code or math is left alone."""
    assert mlzemi_pdf.japanese_heading("第1章 線形回帰と勾配降下法") == "第1章\u3000線形回帰と勾配降下法"
    assert mlzemi_pdf.japanese_heading("第I部 ニューラルネットワークの基礎") == "第I部\u3000ニューラルネットワークの基礎"
    assert mlzemi_pdf.japanese_heading("第4章 PyTorch 入門") == "第4章\u3000PyTorch 入門"
    paragraph = nodes.paragraph("", "", nodes.Text("小さな配列 "), nodes.math("", "w"), nodes.Text(" を考えます。解答 "),
                                nodes.inline("", "練習 1"), nodes.Text("と "), nodes.literal("", "x"))
    mlzemi_pdf.keep_japanese_spaces(paragraph)
    assert paragraph.astext() == "小さな配列 w を考えます。解答\u3000練習 1と x"
