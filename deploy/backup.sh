#!/usr/bin/env bash
# One backup of the Signaal database, and old ones removed: what signaal-backup.service runs
# (installed as /usr/local/lib/signaal/backup.sh).
#
#   SQLite (DATABASE_URL empty):  signaal-server backup  ->  $SIGNAAL_BACKUP_DIR/signaal-YYYY-MM-DD.db
#     a consistent copy made by SQLite itself (VACUUM INTO) while the server runs; the live
#     file is never copied, because a copy of signaal.db without its -wal file can be torn.
#   PostgreSQL (DATABASE_URL=postgres://…):  pg_dump --format=custom  ->  …/signaal-YYYY-MM-DD.pgdump
#
# Environment (from /etc/signaal/signaal.env and the unit):
#   SIGNAAL_BACKUP_DIR   where backups go (default /var/backups/signaal; must exist)
#   SIGNAAL_BACKUP_KEEP  how many of the newest backups to keep (default 14)
#   SIGNAAL_DATA_DIR, DATABASE_URL  as for signaal-server
#   SIGNAAL_SERVER       the server binary (default /usr/local/bin/signaal-server)
#   SIGNAAL_BACKUP_AS_ROOT=1  stay root instead of switching to the signaal user (tests only)
#
# A second run on the same day replaces that day's file (only after the new one is complete).
# Run by hand as root: systemctl start signaal-backup.service (or this script: it switches to
# the signaal user, so that SQLite never creates files in the data dir that the server cannot open).
#
# Restore, SQLite:
#   systemctl stop signaal
#   cd /var/lib/signaal && mkdir -p old && mv signaal.db signaal.db-wal signaal.db-shm old/ 2>/dev/null
#   install -o signaal -g signaal -m 0600 /var/backups/signaal/signaal-YYYY-MM-DD.db /var/lib/signaal/signaal.db
#   systemctl start signaal
# (move the -wal and -shm files away too: they belong to the old database, whose write-ahead
# log SQLite would otherwise try to apply to the restored one)
#
# Restore, PostgreSQL (as root, database and role named signaal):
#   systemctl stop signaal
#   runuser -u postgres -- dropdb signaal
#   runuser -u postgres -- createdb --owner=signaal signaal
#   runuser -u postgres -- pg_restore --no-owner --role=signaal --dbname=signaal /var/backups/signaal/signaal-YYYY-MM-DD.pgdump
#   systemctl start signaal
#
# After either restore: changes pushed after the backup are not in it, and each team's change
# numbers continue from the backup's, so a device that had pulled past that point would miss
# the new changes numbered below its position. Restore only to recover a lost or broken
# database, and then let the team's devices join their team again (their own notes stay on
# them and are pushed again).
set -euo pipefail

server="${SIGNAAL_SERVER:-/usr/local/bin/signaal-server}"
dir="${SIGNAAL_BACKUP_DIR:-/var/backups/signaal}"
keep="${SIGNAAL_BACKUP_KEEP:-14}"
say() { printf 'signaal-backup: %s\n' "$*"; }
fail() { say "$*" >&2; exit 1; }

if [[ "$(id -u)" -eq 0 && -z "${SIGNAAL_BACKUP_AS_ROOT:-}" ]]; then
    id signaal >/dev/null 2>&1 || fail "there is no signaal user; run deploy/install.sh first"
    exec runuser -u signaal -- "$0" "$@"
fi

[[ "$keep" =~ ^[1-9][0-9]*$ ]] || fail "SIGNAAL_BACKUP_KEEP must be a whole number of at least 1, not '$keep'"
[[ -d "$dir" && -w "$dir" ]] || fail "backup directory $dir does not exist or is not writable by $(id -un)"

url="${DATABASE_URL:-}"
url="${url#"${url%%[![:space:]]*}"}"
day="$(date +%F)"
case "$url" in
    postgres://* | postgresql://*)
        kind=pgdump
        command -v pg_dump >/dev/null || fail "pg_dump not found (apt-get install postgresql-client)"
        ;;
    "")
        kind=db
        [[ -x "$server" ]] || fail "$server not found"
        ;;
    *) fail "DATABASE_URL must start with postgres:// or postgresql:// (or be empty for SQLite)" ;;
esac

final="$dir/signaal-$day.$kind"
partial="$dir/.signaal-$day.$kind.partial"
# What an interrupted earlier run left (ours and signaal-server backup's temporary files).
find "$dir" -maxdepth 1 -type f -name '.*signaal-*.partial*' -delete
trap 'rm -f "$partial"' EXIT

if [[ "$kind" == db ]]; then
    "$server" backup "$partial"
else
    pg_dump --format=custom --no-owner --dbname="$url" --file="$partial"
    # The dump must be readable by pg_restore before it replaces anything.
    pg_restore --list "$partial" >/dev/null || fail "pg_dump wrote a file pg_restore cannot read"
fi
[[ -s "$partial" ]] || fail "the backup came out empty"
sync "$partial" 2>/dev/null || true
mv -f "$partial" "$final"
trap - EXIT
say "wrote $final ($(du -h "$final" | cut -f1))"

# Keep the newest $keep backups (of either kind; names sort by date).
mapfile -t all < <(find "$dir" -maxdepth 1 -type f \( -name 'signaal-????-??-??.db' -o -name 'signaal-????-??-??.pgdump' \) -printf '%f\n' | sort)
if (( ${#all[@]} > keep )); then
    for old in "${all[@]:0:${#all[@]}-keep}"; do
        rm -f -- "${dir:?}/$old"
        say "removed $old"
    done
fi
