"""``{results-table} results.yml`` — the table of headline numbers on 付録C 結果一覧.

It is rendered from the registry (``book/appendix/results.yml``) at build time: one row per headline name that a
chapter in the table of contents actually glues, with a link back to the chapter and the value pasted by MyST-NB's
cross-document glue (``{glue:text}`/book/part1/ch03_x.md::name:.3f```). A name whose chapter is not written yet is
left out, so the registry can list the whole book while the build stays free of warnings.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import yaml
from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

REGISTRY_FIELDS = {"name", "chapter", "description", "format", "min", "max"}


def load_registry(path: Path) -> list[dict]:
    """Entries of the headline-number registry, checked for the fields the page and the tests rely on."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    names = [entry["name"] for entry in entries]
    if len(names) != len(set(names)):
        raise ValueError(f"{path}: a name is listed twice")
    for entry in entries:
        unknown = set(entry) - REGISTRY_FIELDS
        if unknown or not {"name", "description", "format"} <= set(entry):
            raise ValueError(f"{path}: entry {entry.get('name')!r}: fields must be {sorted(REGISTRY_FIELDS)}")
    return entries


def glue_pattern(name: str) -> re.Pattern:
    """Matches a code line that glues `name`: glue("name", ...)."""
    return re.compile(r"""\bglue\(\s*["']""" + re.escape(name) + r"""["']""")


def producing_chapter(entry: dict, sources: dict[str, str]) -> str | None:
    """The document (docname) that glues the entry's name, or None if no document in the book does yet.

    `sources` maps each docname of the book to its Markdown text. An entry names its chapter (`chapter:`) when the
    issue fixes it; otherwise every document of the book is searched.
    """
    pattern = glue_pattern(entry["name"])
    candidates = [entry["chapter"]] if entry.get("chapter") else list(sources)
    for docname in candidates:
        if docname in sources and pattern.search(sources[docname]):
            return docname
    return None


def _number(value: float) -> str:
    return f"{value:g}" if 1e-3 <= abs(value) < 1e4 or value == 0 else f"{value:.0e}"


def threshold_text(entry: dict) -> str:
    """What the method should reach, as shown in the table: '≥ 0.9', '≤ 1e-06', '2〜2.5'."""
    low, high = entry.get("min"), entry.get("max")
    if low is not None and high is not None:
        return f"{_number(low)}〜{_number(high)}"
    if low is not None:
        return f"≥ {_number(low)}"
    if high is not None:
        return f"≤ {_number(high)}"
    return "—"


def within_threshold(entry: dict, value: float) -> bool:
    if not isinstance(value, (int, float)) or not math.isfinite(value):
        return False
    return (entry.get("min") is None or value >= entry["min"]) and (entry.get("max") is None or value <= entry["max"])


def table_markdown(entries: list[dict], sources: dict[str, str], titles: dict[str, str]) -> str:
    """The MyST Markdown table of the produced headline numbers, in table-of-contents order."""
    order = {docname: index for index, docname in enumerate(sources)}
    rows = []
    for entry in entries:
        docname = producing_chapter(entry, sources)
        if docname is None:
            continue
        title = titles.get(docname, docname).replace("|", "\\|")
        value = f"{{glue:text}}`/{docname}.md::{entry['name']}:{entry['format']}`"
        cells = [f"{{doc}}`{title} </{docname}>`", entry["description"], value, threshold_text(entry),
                 f"`{entry['name']}`"]
        rows.append((order[docname], " | ".join(cells)))
    if not rows:
        return "（本文の数値を出力した章はまだありません。）"
    header = "| 章 | 内容 | 値 | 目安 | glue 名 |\n| --- | --- | --- | --- | --- |"
    return header + "\n" + "\n".join("| " + row + " |" for _, row in sorted(rows, key=lambda r: r[0]))


RESULTS_COLUMNS = r"|\Y{0.2}|\Y{0.34}|\Y{0.09}|\Y{0.11}|\Y{0.26}|"
"""LaTeX column spec of the results table (章, 内容, 値, 目安, glue 名)."""


class ResultsTable(SphinxDirective):
    """```{results-table} results.yml```: see the module docstring."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        env = self.env
        _, registry = env.relfn2path(self.arguments[0], env.docname)
        env.note_dependency(registry)
        env.mlzemi_results_docs = getattr(env, "mlzemi_results_docs", set()) | {env.docname}
        entries = load_registry(Path(registry))
        sources = {}
        for docname in book_docnames(env):
            path = Path(env.doc2path(docname))
            if path.suffix == ".md" and path.exists():
                sources[docname] = path.read_text(encoding="utf-8")
        titles = {docname: _title(text) for docname, text in sources.items()}
        container = nodes.container(classes=["mlzemi-results"])
        markdown = table_markdown(entries, sources, titles)
        self.state.nested_parse(StringList(markdown.splitlines()), self.content_offset, container)
        for table in list(container.findall(nodes.table)):
            # In print: a longtable breaks across pages; its columns wrap at fixed fractions of the line width.
            table["classes"].append("longtable")
            table.parent.insert(table.parent.index(table), addnodes.tabular_col_spec(spec=RESULTS_COLUMNS))
        return [container]


def _title(markdown: str) -> str:
    match = re.search(r"^# (.+)$", markdown, flags=re.MULTILINE)
    return match.group(1).strip() if match else ""


def book_docnames(env) -> list[str]:
    """Documents of the book in table-of-contents order (sphinx-external-toc), falling back to sorted names."""
    toc = getattr(env, "external_site_map", None)
    if toc is not None:
        ordered = [doc for doc in _walk_site_map(toc, toc.root.docname) if doc in env.found_docs]
        if ordered:
            return ordered
    return sorted(env.found_docs)


def _walk_site_map(site_map, docname: str, seen: set | None = None) -> list[str]:
    seen = seen if seen is not None else set()
    if docname in seen or docname not in site_map:
        return []
    seen.add(docname)
    order = [docname]
    for subtree in site_map[docname].subtrees:
        for item in subtree.items:
            if isinstance(item, str):
                order += _walk_site_map(site_map, item, seen)
    return order


def always_rebuild_results(app, env, added, changed, removed) -> list[str]:
    """The results page shows other documents' numbers: re-read and re-write it on every build."""
    return sorted(getattr(env, "mlzemi_results_docs", set()) - set(removed))


def purge_results_doc(app, env, docname) -> None:
    getattr(env, "mlzemi_results_docs", set()).discard(docname)


def merge_results_docs(app, env, docnames, other) -> None:
    """Parallel reads: collect the results pages found by the worker processes."""
    env.mlzemi_results_docs = getattr(env, "mlzemi_results_docs", set()) | getattr(other, "mlzemi_results_docs", set())


def setup(app):
    app.add_directive("results-table", ResultsTable)
    app.connect("env-get-outdated", always_rebuild_results)
    app.connect("env-purge-doc", purge_results_doc)
    app.connect("env-merge-info", merge_results_docs)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
