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
#   - MathJax for the offline browser tests: `npm ci --prefix tests/site/browser` (again when its lock file changed).
# The fast loop for authors needs none of the system parts: `pytest -m "not book"`.

PYTHON ?= python3
STAMPS := _build/.setup
ENVIRONMENT := $(shell $(PYTHON) -c "import hashlib, sys; print(hashlib.sha256(sys.prefix.encode()).hexdigest()[:12])")
ifeq ($(ENVIRONMENT),)
$(error $(PYTHON) not found: install Python 3.10 or newer, or run `make PYTHON=/path/to/python3`)
endif
PYTHON_STAMP := $(STAMPS)/python-$(ENVIRONMENT)
MATHJAX_STAMP := tests/site/browser/node_modules/.package-lock.json

.PHONY: all book test setup system-packages

all: book

book: setup
	$(PYTHON) -m mlzemi_book.build

test: setup
	$(PYTHON) -m pytest

setup: $(PYTHON_STAMP) system-packages $(MATHJAX_STAMP)

$(PYTHON_STAMP): requirements.txt requirements-reader.txt pyproject.toml
	$(PYTHON) -m pip install -r requirements.txt
	@mkdir -p $(STAMPS) && touch $@

system-packages:
	@bash .ci/install-system.sh

$(MATHJAX_STAMP): tests/site/browser/package-lock.json | system-packages
	npm ci --prefix tests/site/browser --no-audit --no-fund
