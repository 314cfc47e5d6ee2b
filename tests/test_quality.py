"""Code quality: ruff on the packages, tests and notebooks; actionlint on the workflows."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import book


def _tool(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    return str(path) if path.exists() else shutil.which(name)


def test_ruff():
    result = subprocess.run([_tool("ruff"), "check", "."], cwd=book.ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint():
    workflows = sorted((book.ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    result = subprocess.run([_tool("actionlint"), *map(str, workflows)], cwd=book.ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_and_the_workflow_run_the_readme_commands():
    """The README opens with the two commands; CI (.ci/run) and the GitHub workflow run the same `make test`."""
    readme = (book.ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```bash\n", 1)[1].split("```", 1)[0]
    assert [line.split()[:2] for line in first_block.splitlines()] == [["make", "#"], ["make", "test"]]
    ci = (book.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    workflow = (book.ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8")
    assert "\nmake test" in ci and "run: make test" in workflow
    makefile = (book.ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install -r requirements.txt" in makefile and ".ci/install-system.sh" in makefile


def test_test_files_named_by_ci_exist():
    """A test file named in the workflow, .ci/ or the Makefile exists (files move when tests/ is reorganised)."""
    sources = [*(book.ROOT / ".github" / "workflows").glob("*.yml"), *(book.ROOT / ".ci").iterdir(), book.ROOT / "Makefile"]
    named = {path for source in sources for path in re.findall(r"\btests/[\w/]+\.py\b", source.read_text(encoding="utf-8"))}
    assert named, "no test file named: the check would prove nothing"
    missing = sorted(path for path in named if not (book.ROOT / path).is_file())
    assert not missing, f"named by CI but missing: {missing}"
