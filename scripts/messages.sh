#!/usr/bin/env bash
# Compile the gettext catalogs (locale/*/LC_MESSAGES/*.po -> .mo) when one is newer than its
# compiled file. Without gettext, warns and keeps the interface in its source strings.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

stale=0
while IFS= read -r -d '' po; do
  [ "${po%.po}.mo" -nt "$po" ] || stale=1
done < <(find . -path ./.venv -prune -o -path ./node_modules -prune -o \
  -path '*/locale/*/LC_MESSAGES/*.po' -print0)
[ "$stale" -eq 1 ] || exit 0

if ! command -v msgfmt >/dev/null 2>&1; then
  say "gettext is not installed: translations are not compiled (apt-get install gettext)"
  exit 0
fi
say "Compiling message catalogs"
"$VENV/bin/python" manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
