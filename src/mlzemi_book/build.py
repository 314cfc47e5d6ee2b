"""Build the book as ``make`` does: the site with every chapter executed, then its PDFs.

    python -m mlzemi_book.build            # the site (_build/html), then the PDF book and handouts (_build/pdf)
    python -m mlzemi_book.build --site     # the site only

The site is ``jupyter-book build . -W -n --keep-going`` (chapters cached in _build/.jupyter_cache); any warning, error
or missing glyph in its output fails it, and its log goes to _build/build.log. Tests use :func:`site` through their
``book_build`` fixture, so that `make` and `make test` build the same way.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from . import pdf
from .project import BUILD, BUILD_LOG, ROOT

WARNING_RE = re.compile(r"\b(WARNING|ERROR|CRITICAL|SEVERE)\b|Traceback|[Mm]issing from font|Missing character")
# jupyter_client's notice about TCP transport is printed by the kernel launcher, not by Sphinx.
BENIGN = ("Kernel is running over TCP without encryption",)
MARKER = BUILD / "build.ok"


def jupyter_book() -> str:
    """The jupyter-book command of this Python's environment."""
    return str(Path(sys.executable).with_name("jupyter-book"))


def site() -> tuple[bool, list[str]]:
    """Build the site; return (succeeded, the problem lines of its log). Writes _build/build.log, and build.ok."""
    MARKER.unlink(missing_ok=True)
    BUILD.mkdir(exist_ok=True)
    start = time.perf_counter()
    result = subprocess.run([jupyter_book(), "build", str(ROOT), "-W", "-n", "--keep-going"], cwd=ROOT,
                            capture_output=True, text=True, env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
    elapsed = time.perf_counter() - start
    log = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    BUILD_LOG.write_text(log + f"\n[mlzemi] build time {elapsed:.1f} s\n", encoding="utf-8")
    problems = [line for line in log.splitlines() if WARNING_RE.search(line) and not any(b in line for b in BENIGN)]
    if result.returncode != 0 and not problems:
        problems = [f"jupyter-book exited with {result.returncode}"]
    if not problems:
        MARKER.write_text(f"{elapsed:.1f}\n")
    return not problems, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", action="store_true", help="build the site only, no PDFs")
    args = parser.parse_args(argv)
    ok, problems = site()
    if not ok:
        print(f"the site's build failed; see {BUILD_LOG.relative_to(ROOT)}:", *problems[:40], sep="\n  ", file=sys.stderr)
        return 1
    print(f"site: {(BUILD / 'html').relative_to(ROOT)}/index.html ({MARKER.read_text().strip()} s)")
    return 0 if args.site else pdf.main([])


if __name__ == "__main__":
    sys.exit(main())
