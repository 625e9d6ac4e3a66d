#!/usr/bin/env bash
# Everything `make test` needs: system packages, Python packages, Node packages, compiled
# message catalogs. Idempotent and quick when all is in place.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/system-deps.sh"
"$ROOT/scripts/python-deps.sh"
"$ROOT/scripts/node-deps.sh"
"$ROOT/scripts/messages.sh"
