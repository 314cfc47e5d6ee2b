"""Each chapter's execution time against its budget, and the whole build's time.

    python tools/benchmark.py           # report the last build (_build/html)
    python tools/benchmark.py --clean   # build from scratch into a temporary directory (no cache), time it, report

Budgets come from each chapter's front matter (`mlzemi: budget_seconds`, default 120 s on 2 CPU cores).
The goal for the finished book is a clean build under 15 minutes.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import notebooks  # noqa: E402

ROOT = notebooks.ROOT
CLEAN_BUILD_GOAL_S = 15 * 60


def exec_table(html_dir: Path) -> dict[str, tuple[str, float | None, bool]]:
    """Rows of the built 実行統計 page ({nb-exec-table}): document → (method, run time in s, succeeded)."""
    html = (html_dir / "book" / "appendix" / "exec_stats.html").read_text(encoding="utf-8")
    cell = r"\s*<td><p>([^<]*)</p></td>"
    rows = re.findall(r'<span class="doc">([^<]+)</span></a></p></td>' + cell * 4, html)
    return {
        doc: (method, float(seconds) if seconds.strip() else None, status.strip() == "✅")
        for doc, _modified, method, seconds, status in rows
    }


def exec_times(html_dir: Path) -> dict[str, float]:
    """Execution time (s) per successfully executed document."""
    return {doc: seconds for doc, (_m, seconds, ok) in exec_table(html_dir).items() if ok and seconds is not None}


def report(html_dir: Path, build_seconds: float | None = None) -> bool:
    times = exec_times(html_dir)
    ok = True
    print(f"{'chapter':45s} {'time (s)':>9s} {'budget (s)':>11s}")
    total = 0.0
    for md in notebooks.chapters():
        doc = md.relative_to(ROOT).with_suffix("").as_posix()
        budget = notebooks.budget_seconds(md)
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
        return 0 if report(ROOT / "_build" / "html") else 1
    jb = Path(sys.executable).with_name("jupyter-book")
    with tempfile.TemporaryDirectory(prefix="mlzemi-bench-") as out:
        start = time.perf_counter()
        subprocess.run([str(jb), "build", str(ROOT), "--path-output", out, "-W", "-n", "--keep-going"], check=True)
        elapsed = time.perf_counter() - start
        return 0 if report(Path(out) / "_build" / "html", elapsed) else 1


if __name__ == "__main__":
    sys.exit(main())
