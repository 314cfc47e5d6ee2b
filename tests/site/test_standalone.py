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
import math
import sys

import pytest

import book
from mlzemi_book import standalone
from mlzemi_book.glue import chapter_values, notebook_values

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


def test_the_rotating_subset_covers_every_chapter():
    for count in range(1, 20):
        chapters = [book.ROOT / f"book/part/ch{i:02d}.md" for i in range(count)]
        for per_run in range(1, 5):
            days_needed = math.ceil(count / min(per_run, count))
            for first_day in (1, 100, 365):
                seen = set()
                for day in range(first_day, first_day + days_needed):
                    chosen = standalone.select(chapters, str(per_run), day)
                    assert len(chosen) == min(per_run, count) == len(set(chosen))
                    seen |= set(chosen)
                assert seen == set(chapters), (count, per_run, first_day)
    chapters = book.chapters()
    assert standalone.select(chapters, "all") == chapters and standalone.select(chapters, "0") == []
    assert standalone.select(chapters, chapters[0].stem) == chapters[:1]
    with pytest.raises(ValueError):
        standalone.select(chapters, "no_such_chapter")


def test_differences_ignore_timings_only():
    build = {"acc": 0.96875, "n": 10, "speed_ratio": 1.5, "loop_seconds": 0.2}
    assert standalone.differences(build, dict(build, speed_ratio=1.7, loop_seconds=0.3)) == []
    assert standalone.differences(build, dict(build, acc=0.96870)) == ["acc: 0.96875 != 0.9687"]
    assert standalone.differences(build, {k: v for k, v in build.items() if k != "n"}) == ["n: 10 != '<missing>'"]


def test_clean_environment_hides_the_repository(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(book.ROOT / "src"))
    monkeypatch.setenv("PIP_INDEX_URL", "https://example.org/simple")
    env = standalone.clean_environment(tmp_path / "env" / "bin" / "python", tmp_path / "home", tmp_path / "x.whl")
    assert "PYTHONPATH" not in env and "VIRTUAL_ENV" not in env and str(book.ROOT) not in json.dumps(env)
    assert env["MLZEMI_SETUP"] == "1" and env["MLZEMI_PACKAGE"].endswith("x.whl")
    assert env["PIP_INDEX_URL"] == "https://example.org/simple"


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


def test_glue_values_of_an_executed_notebook():
    shown = {"metadata": {"scrapbook": {"name": "acc", "mime_prefix": ""}}, "data": {"text/plain": "0.5"}}
    hidden = {"metadata": {"scrapbook": {"name": "err", "mime_prefix": "application/papermill.record/"}},
              "data": {"application/papermill.record/text/plain": "1e-09"}}
    other = {"metadata": {}, "data": {"text/plain": "'not glued'"}}
    notebook = {"cells": [{"cell_type": "code", "outputs": [shown, hidden, other]}]}
    assert notebook_values(notebook) == {"acc": 0.5, "err": 1e-09}
