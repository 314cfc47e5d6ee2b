"""mlzemi_book.sphinx.html_fixes: a duplicated inline script is dropped, everything else kept in order."""

from __future__ import annotations

from types import SimpleNamespace

from mlzemi_book.sphinx.html_fixes import drop_duplicate_inline_scripts


def script(body=None, src=None):
    attributes = {} if body is None else {"body": body}
    return SimpleNamespace(attributes=attributes, src=src)


def test_identical_inline_scripts_are_kept_once():
    thebe = 'const THEBE_JS_URL = "https://unpkg.com/thebe"'
    scripts = [script(src="a.js"), script(thebe), script("var other = 1"), script(thebe), script(src="a.js"), "b.js"]
    context = {"script_files": list(scripts)}
    drop_duplicate_inline_scripts(None, "page", "page.html", context, None)
    assert context["script_files"] == [scripts[0], scripts[1], scripts[2], scripts[4], "b.js"]


def test_a_page_without_scripts_is_left_alone():
    context = {}
    drop_duplicate_inline_scripts(None, "page", "page.html", context, None)
    assert context == {}
