"""Keep the book's chapter notebooks in order.

    python -m mlzemi_book.notebooks sync           # rewrite each chapter's Colab set-up cell and its paired .ipynb
    python -m mlzemi_book.notebooks check          # exit 1 if any pair or set-up cell is out of date (used by tests)
    python -m mlzemi_book.notebooks run FILE.md    # execute one chapter as the build would, and time it

A chapter is a MyST Markdown notebook listed in _toc.yml (:mod:`.project`). Its `.ipynb`
twin (outputs stripped) is generated from it and committed, so that Colab's button opens a real notebook.
The repository address comes from `_config.yml` (repository.url), the one place that holds it.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import time
from pathlib import Path

import jupytext

from .project import ROOT, budget_seconds, chapters, colab_extras, repository

SETUP_MARKER = "# mlzemi: colab-setup"

SETUP_TEMPLATE = '''\
{marker} — Colab で開いたときだけ、足りないパッケージを入れます（サイトでは表示しません）。
import os
import subprocess
import sys
import tempfile

if "google.colab" in sys.modules or os.environ.get("MLZEMI_SETUP") == "1":
    from importlib.metadata import version

    # Colab にある torch と numpy はそのまま使い、入れ替えません（制約ファイルで固定）。
    keep = os.path.join(tempfile.gettempdir(), "mlzemi-keep.txt")
    with open(keep, "w") as f:
        f.write(f"torch=={{version('torch')}}\\nnumpy=={{version('numpy')}}\\n")
    package = os.environ.get("MLZEMI_PACKAGE", "mlzemi @ git+https://github.com/{repo}@{branch}"){extras}
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-c", keep, "torch_geometric", package], check=True)'''

SETUP_CELL_RE = re.compile(
    r"(```\{code-cell\} ipython3\n:tags: \[remove-cell\]\n\n)" + re.escape(SETUP_MARKER) + r".*?(\n```)",
    re.DOTALL,
)


EXTRAS_TEMPLATE = '''
    # この章は追加の機能も使います（mlzemi の extras: {names}）。
    name, _, source = package.partition(" @ ")
    package = f"{{name}}[{names}] @ {{source}}" if source else f"{{package}}[{names}]"'''


def setup_cell_source(md: Path | None = None) -> str:
    """The Colab set-up cell of a chapter (the extras it declares added to the helper package's install)."""
    repo, branch = repository()
    names = ",".join(colab_extras(md))
    extras = EXTRAS_TEMPLATE.format(names=names) if names else ""
    return SETUP_TEMPLATE.format(marker=SETUP_MARKER, repo=repo, branch=branch, extras=extras)


def expected_md(md: Path) -> str:
    text = md.read_text(encoding="utf-8")
    new, count = SETUP_CELL_RE.subn(lambda m: m.group(1) + setup_cell_source(md) + m.group(2), text, count=1)
    if count == 0:
        raise ValueError(
            f"{md.relative_to(ROOT)}: no Colab set-up cell (a `remove-cell` code cell starting with "
            f"{SETUP_MARKER!r}); copy one from an existing chapter"
        )
    return new


def expected_ipynb(md_text: str) -> str:
    notebook = jupytext.reads(md_text, fmt="md:myst")
    for index, cell in enumerate(notebook.cells):
        # deterministic cell ids, so that regenerating a pair never changes an unchanged notebook
        cell.id = hashlib.sha1(f"{index}:{cell.source}".encode()).hexdigest()[:8]
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    notebook.metadata.pop("jupytext", None)
    return jupytext.writes(notebook, fmt="ipynb")


def problems() -> list[str]:
    found = []
    for md in chapters():
        rel = md.relative_to(ROOT)
        try:
            md_text = expected_md(md)
        except ValueError as err:
            found.append(str(err))
            continue
        if md_text != md.read_text(encoding="utf-8"):
            found.append(f"{rel}: Colab set-up cell differs from the template")
        nb = md.with_suffix(".ipynb")
        if not nb.exists():
            found.append(f"{nb.relative_to(ROOT)}: missing")
        elif nb.read_text(encoding="utf-8") != expected_ipynb(md_text):
            found.append(f"{nb.relative_to(ROOT)}: out of sync with {rel.name}")
    return found


def sync() -> None:
    for md in chapters():
        md_text = expected_md(md)
        if md_text != md.read_text(encoding="utf-8"):
            md.write_text(md_text, encoding="utf-8")
            print(f"updated set-up cell: {md.relative_to(ROOT)}")
        nb = md.with_suffix(".ipynb")
        nb_text = expected_ipynb(md_text)
        if not nb.exists() or nb.read_text(encoding="utf-8") != nb_text:
            nb.write_text(nb_text, encoding="utf-8")
            print(f"wrote {nb.relative_to(ROOT)}")


def run(md: Path) -> float:
    """Execute one chapter in a fresh kernel (cwd = its folder); fail on errors and on stderr output."""
    from nbclient import NotebookClient

    notebook = jupytext.read(md)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(md.parent)}})
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    noisy = [
        (i, out.get("text", "")[:300])
        for i, cell in enumerate(notebook.cells)
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream" and out.get("name") == "stderr"
    ]
    for index, text in noisy:
        print(f"stderr in cell {index}: {text}", file=sys.stderr)
    budget = budget_seconds(md)
    print(f"{md.relative_to(ROOT)}: {elapsed:.1f} s (budget {budget:.0f} s)")
    if noisy:
        raise SystemExit("stderr output found: the build would fail on it")
    if elapsed > budget:
        raise SystemExit("over budget")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("sync", help="rewrite set-up cells and paired .ipynb files")
    sub.add_parser("check", help="fail if anything is out of sync")
    run_parser = sub.add_parser("run", help="execute one chapter and time it")
    run_parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    if args.command == "sync":
        sync()
    elif args.command == "check":
        found = problems()
        for line in found:
            print(line)
        if found:
            print("run: python -m mlzemi_book.notebooks sync")
            return 1
        print(f"{len(chapters())} chapters in sync")
    else:
        for md in args.files:
            run(md.resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
