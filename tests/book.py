"""Helpers for tests that read the built book: the book machinery (src/mlzemi_book) and two glue checks."""

from __future__ import annotations

import math

from mlzemi_book import benchmark, notebooks, pdf, project  # noqa: F401  (used by the tests as book.pdf, ...)
from mlzemi_book.glue import build_values as glue_values  # noqa: F401
from mlzemi_book.project import (  # noqa: F401
    BUILD,
    BUILD_LOG,
    EXECUTED,
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
