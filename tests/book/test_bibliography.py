"""The bibliography files: every key defined once across all of them (a duplicate makes pybtex warn, and the build fail)."""

from __future__ import annotations

import re
from collections import Counter

import yaml

import book


def bib_files():
    config = yaml.safe_load((book.ROOT / "_config.yml").read_text(encoding="utf-8"))
    return [book.ROOT / path for path in config["bibtex_bibfiles"]]


def test_every_bib_file_is_configured_and_exists():
    configured = {path.resolve() for path in bib_files()}
    on_disk = {path.resolve() for path in (book.ROOT / "book").rglob("*.bib")}
    assert configured == on_disk


def test_every_key_is_defined_once():
    keys = Counter(
        key
        for path in bib_files()
        for key in re.findall(r"^@\w+\{([^,\s]+),", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    )
    duplicates = sorted(key for key, count in keys.items() if count > 1)
    assert not duplicates, f"defined more than once: {duplicates}"
