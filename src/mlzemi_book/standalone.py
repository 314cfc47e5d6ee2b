"""Run chapters as a reader does in Colab: each chapter's .ipynb alone in an empty folder, in a fresh environment.

    python -m mlzemi_book.standalone                  # today's rotating subset (MLZEMI_STANDALONE, default 2 chapters)
    python -m mlzemi_book.standalone --all            # every chapter (the weekly workflow)
    python -m mlzemi_book.standalone book/part1/ch03_mlp_backprop.md ...

The environment has only what Colab has (numpy, scipy, matplotlib, pandas, scikit-learn, torch, and ipykernel /
nbclient to run the notebook), plus whatever the notebook's own set-up cell installs: with MLZEMI_SETUP=1 that cell
pip-installs torch_geometric and the helper package, here from a wheel built from this repository (MLZEMI_PACKAGE)
in place of GitHub. A chapter that reads the repository's files, or needs a package Colab lacks, fails here.

Colab's packages are installed once into a base environment (_build/standalone/colab-base, reused while the
package list is unchanged; each run happens in $TMPDIR/mlzemi-standalone/, outside the repository), pinned to the versions of the environment that builds the book so that the numbers can
be compared with the build's. Each chapter then runs in its own thin environment layered on the base (a venv whose
.pth adds the base's site-packages), so what one chapter's set-up cell installs is not seen by the next.

Selection (MLZEMI_STANDALONE): "all", "0" (none), a number N (N chapters, rotating with the day of the year so that
every chapter runs within ⌈chapters / N⌉ days), or a comma-separated list of chapter names (docname or file stem).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from . import glue, project
from .project import BUILD, ROOT

WORK = BUILD / "standalone"
DEFAULT_SELECTION = "2"
# What Colab provides that the chapters may use, and what runs the notebook.
COLAB_PACKAGES = ["numpy", "scipy", "matplotlib", "pandas", "scikit-learn", "torch", "ipykernel", "nbclient"]
# Glued values that measure wall-clock time differ run to run; they are not compared.
TIMING_NAME = re.compile(r"speed|slowdown|second|_ms(_|$)|_time_s$")
# Environment variables passed through to the notebook: how to reach the package registries, nothing else.
PASS_THROUGH = re.compile(r"^(PIP_[A-Z_]+|UV_[A-Z_]+|https?_proxy|HTTPS?_PROXY|no_proxy|NO_PROXY|SSL_CERT_FILE|"
                          r"REQUESTS_CA_BUNDLE|LANG|LC_ALL|TZ)$")

RUNNER = r'''
import json, os, sys, time
from pathlib import Path
notebook_path, output_path, spec_dir = map(Path, sys.argv[1:4])
# a kernelspec of our own, found before any other "python3" spec: the kernel is this environment's Python
kernel_dir = spec_dir / "kernels" / "python3"
kernel_dir.mkdir(parents=True, exist_ok=True)
(kernel_dir / "kernel.json").write_text(json.dumps({"argv": [sys.executable, "-m", "ipykernel_launcher", "-f",
    "{connection_file}"], "display_name": "Python 3", "language": "python"}))
os.environ["JUPYTER_PATH"] = str(spec_dir)
import nbformat
from nbclient import NotebookClient
notebook = nbformat.read(notebook_path, as_version=4)
client = NotebookClient(notebook, timeout=int(sys.argv[4]), kernel_name="python3",
                        resources={"metadata": {"path": str(notebook_path.parent)}})
start = time.perf_counter()
try:
    client.execute()
finally:
    nbformat.write(notebook, output_path)
    print(json.dumps({"seconds": time.perf_counter() - start}))
'''


@dataclass
class ColabEnvironment:
    base_python: Path
    wheel: Path
    seconds_to_create: float | None  # None: reused from an earlier run


@dataclass
class Run:
    chapter: str
    seconds: float                  # wall clock: set-up cell (pip) + every cell
    glue: dict = field(default_factory=dict)
    stderr_outputs: int = 0


def _public_version(version: str) -> str:
    return version.split("+")[0]  # 2.13.0+cpu → 2.13.0: the same release from whichever index has it


def colab_requirements() -> list[str]:
    """Colab's packages, pinned to this environment's versions where it has them."""
    requirements = []
    for name in COLAB_PACKAGES:
        try:
            requirements.append(f"{name}=={_public_version(metadata.version(name))}")
        except metadata.PackageNotFoundError:
            requirements.append(name)
    return requirements


def build_wheel(out: Path) -> Path:
    """The helper package as a wheel, built from this repository (what the set-up cell installs from GitHub)."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("mlzemi-*.whl"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="mlzemi-wheel-") as tmp:
        source = Path(tmp) / "src"  # build from a clean copy: no build/ or egg-info left in the work tree
        shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns("_build", ".venv", ".git", "node_modules", "*.egg-info",
                                                                    "build", "__pycache__"))
        subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(source)],
                       check=True, capture_output=True, text=True)
    (wheel,) = out.glob("mlzemi-*.whl")
    return wheel


def venv_python(env: Path) -> Path:
    return env / "bin" / "python"


def colab_base(work: Path = WORK) -> tuple[Path, float | None]:
    """A virtual environment with Colab's packages (created once, reused while the package list is unchanged)."""
    base = work / "colab-base"
    wanted = "\n".join(colab_requirements()) + "\n"
    stamp = base / "colab-requirements.txt"
    if stamp.exists() and stamp.read_text() == wanted and venv_python(base).exists():
        return venv_python(base), None
    shutil.rmtree(base, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "venv", str(base)], check=True)
    subprocess.run([str(venv_python(base)), "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    subprocess.run([str(venv_python(base)), "-m", "pip", "install", "-q", *wanted.split()], check=True)
    stamp.write_text(wanted)
    return venv_python(base), time.perf_counter() - start


def prepare(work: Path = WORK) -> ColabEnvironment:
    wheel = build_wheel(work / "wheel")
    base_python, seconds = colab_base(work)
    return ColabEnvironment(base_python, wheel, seconds)


def overlay(base_python: Path, env: Path) -> Path:
    """A fresh venv that sees the base's packages (through a .pth) and installs new ones into itself."""
    shutil.rmtree(env, ignore_errors=True)
    subprocess.run([str(base_python), "-m", "venv", "--without-pip", str(env)], check=True)
    base_site = subprocess.run([str(base_python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               check=True, capture_output=True, text=True).stdout.strip()
    site = subprocess.run([str(venv_python(env)), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "_colab_base.pth").write_text(f"import site; site.addsitedir({base_site!r})\n")
    return venv_python(env)


def clean_environment(python: Path, home: Path, wheel: Path) -> dict[str, str]:
    """Environment variables of a fresh Colab-like session: no PYTHONPATH, no repository, a new home."""
    env = {key: value for key, value in os.environ.items() if PASS_THROUGH.match(key)}
    env.update({
        "PATH": f"{python.parent}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "TMPDIR": str(home / "tmp"),
        "MLZEMI_SETUP": "1",
        "MLZEMI_PACKAGE": str(wheel),
        "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip")),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    })
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    return env


def run_chapter(md: Path, colab: ColabEnvironment) -> Run:
    """Copy the chapter's .ipynb alone into an empty folder and execute it there, in a fresh environment."""
    name = project.docname(md)
    # outside the repository, so that no relative path from the notebook can reach the repository's files
    place = Path(tempfile.gettempdir()) / "mlzemi-standalone" / md.stem
    shutil.rmtree(place, ignore_errors=True)
    folder = place / "content"  # Colab's working folder
    folder.mkdir(parents=True)
    notebook = folder / md.with_suffix(".ipynb").name
    shutil.copyfile(md.with_suffix(".ipynb"), notebook)
    python = overlay(colab.base_python, place / "env")
    executed = place / "executed.ipynb"
    timeout = int(project.budget_seconds(md) * 3 + 300)
    start = time.perf_counter()
    result = subprocess.run(
        [str(python), "-c", RUNNER, str(notebook), str(executed), str(place / "jupyter"), str(timeout)],
        cwd=folder, env=clean_environment(python, place / "home", colab.wheel),
        capture_output=True, text=True, timeout=timeout * 2,
    )
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        tail = (result.stderr or result.stdout)[-6000:]
        raise RuntimeError(f"{name} failed when run alone as in Colab ({seconds:.0f} s):\n{tail}")
    executed_notebook = json.loads(executed.read_text(encoding="utf-8"))
    noisy = sum(1 for cell in executed_notebook["cells"] for out in cell.get("outputs", [])
                if out.get("output_type") == "stream" and out.get("name") == "stderr")
    return Run(name, seconds, glue.notebook_values(executed_notebook), noisy)


def select(chapters: list[Path], selection: str | None = None, day: int | None = None) -> list[Path]:
    """The chapters to run: see the module docstring (MLZEMI_STANDALONE)."""
    selection = (selection if selection is not None else os.environ.get("MLZEMI_STANDALONE", DEFAULT_SELECTION)).strip()
    if selection.lower() == "all":
        return list(chapters)
    if selection.isdigit():
        count = min(int(selection), len(chapters))
        if count == 0:
            return []
        day = day if day is not None else datetime.date.today().timetuple().tm_yday
        start = (day * count) % len(chapters)
        return [chapters[(start + i) % len(chapters)] for i in range(count)]
    wanted = {part.strip() for part in selection.split(",") if part.strip()}
    chosen = [md for md in chapters if project.docname(md) in wanted or md.stem in wanted]
    unknown = wanted - {project.docname(md) for md in chosen} - {md.stem for md in chosen}
    if unknown:
        raise ValueError(f"MLZEMI_STANDALONE: no such chapter: {', '.join(sorted(unknown))}")
    return chosen


def differences(first: dict, second: dict, rel_tol: float = 1e-9) -> list[str]:
    """Glued values that differ between two executions (timings excepted)."""
    found = []
    for name in sorted(set(first) | set(second)):
        if TIMING_NAME.search(name):
            continue
        a, b = first.get(name, "<missing>"), second.get(name, "<missing>")
        if isinstance(a, float) and isinstance(b, float):
            if not (a == b or abs(a - b) <= rel_tol * max(abs(a), abs(b))):
                found.append(f"{name}: {a!r} != {b!r}")
        elif a != b:
            found.append(f"{name}: {a!r} != {b!r}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, help="chapters to run (default: MLZEMI_STANDALONE's selection)")
    parser.add_argument("--all", action="store_true", help="run every chapter")
    args = parser.parse_args(argv)
    chapters = project.chapters()
    chosen = [f.resolve() for f in args.files] if args.files else select(chapters, "all" if args.all else None)
    colab = prepare()
    if colab.seconds_to_create is not None:
        print(f"Colab-like base environment created in {colab.seconds_to_create:.0f} s")
    failed = 0
    for md in chosen:
        try:
            run = run_chapter(md, colab)
        except RuntimeError as err:
            print(err)
            failed += 1
            continue
        reference = glue.chapter_values(run.chapter)
        diff = differences(reference, run.glue) if reference is not None else []
        note = "no build to compare" if reference is None else ("same glued values as the build" if not diff
                                                                else "DIFFERS from the build: " + "; ".join(diff))
        print(f"{run.chapter}: {run.seconds:.1f} s standalone, {len(run.glue)} glued values, {note}")
        failed += bool(diff)
    print(f"python {sysconfig.get_python_version()}; {len(chosen)} chapters, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
