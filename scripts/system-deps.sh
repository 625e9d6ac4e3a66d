#!/usr/bin/env bash
# System packages the test suite needs: Chromium (browser tests), gettext (message catalogs),
# PostgreSQL (the second database run), Node.js and npm (axe-core, the test OIDC provider).
# Installs with apt-get only what is missing; needs root or sudo for that.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

packages=(chromium gettext postgresql)
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
apt_install "${packages[@]}"

[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing after installing the chromium package"
