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

echo "== sync server under load (50 clients on loopback)"
data=$(mktemp -d)
target/server/signaal-server --port 0 --data-dir "$data" --dist dist --rate-per-ip 0 --rate-per-token 0 >"$data/out" 2>/dev/null &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 50); do grep -q 'Signaal: ' "$data/out" && break; sleep 0.1; done
url=$(sed -n 's/^Signaal: //p' "$data/out")
target/server/examples/load --url "$url" --clients 50 --requests 400 --seconds 10
