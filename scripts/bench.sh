#!/usr/bin/env bash
# `make bench`: builds the release app and server, then prints every benchmark with its in-run
# baseline. Figures go into BENCHMARKS.md by hand, with the date and machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/build-web.sh >/dev/null
cargo build -q --profile server -p signaal-server --example load

WEB_DIR=benches/counter bash scripts/build-web.sh >/dev/null

echo "== first load of the app and of the parent page (compressed as served), and of a minimal Leptos counter built the same way"
node scripts/first-load.mjs dist index.html
node scripts/first-load.mjs dist parent.html
node scripts/first-load.mjs benches/counter/dist index.html

echo "== time to interactive in Chromium, CPU throttled 4x, against the counter"
node tests/bench/tti.bench.mjs

echo "== notebook core: storage size and native speed"
cargo run -q --release -p signaal-core --example capacity

echo "== notebook in Chromium with 10,000 moments"
node tests/bench/notebook.bench.mjs

echo "== sync server under load (50 clients on loopback), directly and through Caddy with https"
node tests/bench/sync-proxy.bench.mjs

echo "== sync server: peak memory while clients pull large pages, caps off and on"
node tests/bench/pull-memory.bench.mjs
