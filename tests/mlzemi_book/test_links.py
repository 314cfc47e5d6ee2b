"""mlzemi_book.links: the internal-link checker finds broken files, anchors and links out of the site."""

from __future__ import annotations

import subprocess

from mlzemi_book import links


def test_the_checker_finds_broken_links(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "img.png").write_bytes(b"png")
    (tmp_path / "index.html").write_text(
        '<h1 id="top">x</h1><a href="sub/page.html#sec">ok</a> <a href="#top">ok</a> <img src="img.png">'
        '<a href="https://example.org/x">external</a> <a href="mailto:a@b">mail</a> <a href="#">menu</a>'
        '<a href="sub/page.html#nowhere">bad anchor</a> <a href="missing.html">bad file</a> <img src="nope.png">'
        '<a href="../outside.html">outside</a> <a href="sub/">dir</a>', encoding="utf-8")
    (tmp_path / "sub" / "page.html").write_text('<section id="sec"></section><a href="../index.html#top">back</a>',
                                                encoding="utf-8")
    problems = links.internal_problems(tmp_path)
    assert len(problems) == 5, problems
    assert any("#nowhere" in p for p in problems) and any("missing.html" in p for p in problems)
    assert any("nope.png" in p for p in problems) and any("outside" in p for p in problems)
    assert any("sub/ (no file sub/index.html)" in p for p in problems)


def test_external_links_are_sphinxs_linkcheck(tmp_path, monkeypatch, capsys):
    """`--external` runs Sphinx's linkcheck builder (no crawler of its own); its status and broken internal links
    both fail the command."""
    (tmp_path / "index.html").write_text('<a href="https://example.org/">x</a>', encoding="utf-8")
    calls = []

    def run(command, cwd):
        calls.append(command)
        return subprocess.CompletedProcess(command, status)

    monkeypatch.setattr(links.subprocess, "run", run)
    status = 0
    assert links.main(["--html", str(tmp_path)]) == 0 and calls == []          # offline by default
    assert links.main(["--html", str(tmp_path), "--external"]) == 0
    assert calls[-1][1:] == ["build", str(links.ROOT), "--builder", "linkcheck"]
    assert calls[-1][0].endswith("jupyter-book")
    status = 1
    assert links.main(["--html", str(tmp_path), "--external"]) == 1
    status = 0
    broken = tmp_path / "broken"                   # a new folder: pages are parsed once per run (links.parse)
    broken.mkdir()
    (broken / "index.html").write_text('<a href="missing.html">x</a>', encoding="utf-8")
    assert links.main(["--html", str(broken), "--external"]) == 1
    assert "_build/linkcheck/output.txt" in capsys.readouterr().out
