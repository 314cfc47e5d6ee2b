"""Each chapter's execution time against its budget, and the whole build's time.

    python -m mlzemi_book.benchmark           # report the last build (its execution cache, _build/.jupyter_cache)
    python -m mlzemi_book.benchmark --clean   # build from scratch into a temporary directory (no cache), time it

The times are the ones MyST-NB recorded in jupyter-cache when it executed each chapter (``execution_seconds`` of the
cache record that matches the chapter's current code); a chapter with no matching record was not executed.
Budgets come from each chapter's front matter (`mlzemi: budget_seconds`, default 120 s on 2 CPU cores).
The goal for the finished book is a clean build under 15 minutes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import project
from .project import JUPYTER_CACHE, ROOT

CLEAN_BUILD_GOAL_S = 15 * 60


def exec_times(cache_dir: Path = JUPYTER_CACHE, root: Path = ROOT) -> dict[str, float]:
    """Execution time (s) of each chapter whose current code has a record in the execution cache, by docname."""
    from jupyter_cache import get_cache
    from myst_nb.core.config import NbParserConfig
    from myst_nb.core.read import create_nb_reader
    from myst_parser.config.main import MdParserConfig

    if not cache_dir.is_dir():
        return {}
    cache = get_cache(str(cache_dir))
    times = {}
    for md in project.chapters(root):
        text = md.read_text(encoding="utf-8")
        notebook = create_nb_reader(str(md), MdParserConfig(), NbParserConfig(), text).read(text)
        try:
            record = cache.match_cache_notebook(notebook)
        except KeyError:
            continue
        seconds = record.data.get("execution_seconds")
        if seconds is not None:
            times[project.docname(md, root)] = float(seconds)
    return times


def report(times: dict[str, float], build_seconds: float | None = None, root: Path = ROOT) -> bool:
    ok = True
    print(f"{'chapter':45s} {'time (s)':>9s} {'budget (s)':>11s}")
    total = 0.0
    for md in project.chapters(root):
        doc = project.docname(md, root)
        budget = project.budget_seconds(md)
        seconds = times.get(doc)
        if seconds is None:
            print(f"{doc:45s} {'—':>9s} {budget:11.0f}  not executed")
            ok = False
            continue
        total += seconds
        flag = "" if seconds <= budget else "  OVER BUDGET"
        ok &= seconds <= budget
        print(f"{doc:45s} {seconds:9.1f} {budget:11.0f}{flag}")
    print(f"{'sum of chapter execution times':45s} {total:9.1f}")
    if build_seconds is not None:
        flag = "" if build_seconds <= CLEAN_BUILD_GOAL_S else "  (goal: under 15 min)"
        print(f"{'clean build, wall clock':45s} {build_seconds:9.1f} {CLEAN_BUILD_GOAL_S:11.0f}{flag}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clean", action="store_true", help="build from scratch in a temporary directory and time it")
    args = parser.parse_args(argv)
    if not args.clean:
        return 0 if report(exec_times()) else 1
    jb = Path(sys.executable).with_name("jupyter-book")
    with tempfile.TemporaryDirectory(prefix="mlzemi-bench-") as out:
        start = time.perf_counter()
        subprocess.run([str(jb), "build", str(ROOT), "--path-output", out, "-W", "-n", "--keep-going"], check=True)
        elapsed = time.perf_counter() - start
        return 0 if report(exec_times(Path(out) / "_build" / ".jupyter_cache"), elapsed) else 1


if __name__ == "__main__":
    sys.exit(main())
