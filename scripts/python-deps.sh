#!/usr/bin/env bash
# Create .venv with Python 3.11 and install Guichet with its development extras.
# Idempotent: pip runs again only when pyproject.toml changed since the last install.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

PYTHON="${PYTHON:-python3.11}"
STAMP="$VENV/.guichet-installed"

if [ ! -x "$VENV/bin/python" ]; then
  command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found: Guichet needs Python 3.11"
  say "Creating $VENV with $PYTHON"
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    # Debian ships venv's pip bootstrap in a separate package.
    rm -rf "$VENV"
    apt_install python3.11-venv
    "$PYTHON" -m venv "$VENV"
  fi
fi

if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  say "Installing Python packages"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -e '.[dev]'
  touch "$STAMP"
fi
