#!/usr/bin/env bash
# System packages for the reader checks (tests/test_browser.py): a Chromium-type browser that Playwright drives headless
# (Debian's `chromium`; GitHub's Ubuntu runners already have Google Chrome, which is used as it is), and one Japanese
# font so that the browser draws Japanese text in screenshots instead of empty boxes.
# Idempotent: installs only what is missing. Runs as root (this machine, CI) or through sudo (GitHub Actions).
set -euo pipefail

packages=()
dpkg-query -W -f='${Status}' fonts-ipafont-gothic 2>/dev/null | grep -q "install ok installed" || packages+=(fonts-ipafont-gothic)
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null && ! command -v google-chrome >/dev/null; then
  packages+=(chromium)
fi
if [ ${#packages[@]} -eq 0 ]; then
  echo "[install-system] nothing to install"
  exit 0
fi

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
export DEBIAN_FRONTEND=noninteractive
# wait for another apt (a colleague's install) instead of failing on the dpkg lock
apt=(apt-get -q -o DPkg::Lock::Timeout=900)
"${as_root[@]}" "${apt[@]}" update
"${as_root[@]}" "${apt[@]}" install -y --no-install-recommends "${packages[@]}"
echo "[install-system] installed: ${packages[*]}"
