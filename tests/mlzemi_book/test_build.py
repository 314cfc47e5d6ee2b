"""mlzemi_book.build: what fails the site's build (any warning, error or missing glyph in its log, or a failed
jupyter-book), with jupyter-book replaced by a stand-in (the real build: tests/book/test_build.py)."""

from __future__ import annotations

import subprocess

import pytest

from mlzemi_book import build


@pytest.fixture
def fake_build(tmp_path, monkeypatch):
    """`build.site()` with jupyter-book replaced: set `output` and `returncode`; the log and marker go to tmp_path."""
    monkeypatch.setattr(build, "BUILD", tmp_path)
    monkeypatch.setattr(build, "BUILD_LOG", tmp_path / "build.log")
    monkeypatch.setattr(build, "MARKER", tmp_path / "build.ok")
    result = {"output": "", "returncode": 0}

    def run(command, **kwargs):
        assert command[1:] == ["build", str(build.ROOT), "-W", "-n", "--keep-going"]
        return subprocess.CompletedProcess(command, result["returncode"], stdout=result["output"], stderr="")

    monkeypatch.setattr(build.subprocess, "run", run)
    return result, tmp_path


def test_a_clean_log_passes_and_leaves_the_marker(fake_build):
    result, out = fake_build
    result["output"] = ("Running Sphinx\n\x1b[01mbuild succeeded.\x1b[39;49;00m\n"
                        "[IPKernelApp] WARNING | Kernel is running over TCP without encryption.\n")
    assert build.site() == (True, [])
    assert (out / "build.ok").exists()
    log = (out / "build.log").read_text(encoding="utf-8")
    assert "\x1b[" not in log and "build succeeded." in log and "[mlzemi] build time" in log


@pytest.mark.parametrize("line", [
    "book/part1/ch01.md:12: WARNING: undefined label: 'fig-x'",
    "ERROR: Execution Failed with traceback saved in /tmp/x.log",
    "Traceback (most recent call last):",
    "UserWarning: Glyph 8722 (\\N{MINUS SIGN}) missing from font(s) DejaVu Sans. Missing character",
    "findfont: Font family 'IPAexGothic' Missing from font list",
])
def test_a_warning_or_error_fails_the_build(fake_build, line):
    result, out = fake_build
    result["output"] = f"Running Sphinx\n{line}\nbuild finished with problems.\n"
    ok, problems = build.site()
    assert not ok and problems == [line]
    assert not (out / "build.ok").exists()


def test_a_failed_jupyter_book_fails_even_with_a_quiet_log(fake_build):
    result, out = fake_build
    (out / "build.ok").write_text("1.0\n")                     # an older successful build
    result["returncode"] = 2
    assert build.site() == (False, ["jupyter-book exited with 2"])
    assert not (out / "build.ok").exists()
