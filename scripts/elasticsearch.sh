#!/usr/bin/env bash
# A real Elasticsearch server for the search engine's tests, on http://127.0.0.1:$ES_PORT.
#
#   scripts/elasticsearch.sh [start]   fetch (once), unpack, start, wait until healthy, print the URL
#   scripts/elasticsearch.sh stop      stop the server this script started
#
# Idempotent: a healthy server already on the port is reused. The server is Elasticsearch's
# test distribution from Maven Central (org.elasticsearch.distribution.integ-test-zip), a
# runnable server without the optional modules: no analysis-common, so no French analysis;
# the engine falls back to analysis done in Python and says so (search/README.md). It runs on
# the installed JDK (17 or newer), as one node, security off, 512 MB of heap, with its data
# and logs under var/elasticsearch/. Elasticsearch refuses to run as root: as root, it runs
# as the unprivileged user guichet-es (created when missing).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ES_VERSION="${ES_VERSION:-8.19.21}"
ES_PORT="${ES_PORT:-9201}"
ES_USER="${ES_USER:-guichet-es}"
ES_STATE="${ES_STATE:-$ROOT/var/elasticsearch}"
ES_DOWNLOADS="$ROOT/var/elasticsearch/downloads"
MAVEN="https://repo1.maven.org/maven2/org/elasticsearch/distribution/integ-test-zip/elasticsearch"
URL="http://127.0.0.1:$ES_PORT"

# An Elasticsearch answer on the port (any status), and a green or yellow cluster.
answers() { curl -s -o /dev/null -D - --max-time 2 "$URL/_cluster/health" 2>/dev/null \
  | grep -qi '^x-elastic-product: *Elasticsearch'; }
healthy() { curl -sf --max-time 5 "$URL/_cluster/health?wait_for_status=yellow&timeout=${1:-1}s" \
  2>/dev/null | grep -q '"status":"\(green\|yellow\)"'; }

stop() {
  local pidfile="$ES_STATE/run/elasticsearch.pid"
  [ -s "$pidfile" ] || pidfile=/var/lib/guichet-elasticsearch/run/elasticsearch.pid
  if [ ! -s "$pidfile" ]; then
    say "No Elasticsearch started by this script"
    return 0
  fi
  local pid
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    say "Stopping Elasticsearch (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -0 "$pid" 2>/dev/null && die "Elasticsearch (pid $pid) did not stop"
  fi
  rm -f "$pidfile"
}

# The JDK to run on: ES_JAVA_HOME when set, else the `java` on the PATH (installed when
# missing). Elasticsearch 8 needs Java 17 or newer.
java_home() {
  if [ -n "${ES_JAVA_HOME:-}" ]; then
    echo "$ES_JAVA_HOME"
    return
  fi
  command -v java >/dev/null 2>&1 || apt_install openjdk-17-jre-headless
  local home
  home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
  local major
  major="$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')"
  [ "${major:-0}" -ge 17 ] || die "Elasticsearch $ES_VERSION needs Java 17 or newer (found $major at $home); set ES_JAVA_HOME"
  echo "$home"
}

fetch() {
  local zip="$ES_DOWNLOADS/elasticsearch-$ES_VERSION.zip"
  if [ ! -s "$zip" ]; then
    mkdir -p "$ES_DOWNLOADS"
    say "Downloading Elasticsearch $ES_VERSION (test distribution) from Maven Central"
    curl -fsSL --retry 3 -o "$zip.part" "$MAVEN/$ES_VERSION/elasticsearch-$ES_VERSION.zip"
    local expected actual
    expected="$(curl -fsSL --retry 3 "$MAVEN/$ES_VERSION/elasticsearch-$ES_VERSION.zip.sha1" | cut -c1-40)"
    actual="$(sha1sum "$zip.part" | cut -c1-40)"
    [ "$expected" = "$actual" ] || { rm -f "$zip.part"; die "checksum mismatch for $zip"; }
    mv "$zip.part" "$zip"
  fi
  if [ ! -x "$ES_STATE/elasticsearch-$ES_VERSION/bin/elasticsearch" ]; then
    command -v unzip >/dev/null 2>&1 || apt_install unzip
    say "Unpacking Elasticsearch $ES_VERSION into $ES_STATE"
    mkdir -p "$ES_STATE"
    rm -rf "$ES_STATE/unpacking"
    unzip -q "$zip" -d "$ES_STATE/unpacking"
    rm -rf "$ES_STATE/elasticsearch-$ES_VERSION"
    mv "$ES_STATE/unpacking/elasticsearch-$ES_VERSION" "$ES_STATE/"
    rm -rf "$ES_STATE/unpacking"
  fi
}

# As root: the unprivileged user, who must be able to reach the state folder (a clone under
# a private home may not be: then the state goes to /var/lib/guichet-elasticsearch).
prepare_user() {
  if ! id "$ES_USER" >/dev/null 2>&1; then
    say "Creating the system user $ES_USER to run Elasticsearch"
    as_root useradd --system --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$ES_USER"
  fi
  mkdir -p "$ES_STATE"
  if ! runuser -u "$ES_USER" -- test -x "$ES_STATE"; then
    ES_STATE=/var/lib/guichet-elasticsearch
    say "$ES_USER cannot reach $ROOT/var: using $ES_STATE"
    mkdir -p "$ES_STATE"
  fi
}

start() {
  if answers; then
    healthy 30 || die "an Elasticsearch on $URL answers but is not healthy"
    say "Elasticsearch already running on $URL"
    echo "$URL"
    return 0
  fi
  if curl -s -o /dev/null --max-time 2 "$URL/" 2>/dev/null; then
    die "port $ES_PORT is taken by something else than Elasticsearch: set ES_PORT"
  fi
  local run=()
  if [ "$(id -u)" -eq 0 ]; then
    prepare_user
    run=(runuser -u "$ES_USER" --)
  fi
  fetch
  local home="$ES_STATE/elasticsearch-$ES_VERSION"
  mkdir -p "$ES_STATE/data" "$ES_STATE/logs" "$ES_STATE/run"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R "$ES_USER" "$home" "$ES_STATE/data" "$ES_STATE/logs" "$ES_STATE/run"
  fi
  rm -f "$ES_STATE/run/elasticsearch.pid"
  local settings=(
    -Ediscovery.type=single-node
    -Enetwork.host=127.0.0.1
    -Ehttp.port="$ES_PORT"
    -Epath.data="$ES_STATE/data"
    -Epath.logs="$ES_STATE/logs"
    # A nearly full disk must not turn the test indices read-only.
    -Ecluster.routing.allocation.disk.threshold_enabled=false
  )
  # The test distribution ships the security module; a build without it has no such setting.
  [ -d "$home/modules/x-pack-security" ] && settings+=(-Expack.security.enabled=false)
  local jdk
  jdk="$(java_home)"
  say "Starting Elasticsearch $ES_VERSION on $URL (Java: $jdk)"
  # -d: the launcher returns once the node has started (or failed to).
  if ! "${run[@]}" env ES_JAVA_HOME="$jdk" ES_JAVA_OPTS="-Xms512m -Xmx512m" \
    ES_PATH_CONF="$home/config" "$home/bin/elasticsearch" -d -p "$ES_STATE/run/elasticsearch.pid" \
    "${settings[@]}" >"$ES_STATE/logs/launcher.log" 2>&1; then
    tail -n 40 "$ES_STATE/logs/launcher.log" >&2
    die "Elasticsearch did not start (logs in $ES_STATE/logs)"
  fi
  for _ in $(seq 1 60); do
    healthy 1 && break
    sleep 1
  done
  healthy 5 || { tail -n 40 "$ES_STATE/logs/launcher.log" >&2; die "Elasticsearch is not healthy on $URL"; }
  say "Elasticsearch $ES_VERSION is up on $URL"
  echo "$URL"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) die "usage: $0 [start|stop]" ;;
esac
