"""mlzemi_book.sphinx.numbering: figures, tables and equations numbered from 1 in each chapter, with its number."""

from __future__ import annotations

from types import SimpleNamespace

from docutils import nodes

from mlzemi_book.sphinx import numbering


def environment():
    """Sphinx's numbering of three pages (continuous across the book, as without a numbered toctree)."""
    titles = {"ch08": nodes.title("", "第8章 イジング模型と CNN"), "appendix": nodes.title("", "付録A 数学の基礎"),
              "intro": nodes.title("", "はじめに")}
    fignumbers = {
        "ch08": {"figure": {"fig-b": (5,), "fig-a": (4,), "fig-c": (6,)}, "table": {"tab-a": (2,)}},
        "appendix": {"figure": {"fig-x": (7,)}},
        "intro": {"figure": {"fig-i": (1,)}},
    }
    return SimpleNamespace(titles=titles, toc_fignumbers=fignumbers)


def test_chapter_prefix_from_the_title():
    env = environment()
    assert numbering.chapter_prefix(env, "ch08") == (8,)
    assert numbering.chapter_prefix(env, "appendix") == ("A",)
    assert numbering.chapter_prefix(env, "intro") == ()
    assert numbering.chapter_prefix(env, "not_a_page") == ()


def test_numbers_restart_in_every_chapter_in_their_order():
    env = environment()
    changed = numbering.number_per_chapter(None, env)
    assert env.toc_fignumbers["ch08"] == {"figure": {"fig-a": (8, 1), "fig-b": (8, 2), "fig-c": (8, 3)},
                                          "table": {"tab-a": (8, 1)}}
    assert env.toc_fignumbers["appendix"] == {"figure": {"fig-x": ("A", 1)}}
    assert env.toc_fignumbers["intro"] == {"figure": {"fig-i": (1,)}}     # already numbered from 1
    assert changed == ["appendix", "ch08"]
    assert numbering.number_per_chapter(None, env) == []                   # a second pass changes nothing
