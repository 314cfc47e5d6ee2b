"""Glued values (``glue("name", value)`` in a chapter; MyST-NB's glue outputs), read back as Python values.

- :func:`build_values` — every glued value of the last build (``_build/jupyter_execute/**/*.glue.json``);
- :func:`notebook_values` — the glued values of one executed notebook (``tools``: a chapter run alone as in Colab);
- :func:`source_names` — the names a chapter's source glues (``glue("name", …)``; an f-string name as a pattern).

Values are parsed from their ``text/plain`` representation; what is not a Python literal (a figure, a numpy repr
``np.float64(…)``) stays the text, so that a test can name it.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from . import project

#: glue("name", ...) or glue(f"name_{key}", ...): the name's literal text and whether it is an f-string
GLUE_CALL = re.compile(r"""\bglue\(\s*(f?)(["'])(.+?)\2""")


def parse(text: str | list[str]) -> object:
    if isinstance(text, list):
        text = "".join(text)
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def _output_value(output: dict) -> object:
    # glue(..., display=False) stores its data under a prefix ("application/papermill.record/text/plain")
    prefix = output.get("metadata", {}).get("scrapbook", {}).get("mime_prefix", "")
    data = output.get("data", {})
    return parse(data.get(prefix + "text/plain", data.get("text/plain", "")))


def build_values(executed: Path = project.EXECUTED) -> dict[str, object]:
    """Every glued value of a build, keyed by glue name."""
    values: dict[str, object] = {}
    for path in sorted(executed.rglob("*.glue.json")):
        values.update(chapter_build_values(path))
    return values


def chapter_build_values(path: Path) -> dict[str, object]:
    """The glued values of one ``*.glue.json`` file of the build."""
    return {name: _output_value(output) for name, output in json.loads(path.read_text(encoding="utf-8")).items()}


def chapter_values(docname: str, build: Path = project.BUILD) -> dict[str, object] | None:
    """The glued values of a chapter in a build, or None if the build has none for it."""
    path = build / "jupyter_execute" / f"{docname}.glue.json"
    return chapter_build_values(path) if path.exists() else None


def notebook_values(notebook: dict) -> dict[str, object]:
    """Glued values of an executed notebook (its outputs with scrapbook metadata)."""
    return {
        output["metadata"]["scrapbook"]["name"]: _output_value(output)
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
        if "name" in output.get("metadata", {}).get("scrapbook", {})
    }


def source_names(md: Path) -> list[re.Pattern]:
    """The names a chapter's source glues, as patterns: a plain name matches itself, f"a_{k}" matches a_….

    Only code cells count; the prose's ``{glue:text}`` roles are checked by the build itself (-W fails on a missing
    name).
    """
    patterns = {}
    for is_f, _, name in GLUE_CALL.findall(md.read_text(encoding="utf-8")):
        if is_f:
            regex = "".join(".+" if part.startswith("{") else re.escape(part) for part in re.split(r"(\{[^}]*\})", name))
        else:
            regex = re.escape(name)
        patterns[regex] = re.compile(regex)
    return list(patterns.values())
