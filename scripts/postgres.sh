#!/usr/bin/env bash
# Start the local PostgreSQL cluster when it is down, and create the `guichet` role (with
# CREATEDB, for the test database) and database. Idempotent. The matching URL is
# postgres://guichet:guichet@127.0.0.1:5432/guichet (see PG_URL in the Makefile).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PG_USER="${PG_USER:-guichet}"
PG_PASSWORD="${PG_PASSWORD:-guichet}"
PG_DATABASE="${PG_DATABASE:-guichet}"

command -v pg_lsclusters >/dev/null 2>&1 || apt_install postgresql

# The first cluster Debian created (e.g. "15 main"); create one when there is none.
read -r version cluster status < <(pg_lsclusters --no-header | awk '{print $1, $2, $4; exit}') \
  || true
if [ -z "${version:-}" ]; then
  version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
  cluster=main
  say "Creating PostgreSQL cluster $version/$cluster"
  as_root pg_createcluster "$version" "$cluster"
  status=down
fi
if [ "$status" != "online" ]; then
  say "Starting PostgreSQL $version/$cluster"
  as_root pg_ctlcluster "$version" "$cluster" start
fi

as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"; else as_root runuser -u postgres -- "$@"; fi
}
psql_admin() { as_postgres psql -v ON_ERROR_STOP=1 -qtAX "$@"; }

for _ in $(seq 1 30); do
  psql_admin -c "select 1" >/dev/null 2>&1 && break
  sleep 1
done

if [ "$(psql_admin -c "select 1 from pg_roles where rolname = '$PG_USER'")" != 1 ]; then
  say "Creating PostgreSQL role $PG_USER"
  psql_admin -c "create role \"$PG_USER\" login createdb password '$PG_PASSWORD'"
fi
if [ "$(psql_admin -c "select 1 from pg_database where datname = '$PG_DATABASE'")" != 1 ]; then
  say "Creating PostgreSQL database $PG_DATABASE"
  psql_admin -c "create database \"$PG_DATABASE\" owner \"$PG_USER\""
fi
