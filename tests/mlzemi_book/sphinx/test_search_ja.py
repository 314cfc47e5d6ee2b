"""mlzemi_book.sphinx.search_ja: words are cut at punctuation before segmentation, and the browser's splitter is
Sphinx's own model. (That the browser splits a query as the index was split: tests/site/test_browser.py.)"""

from __future__ import annotations

import json
import re

from sphinx.search.ja import DefaultSplitter

from mlzemi_book.sphinx.search_ja import SearchJapaneseSegmentedQuery, split_query_js


def test_a_term_in_parentheses_is_indexed_without_them():
    text = "誤差逆伝播法（backpropagation）を使います。"
    plain = DefaultSplitter({}).split(text)
    assert "（backpropagation" in plain                           # Sphinx's splitter keeps the parenthesis on the word
    words = SearchJapaneseSegmentedQuery({}).split(text)
    assert "backpropagation" in words and not any(re.search(r"[（）。]", w) for w in words)
    assert words[:3] == DefaultSplitter({}).split("誤差逆伝播法")    # Japanese runs are segmented as before


def test_the_javascript_splitter_carries_sphinxs_model():
    js = split_query_js()
    assert "%(" not in js and js.lstrip().startswith("var splitQuery")
    model = json.loads(re.search(r"var model = (\{.*?\});\n", js).group(1))
    assert model["BIAS"] == DefaultSplitter.BIAS__ and model["UQ1"] == DefaultSplitter.UQ1__
    assert len(model) == len([name for name in vars(DefaultSplitter) if re.fullmatch(r"[A-Z]+[0-9]?__", name)])
    assert SearchJapaneseSegmentedQuery.js_splitter_code == js
