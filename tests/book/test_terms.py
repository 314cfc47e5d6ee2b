"""One vocabulary: the table 表記の統一 (book/appendix/glossary/usage.md) lists, for each preferred Japanese term,
the variants the book does not use. A chapter's prose (outside code, inline code and quotations) may not use them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from book import prose

ROOT = Path(__file__).resolve().parents[2]
USAGE = ROOT / "book" / "appendix" / "glossary" / "usage.md"

# Chapters written by other authors that do not follow the table yet (Part III glass chapters). Remove a file from
# this set when its chapter follows the table; the test then holds it to the table like every other page.
NOT_YET = {
    "book/part3/ch13_structural_baselines.md",
}
# Passages being rewritten on another branch: none left.
PENDING_REWRITE: list[tuple[str, str]] = []


@dataclass(frozen=True)
class Rule:
    preferred: str
    avoided: tuple[str, ...]
    allowed: tuple[str, ...]  # words that contain an avoided variant but are fine (連鎖 contains 鎖)


def split_cell(cell: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in re.split(r"[、,]", cell) if word.strip())


def read_rules(path: Path = USAGE) -> list[Rule]:
    """The rows of the table: | 本書の表記 | 使わない表記 | そのまま使ってよい語 | 理由 |."""
    rules = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 3 or set(cells[0]) <= set("-: ") or cells[0] == "本書の表記":
            continue
        rules.append(Rule(cells[0], split_cell(cells[1]), split_cell(cells[2])))
    return rules


def violations(text: str, rules: list[Rule], exempt: tuple[str, ...] = ()) -> list[tuple[int, str, str]]:
    """(line, avoided variant, preferred term) for every avoided variant in the prose of `text`."""
    found = []
    for number, line in prose(text):
        if any(piece in line for piece in exempt):
            continue
        for rule in rules:
            masked = line
            for word in sorted(rule.allowed, key=len, reverse=True):
                masked = masked.replace(word, "□" * len(word))
            for variant in rule.avoided:
                if variant in masked:
                    found.append((number, variant, rule.preferred))
    return found


def pages() -> list[Path]:
    book = ROOT / "book"
    every = sorted(p for p in book.rglob("*.md") if "_build" not in p.parts and p != USAGE)
    return [p for p in every if p.relative_to(ROOT).as_posix() not in NOT_YET]


def test_usage_table_is_read():
    rules = read_rules()
    assert len(rules) >= 8
    preferred = {rule.preferred for rule in rules}
    assert "ヒートマップ" in preferred and "エイジング" in preferred
    for rule in rules:
        assert rule.avoided, f"{rule.preferred}: no variant to avoid"
        for variant in rule.avoided:
            assert variant not in rule.preferred or any(variant in word for word in rule.allowed), rule


@pytest.mark.parametrize("md", pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_chapter_uses_the_book_vocabulary(md):
    name = md.relative_to(ROOT).as_posix()
    exempt = tuple(piece for path, piece in PENDING_REWRITE if path == name)
    found = violations(md.read_text(encoding="utf-8"), read_rules(), exempt)
    assert not found, "\n".join(f"{name}:{line}: 「{variant}」→「{preferred}」" for line, variant, preferred in found)


BAD_SAMPLE = """\
# 第99章 見本

配置は 8 本の鎖から作りました。Grad-CAM の地図を描き、前向きの計算と二次元の格子で確かめます。

```{code-cell} ipython3
---
mystnb:
  figure:
    caption: エージングの地図
---
chains = 8  # 鎖の数（コードの中は数えない）
```

マルコフ連鎖と連鎖律は正しい表記です。`鎖` はコードなので数えません。『地図の本』は引用です。
"""


def test_the_vocabulary_test_can_fail():
    found = violations(BAD_SAMPLE, read_rules())
    assert {(line, variant) for line, variant, _ in found} == {
        (3, "鎖"), (3, "地図"), (3, "前向き"), (3, "二次元"), (9, "エージング"), (9, "地図"),
    }
