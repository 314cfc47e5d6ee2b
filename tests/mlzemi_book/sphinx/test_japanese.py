"""mlzemi_book.sphinx.japanese: glued negative numbers get a true minus sign, e-notation becomes math, other text
is left alone."""

from __future__ import annotations

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from mlzemi_book.sphinx.japanese import minus_sign_in_glued_numbers


def _document_with(*inlines: tuple[str, list[str]]):
    document = new_document("test", get_default_settings(Parser))
    paragraph = nodes.paragraph()
    for text, classes in inlines:
        paragraph += nodes.inline(text, text, classes=classes)
    document += paragraph
    return document


def test_negative_glued_numbers_get_a_minus_sign_and_nothing_else_changes():
    document = _document_with(("-0.145", ["pasted-text"]), ("+1.5", ["pasted-text"]), ("2.0e-05", ["pasted-text"]),
                              ("-3", ["other"]), ("a-1", ["pasted-text"]))
    minus_sign_in_glued_numbers(None, document)
    texts = [node.astext() for node in document.findall(nodes.inline)]
    assert texts == ["\u22120.145", "+1.5", "-3", "a-1"]
    assert [node.astext() for node in document.findall(nodes.math)] == ["2.0\\times 10^{-5}"]
