"""mlzemi_book.standalone: which chapters a run selects, which glued values may differ, and the clean environment.

The chapters run alone as in Colab are tests/site/test_standalone.py."""

from __future__ import annotations

import json
import math

import pytest

import book
from mlzemi_book import standalone


def test_the_rotating_subset_covers_every_chapter():
    for count in range(1, 20):
        chapters = [book.ROOT / f"book/part/ch{i:02d}.md" for i in range(count)]
        for per_run in range(1, 5):
            days_needed = math.ceil(count / min(per_run, count))
            for first_day in (1, 100, 365):
                seen = set()
                for day in range(first_day, first_day + days_needed):
                    chosen = standalone.select(chapters, str(per_run), day)
                    assert len(chosen) == min(per_run, count) == len(set(chosen))
                    seen |= set(chosen)
                assert seen == set(chapters), (count, per_run, first_day)
    chapters = book.chapters()
    assert standalone.select(chapters, "all") == chapters and standalone.select(chapters, "0") == []
    assert standalone.select(chapters, chapters[0].stem) == chapters[:1]
    with pytest.raises(ValueError):
        standalone.select(chapters, "no_such_chapter")


def test_differences_ignore_timings_only():
    build = {"acc": 0.96875, "n": 10, "speed_ratio": 1.5, "loop_seconds": 0.2}
    assert standalone.differences(build, dict(build, speed_ratio=1.7, loop_seconds=0.3)) == []
    assert standalone.differences(build, dict(build, acc=0.96870)) == ["acc: 0.96875 != 0.9687"]
    assert standalone.differences(build, {k: v for k, v in build.items() if k != "n"}) == ["n: 10 != '<missing>'"]


def test_clean_environment_hides_the_repository(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(book.ROOT / "src"))
    monkeypatch.setenv("PIP_INDEX_URL", "https://example.org/simple")
    env = standalone.clean_environment(tmp_path / "env" / "bin" / "python", tmp_path / "home", tmp_path / "x.whl")
    assert "PYTHONPATH" not in env and "VIRTUAL_ENV" not in env and str(book.ROOT) not in json.dumps(env)
    assert env["MLZEMI_SETUP"] == "1" and env["MLZEMI_PACKAGE"].endswith("x.whl")
    assert env["PIP_INDEX_URL"] == "https://example.org/simple"
