"""mlzemi_book.project: the chapter list, front matter and names, read from _toc.yml and the chapters."""

from __future__ import annotations

import pytest

from mlzemi_book import project

HEADER = "---\njupytext:\n  text_representation: {extension: .md, format_name: myst}\n"


def test_chapters_are_the_notebooks_of_the_toc_in_order(tmp_path):
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\nparts:\n  - caption: 第I部\n    chapters:\n"
                                       "      - file: part1/ch02_b\n      - file: part1/page\n      - file: part1/ch01_a\n",
                                       encoding="utf-8")
    (tmp_path / "part1").mkdir()
    (tmp_path / "index.md").write_text("# 本\n", encoding="utf-8")
    (tmp_path / "part1" / "page.md").write_text("# ただのページ\n", encoding="utf-8")
    for name, budget in (("ch01_a", ""), ("ch02_b", "mlzemi:\n  budget_seconds: 180\n  colab_extras: [md]\n")):
        (tmp_path / "part1" / f"{name}.md").write_text(HEADER + budget + "---\n\n# 第1章 題\n", encoding="utf-8")
    chapters = project.chapters(tmp_path)
    assert [project.docname(md, tmp_path) for md in chapters] == ["part1/ch02_b", "part1/ch01_a"]
    assert len(project.toc_pages(tmp_path)) == 4
    assert [project.budget_seconds(md) for md in chapters] == [180.0, project.DEFAULT_BUDGET_S]
    assert project.colab_extras(chapters[0]) == ["md"] and project.colab_extras(chapters[1]) == []
    assert project.handout_name("part1/ch02_b") == project.handout_name(chapters[0]) == "ch02_b"
    assert project.title(chapters[1]) == "第1章 題"


def test_colab_extras_are_checked(tmp_path):
    md = tmp_path / "ch.md"
    md.write_text(HEADER + "mlzemi:\n  colab_extras: md\n---\n# x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="colab_extras"):
        project.colab_extras(md)


def test_the_book_itself():
    repo, branch = project.repository()
    assert "/" in repo and branch
    assert project.chapters() and all(md.suffix == ".md" for md in project.chapters())
