#!/usr/bin/env bash
# What the app's main wasm module carries, by name: splits the raw module the last
# `scripts/build-web.sh` left in target/ again, the same way, but keeps the function names the
# shipped build drops (wasm-bindgen --keep-debug, wasm-opt -g), then prints twiggy's biggest items
# and the main module's size by crate and by module of the app (names attributed to the first
# `signaal…::module` they mention, so generic code instantiated for an app type counts there).
# Needs twiggy (`cargo install twiggy`). Usage: bash scripts/wasm-sizes.sh [rows, default 40]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$root/node_modules/.bin:$PATH"
rows="${1:-40}"
raw="$root/target/web/wasm32-unknown-unknown/release/signaal.wasm"
[ -f "$raw" ] || raw="$root/target/wasm32-unknown-unknown/release/signaal.wasm"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
wasm-split-cli "$raw" "$work/split" >/dev/null
wasm-bindgen --target web --keep-lld-exports --keep-debug --no-typescript --out-dir "$work/bg" --out-name main "$work/split/main.wasm"
wasm-opt -Oz -g --enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-multivalue --enable-reference-types "$work/bg/main_bg.wasm" -o "$work/main.wasm"
twiggy top -n "$rows" "$work/main.wasm" | cut -c1-180
twiggy top -n 1000000 --format csv "$work/main.wasm" >"$work/top.csv"
python3 - "$work/top.csv" <<'EOF'
import collections, csv, re, sys
crates, modules = collections.Counter(), collections.Counter()
for row in csv.DictReader(open(sys.argv[1])):
    name, size = re.sub(r"\[[0-9a-f]+\]", "", row["Name"]), int(row["ShallowSize"])
    if "function names" in name:
        continue
    crate = re.match(r"^[<&( ]*(?:dyn |mut )?([a-z_0-9]+)::", name)
    crates["data segments" if name.startswith("data segment") else crate.group(1) if crate else "other"] += size
    app = re.search(r"(signaal(?:_core|_web)?::[a-z_0-9]+(?:::[a-z_0-9]+)?)", name)
    if app:
        modules[app.group(1)] += size
print(f"\nmain module without names: {sum(crates.values())} bytes\n\nby crate (shallow bytes):")
for name, size in crates.most_common(20):
    print(f"{size:9d}  {name}")
print("\nby module of the app (incl. generic code instantiated for its types):")
for name, size in modules.most_common(30):
    print(f"{size:9d}  {name}")
EOF
