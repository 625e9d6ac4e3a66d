#!/usr/bin/env bash
# Node packages of the browser tests (axe-core, oidc-provider), from package-lock.json.
# Idempotent: npm runs again only when the lock file changed since the last install.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

command -v npm >/dev/null 2>&1 || die "npm is missing: run scripts/system-deps.sh first"
STAMP=node_modules/.package-lock.json
if [ ! -f "$STAMP" ] || [ package-lock.json -nt "$STAMP" ] || [ package.json -nt "$STAMP" ]; then
  say "Installing Node packages"
  npm ci --no-audit --no-fund --loglevel=error
fi
