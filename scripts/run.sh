#!/usr/bin/env bash
# `make run`: install, migrate, load the demo content, then serve on 127.0.0.1:$PORT.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

"$ROOT/scripts/python-deps.sh"
# gettext compiles the French catalogs: without it the interface would stay in English.
apt_install gettext
"$ROOT/scripts/messages.sh"
PY="$VENV/bin/python"

say "Migrating the database"
"$PY" manage.py migrate --noinput -v 0
say "Loading the demo content"
"$PY" manage.py load_demo
# The development server serves static files itself in DEBUG; without DEBUG, WhiteNoise
# serves the collected copy.
"$PY" manage.py collectstatic --noinput -v 0

say "Guichet runs at http://127.0.0.1:${PORT:-8000}/ (Ctrl+C to stop)"
exec "$PY" manage.py runserver "127.0.0.1:${PORT:-8000}"
