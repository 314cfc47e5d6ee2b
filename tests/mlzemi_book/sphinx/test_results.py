"""付録C 結果一覧: the registry of headline numbers (book/appendix/results.yml), the page rendered from it, and the
values the chapters glue."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import textwrap

import pytest

import book
from mlzemi_book.sphinx import results as mlzemi_sphinx

REGISTRY = book.ROOT / "book" / "appendix" / "results.yml"
RESULTS_HTML = book.HTML / "book" / "appendix" / "results.html"
ENTRIES = mlzemi_sphinx.load_registry(REGISTRY)
NAMES = [entry["name"] for entry in ENTRIES]

# Headline names fixed by the issues (which chapter glues which): the registry must keep them all.
ISSUE_NAMES = {
    "book/part1/ch02_logistic_regression": ["digits_logreg_test_acc"],
    "book/part1/ch03_mlp_backprop": ["gradcheck_max_rel_err", "digits_mlp_numpy_test_acc"],
    "book/part1/ch04_pytorch_intro": ["digits_mlp_torch_test_acc"],
    "book/part2/ch06_convolution": ["conv_numpy_torch_max_abs_diff"],
    "book/part2/ch07_cnn_digits": ["digits_cnn_test_acc"],
    "book/part2/ch08_ising_cnn": ["ising_test_acc_far", "ising_tc_estimate", "ising_tc_error"],
    "book/part3/ch10_message_passing": ["perm_equivariance_max_abs_diff", "toy_mp_vs_mlp_test_mse_ratio"],
    "book/part3/ch11_pyg_intro": ["gnn_pyg_vs_scratch_max_abs_diff"],
    "book/intro/ch00_introduction": ["intro_vft_fragility_m"],
    "book/part3/ch12_glass_data": ["ka2d_temperature", "ka2d_tau_alpha_plain", "ka2d_tau_alpha_cage",
                                   "propensity_rho_max_tau_alpha", "engine_speed_ratio_vs_lammps"],
    "book/part3/ch13_structural_baselines": ["baseline_best_rho_tau_alpha", "ridge_rho_tau_alpha"],
    "book/part3/ch14_gnn_glass": ["gnn_rho_tau_alpha", "gnn_rho_short_time", "gnn_fraction_of_ceiling_tau_alpha",
                                   "gnn_force_target_rho_distances", "gnn_force_target_rho_vectors"],
}


def book_sources() -> dict[str, str]:
    """docname → Markdown text of every page in the table of contents, in toc order."""
    return {book.docname(md): md.read_text(encoding="utf-8") for md in book.project.toc_pages() if md.exists()}


def test_registry_lists_the_issue_names_with_their_chapters():
    by_name = {entry["name"]: entry for entry in ENTRIES}
    for chapter, names in ISSUE_NAMES.items():
        for name in names:
            assert name in by_name, f"{name} missing from {REGISTRY.name}"
            assert by_name[name].get("chapter") == chapter, f"{name}: chapter should be {chapter}"
    for entry in ENTRIES:
        format(1.0, entry["format"])  # a valid format spec for a float
        assert entry["description"] and "。" not in entry["description"]
        assert "|" not in entry["description"], f"{entry['name']}: '|' would split the row of the results table"


def test_threshold_text():
    assert mlzemi_sphinx.threshold_text({"min": 0.9}) == "≥ 0.9"
    assert mlzemi_sphinx.threshold_text({"max": 1e-6}) == "≤ 1e-06"
    assert mlzemi_sphinx.threshold_text({"min": 2.0, "max": 2.5}) == "2〜2.5"
    assert mlzemi_sphinx.threshold_text({}) == "—"
    assert mlzemi_sphinx.within_threshold({"min": 0.9}, 0.95) and not mlzemi_sphinx.within_threshold({"min": 0.9}, 0.5)
    assert not mlzemi_sphinx.within_threshold({}, float("nan")) and not mlzemi_sphinx.within_threshold({}, "0.9")


def produced_entries() -> list[tuple[dict, str]]:
    sources = book_sources()
    return [(entry, doc) for entry in ENTRIES if (doc := mlzemi_sphinx.producing_chapter(entry, sources))]


@pytest.mark.parametrize("entry", ENTRIES, ids=NAMES)
def test_headline_number_is_in_the_build_and_within_its_range(glue, entry):
    """A chapter in the book glues each of its registered names, as a plain number within the method's range."""
    sources = book_sources()
    chapter = mlzemi_sphinx.producing_chapter(entry, sources)
    if chapter is None:
        if not entry.get("chapter"):
            pytest.skip(f"{entry['name']}: no chapter of the book glues it yet")
        state = "is in the book but does not glue it yet" if entry["chapter"] in sources else "is not in the book yet"
        pytest.skip(f"{entry['name']}: {entry['chapter']} {state}")
    assert entry["name"] in glue, f"{chapter} glues {entry['name']} in its source, but the build has no such value"
    value = glue[entry["name"]]
    assert isinstance(value, (int, float)), f"{entry['name']} = {value!r}: glue a Python float"
    assert mlzemi_sphinx.within_threshold(entry, value), (
        f"{entry['name']} = {value} outside {mlzemi_sphinx.threshold_text(entry)}")


def test_a_registered_name_is_glued_by_no_other_chapter():
    """The chapter the registry names is the one that produces the value (no stale `chapter:`)."""
    sources = book_sources()
    for entry in ENTRIES:
        glued_by = [doc for doc, text in sources.items() if mlzemi_sphinx.glue_pattern(entry["name"]).search(text)]
        assert len(glued_by) <= 1, f"{entry['name']} is glued by several pages: {glued_by}"
        if glued_by and entry.get("chapter"):
            assert glued_by == [entry["chapter"]], f"{entry['name']} is glued by {glued_by[0]}, not {entry['chapter']}"


def test_results_page_shows_every_produced_number(glue):
    page = RESULTS_HTML.read_text(encoding="utf-8")
    table = page[page.index("mlzemi-results"):]
    rows = re.findall(r"<tr.*?</tr>", table, flags=re.DOTALL)
    produced = produced_entries()
    assert len(rows) == (len(produced) + 1 if produced else 0)
    for entry, chapter in produced:
        row = next((r for r in rows if f"<span class=\"pre\">{entry['name']}</span>" in r), None)
        assert row is not None, f"no row for {entry['name']}"
        shown = format(glue[entry["name"]], entry["format"])
        assert f">{shown}<" in row, f"{entry['name']}: expected {shown} in {html.unescape(row)[:300]}"
        # the link is relative to the results page, book/appendix/results.html
        link = os.path.relpath(chapter + ".html", "book/appendix")
        assert f'href="{link}' in row, f"no link to {chapter} ({link})"
    if not produced:
        assert "まだありません" in page


@pytest.mark.slow
def test_results_table_in_a_small_book(tmp_path):
    """The directive on a tiny Sphinx project: a glued name is shown with its value and a link back to its chapter;
    a name whose chapter does not glue it yet, and one whose chapter does not exist, are left out without a warning."""
    (tmp_path / "conf.py").write_text(textwrap.dedent("""
        extensions = ["myst_nb", "sphinx_exercise", "mlzemi_book.sphinx.results", "mlzemi_book.sphinx.japanese"]
        nb_execution_mode = "force"
        nb_execution_raise_on_error = True
        exclude_patterns = ["_build"]
        language = "ja"
    """), encoding="utf-8")
    (tmp_path / "index.md").write_text("# 本\n\n```{toctree}\nch01\nresults\n```\n", encoding="utf-8")
    (tmp_path / "ch01.md").write_text(textwrap.dedent("""\
        ---
        jupytext:
          text_representation: {extension: .md, format_name: myst}
        kernelspec: {display_name: Python 3, language: python, name: python3}
        ---
        # 第1章 テスト

        ```{code-cell} ipython3
        from myst_nb import glue
        glue("toy_acc", 0.96875, display=False)
        ```
        """), encoding="utf-8")
    (tmp_path / "results.yml").write_text(textwrap.dedent("""\
        - {name: toy_acc, chapter: ch01, description: 正解率, format: .3f, min: 0.9}
        - {name: toy_not_yet, chapter: ch01, description: まだ出力しない値, format: .2f}
        - {name: toy_elsewhere, chapter: ch09, description: まだない章の値, format: .2f}
        - {name: toy_unassigned, description: 章の決まっていない値, format: .2f}
        """), encoding="utf-8")
    (tmp_path / "results.md").write_text(textwrap.dedent("""\
        # 結果一覧

        ```{results-table} results.yml
        ```

        一行目の文です。
        二行目の文は **太字** で終わり、
        `code` と
        English text を含みます。 文の後の
        Latin も、句点の後の English も
        同じです。

        ```{exercise} 問題
        :label: ex-toy
        答えは何ですか。
        ```

        ```{solution} ex-toy
        :class: dropdown
        42 です。
        ```
        """), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(tmp_path),
                             str(tmp_path / "_build")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (tmp_path / "_build" / "results.html").read_text(encoding="utf-8")
    assert "<table" in page and "0.969" in page and 'href="ch01.html"' in page and "≥ 0.9" in page
    for absent in ("toy_not_yet", "toy_elsewhere", "toy_unassigned"):
        assert absent not in page
    # Japanese lines joined without a space; breaks next to Latin text or code kept (mlzemi_book.sphinx.japanese)
    assert "一行目の文です。二行目の文は" in page and "終わり、<code" in page and "と\nEnglish" in page
    assert "文の後の\nLatin" in page and "English も同じです。" in page
    assert "解答" in page and ">Solution<" not in page
