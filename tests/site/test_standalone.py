"""Chapters run alone, as a reader runs them in Colab, and give the same numbers as the book's build.

Each selected chapter's .ipynb is copied alone into an empty folder and executed in a fresh environment that has only
Colab's packages plus what the chapter's set-up cell installs (mlzemi_book.standalone). Its glued values must equal those
of the build: two clean executions, in different processes and folders, give the same numbers.

Which chapters: MLZEMI_STANDALONE ("all", a number N for N chapters rotating by the day of the year — the default is
2 — "0" for none, or a comma-separated list of chapters). The weekly workflow runs all of them.
"""

from __future__ import annotations

import ast
import json
import sys

import pytest

import book
from mlzemi_book import standalone
from mlzemi_book.glue import chapter_values

# Modules a chapter may import: Colab's own packages and what the set-up cell installs (torch_geometric, mlzemi).
COLAB_MODULES = {"numpy", "scipy", "matplotlib", "pandas", "sklearn", "torch", "IPython", "PIL", "tqdm",
                 "torch_geometric", "mlzemi"}
TIMES = standalone.WORK / "times.json"


def code_imports(md) -> set[str]:
    """Top-level modules imported by the code cells of a chapter."""
    notebook = json.loads(md.with_suffix(".ipynb").read_text(encoding="utf-8"))
    modules = set()
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "\n".join(line for line in "".join(cell["source"]).splitlines() if not line.lstrip().startswith(("%", "!")))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.add(node.module.split(".")[0])
    return modules


@pytest.mark.parametrize("md", book.chapters(), ids=book.docname)
def test_chapter_imports_only_what_colab_has(md):
    """Fast and for every chapter: a module that Colab lacks fails here before any run (e.g. myst_nb)."""
    missing = code_imports(md) - COLAB_MODULES - set(sys.stdlib_module_names)
    hint = " (use `from mlzemi.notebook import glue`)" if "myst_nb" in missing else ""
    assert not missing, f"{book.docname(md)} imports {sorted(missing)}, which Colab does not have{hint}"


@pytest.fixture(scope="session")
def colab():
    """The wheel of the helper package and the Colab-like base environment (created once, timed)."""
    environment = standalone.prepare()
    TIMES.parent.mkdir(parents=True, exist_ok=True)
    times = json.loads(TIMES.read_text()) if TIMES.exists() else {}
    if environment.seconds_to_create is not None:
        times["colab_base_env_seconds"] = round(environment.seconds_to_create, 1)
    TIMES.write_text(json.dumps(times, indent=2, ensure_ascii=False))
    return environment


@pytest.mark.parametrize("md", standalone.select(book.chapters()), ids=book.docname)
def test_chapter_runs_alone_as_in_colab_and_reproduces_the_build(colab, glue, md):
    run = standalone.run_chapter(md, colab)
    times = json.loads(TIMES.read_text()) if TIMES.exists() else {}
    times.setdefault("chapters", {})[run.chapter] = round(run.seconds, 1)
    TIMES.write_text(json.dumps(times, indent=2, ensure_ascii=False))
    built = chapter_values(run.chapter)
    assert built is not None, f"the build has no glued values for {run.chapter}"
    assert set(built) == set(run.glue), "the two executions glued different names"
    different = standalone.differences(built, run.glue)
    assert not different, f"{run.chapter}: glued values differ between the build and a clean run:\n" + "\n".join(different)
