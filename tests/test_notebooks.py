"""Chapter notebooks: paired .ipynb in sync, Colab set-up cell first and hidden, outputs stripped."""

from __future__ import annotations

import json

import jupytext
import pytest

import book


def test_pairs_and_setup_cells_in_sync():
    problems = book.notebooks.problems()
    assert not problems, "\n".join(problems) + "\nrun: python tools/notebooks.py sync"


@pytest.mark.parametrize("md", book.chapters(), ids=book.docname)
def test_chapter_structure(md):
    notebook = jupytext.read(md)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in notebook.cells if c.cell_type == "code"]
    first = code[0]
    assert first.source.startswith(book.notebooks.SETUP_MARKER)
    assert "remove-cell" in first.metadata.get("tags", [])
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    headings = [line for line in markdown.splitlines() if line.startswith("# ")]
    assert len(headings) == 1, "one title per chapter"


@pytest.mark.parametrize("md", book.chapters(), ids=book.docname)
def test_committed_notebook_has_no_outputs(md):
    notebook = json.loads(md.with_suffix(".ipynb").read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_setup_cell_installs_from_the_configured_repository():
    repo, branch = book.notebooks.repository()
    source = book.notebooks.setup_cell_source()
    assert f"git+https://github.com/{repo}@{branch}" in source
    assert '"google.colab" in sys.modules' in source
    assert "-c" in source and "torch==" in source and "numpy==" in source  # never replaces Colab's torch or numpy


def test_setup_cell_does_nothing_outside_colab():
    namespace: dict = {}
    exec(compile(book.notebooks.setup_cell_source(), "setup", "exec"), namespace)  # must not install anything here
    assert "package" not in namespace
