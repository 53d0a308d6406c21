#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the server's tests, on 127.0.0.1 under target/pg.
#
#   scripts/postgres.sh start   # init (once) and start; prints the postgres:// URL
#   scripts/postgres.sh url     # prints the URL of the running cluster
#   scripts/postgres.sh stop    # stops it (the data stays until `cargo clean` / rm -rf target/pg)
#
# Then: SIGNAAL_TEST_DATABASE_URL=$(scripts/postgres.sh start) cargo test -p signaal-server
#
# PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` OS user.
# Progress goes to stderr; stdout carries only the URL.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/target/pg"
# The cluster runs as the postgres user, who may not be allowed into the checkout (e.g. one under
# /root); then it lives in /tmp, under a name derived from the checkout so runs don't collide.
if [[ "$(id -u)" -eq 0 ]] && id postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$root"; then
    dir="/tmp/signaal-pg-$(printf %s "$root" | sha256sum | cut -c1-12)"
fi
data="$dir/data"
db="signaal_test"

log() { echo "postgres.sh: $*" >&2; }

bindir() {
    local found
    found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -z "$found" ]]; then
        if [[ "$(id -u)" -eq 0 ]]; then
            log "installing Debian's postgresql"
            (apt-get install -y -q postgresql >&2 || { apt-get update -q >&2 && apt-get install -y -q postgresql >&2; })
            found="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
        else
            log "PostgreSQL is not installed (apt-get install postgresql)"
            exit 1
        fi
    fi
    echo "$found"
}

# Runs a PostgreSQL binary as the cluster's owner.
as_owner() {
    if [[ "$(id -u)" -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

url() { echo "postgres://postgres@127.0.0.1:$(cat "$dir/port")/$db"; }

running() {
    [[ -f "$dir/port" && -f "$data/postmaster.pid" ]] && as_owner "$BIN/pg_ctl" -D "$data" status >/dev/null 2>&1
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cmd="${1:-}"
case "$cmd" in
start)
    BIN="$(bindir)"
    if running; then
        url
        exit 0
    fi
    mkdir -p "$dir"
    if [[ "$(id -u)" -eq 0 ]]; then chown postgres: "$dir"; fi
    if [[ ! -f "$data/PG_VERSION" ]]; then
        log "initdb $data"
        as_owner "$BIN/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
    fi
    port=54329
    while ! port_free "$port"; do port=$((port + 1)); done
    echo "$port" >"$dir/port"
    # fsync off: a test cluster need not survive a power cut (a killed server still loses nothing).
    as_owner "$BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c fsync=off -c synchronous_commit=off -c max_connections=200" \
        start >/dev/null
    if ! as_owner "$BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1; then
        as_owner "$BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
    fi
    log "running on 127.0.0.1:$port (log: $dir/server.log)"
    url
    ;;
url)
    BIN="$(bindir)"
    running || { log "not running; use: $0 start"; exit 1; }
    url
    ;;
stop)
    BIN="$(bindir)"
    if running; then
        as_owner "$BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null
        log "stopped"
    else
        log "not running"
    fi
    ;;
*)
    echo "usage: $0 start|url|stop" >&2
    exit 2
    ;;
esac
