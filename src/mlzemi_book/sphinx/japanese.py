"""Japanese prose on the site.

- Paragraphs without stray spaces: a line break of the Markdown source between two Japanese characters, or next to
  Japanese punctuation, is removed (browsers show it as a space: 「もので、 章の」). Between a Japanese word and a Latin
  one it is kept.
- A true minus sign (U+2212) in numbers glued into the prose: Python formats −0.14 with the ASCII hyphen-minus,
  which typesets as a short hyphen (「-0.14」).
- 「解答」 on the solution dropdowns of sphinx-exercise, whose Japanese catalog translates "Exercise" but not
  "Solution".
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes

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


GLUED_NEGATIVE = re.compile(r"(?<![0-9A-Za-z])-(?=[0-9.])")


GLUED_E_NOTATION = re.compile(r"^([+-]?\d+(?:\.\d+)?)e([+-]?)0*(\d+)$")


def minus_sign_in_glued_numbers(app, doctree) -> None:
    """Typeset MyST-NB's pasted numbers: a true minus sign for a negative number (not inside a word or after a
    digit), and a number in e-notation (``5.9e-04``, from a ``:.1e`` format) as math, 5.9 × 10⁻⁴."""
    for node in list(doctree.findall(lambda n: isinstance(n, nodes.inline) and "pasted-text" in n["classes"])):
        match = GLUED_E_NOTATION.match(node.astext().strip())
        if match:
            mantissa, sign, exponent = match.groups()
            latex = f"{mantissa}\\times 10^{{{'-' if sign == '-' else ''}{exponent}}}"
            node.parent.replace(node, nodes.math(latex, latex))
            continue
        for text in list(node.findall(nodes.Text)):
            value = str(text)
            fixed = GLUED_NEGATIVE.sub("\u2212", value)
            if fixed != value:
                text.parent.replace(text, nodes.Text(fixed))


# Messages missing from an extension's Japanese catalog: {catalog: {English: Japanese}}
EXTRA_JAPANESE_MESSAGES = {"exercise": {"Solution": "解答"}}


def add_missing_translations(app) -> None:
    """Compile EXTRA_JAPANESE_MESSAGES into catalogs that Sphinx consults after the extensions' own ones."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

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


def setup(app):
    app.connect("doctree-read", join_japanese_lines)
    app.connect("doctree-read", minus_sign_in_glued_numbers)
    add_missing_translations(app)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
