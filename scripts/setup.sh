#!/usr/bin/env bash
# Installs everything Signaal needs to build, run and test, on a fresh machine. Idempotent and
# quiet when everything is already there: each step checks for the exact version it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
say() { printf 'setup: %s\n' "$*"; }
log=$(mktemp -t signaal-setup.XXXXXX)
trap 'rm -f "$log"' EXIT
# Long installs are silent unless they fail; then their output is shown.
quietly() { "$@" >"$log" 2>&1 || { cat "$log"; say "failed: $*"; exit 1; }; }

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

# 1. Debian packages: the wasm-capable Rust toolchain (rustup cannot download the wasm32 std
#    here), Chromium for browser tests, PostgreSQL for the server's second backend, Caddy,
#    Node.js.
need_apt=()
dpkg -s rustc-web cargo-web rust-web-src >/dev/null 2>&1 || need_apt+=(rustc-web cargo-web rust-web-src)
command -v chromium >/dev/null || need_apt+=(chromium)
command -v chromedriver >/dev/null || need_apt+=(chromium-driver)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
# Caddy fronts the server with https in the hosting tests (and in production, see deploy/);
# certutil puts Caddy's test CA into the test browser's trust store.
command -v caddy >/dev/null || need_apt+=(caddy)
command -v certutil >/dev/null || need_apt+=(libnss3-tools)
# WebKitGTK (its MiniBrowser and WebKitWebDriver), Firefox ESR and a virtual display for the
# browser tests in the other engines (tests/engines/).
command -v WebKitWebDriver >/dev/null || need_apt+=(webkit2gtk-driver)
command -v firefox-esr >/dev/null || need_apt+=(firefox-esr)
command -v Xvfb >/dev/null || need_apt+=(xvfb)
command -v node >/dev/null || need_apt+=(nodejs)
command -v npm >/dev/null || need_apt+=(npm)
if ((${#need_apt[@]})); then
  say "installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  quietly apt-get update
  quietly apt-get install -y --no-install-recommends "${need_apt[@]}"
fi

# Tools go to ~/.cargo/bin even when CARGO_HOME points elsewhere (CI runs with an empty
# CARGO_HOME so that a crate setup forgot to fetch fails there as on a fresh machine).
tools="$HOME/.cargo"

# 2. Trunk, pinned to a release that builds with this machine's rustc.
if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
  say "installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
  quietly cargo install --root "$tools" --locked "trunk@$TRUNK_VERSION"
fi

# 3. wasm-bindgen-cli must equal the wasm-bindgen library version in Cargo.lock.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $bindgen_version" ]]; then
  say "installing wasm-bindgen-cli $bindgen_version (a few minutes)"
  # Not --locked: one of its locked dependency versions is no longer in the registry.
  quietly cargo install --root "$tools" --force wasm-bindgen-cli --version "$bindgen_version"
fi

# 3b. wasm-split-cli splits the app's wasm into the main module and one chunk per area
#     (scripts/build-web.sh); 0.2.4 is the release that handles wasm-bindgen >= 0.2.128.
WASM_SPLIT_VERSION=0.2.4
# It has no --version; cargo's own list of installed crates says which release is there.
if ! cargo install --list --root "$tools" | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (a few minutes)"
  quietly cargo install --root "$tools" --locked "wasm_split_cli_support@$WASM_SPLIT_VERSION" --features build-binary
fi

# 4. npm packages (Playwright driver, axe-core, and binaryen's wasm-opt) from package-lock.json.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing npm packages"
  quietly npm ci --no-audit --no-fund
fi

# 5. Every crate a later offline step needs: the wasm build runs `trunk build --offline`, and
#    building std for wasm needs the standard library's own dependencies (dlmalloc,
#    compiler_builtins, …), which only Debian's cargo, with its std source, can resolve.
#    `cargo fetch` is quick when everything is already in the registry cache.
quietly cargo fetch --locked
std_manifest="$(/usr/bin/rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
quietly env PATH="/usr/bin:$PATH" RUSTC_BOOTSTRAP=1 cargo fetch --manifest-path "$std_manifest"

exit 0
