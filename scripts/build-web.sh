#!/usr/bin/env bash
# Builds the browser app into dist/ with Trunk (release profile: small wasm).
# rustup cannot fetch the wasm32 standard library on these machines, so unless the rustup target
# is installed, this uses Debian's rustc 1.96 and builds std from Debian's rust-web-src.
# These variables stay inside this script: native builds keep using the rustup toolchain.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$root/node_modules/.bin:$PATH"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  sysroot=$(rustup run stable rustc --print sysroot)
  export PATH="/usr/bin:$PATH"   # Debian's cargo/rustc first; trunk, wasm-bindgen stay reachable
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$sysroot/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"
  # Its own target dir: artifacts of two different compilers must not invalidate each other.
  export CARGO_TARGET_DIR="$root/target/web"
fi

# WEB_DIR builds another Trunk project of the workspace (the benchmark baseline) as it is.
if [ -n "${WEB_DIR:-}" ]; then
  cd "$WEB_DIR"
  exec trunk build --release --offline "$@"
fi

# The app and the parent page are two Trunk entries merged into one dist/ (`--dist DIR` to
# build elsewhere, e.g. while another build runs); then the service workers get their lists.
dist="$root/dist"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) dist="$(realpath -m "$2")"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
parent="$(mktemp -d)"
trap 'rm -rf "$parent"' EXIT

cd "$root"
trunk build --release --offline --dist "$dist" "${args[@]}"
(cd crates/parent && trunk build --release --offline --dist "$parent" "${args[@]}")
# Trunk names its output index.html whatever the source page is called.
mv "$parent/index.html" "$parent/parent.html"
cp -r "$parent"/. "$dist"/
node scripts/service-worker.mjs "$dist"
