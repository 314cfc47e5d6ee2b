# 機械学習ゼミ — two commands (README):
#
#   make          set up everything, then build the book: the site (_build/html) and its PDFs (_build/pdf)
#   make test     set up everything, then run every test (pytest: unit tests, the executed build, site, PDFs)
#
# Set-up (`make setup`, part of both) is idempotent: a second run only checks, in about a second.
#   - Python packages: `pip install -r requirements.txt` into the Python that runs `$(PYTHON)` (a venv, or as it is),
#     again only when requirements*.txt or pyproject.toml changed (stamp in _build/.setup/, one per environment);
#   - system packages (TeX, Chromium, a Japanese font, npm): .ci/install-system.sh (Debian/Ubuntu apt, as root or with
#     sudo; elsewhere it prints what to install);
#   - MathJax for the offline browser tests: `npm ci --prefix tests/browser` (again when its lock file changed).
# The fast loop for authors needs none of the system parts: `pytest -m "not book"`.

PYTHON ?= python3
STAMPS := _build/.setup
ENVIRONMENT := $(shell $(PYTHON) -c "import hashlib, sys; print(hashlib.sha256(sys.prefix.encode()).hexdigest()[:12])")
ifeq ($(ENVIRONMENT),)
$(error $(PYTHON) not found: install Python 3.10 or newer, or run `make PYTHON=/path/to/python3`)
endif
# the jupyter-book command of that Python's environment (looked up when used: after the set-up)
JUPYTER_BOOK = $(shell $(PYTHON) -c "import pathlib, sys; print(pathlib.Path(sys.executable).with_name('jupyter-book'))")
PYTHON_STAMP := $(STAMPS)/python-$(ENVIRONMENT)
MATHJAX_STAMP := tests/browser/node_modules/.package-lock.json

.PHONY: all book test setup system-packages

all: book

book: setup
	$(JUPYTER_BOOK) build . -W -n --keep-going
	$(PYTHON) tools/pdf.py

test: setup
	$(PYTHON) -m pytest

setup: $(PYTHON_STAMP) system-packages $(MATHJAX_STAMP)

$(PYTHON_STAMP): requirements.txt requirements-reader.txt pyproject.toml
	$(PYTHON) -m pip install -r requirements.txt
	@mkdir -p $(STAMPS) && touch $@

system-packages:
	@bash .ci/install-system.sh

$(MATHJAX_STAMP): tests/browser/package-lock.json | system-packages
	npm ci --prefix tests/browser --no-audit --no-fund
