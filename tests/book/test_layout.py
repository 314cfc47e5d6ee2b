"""The book's layout and its shared pages: parts in order, glossary, bibliography, prose conventions, and what
several chapters share (the digits split of ch. 2–5, 7 and 9; no chapter imports another)."""

from __future__ import annotations

import re

import pytest
import yaml

import book

PART1 = book.ROOT / "book" / "part1"
PART2 = book.ROOT / "book" / "part2"
DIGITS_CHAPTERS = ["ch02_logistic_regression", "ch03_mlp_backprop", "ch04_pytorch_intro", "ch05_training_tips"]
SPLIT = "train_test_split(X, y, test_size=0.25, random_state=0, stratify=y)"

PARTS = [
    "イントロダクション",
    "第I部 ニューラルネットワークの基礎",
    "第II部 畳み込みニューラルネットワーク",
    "第III部 グラフニューラルネットワークとガラス",
    "付録",
]


def test_toc_lays_out_the_whole_book_as_parts():
    toc = yaml.safe_load((book.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    assert toc["format"] == "jb-book"
    assert [part["caption"] for part in toc["parts"]] == PARTS
    for page in book.project.toc_pages():
        assert page.exists(), f"_toc.yml lists a missing page: {page}"


def test_chapter_titles_are_numbered_in_order():
    """Chapters read '# 第N章 …'; notebook pages of the appendix (付録) read '# 付録A …', '# 付録B …'."""
    numbers, letters = [], []
    for md in book.chapters():
        title = next(line for line in md.read_text(encoding="utf-8").splitlines() if line.startswith("# "))
        if md.parent.name == "appendix":
            match = re.match(r"# 付録([A-Z]) \S", title)
            assert match, f"{md.name}: an appendix title should read '# 付録A …', got {title!r}"
            letters.append(match.group(1))
            continue
        match = re.match(r"# 第(\d+)章 \S", title)
        assert match, f"{md.name}: title should read '# 第N章 …', got {title!r}"
        numbers.append(int(match.group(1)))
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    assert letters == sorted(letters) and len(set(letters)) == len(letters)


def test_glossary_is_bilingual_and_unique():
    entries = book.glossary_entries()
    assert entries
    terms = [term for term, _ in entries]
    assert len(terms) == len(set(terms)), "a term is defined twice"
    for term, definition in entries:
        # 「English term。一行の定義。」
        assert re.match(r"[A-Za-z(]", definition), f"{term}: the definition should start with the English term"
        assert "。" in definition, f"{term}: one-line Japanese definition expected"


def test_bapst_is_cited_correctly():
    bib = (book.ROOT / "book" / "references.bib").read_text(encoding="utf-8")
    entry = re.search(r"@article\{bapst2020,.*?\n\}", bib, flags=re.DOTALL)
    if entry is None:
        pytest.skip("bapst2020 not in the bibliography yet")
    text = entry.group(0)
    assert re.search(r"journal\s*=\s*\{Nature Physics\}", text)
    assert re.search(r"volume\s*=\s*\{16\}", text) and re.search(r"pages\s*=\s*\{448", text)


PROSE_RULES = [
    (re.compile(r"[，．]"), "use 、。 (not ，．)"),
    (re.compile(r"　\$|\$　"), "no full-width space next to $…$"),
    (re.compile(r"(である|のだ|ことだ|ものだ|ためだ|からだ|はずだ|だろう|必要だ|重要だ|できる|とする|となる|している)。"),
     "です・ます調 (not だ・である)"),
]


# Bullet lists (e.g. 学習目標: 「…を説明できる。」) may use the plain form; running prose may not.
# Quotations 「…」 keep their own register.
QUOTED = re.compile(r"「[^」]*(」|$)")
LIST_ITEM = re.compile(r"\s*([-*+]|\d+\.)\s")


def prose_lines(md):
    """Lines of Markdown prose (outside code cells and fenced blocks other than directives with prose)."""
    in_code = False
    for number, line in enumerate(md.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith("```{code-cell}") or line.startswith("```python") or line.startswith("```bash"):
            in_code = True
            continue
        if in_code and line.startswith("```"):
            in_code = False
            continue
        if not in_code:
            yield number, line


@pytest.mark.parametrize(
    "md",
    sorted(p for p in (book.ROOT / "book").rglob("*.md") if "_build" not in p.parts),
    ids=lambda p: p.relative_to(book.ROOT).as_posix(),
)
def test_japanese_prose_conventions(md):
    problems = [
        f"{md.name}:{number}: {message}: {line.strip()[:80]}"
        for number, line in prose_lines(md)
        for pattern, message in PROSE_RULES
        if pattern.search(QUOTED.sub("", line) if message.startswith("です") else line)
        and not (message.startswith("です") and LIST_ITEM.match(line))
    ]
    assert not problems, "\n".join(problems)


# ---- what several chapters share ---------------------------------------------------------------------------------


@pytest.mark.parametrize("chapter", DIGITS_CHAPTERS)
def test_digits_chapters_share_one_split(chapter):
    """The accuracies of ch. 2–5 are comparable only if every chapter uses the same split and scaling."""
    text = (PART1 / f"{chapter}.md").read_text(encoding="utf-8")
    assert SPLIT in text
    assert "X = digits.data / 16.0" in text


@pytest.mark.parametrize("chapter", ["ch07_cnn_digits", "ch09_gradcam"])
def test_digits_chapters_use_part1_split(chapter):
    """CNN and MLP accuracies are comparable with Part I only on the same split and scaling (X / 16)."""
    text = (PART2 / f"{chapter}.md").read_text(encoding="utf-8")
    assert "load_digits" in text and "/ 16" in text
    assert SPLIT.replace("X, y", "X / 16, y") in text or SPLIT in text


def test_chapters_run_standalone():
    """No chapter imports another chapter's code: everything comes from the chapter itself or mlzemi."""
    for md in sorted(PART2.glob("ch*.md")):
        text = md.read_text(encoding="utf-8")
        assert "import ch0" not in text and "from ch0" not in text, md.name
