"""mlzemi_book.benchmark: execution times read from the jupyter-cache records that MyST-NB writes, and the report
against each chapter's budget."""

from __future__ import annotations

import pytest
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from myst_nb.core.config import NbParserConfig
from myst_nb.core.read import create_nb_reader
from myst_parser.config.main import MdParserConfig

from mlzemi_book import benchmark, project

HEADER = ("---\njupytext:\n  text_representation: {extension: .md, format_name: myst}\n"
          "kernelspec: {display_name: Python 3, language: python, name: python3}\n")


def chapter(code: str, budget: str = "") -> str:
    return HEADER + budget + f"---\n\n# 第1章 題\n\n```{{code-cell}} ipython3\n{code}\n```\n"


@pytest.fixture
def book_root(tmp_path):
    """A book of two chapters (ch02_b has a budget of 10 s), and an execution cache with a record for ch01_a only."""
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: ch01_a\n  - file: ch02_b\n",
                                       encoding="utf-8")
    (tmp_path / "index.md").write_text("# 本\n", encoding="utf-8")
    (tmp_path / "ch01_a.md").write_text(chapter("x = 1"), encoding="utf-8")
    (tmp_path / "ch02_b.md").write_text(chapter("y = 2", "mlzemi:\n  budget_seconds: 10\n"), encoding="utf-8")
    cache = get_cache(str(tmp_path / "cache"))
    md = tmp_path / "ch01_a.md"
    text = md.read_text(encoding="utf-8")
    notebook = create_nb_reader(str(md), MdParserConfig(), NbParserConfig(), text).read(text)
    # as MyST-NB records an execution (myst_nb.core.execute.cache)
    cache.cache_notebook_bundle(CacheBundleIn(notebook, str(md), data={"execution_seconds": 12.5}),
                                check_validity=False, overwrite=True)
    return tmp_path


def test_times_come_from_the_cache_record_of_the_current_code(book_root):
    assert benchmark.exec_times(book_root / "cache", book_root) == {"ch01_a": 12.5}
    (book_root / "ch01_a.md").write_text(chapter("x = 3"), encoding="utf-8")    # changed code: no record matches
    assert benchmark.exec_times(book_root / "cache", book_root) == {}
    assert benchmark.exec_times(book_root / "no_cache", book_root) == {}


def test_report_flags_chapters_over_budget_or_not_executed(book_root, capsys):
    assert benchmark.report({"ch01_a": 12.5, "ch02_b": 9.0}, root=book_root)
    assert "OVER BUDGET" not in capsys.readouterr().out
    assert not benchmark.report({"ch01_a": 12.5, "ch02_b": 11.0}, root=book_root)
    out = capsys.readouterr().out
    assert "ch02_b" in out and "OVER BUDGET" in out and "23.5" in out       # the sum of the chapters' times
    assert not benchmark.report({"ch01_a": 12.5}, root=book_root)
    assert "not executed" in capsys.readouterr().out
    assert benchmark.report({"ch01_a": 1.0, "ch02_b": 1.0}, build_seconds=benchmark.CLEAN_BUILD_GOAL_S + 1,
                            root=book_root)                                  # the whole build's goal is only shown
    assert "goal: under 15 min" in capsys.readouterr().out
    assert [project.budget_seconds(md) for md in project.chapters(book_root)] == [120.0, 10.0]
