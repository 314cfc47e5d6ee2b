"""Helpers for tests that read the book: the book machinery (src/mlzemi_book), two glue checks, the glossary and
the prose of a chapter's source (tests/book/test_terms.py, test_prose_numbers.py)."""

from __future__ import annotations

import math
import re

from mlzemi_book import benchmark, notebooks, pdf, project  # noqa: F401  (used by the tests as book.pdf, ...)
from mlzemi_book.glue import build_values as glue_values  # noqa: F401
from mlzemi_book.project import (  # noqa: F401
    BUILD,
    BUILD_LOG,
    HTML,
    ROOT,
    chapters,
    docname,
    title,
)


def exec_times() -> dict[str, float]:
    """Execution time (s) of each chapter in the last build (its jupyter-cache record), by docname."""
    return benchmark.exec_times()


def glued_float(glue: dict, name: str) -> float:
    """The glued value `name`; fails unless the chapter glued a plain, finite Python float (not an int or a numpy scalar)."""
    assert name in glue, f"{name} was not glued"
    value = glue[name]
    assert isinstance(value, float), f"{name}: glue a Python float, got {value!r}"
    assert math.isfinite(value), name
    return value


def glued_number(glue: dict, name: str) -> float:
    """The glued value `name` as a float; fails if it was not glued or is not a plain finite number."""
    assert name in glue, f"{name} was not glued"
    value = glue[name]
    assert isinstance(value, (int, float)) and not isinstance(value, bool), f"{name}: glue a Python number, got {value!r}"
    assert math.isfinite(value), name
    return float(value)


def glossary_entries() -> list[tuple[str, str]]:
    """(term, definition) of every entry of the glossary (book/appendix/glossary/*.md)."""
    entries = []
    for fragment in sorted((ROOT / "book" / "appendix" / "glossary").glob("*.md")):
        lines = fragment.read_text(encoding="utf-8").splitlines()
        for term, definition in zip(lines, lines[1:], strict=False):
            if term and not term.startswith((" ", "`", ":")) and definition.startswith("  "):
                entries.append((term.strip(), definition.strip()))
    return entries


CODE_OPEN = re.compile(r"^`{3,}\s*(\{code-cell\}|(python|bash|text|console|ipython3?)\b)")
CAPTION = re.compile(r"^\s*caption:\s*(.*)$")
INLINE_CODE = re.compile(r"`[^`]*`")
QUOTATION = re.compile(r"『[^』]*』")  # a quoted title or passage; 「…」 is ordinary emphasis in this book


def prose(text: str) -> list[tuple[int, str]]:
    """(line number, text) of the prose a reader sees: Markdown outside code cells and code blocks, plus figure
    captions (they sit in the YAML header of a code cell). Inline code, 『quotations』 and block quotes are removed."""
    lines, in_code, header_rules = [], False, 0  # header_rules: the '---' lines of a code cell's header still to come
    all_lines = text.splitlines()
    front_matter_end = all_lines.index("---", 1) + 1 if all_lines and all_lines[0] == "---" else 0
    for number, line in enumerate(all_lines, start=1):
        if number <= front_matter_end:
            continue
        if not in_code:
            if CODE_OPEN.match(line):
                in_code = True
                header_rules = 2 if number < len(all_lines) and all_lines[number].strip() == "---" else 0
            elif not line.startswith(">"):
                lines.append((number, QUOTATION.sub("", INLINE_CODE.sub("", line))))
            continue
        if header_rules:
            caption = CAPTION.match(line)
            if caption:
                lines.append((number, caption.group(1)))
            header_rules -= line.strip() == "---"
            continue
        if line.strip().startswith("```") and line.strip().strip("`") == "":
            in_code = False
    return lines
