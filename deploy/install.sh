#!/usr/bin/env bash
# Installs (or upgrades) Signaal on this Debian/Ubuntu host from a checkout where the build ran:
#
#   cargo build --profile server -p signaal-server   # -> target/server/signaal-server
#   bash scripts/build-web.sh                        # -> dist/
#   sudo deploy/install.sh --domain signaal.example.nl --email it@example.nl
#
# Safe to run again (that is how an upgrade is installed). It puts
#   /usr/local/bin/signaal-server                 the server (replaced by a rename)
#   /usr/local/share/signaal/dist                 the app: a link to a new directory per install,
#                                                 switched by one rename; older ones are removed
#   /usr/local/lib/signaal/backup.sh              what signaal-backup.service runs
#   /etc/systemd/system/signaal.service, signaal-backup.service, signaal-backup.timer,
#   /etc/systemd/system/caddy.service.d/signaal.conf
#   /etc/caddy/Caddyfile                          asks first if there is one that is not
#                                                 Debian's example or ours; without an answer it
#                                                 writes /etc/caddy/Caddyfile.signaal instead
#   /etc/signaal/signaal.env, /etc/signaal/caddy.env   only if absent (your settings stay)
#   /var/backups/signaal                          backups, only for the signaal user
# creates the system user signaal, installs Debian's caddy if missing, reloads systemd, enables
# signaal.service, signaal-backup.timer and caddy.service, restarts signaal and caddy, and checks
# that the server answers.
#
# Options:
#   --domain NAME   the site's name (sets SIGNAAL_DOMAIN in /etc/signaal/caddy.env)
#   --email ADDR    address for Let's Encrypt (sets SIGNAAL_ACME_EMAIL there)
#   --yes           replace an existing /etc/caddy/Caddyfile without asking (a copy is kept)
#   --no-systemctl  install files only: no systemctl, no waiting for the server
#   --root DIR      install under DIR instead of / (also SIGNAAL_ROOT=DIR); implies no user,
#                   no apt, no chown, no systemctl: for trying it out, e.g.
#                   SIGNAAL_ROOT=/tmp/x deploy/install.sh --no-systemctl
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
root="${SIGNAAL_ROOT:-/}"
domain="" email="" email_set="" yes="" systemctl=1
say() { printf 'install: %s\n' "$*"; }
fail() { printf 'install: %s\n' "$*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        --domain) domain="${2:?--domain needs a name}"; shift 2 ;;
        --domain=*) domain="${1#*=}"; shift ;;
        --email) email="${2?--email needs an address}"; email_set=1; shift 2 ;;
        --email=*) email="${1#*=}"; email_set=1; shift ;;
        --yes | -y) yes=1; shift ;;
        --no-systemctl) systemctl=""; shift ;;
        --root) root="${2:?--root needs a directory}"; shift 2 ;;
        --root=*) root="${1#*=}"; shift ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) fail "unknown option $1 (see --help)" ;;
    esac
done
if [[ -n "$domain" && ! "$domain" =~ ^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$ ]]; then
    fail "--domain '$domain' is not a host name (no https://, no path)"
fi

# Paths on the target system, and where they are written (under --root).
root="$(realpath -m "$root")"
host=""
if [[ "$root" == / ]]; then
    host=1
    at() { printf '%s' "$1"; }
else
    at() { printf '%s%s' "$root" "$1"; }
fi
[[ -n "$host" ]] || systemctl=""

# 1. The build output must be there: this script installs, it does not build.
server="$repo/target/server/signaal-server"
dist="$repo/dist"
missing=()
[[ -x "$server" ]] || missing+=("target/server/signaal-server (cargo build --profile server -p signaal-server)")
for f in index.html parent.html sw.js; do
    [[ -f "$dist/$f" ]] || { missing+=("dist/$f (bash scripts/build-web.sh)"); break; }
done
if ((${#missing[@]})); then
    printf 'install: the build output is missing in %s:\n' "$repo" >&2
    printf '  %s\n' "${missing[@]}" >&2
    fail "build first (bash scripts/setup.sh; bash scripts/build-web.sh; cargo build --profile server -p signaal-server), then run this again"
fi
if [[ -n "$host" && "$(id -u)" -ne 0 ]]; then
    fail "installing into / needs root (sudo $0 $*); to try it out: SIGNAAL_ROOT=/tmp/signaal-root $0 --no-systemctl"
fi
[[ -n "$host" ]] || say "installing under $root (no user, no apt, no chown, no systemctl)"

# 2. The system user the server runs as.
if [[ -n "$host" ]]; then
    if ! getent passwd signaal >/dev/null; then
        useradd --system --user-group --home-dir /var/lib/signaal --no-create-home \
            --shell /usr/sbin/nologin --comment "Signaal sync server" signaal
        say "created system user signaal"
    fi
fi

# 3. The server binary: written beside the old one, then renamed over it.
install -d -m 0755 "$(at /usr/local/bin)" "$(at /usr/local/lib/signaal)" "$(at /usr/local/share/signaal)"
install -m 0755 "$server" "$(at /usr/local/bin/.signaal-server.new)"
mv -f "$(at /usr/local/bin/.signaal-server.new)" "$(at /usr/local/bin/signaal-server)"
say "installed /usr/local/bin/signaal-server ($("$server" --version 2>/dev/null || echo '?'))"

# 4. The app: a fresh directory, then the dist link switched to it by one rename, so the
#    server never sees half an app.
share="$(at /usr/local/share/signaal)"
release="dist-$(date +%Y%m%d-%H%M%S)-$$"
rm -rf "$share/.new"
cp -R "$dist" "$share/.new"
chmod -R u=rwX,go=rX "$share/.new"
mv "$share/.new" "$share/$release"
if [[ -d "$share/dist" && ! -L "$share/dist" ]]; then
    # A plain directory from an earlier install: keep it out of the way until the switch.
    mv "$share/dist" "$share/dist-old-$$"
fi
ln -sfn "$release" "$share/.dist.link"
mv -T "$share/.dist.link" "$share/dist"
for old in "$share"/dist-*; do
    [[ "$(basename "$old")" == "$release" ]] || rm -rf -- "$old"
done
say "installed the app in /usr/local/share/signaal/dist -> $release ($(find "$share/$release" -type f | wc -l) files)"

# 5. Backup script, units, Caddy's drop-in.
install -m 0755 "$repo/deploy/backup.sh" "$(at /usr/local/lib/signaal/backup.sh)"
install -d -m 0755 "$(at /etc/systemd/system)" "$(at /etc/systemd/system/caddy.service.d)"
for unit in signaal.service signaal-backup.service signaal-backup.timer; do
    install -m 0644 "$repo/deploy/$unit" "$(at /etc/systemd/system/$unit)"
done
install -m 0644 "$repo/deploy/caddy-signaal.conf" "$(at /etc/systemd/system/caddy.service.d/signaal.conf)"
say "installed the systemd units and /etc/systemd/system/caddy.service.d/signaal.conf"

# 6. Settings: written only if absent; --domain/--email update caddy.env.
install -d -m 0755 "$(at /etc/signaal)"
if [[ ! -e "$(at /etc/signaal/signaal.env)" ]]; then
    install -m 0600 "$repo/deploy/signaal.env" "$(at /etc/signaal/signaal.env)"
    say "wrote /etc/signaal/signaal.env (SQLite; edit it for PostgreSQL)"
fi
caddy_env="$(at /etc/signaal/caddy.env)"
if [[ ! -e "$caddy_env" ]]; then
    install -m 0644 "$repo/deploy/caddy.env" "$caddy_env"
    say "wrote /etc/signaal/caddy.env"
fi
set_env() { # KEY VALUE FILE: replace the KEY= line (commented or not), or append one
    local tmp
    tmp="$(mktemp "$3.XXXXXX")"
    awk -v k="$1" -v v="$2" 'BEGIN { done = 0 }
        $0 ~ "^#?" k "=" && !done { print k "=" v; done = 1; next } { print }
        END { if (!done) print k "=" v }' "$3" >"$tmp"
    chmod --reference="$3" "$tmp"
    mv -f "$tmp" "$3"
}
[[ -z "$domain" ]] || { set_env SIGNAAL_DOMAIN "$domain" "$caddy_env"; say "SIGNAAL_DOMAIN=$domain"; }
[[ -z "$email_set" ]] || { set_env SIGNAAL_ACME_EMAIL "$email" "$caddy_env"; say "SIGNAAL_ACME_EMAIL=$email"; }

# Reads KEY=value lines the way systemd's EnvironmentFile= does for these simple files.
env_value() { # KEY FILE
    awk -v k="$1" 'index($0, k "=") == 1 { v = substr($0, length(k) + 2) } END { print v }' "$2" \
        | sed 's/^[[:space:]]*//; s/[[:space:]]*$//; s/^"\(.*\)"$/\1/'
}
site="$(env_value SIGNAAL_DOMAIN "$caddy_env")"
upstreams="$(env_value SIGNAAL_UPSTREAMS "$caddy_env")"
database_url="$(env_value DATABASE_URL "$(at /etc/signaal/signaal.env)")"
domain_ready=1
if [[ -z "$site" || "$site" == signaal.example.nl ]]; then
    domain_ready=""
    say "NOTE: set SIGNAAL_DOMAIN in /etc/signaal/caddy.env (or run again with --domain NAME)"
fi
if [[ "$upstreams" == *" "* && -z "$database_url" ]]; then
    say "WARNING: several SIGNAAL_UPSTREAMS but no DATABASE_URL: more than one instance needs PostgreSQL"
fi

# 7. Backups directory, only for the signaal user.
install -d -m 0700 "$(at /var/backups/signaal)"
[[ -z "$host" ]] || chown signaal:signaal /var/backups/signaal
if [[ -n "$host" && "$database_url" == postgres* ]] && ! command -v pg_dump >/dev/null; then
    say "NOTE: DATABASE_URL is PostgreSQL but pg_dump is missing: apt-get install postgresql-client"
fi

# 8. Caddy and its Caddyfile.
if [[ -n "$host" ]] && ! command -v caddy >/dev/null; then
    say "installing Debian's caddy package"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q caddy >/dev/null \
        || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q caddy >/dev/null; }
fi
ours="$repo/deploy/Caddyfile"
target="$(at /etc/caddy/Caddyfile)"
install -d -m 0755 "$(at /etc/caddy)"
caddyfile=/etc/caddy/Caddyfile
replace=""
if [[ ! -e "$target" ]]; then
    replace=1
elif cmp -s "$ours" "$target"; then
    replace=same
elif grep -q '^# Signaal behind Caddy' "$target"; then
    replace=1   # an earlier version of ours
elif [[ -n "$host" ]] && dpkg-query -W -f='${Conffiles}\n' caddy 2>/dev/null \
        | awk '$1 == "/etc/caddy/Caddyfile" { print $2 }' | grep -qx "$(md5sum <"$target" | cut -d' ' -f1)"; then
    replace=1   # Debian's example, as the package installed it
elif [[ -n "$yes" ]]; then
    replace=1
elif [[ -t 0 ]]; then
    read -r -p "install: /etc/caddy/Caddyfile has settings of its own. Replace it with Signaal's (a copy is kept)? [y/N] " answer || answer=""
    [[ "$answer" == [yYjJ]* ]] && replace=1
fi
case "$replace" in
    same) say "/etc/caddy/Caddyfile is already Signaal's" ;;
    1)
        if [[ -e "$target" ]]; then
            cp -p "$target" "$target.before-signaal-$(date +%Y%m%d-%H%M%S)"
        fi
        install -m 0644 "$ours" "$target.new"
        mv -f "$target.new" "$target"
        rm -f "$(at /etc/caddy/Caddyfile.signaal)"
        say "installed /etc/caddy/Caddyfile"
        ;;
    *)
        caddyfile=/etc/caddy/Caddyfile.signaal
        install -m 0644 "$ours" "$(at $caddyfile)"
        say "NOT replacing your /etc/caddy/Caddyfile: Signaal's is in $caddyfile;"
        say "  merge its site block into yours, or run again with --yes to replace it"
        ;;
esac
if command -v caddy >/dev/null; then
    # Validate with the settings Caddy will get; its scratch files go to a temporary dir.
    scratch="$(mktemp -d)"
    check_domain="$site"
    [[ -n "$check_domain" ]] || check_domain=signaal.example.nl
    if out="$(env -i PATH="$PATH" XDG_DATA_HOME="$scratch" XDG_CONFIG_HOME="$scratch" HOME="$scratch" \
            SIGNAAL_DOMAIN="$check_domain" SIGNAAL_UPSTREAMS="$upstreams" \
            SIGNAAL_ACME_EMAIL="$(env_value SIGNAAL_ACME_EMAIL "$caddy_env")" \
            caddy validate --adapter caddyfile --config "$(at $caddyfile)" 2>&1)"; then
        say "caddy validate: $caddyfile is valid"
    else
        rm -rf "$scratch"
        printf '%s\n' "$out" | tail -n 5 >&2
        fail "caddy validate rejected $caddyfile"
    fi
    rm -rf "$scratch"
fi

# 9. systemd.
if [[ -n "$systemctl" && ! -d /run/systemd/system ]]; then
    say "systemd is not running on this machine: not starting anything"
    systemctl=""
fi
if [[ -n "$systemctl" ]]; then
    systemctl daemon-reload
    systemctl enable --quiet signaal.service signaal-backup.timer caddy.service
    systemctl restart signaal.service
    systemctl start signaal-backup.timer
    if [[ -n "$domain_ready" && "$caddyfile" == /etc/caddy/Caddyfile ]]; then
        systemctl restart caddy.service
        say "restarted signaal and caddy"
    else
        say "restarted signaal (caddy not restarted: see the notes above)"
    fi
    port="$(env_value SIGNAAL_PORT /etc/signaal/signaal.env)"
    ok=""
    for _ in $(seq 30); do
        if /usr/local/bin/signaal-server health --url "http://127.0.0.1:${port:-8080}/api/health" >/dev/null 2>&1; then
            ok=1
            break
        fi
        sleep 0.5
    done
    if [[ -n "$ok" ]]; then
        say "signaal-server answers on 127.0.0.1:${port:-8080}"
    else
        systemctl --no-pager --lines=20 status signaal.service >&2 || true
        fail "signaal-server does not answer on 127.0.0.1:${port:-8080} after 15 s (journalctl -u signaal)"
    fi
fi

shown_site="${site:-your domain}"
cat <<EOF

Next:
  1. Settings: /etc/signaal/caddy.env (domain, e-mail), /etc/signaal/signaal.env (database,
     limits); after a change: systemctl restart caddy / systemctl restart signaal
  2. Status:   systemctl status signaal caddy; journalctl -u signaal -u caddy -f
  3. HTTPS:    curl -sS https://$shown_site/api/health   (the first certificate takes up to a
               minute; DNS must point here and ports 80 and 443 must be open)
  4. Open https://$shown_site/ on a tablet, start the team there, and share the invite link
     with the team's other devices.
  5. Backups:  systemctl list-timers signaal-backup.timer; try one now:
               systemctl start signaal-backup.service && ls -l /var/backups/signaal
EOF
