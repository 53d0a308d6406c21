#!/usr/bin/env bash
# Proves deploy/Containerfile for real: builds the image from this checkout's build output
# (target/server/signaal-server and dist/), runs it with a port on 127.0.0.1, waits for
# /api/health, checks the image's HEALTHCHECK, the non-root user, the data volume and a backup
# inside the container, then stops and removes what it started.
#
#   cargo build --profile server -p signaal-server && bash scripts/build-web.sh
#   bash scripts/container-test.sh
#
# No image registry is needed: the Debian bookworm base image is made here with debootstrap from
# this machine's Debian mirror and imported as localhost/signaal-base:bookworm (once; later runs
# reuse it). SIGNAAL_BASE=IMAGE uses an image that exists already instead.
#
# Exit codes: 0 the image works; 1 it does not (or the test broke); 2 the build output is
# missing; 77 this machine cannot run containers (the reason is printed; nothing was proven).
set -euo pipefail
cd "$(dirname "$0")/.."

base="${SIGNAAL_BASE:-localhost/signaal-base:bookworm}"
image=localhost/signaal:test
name="signaal-container-test-$$"
volume="$name-data"
say() { printf 'container-test: %s\n' "$*"; }
fail() { printf 'container-test: FAILED: %s\n' "$*" >&2; exit 1; }
skip() { printf 'container-test: SKIPPED (exit 77): this machine cannot run the container test: %s\n' "$*" >&2; exit 77; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f s", b - a }'; }
log="$(mktemp -t signaal-container-test.XXXXXX)"
started=""
cleanup() {
    if [[ -n "$started" ]]; then
        podman rm -f -t 2 "$name" >/dev/null 2>&1 || true
        podman volume rm -f "$volume" >/dev/null 2>&1 || true
    fi
    rm -f "$log"
}
trap cleanup EXIT
# The last lines of a failed command's output, for the reason.
tail_log() { tail -n "${1:-5}" "$log" | sed 's/^/    /'; }

# 1. The real build output.
[[ -x target/server/signaal-server ]] || { say "target/server/signaal-server is missing: cargo build --profile server -p signaal-server" >&2; exit 2; }
[[ -f dist/index.html ]] || { say "dist/index.html is missing: bash scripts/build-web.sh" >&2; exit 2; }

# 2. Tools: podman (and debootstrap for the base image), installed from Debian if missing.
need=()
command -v podman >/dev/null || need+=(podman)
if [[ -z "${SIGNAAL_BASE:-}" ]] && ! command -v debootstrap >/dev/null; then need+=(debootstrap); fi
if ((${#need[@]})); then
    [[ "$(id -u)" -eq 0 ]] || skip "${need[*]} not installed, and installing needs root"
    say "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Another apt may be running: wait for its lock rather than failing.
    apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${need[@]}" >"$log" 2>&1 \
        || { apt-get -o DPkg::Lock::Timeout=600 update -q >"$log" 2>&1 \
             && apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${need[@]}" >"$log" 2>&1; } \
        || { tail_log >&2; skip "could not install ${need[*]}"; }
fi
podman info >"$log" 2>&1 || { tail_log >&2; skip "podman info fails (no usable storage, cgroups or user namespaces)"; }

# 3. The base image, made once.
if podman image exists "$base"; then
    say "base image $base exists (cached)"
elif [[ -n "${SIGNAAL_BASE:-}" ]]; then
    fail "SIGNAAL_BASE=$base does not exist locally"
else
    [[ "$(id -u)" -eq 0 ]] || skip "making the base image with debootstrap needs root (or set SIGNAAL_BASE to an existing image)"
    mirror="${SIGNAAL_DEBIAN_MIRROR:-}"
    if [[ -z "$mirror" ]]; then
        mirror="$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)"
        [[ -n "$mirror" ]] || mirror="$(awk '$1 == "deb" && $0 !~ /security/ { print ($2 ~ /^\[/ ? $3 : $2); exit }' /etc/apt/sources.list 2>/dev/null || true)"
        [[ -n "$mirror" ]] || mirror=http://deb.debian.org/debian
    fi
    rootfs="$(mktemp -d /var/tmp/signaal-base.XXXXXX)"
    trap 'rm -rf "$rootfs"; cleanup' EXIT
    say "making $base: debootstrap --variant=minbase bookworm from $mirror (a few minutes)"
    t=$(now)
    if ! timeout 1200 debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$log" 2>&1; then
        tail_log 8 >&2
        skip "debootstrap could not make a bookworm root file system here (see above)"
    fi
    # Smaller: no package lists or caches in the image.
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
    tar --numeric-owner -C "$rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' - "$base" >"$log" 2>&1 \
        || { tail_log >&2; fail "podman import of the debootstrap tree failed"; }
    rm -rf "$rootfs"
    trap cleanup EXIT
    say "base image made in $(since "$t") ($(podman image inspect --format '{{.Size}}' "$base" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
fi

# 4. Can this machine run a container, with a port on loopback? Some sandboxes need two
#    adjustments, tried in turn and said: explicit ulimits within the current hard limits
#    (without CAP_SYS_RESOURCE podman's defaults cannot be set), and runc instead of crun
#    (crun refuses cgroup v1 with controllers on the v2 hierarchy). If none works: 77.
free_port() {
    local p
    for p in $(shuf -i 20000-40000 -n 50); do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
    return 1
}
podman=(podman)
ulimits=()
reasons=()
probe() { "${podman[@]}" run --rm --network none "${ulimits[@]}" "$base" true >"$log" 2>&1; }
nofile="$(ulimit -Hn)"
[[ "$nofile" != unlimited ]] || nofile=1048576
ran=""
for runtime in default runc; do
    if [[ "$runtime" == runc ]]; then
        if ! command -v runc >/dev/null; then
            [[ "$(id -u)" -eq 0 ]] || break
            say "installing runc to try it instead of crun"
            DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q runc >/dev/null 2>&1 || break
        fi
        podman=(podman --runtime runc)
    fi
    ulimits=()
    if probe; then ran=1; break; fi
    reasons+=("$runtime runtime: $(grep -m1 -i error "$log" || tail -n 1 "$log")")
    grep -qi rlimit "$log" || continue
    for nproc in "$(ulimit -Hu)" 32768 4096; do
        [[ "$nproc" == unlimited ]] && continue
        ulimits=(--ulimit "nofile=$nofile:$nofile" --ulimit "nproc=$nproc:$nproc")
        if probe; then ran=1; break 2; fi
        reasons+=("$runtime runtime, ${ulimits[*]}: $(grep -m1 -i error "$log" || tail -n 1 "$log")")
        grep -qi rlimit "$log" || break
    done
done
if [[ -z "$ran" ]]; then
    printf '    %s\n' "${reasons[@]}" >&2
    skip "podman cannot start a container here (errors above)"
fi
if ((${#reasons[@]})); then
    say "adjusted to this machine: ${podman[*]} ${ulimits[*]} (the defaults failed:"
    printf '    %s\n' "${reasons[@]}"
    say ")"
fi
probe_port="$(free_port)" || fail "no free port on 127.0.0.1"
"${podman[@]}" run --rm -p "127.0.0.1:$probe_port:9" "${ulimits[@]}" "$base" true >"$log" 2>&1 \
    || { tail_log >&2; skip "podman cannot give a container a network with a port published on 127.0.0.1"; }

# 5. Build the image from the repository root (the ignore file keeps it to the build output).
say "podman build -f deploy/Containerfile (BASE=$base)"
t=$(now)
"${podman[@]}" build --format docker --network none "${ulimits[@]}" --build-arg "BASE=$base" \
    --ignorefile deploy/Containerfile.dockerignore -f deploy/Containerfile -t "$image" . >"$log" 2>&1 \
    || { tail_log 15 >&2; fail "podman build failed"; }
say "built $image in $(since "$t")"
[[ "$(podman image inspect --format '{{.Config.User}}' "$image")" == 10001:10001 ]] || fail "the image does not run as user 10001"
podman image inspect --format '{{json .Config.Healthcheck}}' "$image" | grep -q '"signaal-server","health"' \
    || fail "the image has no HEALTHCHECK signaal-server health"

# 6. Run it, wait for /api/health (60 s at most).
port="$(free_port)" || fail "no free port on 127.0.0.1"
started=1
# Without systemd podman cannot schedule the periodic check (it uses systemd timers); the
# check itself is run by hand below.
periodic=()
[[ -d /run/systemd/system ]] || periodic=(--health-interval disable)
t=$(now)
"${podman[@]}" run -d --name "$name" -p "127.0.0.1:$port:8080" -v "$volume:/var/lib/signaal" \
    "${ulimits[@]}" "${periodic[@]}" "$image" >"$log" 2>&1 \
    || { tail_log >&2; fail "podman run failed"; }
url="http://127.0.0.1:$port/api/health"
healthy=""
for _ in $(seq 120); do
    if target/server/signaal-server health --url "$url" >"$log" 2>&1; then healthy=1; break; fi
    [[ "$(podman inspect --format '{{.State.Running}}' "$name")" == true ]] || break
    sleep 0.5
done
if [[ -z "$healthy" ]]; then
    podman logs "$name" 2>&1 | tail -n 15 | sed 's/^/    /' >&2
    fail "$url did not answer ok within 60 s"
fi
say "healthy at $url $(since "$t") after podman run: $(cat "$log")"

# 7. What else the container must do.
if command -v curl >/dev/null; then
    for path in / /sw.js; do
        code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")"
        [[ "$code" == 200 ]] || fail "GET $path answered $code"
    done
    say "GET / and /sw.js answer 200"
fi
[[ "$(podman exec "$name" id -u)" == 10001 ]] || fail "the server does not run as uid 10001"
podman exec "$name" test -s /var/lib/signaal/signaal.db || fail "no database in the volume /var/lib/signaal"
podman exec "$name" signaal-server backup /var/lib/signaal/container-test-backup.db >"$log" 2>&1 \
    || { tail_log >&2; fail "signaal-server backup inside the container failed"; }
say "runs as uid 10001, database in the volume, backup inside the container works"
if podman healthcheck run "$name" >"$log" 2>&1; then
    say "podman healthcheck run: healthy"
elif grep -qi unhealthy "$log"; then
    tail_log >&2
    fail "podman healthcheck run: unhealthy"
else
    say "podman healthcheck run is not supported here: $(tail -n 1 "$log")"
fi

# 8. Stop (SIGTERM: the server shuts down by itself, well before podman's 10 s) and remove.
t=$(now)
# (stderr: without systemd podman complains that it cannot remove a healthcheck timer it never made)
podman stop -t 10 "$name" >/dev/null 2>"$log" || { tail_log >&2; fail "podman stop failed"; }
stopped="$(since "$t")"
[[ "$(podman inspect --format '{{.State.ExitCode}}' "$name")" == 0 ]] || fail "the server exited with $(podman inspect --format '{{.State.ExitCode}}' "$name") on SIGTERM"
podman rm "$name" >/dev/null 2>"$log" || { tail_log >&2; fail "podman rm failed"; }
podman volume rm "$volume" >/dev/null
started=""
say "stopped cleanly in $stopped; container and volume removed"
say "OK: deploy/Containerfile builds, starts and stays healthy"
