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

# WEB_DIR builds another Trunk project of the workspace (the benchmark baseline).
cd "${WEB_DIR:-$root}"

trunk build --release --offline "$@"
