#!/usr/bin/env bash
# `make run`: set up if needed, build the app and the server, serve both at a printed URL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build-web.sh
cargo build --profile server -p signaal-server
exec target/server/signaal-server --port "${PORT:-8080}" --data-dir "${DATA_DIR:-data}" --dist dist "$@"
