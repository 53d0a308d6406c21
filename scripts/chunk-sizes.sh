#!/usr/bin/env bash
# Sizes of a split build's wasm, gzip -9 as in BENCHMARKS.md: the main module, each area's own
# chunk (split_<area>_area.wasm, or split_sync_engine.wasm), the shared chunks (chunk_*.wasm) with the areas that need them (the
# comment above each loader in __wasm_split.js), and per area what its first visit fetches: its
# own chunk plus every shared chunk it needs (loaded in parallel with it).
# Usage: bash scripts/chunk-sizes.sh [dist]
set -euo pipefail
dist="${1:-dist}"
set_dir="$(ls -d "$dist"/signaal-*/ | head -1)"
gz() { gzip -9c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1000 }'; }
echo "main module: $(kb "$(gz "$dist/$(basename "$set_dir")_bg.wasm")")"
declare -A own need
for f in "$set_dir"split_*.wasm; do
  area="$(basename "$f" .wasm | sed -E 's/^split_//; s/_area$//')"
  own[$area]=$(gz "$f")
  need[$area]=0
done
while read -r chunk areas; do
  size=$(gz "$set_dir$chunk.wasm")
  echo "shared $chunk: $(kb "$size") — $areas"
  for a in ${areas//,/ }; do
    a="${a%_area}"
    [ -n "${need[$a]+x}" ] && need[$a]=$(( need[$a] + size ))
  done
done < <(awk '/^\/\* .* \*\/$/ { areas = $0; next } /^const __chunk_[0-9]+ = / { sub(/^\/\* /, "", areas); sub(/ \*\/$/, "", areas); gsub(/ /, "", areas); name = $2; sub(/^__/, "", name); print name, areas }' "$set_dir/__wasm_split.js")
for a in "${!own[@]}"; do
  echo "area $a: own chunk $(kb "${own[$a]}"), with the shared chunks it needs $(kb $(( own[$a] + need[$a] )))"
done | sort
