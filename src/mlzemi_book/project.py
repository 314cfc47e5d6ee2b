"""The book's chapters and folders, read from ``_toc.yml`` and ``_config.yml`` in one place.

A chapter is a MyST Markdown notebook listed in ``_toc.yml`` (a ``.md`` with a jupytext header). Its front matter may
set ``mlzemi: budget_seconds`` (execution-time budget on 2 CPU cores, default 120 s) and ``mlzemi: colab_extras``
(optional dependency groups of the helper package that its Colab set-up cell installs).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

#: The repository: this package lives in its src/ folder (``pip install -e .``).
ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "_build"
HTML = BUILD / "html"
EXECUTED = BUILD / "jupyter_execute"
JUPYTER_CACHE = BUILD / ".jupyter_cache"
BUILD_LOG = BUILD / "build.log"
DEFAULT_BUDGET_S = 120


def config(root: Path = ROOT) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))


def repository(root: Path = ROOT) -> tuple[str, str]:
    """``(owner/name, branch)`` from ``repository.url`` and ``repository.branch`` of _config.yml."""
    repo = config(root)["repository"]
    url = repo["url"].rstrip("/")
    match = re.fullmatch(r"https://github\.com/([^/]+/[^/]+)", url)
    if not match:
        raise SystemExit(f"_config.yml: repository.url must be https://github.com/OWNER/NAME, got {url!r}")
    return match.group(1), repo.get("branch", "main")


def _toc_files(node) -> list[str]:
    files = []
    if isinstance(node, dict):
        files += [node[key] for key in ("file", "root") if key in node]
        for value in node.values():
            files += _toc_files(value)
    elif isinstance(node, list):
        for item in node:
            files += _toc_files(item)
    return files


def toc_pages(root: Path = ROOT) -> list[Path]:
    """Every page of _toc.yml (its .md file), in table-of-contents order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    return [root / (f if f.endswith(".md") else f + ".md") for f in dict.fromkeys(_toc_files(toc))]


def is_notebook(md: Path) -> bool:
    head = md.read_text(encoding="utf-8")[:400]
    return head.startswith("---") and "\njupytext:" in head


def chapters(root: Path = ROOT) -> list[Path]:
    """The chapter notebooks of the book, in table-of-contents order."""
    return [md for md in toc_pages(root) if md.exists() and is_notebook(md)]


def docname(md: Path, root: Path = ROOT) -> str:
    """'book/part1/ch01_x' for ROOT/book/part1/ch01_x.md."""
    return md.resolve().relative_to(root.resolve()).with_suffix("").as_posix()


def chapter_docnames(root: Path = ROOT) -> list[str]:
    return [docname(md, root) for md in chapters(root)]


def title(md: Path) -> str:
    """A chapter's title: its one `# ` heading ("第1章 線形回帰と勾配降下法")."""
    return next(line[2:].strip() for line in md.read_text(encoding="utf-8").splitlines() if line.startswith("# "))


def handout_name(docname_or_md: str | Path) -> str:
    """The file name (without .pdf) of a chapter's printed handout: 'ch01_linear_regression'."""
    return Path(str(docname_or_md)).with_suffix("").name


def front_matter(md: Path) -> dict:
    """The ``mlzemi:`` block of a chapter's front matter."""
    text = md.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, flags=re.DOTALL)
    meta = yaml.safe_load(match.group(1)) if match else {}
    return (meta or {}).get("mlzemi", {}) or {}


def budget_seconds(md: Path) -> float:
    """A chapter's execution-time budget (s) on 2 CPU cores: front matter `mlzemi: budget_seconds`."""
    return float(front_matter(md).get("budget_seconds", DEFAULT_BUDGET_S))


def colab_extras(md: Path | None) -> list[str]:
    """Optional dependency groups of the helper package a chapter needs in Colab: front matter `mlzemi: colab_extras`."""
    if md is None:
        return []
    extras = front_matter(md).get("colab_extras", [])
    if not isinstance(extras, list) or not all(isinstance(e, str) and re.fullmatch(r"[a-z0-9_-]+", e) for e in extras):
        raise ValueError(f"{md}: mlzemi.colab_extras must be a list of extra names, got {extras!r}")
    return extras
