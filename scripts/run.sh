#!/usr/bin/env bash
# `make run`: set up if needed, build the app and the server, serve both at a printed URL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-web.sh
cargo build --profile server -p signaal-server
port="${PORT:-8080}"
# Browsers allow the service worker and WebCrypto only on https or localhost: any other http
# address shows Signaal's "needs a secure connection" screen.
echo "Signaal runs at http://127.0.0.1:$port/ for this computer only (the server prints its address below)."
echo "Tablets and phones need https: follow \"Hosting for a team\" in README.md (Caddy, deploy/)."
exec target/server/signaal-server --port "$port" --data-dir "${DATA_DIR:-data}" --dist dist "$@"
