"""mlzemi_book.glue: glued values read back from a build or a notebook, and the names a chapter's source glues."""

from __future__ import annotations

import json

from mlzemi_book import glue


def test_values_of_an_executed_notebook():
    shown = {"metadata": {"scrapbook": {"name": "acc", "mime_prefix": ""}}, "data": {"text/plain": "0.5"}}
    hidden = {"metadata": {"scrapbook": {"name": "err", "mime_prefix": "application/papermill.record/"}},
              "data": {"application/papermill.record/text/plain": "1e-09"}}
    numpy_scalar = {"metadata": {"scrapbook": {"name": "n"}}, "data": {"text/plain": "np.float64(3.0)"}}
    other = {"metadata": {}, "data": {"text/plain": "'not glued'"}}
    notebook = {"cells": [{"cell_type": "code", "outputs": [shown, hidden, numpy_scalar, other]}]}
    assert glue.notebook_values(notebook) == {"acc": 0.5, "err": 1e-09, "n": "np.float64(3.0)"}


def test_values_of_a_build(tmp_path):
    executed = tmp_path / "jupyter_execute" / "book" / "part1"
    executed.mkdir(parents=True)
    (executed / "ch01_x.glue.json").write_text(json.dumps({
        "acc": {"data": {"text/plain": "0.96875"}, "metadata": {}},
        "name": {"data": {"text/plain": "'θ'"}, "metadata": {}}}), encoding="utf-8")
    assert glue.build_values(tmp_path / "jupyter_execute") == {"acc": 0.96875, "name": "θ"}
    assert glue.chapter_values("book/part1/ch01_x", tmp_path) == {"acc": 0.96875, "name": "θ"}
    assert glue.chapter_values("book/part1/ch02_y", tmp_path) is None


def test_source_names_plain_and_f_string(tmp_path):
    md = tmp_path / "ch.md"
    md.write_text('```{code-cell} ipython3\nglue("acc", float(a))\nglue( \'loss\', 1.0, display=False)\n'
                  'for k in ks:\n    glue(f"speed_n{k}_{m}", 2.0)\n```\nProse {glue:text}`acc:.3f`.\n', encoding="utf-8")
    patterns = glue.source_names(md)
    assert [p.pattern for p in patterns] == ["acc", "loss", "speed_n.+_.+"]
    assert patterns[2].fullmatch("speed_n50_a") and not patterns[0].fullmatch("accuracy")
