"""Japanese search that finds Japanese words.

Sphinx indexes Japanese text split into words by its TinySegmenter port (``sphinx.search.ja.DefaultSplitter``), but
splits the reader's query only at spaces and punctuation, so 「誤差逆伝播法」 (indexed as 誤差 / 逆伝 / 播法) finds
nothing (sphinx-doc/sphinx#13395). The query is split here in the browser by the same model, translated to JavaScript
from Sphinx's own Python code (``static/search_ja.js``), so that query and index agree; both are first cut at
punctuation, so that 「（broadcasting）」 is indexed as "broadcasting".
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sphinx.search.ja import DefaultSplitter, SearchJapanese

#: The segmenter of sphinx.search.ja.DefaultSplitter.split in JavaScript, line for line (including its use of UQ1 for
#: p3 + c3); its weight tables, %(model)s and %(patterns)s, are filled in from that class.
SPLIT_QUERY_JS = Path(__file__).with_name("static") / "search_ja.js"


def split_query_js() -> str:
    model = {name[:-2]: value for name, value in vars(DefaultSplitter).items()
             if re.fullmatch(r"[A-Z]+[0-9]?__", name)}
    patterns = [[pattern.pattern, value] for pattern, value in DefaultSplitter.patterns_.items()]
    return SPLIT_QUERY_JS.read_text(encoding="utf-8") % {
        "model": json.dumps(model, ensure_ascii=False), "patterns": json.dumps(patterns, ensure_ascii=False)}


class SearchJapaneseSegmentedQuery(SearchJapanese):
    """Sphinx's Japanese search, with the reader's query split by the same segmenter as the indexed text.

    The text is first cut into runs of word characters, and each run is segmented: otherwise TinySegmenter keeps
    punctuation on words (「（broadcasting」), and an English term in parentheses cannot be found.
    """

    js_splitter_code = split_query_js()

    def split(self, input: str) -> list[str]:
        return [word for run in re.findall(r"\w+", input) for word in self.splitter.split(run)]


def setup(app):
    app.add_search_language(SearchJapaneseSegmentedQuery)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
