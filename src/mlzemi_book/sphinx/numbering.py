"""Figures, tables, code blocks and equations numbered per chapter, as in a printed textbook: 「図 8.3」「式 (8.12)」
in 第8章, 「図 A.2」 in 付録A (Sphinx numbers them continuously across the whole book when the toctree is not
numbered). The PDF edition prints the same numbers (:mod:`.pdf_edition`)."""

from __future__ import annotations

import re

CHAPTER_TITLE = re.compile(r"^(?:第(\d+)章|付録([A-Z]))")


def chapter_prefix(env, docname: str) -> tuple:
    """(8,) for a page titled 「第8章 …」, ("A",) for 「付録A …」, () for other pages."""
    title = env.titles.get(docname)
    match = CHAPTER_TITLE.match(title.astext()) if title is not None else None
    if match is None:
        return ()
    return (int(match.group(1)),) if match.group(1) else (match.group(2),)


def number_per_chapter(app, env) -> list[str]:
    """Renumber figures, tables, code blocks and equations from 1 in every page, prefixed by its chapter number.

    Runs after Sphinx's own numbering (TocTreeCollector, priority 500) on every build, cached or not.
    """
    changed = []
    for docname, by_type in env.toc_fignumbers.items():
        prefix = chapter_prefix(env, docname)
        for figtype, numbers in by_type.items():
            ordered = sorted(numbers, key=lambda node_id: numbers[node_id])
            renumbered = {node_id: (*prefix, index) for index, node_id in enumerate(ordered, start=1)}
            if renumbered != numbers:
                by_type[figtype] = renumbered
                changed.append(docname)
    return sorted(set(changed))


def setup(app):
    app.connect("env-get-updated", number_per_chapter, priority=900)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
