#!/usr/bin/env bash
# Install the TeX system for the PDF book and handouts from Debian/Ubuntu's repository (one place for it:
# used by .ci/run, the README and .github/workflows/book.yml).
#
#   .ci/install-tex.sh          # as root, or as a user with sudo (GitHub Actions)
#
# Idempotent: when every package is already installed it only checks (well under a second) and exits.
# XeLaTeX + xeCJK (texlive-lang-cjk, + texlive-lang-chinese for xeCJK's ctexhook.sty) with the Noto CJK JP
# fonts, not LuaLaTeX + luatexja (texlive-lang-japanese alone is 323 MB installed, plus texlive-luatex).
# Measured on Debian 12 (root, 2 busy cores): 267 MB downloaded, 681 MB installed, 2 min 10 s;
# a second run takes 0.2 s.
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
)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "[install-tex] all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  SUDO=(sudo)
fi
start=$(date +%s)
echo "[install-tex] installing: ${missing[*]}"
if [ "${GITHUB_ACTIONS:-}" = "true" ]; then
  # the runner's man-db trigger rebuilds every manual page index after each install (about a minute)
  "${SUDO[@]}" rm -f /var/lib/man-db/auto-update
fi
# wait for another apt (a colleague's install) instead of failing on the dpkg lock
apt=(apt-get -qq -o DPkg::Lock::Timeout=900)
"${SUDO[@]}" "${apt[@]}" update
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y --no-install-recommends "${missing[@]}" >/dev/null
echo "[install-tex] done in $(( $(date +%s) - start )) s"
