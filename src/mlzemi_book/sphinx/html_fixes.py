"""A fix for a duplicated inline script: sphinx-thebe 0.3.1 adds ``const THEBE_JS_URL = ...`` twice to every page,
which makes the browser throw ``SyntaxError: Identifier 'THEBE_JS_URL' has already been declared``."""

from __future__ import annotations


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


def setup(app):
    app.connect("html-page-context", drop_duplicate_inline_scripts)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
