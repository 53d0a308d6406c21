#!/usr/bin/env bash
# `make bench`: builds the release app and server, then prints every benchmark with its in-run
# baseline. Figures go into BENCHMARKS.md by hand, with the date and machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/build-web.sh >/dev/null
cargo build -q --profile server -p signaal-server --bin signaal-server --example load

WEB_DIR=benches/counter bash scripts/build-web.sh >/dev/null

echo "== first load: what Chromium fetches for the app, the parent page and a minimal Leptos counter built the same way, until the network is idle (compressed as served)"
node scripts/first-load.mjs dist /
node scripts/first-load.mjs dist "/p/$(printf 'A%.0s' {1..22})#$(printf 'B%.0s' {1..43})"
node scripts/first-load.mjs benches/counter/dist /

echo "== Lighthouse, mobile preset (simulated slow 4G, CPU 4x), against the counter"
node tests/bench/lighthouse.bench.mjs

echo "== time to interactive in Chromium, CPU throttled 4x, against the counter"
node tests/bench/tti.bench.mjs

echo "== first visit of an area, CPU throttled 4x, on loopback and on a slow 4G network"
node tests/bench/area.bench.mjs dist
node tests/bench/area.bench.mjs dist slow4g

echo "== notebook core: storage size and native speed"
cargo run -q --release -p signaal-core --example capacity

echo "== notebook in Chromium with 10,000 moments"
node tests/bench/notebook.bench.mjs

echo "== sync server under load (50 clients on loopback), directly and through Caddy with https"
node tests/bench/sync-proxy.bench.mjs

echo "== sync server: peak memory while clients pull large pages, caps off and on"
node tests/bench/pull-memory.bench.mjs
