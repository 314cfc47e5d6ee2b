"""The executed book: built without warnings, every chapter run, Colab links right, times within budget."""

from __future__ import annotations

import math
import re

import pytest

import book
import mlzemi_book.glue


def test_build_is_clean(book_build):
    assert (book.HTML / "index.html").exists()
    assert "build succeeded" in book_build.read_text(encoding="utf-8")


@pytest.mark.parametrize("md", book.chapters(), ids=book.docname)
def test_chapter_was_executed(book_build, md):
    """Every chapter ran top to bottom, in this build or a cached one: its current code has an execution record."""
    assert book.docname(md) in book.exec_times(), f"{book.docname(md)} has no execution record: it was not executed"
    html = (book.HTML / (book.docname(md) + ".html")).read_text(encoding="utf-8")
    assert 'class="cell_output' in html or "cell_output" in html, "no cell output on the page"


@pytest.mark.parametrize("md", book.chapters(), ids=book.docname)
def test_colab_and_binder_buttons_open_the_paired_notebook(book_build, md):
    repo, branch = book.project.repository()
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
        assert name in times, f"{name} has no execution record"
        budget = book.project.budget_seconds(md)
        if times[name] > budget:
            over.append(f"{name}: {times[name]:.1f} s > budget {budget:.0f} s")
    assert not over, "\n".join(over)


@pytest.mark.parametrize("md", book.chapters(), ids=book.docname)
def test_every_glued_name_is_a_finite_number_in_the_build(glue, md):
    """Every `glue("name", …)` of a chapter's source is in the build as a plain finite number (a Python float or
    int, not a numpy scalar), or as text (a name shown in the prose). Thresholds are checked per chapter."""
    names = mlzemi_book.glue.source_names(md)
    built = mlzemi_book.glue.chapter_values(book.docname(md)) or {}
    for pattern in names:
        matching = [name for name in built if pattern.fullmatch(name)]
        assert matching, f"{book.docname(md)} glues {pattern.pattern!r} in its source, but the build has no such value"
        for name in matching:
            value = built[name]
            if isinstance(value, str):
                assert not value.startswith("np.") and value.lower() not in ("nan", "inf", "-inf"), (
                    f"{name} = {value!r}: glue a Python float (`float(x)`)")
            else:
                assert isinstance(value, (int, float)) and not isinstance(value, bool), f"{name} = {value!r}"
                assert math.isfinite(value), f"{name} = {value}"


def test_exec_stats_page_lists_every_chapter(book_build):
    page = (book.HTML / "book" / "appendix" / "exec_stats.html").read_text(encoding="utf-8")
    for md in book.chapters():
        assert f">{book.docname(md)}<" in page, book.docname(md)
