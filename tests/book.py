"""Helpers for tests that read the built book (site, executed notebooks, glued values)."""

from __future__ import annotations

import ast
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import benchmark  # noqa: E402  (tools/benchmark.py)
import notebooks  # noqa: E402  (tools/notebooks.py)
import pdf  # noqa: E402, F401  (tools/pdf.py, used by the tests as book.pdf)

BUILD = ROOT / "_build"
HTML = BUILD / "html"
EXECUTED = BUILD / "jupyter_execute"
BUILD_LOG = BUILD / "build.log"


def chapters() -> list[Path]:
    return notebooks.chapters()


def title(md: Path) -> str:
    """A chapter's title: its one `# ` heading ("第1章 線形回帰と勾配降下法")."""
    return next(line[2:].strip() for line in md.read_text(encoding="utf-8").splitlines() if line.startswith("# "))


def docname(md: Path) -> str:
    """'book/part1/ch01_x' for ROOT/book/part1/ch01_x.md."""
    return md.relative_to(ROOT).with_suffix("").as_posix()


def glue_values() -> dict[str, object]:
    """Every glued value of the last build, keyed by glue name (values parsed from their text/plain repr)."""
    values: dict[str, object] = {}
    for path in sorted(EXECUTED.rglob("*.glue.json")):
        for name, output in json.loads(path.read_text(encoding="utf-8")).items():
            text = output["data"].get("text/plain", "")
            try:
                values[name] = ast.literal_eval(text)
            except (ValueError, SyntaxError):
                values[name] = text  # e.g. a figure or an np.float64(...) repr: tests will flag non-numbers
    return values


def exec_times() -> dict[str, float]:
    """Execution time (s) of each chapter, read from the built 実行統計 page ({nb-exec-table})."""
    return benchmark.exec_times(HTML)


def exec_table() -> dict[str, tuple[str, float | None, bool]]:
    return benchmark.exec_table(HTML)


def glued_float(glue: dict, name: str) -> float:
    """The glued value `name`; fails unless the chapter glued a plain, finite Python float (not an int or a numpy scalar)."""
    assert name in glue, f"{name} was not glued"
    value = glue[name]
    assert isinstance(value, float), f"{name}: glue a Python float, got {value!r}"
    assert math.isfinite(value), name
    return value


def glued_number(glue: dict, name: str) -> float:
    """The glued value `name` as a float; fails if it was not glued or is not a plain finite number."""
    assert name in glue, f"{name} was not glued"
    value = glue[name]
    assert isinstance(value, (int, float)) and not isinstance(value, bool), f"{name}: glue a Python number, got {value!r}"
    assert math.isfinite(value), name
    return float(value)
