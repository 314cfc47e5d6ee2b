#!/usr/bin/env bash
# The system packages the book needs beyond Python: TeX for the PDF book and handouts, and for the reader checks a
# Chromium-type browser (driven headless by Playwright) with a Japanese font, and npm (MathJax for the offline
# browser tests). One list, used by `make setup` (README), .ci/run and .github/workflows/book.yml.
#
#   bash .ci/install-system.sh      # as root, or as a user with sudo (GitHub Actions)
#
# Idempotent: when everything is installed it only checks (well under a second). Without apt-get (not Debian/Ubuntu)
# it installs nothing and prints what to install.
# TeX: XeLaTeX + xeCJK (texlive-lang-cjk, + texlive-lang-chinese for xeCJK's ctexhook.sty) with the Noto CJK JP fonts,
# not LuaLaTeX + luatexja (texlive-lang-japanese alone is 323 MB installed, plus texlive-luatex). Measured on Debian 12
# (root, 2 busy cores): 267 MB downloaded, 681 MB installed, about 2 min; the browser and font add about 1 min.
set -euo pipefail

PACKAGES=(
  texlive-xetex              # XeLaTeX, fontspec (pulls texlive-latex-extra/-recommended: Sphinx's LaTeX packages)
  texlive-lang-cjk           # xeCJK: Japanese line breaking and CJK font selection under XeLaTeX
  texlive-lang-chinese       # ctexhook.sty, which xeCJK loads (Debian ships it with the ctex bundle here)
  texlive-latex-extra        # Sphinx: fncychap, tabulary, varwidth, upquote, capt-of, needspace, wrapfig, fvextra ...
  texlive-latex-recommended  # Sphinx: fancyvrb, framed, parskip, titlesec, geometry, hyperref ...
  texlive-fonts-recommended  # standard fonts Sphinx's LaTeX may ask for
  fonts-noto-cjk             # Noto Serif/Sans/Sans Mono CJK JP: body, headings, code
  fonts-freefont-otf         # FreeSerif/FreeSans: Latin, Greek and symbols in prose (Sphinx's XeLaTeX default)
  fonts-dejavu-core          # DejaVu Sans Mono: code (Latin, Greek, box drawing, arrows)
  latexmk                    # Sphinx's Makefile drives xelatex through latexmk
  make
  poppler-utils              # pdftotext, pdffonts, pdfinfo, pdftoppm: tests and page previews
  fonts-ipafont-gothic       # a Japanese font for the browser's screenshots (else empty boxes)
)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
# Debian's `chromium`; GitHub's Ubuntu runners already have Google Chrome, which is used as it is
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null && ! command -v google-chrome >/dev/null; then
  missing+=(chromium)
fi
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  echo "[install-system] all system packages already installed"
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "[install-system] no apt-get here (not Debian/Ubuntu). Install these with your system's package manager," >&2
  echo "  then run the command again: ${missing[*]}" >&2
  echo "  (TeX Live with XeLaTeX, xeCJK and latexmk; the Noto CJK, FreeFont, DejaVu and IPA Gothic fonts; poppler;" >&2
  echo "  Chromium or Chrome; Node.js with npm)" >&2
  exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  SUDO=(sudo)
fi
start=$(date +%s)
echo "[install-system] installing: ${missing[*]}"
if [ "${GITHUB_ACTIONS:-}" = "true" ]; then
  # the runner's man-db trigger rebuilds every manual page index after each install (about a minute)
  "${SUDO[@]}" rm -f /var/lib/man-db/auto-update
fi
# wait for another apt (a colleague's install) instead of failing on the dpkg lock
apt=(apt-get -qq -o DPkg::Lock::Timeout=900)
"${SUDO[@]}" "${apt[@]}" update
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null
echo "[install-system] done in $(( $(date +%s) - start )) s"
