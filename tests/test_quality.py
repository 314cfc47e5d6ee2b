"""Code quality: ruff on the package, tests, tools and notebooks; actionlint on the workflows."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import book


def _tool(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    return str(path) if path.exists() else shutil.which(name)


def test_ruff():
    result = subprocess.run([_tool("ruff"), "check", "src", "tests", "tools", "book", "_ext"], cwd=book.ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint():
    workflows = sorted((book.ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    result = subprocess.run([_tool("actionlint"), *map(str, workflows)], cwd=book.ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_script_runs_the_readme_commands():
    ci = (book.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (book.ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("pip install -r requirements.txt", ".ci/install-tex.sh", "pytest"):
        assert command in ci and command in readme
    workflow = (book.ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8")
    assert ".ci/install-tex.sh" in workflow and "python tools/pdf.py --publish" in workflow
