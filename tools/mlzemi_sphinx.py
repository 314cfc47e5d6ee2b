"""The book's own Sphinx extension (listed under `sphinx.local_extensions` in _config.yml).

- ``{results-table} results.yml`` — the table of headline numbers on 付録C 結果一覧. It is rendered from the registry
  (``book/appendix/results.yml``) at build time: one row per headline name that a chapter in the table of contents
  actually glues, with a link back to the chapter and the value pasted by MyST-NB's cross-document glue
  (``{glue:text}`/book/part1/ch03_x.md::name:.3f```). A name whose chapter is not written yet is left out, so the
  registry can list the whole book while the build stays free of warnings.
- Japanese search that finds Japanese words: Sphinx indexes Japanese text split into words by its TinySegmenter
  port (``sphinx.search.ja.DefaultSplitter``), but splits the reader's query only at spaces and punctuation, so
  「誤差逆伝播法」 (indexed as 誤差 / 逆伝 / 播法) finds nothing (sphinx-doc/sphinx#13395). The query is split
  here in the browser by the same model, translated to JavaScript from Sphinx's own Python code, so that query and
  index agree; both are first cut at punctuation, so that 「（broadcasting）」 is indexed as "broadcasting".
- Japanese paragraphs without stray spaces: a line break of the Markdown source between two Japanese characters, or
  next to Japanese punctuation, is removed (browsers show it as a space: 「もので、 章の」). Between a Japanese word
  and a Latin one it is kept.
- 「解答」 on the solution dropdowns of sphinx-exercise, whose Japanese catalog translates "Exercise" but not "Solution".
- Figures, tables and equations numbered per chapter, as in a printed textbook: 「図 8.3」「式 (8.12)」 in 第8章,
  「図 A.2」 in 付録A (Sphinx numbers them continuously across the whole book when the toctree is not numbered).
- A fix for a duplicated inline script: sphinx-thebe 0.3.1 adds ``const THEBE_JS_URL = ...`` twice to every page,
  which makes the browser throw ``SyntaxError: Identifier 'THEBE_JS_URL' has already been declared``.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import yaml
from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.search.ja import DefaultSplitter, SearchJapanese
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
    """```{results-table} results.yml``` — see the module docstring."""

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


def drop_duplicate_inline_scripts(app, pagename, templatename, context, doctree) -> None:
    """Keep the first of identical inline scripts (sphinx-thebe adds its configuration script twice)."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for script in scripts:
        body = getattr(script, "attributes", {}).get("body")
        if body is not None and body in seen:
            continue
        if body is not None:
            seen.add(body)
        kept.append(script)
    context["script_files"] = kept


# The segmenter of sphinx.search.ja.DefaultSplitter.split, line for line (including its use of UQ1 for p3 + c3),
# with the weight tables taken from that class, so that the browser splits a query as Sphinx split the text.
SPLIT_QUERY_JS = """
var splitQuery = (function () {
  var model = %(model)s;
  var patterns = %(patterns)s.map(function (p) { return [new RegExp(p[0]), p[1]]; });
  function ctype(ch) {
    for (var i = 0; i < patterns.length; i++) { if (patterns[i][0].test(ch)) return patterns[i][1]; }
    return "O";
  }
  function ts(table, key) { return Object.prototype.hasOwnProperty.call(model[table], key) ? model[table][key] : 0; }
  function segment(input) {
    if (!input) return [];
    var chars = Array.from(input);
    var seg = ["B3", "B2", "B1"].concat(chars, ["E1", "E2", "E3"]);
    var ctypes = ["O", "O", "O"].concat(chars.map(ctype), ["O", "O", "O"]);
    var result = [], word = seg[3], p1 = "U", p2 = "U", p3 = "U";
    for (var i = 4; i < seg.length - 3; i++) {
      var w1 = seg[i-3], w2 = seg[i-2], w3 = seg[i-1], w4 = seg[i], w5 = seg[i+1], w6 = seg[i+2];
      var c1 = ctypes[i-3], c2 = ctypes[i-2], c3 = ctypes[i-1], c4 = ctypes[i], c5 = ctypes[i+1], c6 = ctypes[i+2];
      var score = model.BIAS;
      score += ts("UP1", p1) + ts("UP2", p2) + ts("UP3", p3) + ts("BP1", p1 + p2) + ts("BP2", p2 + p3);
      score += ts("UW1", w1) + ts("UW2", w2) + ts("UW3", w3) + ts("UW4", w4) + ts("UW5", w5) + ts("UW6", w6);
      score += ts("BW1", w2 + w3) + ts("BW2", w3 + w4) + ts("BW3", w4 + w5);
      score += ts("TW1", w1 + w2 + w3) + ts("TW2", w2 + w3 + w4) + ts("TW3", w3 + w4 + w5) + ts("TW4", w4 + w5 + w6);
      score += ts("UC1", c1) + ts("UC2", c2) + ts("UC3", c3) + ts("UC4", c4) + ts("UC5", c5) + ts("UC6", c6);
      score += ts("BC1", c2 + c3) + ts("BC2", c3 + c4) + ts("BC3", c4 + c5);
      score += ts("TC1", c1 + c2 + c3) + ts("TC2", c2 + c3 + c4) + ts("TC3", c3 + c4 + c5) + ts("TC4", c4 + c5 + c6);
      score += ts("UQ1", p1 + c1) + ts("UQ2", p2 + c2) + ts("UQ1", p3 + c3);
      score += ts("BQ1", p2 + c2 + c3) + ts("BQ2", p2 + c3 + c4) + ts("BQ3", p3 + c2 + c3) + ts("BQ4", p3 + c3 + c4);
      score += ts("TQ1", p2 + c1 + c2 + c3) + ts("TQ2", p2 + c2 + c3 + c4);
      score += ts("TQ3", p3 + c1 + c2 + c3) + ts("TQ4", p3 + c2 + c3 + c4);
      var p = "O";
      if (score > 0) { result.push(word.trim()); word = ""; p = "B"; }
      p1 = p2; p2 = p3; p3 = p;
      word += seg[i];
    }
    result.push(word.trim());
    return result;
  }
  // As SearchJapaneseSegmentedQuery.split: runs of word characters (Python's \\w), each segmented. A leading "-"
  // (exclude this word) stays on the first piece. Pieces of one character are dropped, as the index drops them.
  var wordRun = /[\\p{Letter}\\p{Number}_]+/gu;
  return function (query) {
    var terms = [];
    query.split(/\\s+/).forEach(function (part) {
      var exclude = part.charAt(0) === "-";
      var pieces = [];
      ((exclude ? part.slice(1) : part).match(wordRun) || []).forEach(function (run) {
        pieces = pieces.concat(segment(run).filter(function (w) { return w.length > 1; }));
      });
      if (exclude && pieces.length) pieces[0] = "-" + pieces[0];
      terms = terms.concat(pieces);
    });
    return terms;
  };
})();
"""


def split_query_js() -> str:
    model = {name[:-2]: value for name, value in vars(DefaultSplitter).items()
             if re.fullmatch(r"[A-Z]+[0-9]?__", name)}
    patterns = [[pattern.pattern, value] for pattern, value in DefaultSplitter.patterns_.items()]
    return SPLIT_QUERY_JS % {"model": json.dumps(model, ensure_ascii=False), "patterns": json.dumps(patterns, ensure_ascii=False)}


class SearchJapaneseSegmentedQuery(SearchJapanese):
    """Sphinx's Japanese search, with the reader's query split by the same segmenter as the indexed text.

    The text is first cut into runs of word characters, and each run is segmented: otherwise TinySegmenter keeps
    punctuation on words (「（broadcasting」), and an English term in parentheses cannot be found.
    """

    js_splitter_code = split_query_js()

    def split(self, input: str) -> list[str]:
        return [word for run in re.findall(r"\w+", input) for word in self.splitter.split(run)]


JAPANESE = "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
JAPANESE_CHAR = re.compile(f"[{JAPANESE}]")
# 、。「」（）… : no space is wanted next to these, whatever the other side is
JAPANESE_PUNCTUATION = re.compile("[\u3001-\u3003\u3008-\u3011\u3014-\u301f\uff01\uff08\uff09\uff0c\uff0e\uff1a\uff1b\uff1f]")
SKIP_TEXT_IN = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.raw, nodes.comment)


def join_japanese_lines(app, doctree) -> None:
    """Drop the line breaks of the source that fall between two Japanese characters of a paragraph."""
    for element in list(doctree.findall(lambda n: isinstance(n, (nodes.paragraph, nodes.caption)))):
        texts = [t for t in element.findall(nodes.Text) if not isinstance(t.parent, SKIP_TEXT_IN)]
        for index, text in enumerate(texts):
            value = str(text)
            if "\n" not in value:
                continue
            before = str(texts[index - 1])[-1:] if index > 0 else ""
            after = str(texts[index + 1])[:1] if index + 1 < len(texts) else ""
            kept = []
            for position, char in enumerate(value):
                previous = value[position - 1] if position > 0 else before
                following = value[position + 1] if position + 1 < len(value) else after
                if char == "\n" and previous and following and (
                        (JAPANESE_CHAR.match(previous) and JAPANESE_CHAR.match(following))
                        or JAPANESE_PUNCTUATION.match(previous) or JAPANESE_PUNCTUATION.match(following)):
                    continue
                kept.append(char)
            joined = "".join(kept)
            if joined != value:
                # by identity: Text is a str, and Element.replace would take the first equal one ("\n")
                parent = text.parent
                new = nodes.Text(joined)
                parent[next(i for i, child in enumerate(parent.children) if child is text)] = new
                texts[index] = new


# Messages missing from an extension's Japanese catalog: {catalog: {English: Japanese}}
EXTRA_JAPANESE_MESSAGES = {"exercise": {"Solution": "解答"}}


def add_missing_translations(app) -> None:
    """Compile EXTRA_JAPANESE_MESSAGES into catalogs that Sphinx consults after the extensions' own ones."""
    from babel.messages.catalog import Catalog  # noqa: PLC0415
    from babel.messages.mofile import write_mo  # noqa: PLC0415

    locale_dir = Path(app.doctreedir) / "mlzemi-locale"
    for domain, messages in EXTRA_JAPANESE_MESSAGES.items():
        catalog = Catalog(locale="ja", domain=domain)
        for english, japanese in messages.items():
            catalog.add(english, japanese)
        path = locale_dir / "ja" / "LC_MESSAGES" / f"{domain}.mo"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as out:
            write_mo(out, catalog)
        app.add_message_catalog(domain, str(locale_dir))


CHAPTER_TITLE = re.compile(r"^(?:第(\d+)章|付録([A-Z]))")


def chapter_prefix(env, docname: str) -> tuple:
    """(8,) for a page titled 「第8章 …」, ("A",) for 「付録A …」, () for other pages."""
    title = env.titles.get(docname)
    match = CHAPTER_TITLE.match(title.astext()) if title is not None else None
    if match is None:
        return ()
    return (int(match.group(1)),) if match.group(1) else (match.group(2),)


def number_per_chapter(app, env) -> list[str]:
    """Renumber figures, tables, code blocks and equations from 1 in every page, prefixed by its chapter number.

    Runs after Sphinx's own numbering (TocTreeCollector, priority 500) on every build, cached or not.
    """
    changed = []
    for docname, by_type in env.toc_fignumbers.items():
        prefix = chapter_prefix(env, docname)
        for figtype, numbers in by_type.items():
            ordered = sorted(numbers, key=lambda node_id: numbers[node_id])
            renumbered = {node_id: (*prefix, index) for index, node_id in enumerate(ordered, start=1)}
            if renumbered != numbers:
                by_type[figtype] = renumbered
                changed.append(docname)
    return sorted(set(changed))


def setup(app):
    app.add_search_language(SearchJapaneseSegmentedQuery)
    app.add_directive("results-table", ResultsTable)
    app.connect("env-get-outdated", always_rebuild_results)
    app.connect("env-purge-doc", purge_results_doc)
    app.connect("env-merge-info", merge_results_docs)
    app.connect("html-page-context", drop_duplicate_inline_scripts)
    app.connect("doctree-read", join_japanese_lines)
    app.connect("env-get-updated", number_per_chapter, priority=900)
    add_missing_translations(app)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
