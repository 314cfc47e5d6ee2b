"""The executed book: built without warnings, every chapter run, Colab links right, times within budget."""

from __future__ import annotations

import math
import re

import pytest

import book


def test_build_is_clean(book_build):
    assert (book.HTML / "index.html").exists()
    assert "build succeeded" in book_build.read_text(encoding="utf-8")


@pytest.mark.parametrize("md", book.chapters(), ids=book.docname)
def test_chapter_was_executed(book_build, md):
    """Every chapter ran top to bottom in this build or a cached one (the 実行統計 table says so)."""
    row = book.exec_table().get(book.docname(md))
    assert row is not None, f"{book.docname(md)} is not in the execution table: it was not executed"
    method, seconds, succeeded = row
    assert method in ("cache", "auto", "force") and succeeded and seconds is not None
    html = (book.HTML / (book.docname(md) + ".html")).read_text(encoding="utf-8")
    assert 'class="cell_output' in html or "cell_output" in html, "no cell output on the page"


@pytest.mark.parametrize("md", book.chapters(), ids=book.docname)
def test_colab_and_binder_buttons_open_the_paired_notebook(book_build, md):
    repo, branch = book.notebooks.repository()
    html = (book.HTML / (book.docname(md) + ".html")).read_text(encoding="utf-8")
    nb_path = book.docname(md) + ".ipynb"
    assert (book.ROOT / nb_path).exists()
    colab = re.findall(r'href="(https://colab\.research\.google\.com/[^"]+)"', html)
    assert colab == [f"https://colab.research.google.com/github/{repo}/blob/{branch}/{nb_path}"]
    binder = re.findall(r'href="(https://mybinder\.org/[^"]+)"', html)
    assert binder and binder[0].startswith(f"https://mybinder.org/v2/gh/{repo}/{branch}?") and binder[0].endswith(nb_path)


def test_every_chapter_within_its_time_budget(book_build):
    times = book.exec_times()
    over = []
    for md in book.chapters():
        name = book.docname(md)
        assert name in times, f"{name} missing from the 実行統計 table"
        budget = book.notebooks.budget_seconds(md)
        if times[name] > budget:
            over.append(f"{name}: {times[name]:.1f} s > budget {budget:.0f} s")
    assert not over, "\n".join(over)


def test_glued_values_are_plain_numbers_or_text(glue):
    """Glue Python floats (`float(x)`), not numpy scalars, so that readers and tests see plain numbers."""
    bad = {name: value for name, value in glue.items() if isinstance(value, str) and value.startswith("np.")}
    assert not bad, f"glue a Python float instead: {bad}"
    for name, value in glue.items():
        if isinstance(value, float):
            assert math.isfinite(value), name


def test_exec_stats_page_lists_every_chapter(book_build):
    listed = set(book.exec_times())
    assert {book.docname(md) for md in book.chapters()} <= listed
