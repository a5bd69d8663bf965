#!/usr/bin/env bash
# Debian packages the test suite needs: Chromium for the real-browser tests (Playwright cannot download its own
# browser here), CJK fonts so pages and PDFs render Chinese. Installs only what is missing.
set -euo pipefail
need=()
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in chromium fonts-noto-cjk; do installed "$pkg" || need+=("$pkg"); done
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
