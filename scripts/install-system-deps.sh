#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium for the real-browser tests (Playwright cannot download its own
# browser here), CJK fonts so pages and PDFs render Chinese. Installs only what is missing.
# --runtime: only what the running platform needs (`make run`): WeasyPrint's pango and HarfBuzz subsetter (the white
# paper PDF; without harfbuzz-subset WeasyPrint falls back to fontTools, minutes instead of seconds for CJK fonts).
set -euo pipefail
need=()
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
runtime=(fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
packages=("${runtime[@]}")
[ "${1:-}" = "--runtime" ] || packages+=(chromium poppler-utils)
for pkg in "${packages[@]}"; do installed "$pkg" || need+=("$pkg"); done
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
