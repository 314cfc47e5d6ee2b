"""The printed edition: the whole book and one handout per chapter, typeset by XeLaTeX.

    python -m mlzemi_book.pdf                 # the book and every chapter's handout → _build/pdf/*.pdf
    python -m mlzemi_book.pdf book/part1/ch01_linear_regression.md   # just that chapter's handout (quicker)
    python -m mlzemi_book.pdf book            # just the book
    python -m mlzemi_book.pdf --publish       # copy _build/pdf/*.pdf into the site (_build/html/pdf/), no build

Needs TeX Live from Debian/Ubuntu: `make setup` (.ci/install-system.sh). The steps:

1. `jupyter-book build . --builder latex -W -n --keep-going`: one .tex file for the book (ml-zemi.tex)
   and one per chapter (its file name, e.g. ch01_linear_regression.tex), written by the extension
   mlzemi_book.sphinx.pdf_edition. Chapters come from the execution cache, as in the site's build.
2. latexmk (XeLaTeX, via Sphinx's Makefile) on each file, in parallel (MLZEMI_PDF_JOBS, default: all CPUs).
3. Checks: LaTeX errors, missing glyphs, undefined references or citations in every log, and no text
   outside the page's margins. Exit 1 if anything is found.
4. The PDFs go to _build/pdf/, and to _build/html/pdf/ when the site has been built (its links point there).

`jupyter-book build . --builder pdflatex` gives the same PDFs in _build/latex/ (without the checks).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import project
from .project import BUILD, ROOT, handout_name

LATEX = BUILD / "latex"
PDF = BUILD / "pdf"
SITE_PDF = BUILD / "html" / "pdf"
LOG = PDF / "build.log"
BOOK = "ml-zemi"  # _config.yml: latex.latex_documents.targetname
TEX_PROGRAMS = ("xelatex", "latexmk", "make", "pdftotext", "pdffonts", "pdfinfo")

#: LaTeX log lines that fail the build
LOG_PROBLEMS = re.compile(
    r"^! |Missing character|(Reference|Hyper reference|Citation) `[^']*' on page \S+ undefined"
    r"|There were undefined references|multiply defined|Font shape `[^']*' undefined"
    r"|Package \w+ Error|Emergency stop|Fatal error",
)
#: the text block (geometry in mlzemi_book.sphinx.pdf_edition: hmargin=22mm, vmargin=24mm), in PDF points
MARGIN_X_PT = 22 / 25.4 * 72
MARGIN_Y_PT = 24 / 25.4 * 72
TOLERANCE_PT = 3.0
DEPTH_PT = 12.0  # the last line of a page sits on the text block's bottom; its descenders (or a fraction) go below


def documents() -> list[str]:
    """The PDFs this project makes, without .pdf: the book, then one handout per chapter."""
    return [BOOK] + [handout_name(md) for md in project.chapters()]


def missing_programs() -> list[str]:
    return [name for name in TEX_PROGRAMS if shutil.which(name) is None]


def run(command: list[str], log, **kwargs) -> int:
    log.write(f"\n$ {' '.join(command)}\n")
    log.flush()
    return subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, **kwargs).returncode


def build(targets: list[str]) -> int:
    missing = missing_programs()
    if missing:
        print(f"TeX is not installed (missing: {', '.join(missing)}); run `make setup`", file=sys.stderr)
        return 1
    PDF.mkdir(parents=True, exist_ok=True)
    jobs = os.environ.get("MLZEMI_PDF_JOBS", str(os.cpu_count() or 1))
    start = time.perf_counter()
    with LOG.open("w", encoding="utf-8") as log:
        jupyter_book = Path(sys.executable).with_name("jupyter-book")
        sphinx = [str(jupyter_book), "build", str(ROOT), "--builder", "latex", "-W", "-n", "--keep-going"]
        if run(sphinx, log, cwd=ROOT, env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}) != 0:
            print(f"Sphinx (LaTeX builder) failed; see {LOG.relative_to(ROOT)}", file=sys.stderr)
            return 1
        sphinx_seconds = time.perf_counter() - start
        for name in targets:  # latexmk is incremental; stale outputs must not pass for new ones
            (LATEX / f"{name}.pdf").unlink(missing_ok=True)
        env = {**os.environ, "LATEXOPTS": "-interaction=nonstopmode -halt-on-error -file-line-error"}
        make = ["make", "-C", str(LATEX), f"-j{jobs}", "--keep-going", *(f"{name}.pdf" for name in targets)]
        status = run(make, log, env=env)
    latex_seconds = time.perf_counter() - start - sphinx_seconds
    found = {name: problems(name) for name in targets}
    for name in targets:
        pdf = LATEX / f"{name}.pdf"
        if pdf.exists():
            shutil.copy2(pdf, PDF / pdf.name)
    publish(quiet=True)
    summary = (
        f"[mlzemi] PDF build: Sphinx {sphinx_seconds:.1f} s, LaTeX {latex_seconds:.1f} s "
        f"({len(targets)} documents, {jobs} jobs)"
    )
    with LOG.open("a", encoding="utf-8") as log:
        log.write("\n" + summary + "\n")
    print(summary)
    failed = False
    for name, lines in found.items():
        if lines:
            failed = True
            print(f"{name}.pdf:", *lines[:20], sep="\n  ", file=sys.stderr)
        else:
            print(f"  _build/pdf/{name}.pdf ({pages(PDF / f'{name}.pdf')} pages)")
    if status != 0 and not failed:
        print(f"make failed; see {LOG.relative_to(ROOT)}", file=sys.stderr)
    return 1 if failed or status != 0 else 0


def publish(quiet: bool = False) -> int:
    """Copy the PDFs into the site, where its PDF版 links point (_build/html/pdf/)."""
    if not (BUILD / "html").is_dir():
        if not quiet:
            print("no site in _build/html: run `jupyter-book build .` first", file=sys.stderr)
        return 0 if quiet else 1
    pdfs = sorted(PDF.glob("*.pdf"))
    if not pdfs and not quiet:
        print("no PDFs in _build/pdf: run `python -m mlzemi_book.pdf` first", file=sys.stderr)
        return 1
    SITE_PDF.mkdir(parents=True, exist_ok=True)
    for pdf in pdfs:
        shutil.copy2(pdf, SITE_PDF / pdf.name)
    if not quiet:
        print(f"copied {len(pdfs)} PDFs to {SITE_PDF.relative_to(ROOT)}/")
    return 0


# --------------------------------------------------------------------------------------------------
# Checks (also used by tests/site/test_pdf.py)


def log_problems(name: str) -> list[str]:
    """Lines of the LaTeX log of `name` that mean an error, a missing glyph or an unresolved reference."""
    log = LATEX / f"{name}.log"
    if not log.exists():
        return [f"{log.relative_to(ROOT)} missing: LaTeX did not run"]
    text = log.read_text(encoding="utf-8", errors="replace")
    return [line.strip() for line in text.splitlines() if LOG_PROBLEMS.search(line)]


def text(pdf: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", *args, str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def fonts(pdf: Path) -> list[tuple[str, bool]]:
    """(font name, embedded) for each font of the PDF (pdffonts)."""
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    result = []
    for line in lines[2:]:
        fields = line.split()
        # name type... encoding emb sub uni object-id gen: "emb" is the 5th field from the end
        result.append((fields[0], fields[-5] == "yes"))
    return result


#: Japanese punctuation is a full-width box with its ink on one side; xeCJK lets the empty half of a
#: line-final 、。）」 or a line-initial （「 stand in the margin, which pdftotext counts as the word's box.
CLOSING = "、。，．・：；！？）」』】〕〉》”’"
OPENING = "（「『【〔〈《“‘"
PUNCTUATION_PT = 10.5  # one full-width character of the 10 pt text
WORD = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">|'
                  r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE_NUMBER = re.compile(r"^(\d+(/\d+)?|/|[ivxlc]+)$")


def outside_margins(pdf: Path) -> list[str]:
    """Words printed outside the text block (into the side margins, or below it but the page number)."""
    found = []
    page = 0
    width = height = 0.0
    for match in WORD.finditer(text(pdf, "-bbox")):
        if match.group(1):
            page += 1
            width, height = float(match.group(1)), float(match.group(2))
            continue
        x_min, y_min, x_max, y_max = (float(match.group(i)) for i in range(3, 7))
        word = match.group(7)
        left = MARGIN_X_PT - (PUNCTUATION_PT if word[:1] in OPENING else TOLERANCE_PT)
        right = width - MARGIN_X_PT + (PUNCTUATION_PT if word[-1:] in CLOSING else TOLERANCE_PT)
        too_wide = x_min < left or x_max > right
        too_low = y_max > height - MARGIN_Y_PT + DEPTH_PT and not PAGE_NUMBER.match(word)
        if too_wide or too_low:
            found.append(f"page {page}: {word!r} at x={x_min:.0f}..{x_max:.0f}, y={y_min:.0f}..{y_max:.0f} "
                         f"(page {width:.0f}x{height:.0f} pt)")
    return found


def problems(name: str) -> list[str]:
    pdf = LATEX / f"{name}.pdf"
    found = log_problems(name)
    if not pdf.exists():
        return [*found, f"{pdf.relative_to(ROOT)} was not made"]
    return found + outside_margins(pdf)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", help="chapter .md files and/or 'book' (default: everything)")
    parser.add_argument("--publish", action="store_true", help="only copy _build/pdf/*.pdf to _build/html/pdf/")
    args = parser.parse_args(argv)
    if args.publish:
        return publish()
    targets = []
    chapters = {md.resolve(): handout_name(md) for md in project.chapters()}
    for target in args.targets:
        if target == "book":
            targets.append(BOOK)
        elif Path(target).resolve() in chapters:
            targets.append(chapters[Path(target).resolve()])
        else:
            parser.error(f"{target}: not 'book' nor a chapter listed in _toc.yml")
    return build(targets or documents())


if __name__ == "__main__":
    sys.exit(main())
