#!/usr/bin/env bash
# Builds the browser app into dist/ with Trunk (release profile: small wasm).
# rustup cannot fetch the wasm32 standard library on these machines, so unless the rustup target
# is installed, this uses Debian's rustc 1.96 and builds std from Debian's rust-web-src.
# These variables stay inside this script: native builds keep using the rustup toolchain.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$root/node_modules/.bin:$PATH"

# The host's own cargo, before the wasm branch below puts Debian's first.
native_cargo=$(command -v cargo)
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  sysroot=$(rustup run stable rustc --print sysroot)
  export PATH="/usr/bin:$PATH"   # Debian's cargo/rustc first; trunk, wasm-bindgen stay reachable
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$sysroot/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"
  # Its own target dir: artifacts of two different compilers must not invalidate each other.
  export CARGO_TARGET_DIR="$root/target/web"
  # Built from source, std can be built for size: a panic stops the module at once, without
  # formatting a message (index.html shows the failure page for any trap of the module), std's
  # algorithms are the ones chosen for size, and panic locations and `{:?}` output, which then
  # have no reader, are left out (wasm-bindgen's glue drops its JS value printer too). Together
  # 25 KB of the app's 277 KB brotli main module and 7 KB of the parent page. `--cfg` is what
  # .cargo/config.toml sets (an env value replaces that file's flags instead of adding to them).
  # All three pages share these flags and so one build of std and of every common crate.
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
fi

# WEB_DIR builds another Trunk project of the workspace (the benchmark baseline) as it is.
if [ -n "${WEB_DIR:-}" ]; then
  cd "$WEB_DIR"
  exec trunk build --release --offline "$@"
fi

# The app, the parent page and a handover's recipient view are Trunk entries merged into one
# dist/ (`--dist DIR` to build elsewhere, e.g. while another build runs); then the service
# workers get their lists.
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
# Before anything is compiled: every translation key must be in a part of the table that is
# loaded wherever the key is shown (a key in the wrong part is an empty label on a phone).
node scripts/check-words.mjs
# Trunk builds the app's HTML, CSS and assets; its Rust pipeline cannot split a wasm module
# (trunk-rs/trunk#1022), so the wasm is built here, the way cargo-leptos does it
# (src/compile/front.rs): cargo with relocations kept → wasm-split-cli → wasm-bindgen on the
# main module → wasm-opt on every module.
trunk build --release --offline --dist "$dist" "${args[@]}"
# The print styles (all inside `@media print`) need not hold up the first paint; Trunk does not
# carry a `media` attribute over, so it is set here.
sed -i -E 's#(<link href=/print-[0-9a-f]+\.css [^>]*rel=stylesheet)>#\1 media=print>#' "$dist/index.html"
grep -q 'rel=stylesheet media=print>' "$dist/index.html"
# The parent summary's styles serve only the share screen's preview: kept inert in a template,
# linked when that screen opens (platform::link_parent_styles), so `/` does not download them.
sed -i -E 's#(<link href=/parent-[0-9a-f]+\.css [^>]*rel=stylesheet>)#<template id=parent-css>\1</template>#' "$dist/index.html"
grep -q '<template id=parent-css><link href=/parent-' "$dist/index.html"
# Relocations let wasm-split-cli move functions between modules. Only the app's own link needs
# them, so they go to its final rustc call alone and every crate below is shared with the
# link pages' build.
cargo rustc --release --offline --target wasm32-unknown-unknown --bin signaal -- -Clink-arg=--emit-relocs
wasm="$(mktemp -d)"
trap 'rm -rf "$parent" "$wasm"' EXIT
wasm-split-cli "${CARGO_TARGET_DIR:-$root/target}/wasm32-unknown-unknown/release/signaal.wasm" "$wasm/split"
# Chunks call back into the main module through exports the linker made; keep them.
wasm-bindgen --target web --keep-lld-exports --no-typescript --out-dir "$wasm/split" --out-name main "$wasm/split/main.wasm"
rm "$wasm/split/main.wasm"
for module in "$wasm"/split/*.wasm; do
  wasm-opt -Oz --enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-multivalue --enable-reference-types "$module" -o "$module"
done
# One content hash for the whole set: the main module and glue at the top as Trunk named them,
# its chunks and their loader in a folder of the same name, so a page of one build can only
# ever load chunks of that build (and the server caches them as immutable).
name="signaal-$(cat "$wasm"/split/* | sha256sum | cut -c1-16)"
mkdir "$dist/$name"
# Only the glue's import statements move; the wasm's own import names stay "./__wasm_split.js".
sed "s#from \"\./__wasm_split\.js\"#from \"./$name/__wasm_split.js\"#g" "$wasm/split/main.js" >"$dist/$name.js"
mv "$wasm/split/main_bg.wasm" "$dist/${name}_bg.wasm"
sed "s#\./main\.js#../$name.js#g" "$wasm/split/__wasm_split.js" >"$dist/$name/__wasm_split.js"
mv "$wasm"/split/*.wasm "$dist/$name/"
# Trunk's own minifier gives up on wasm-bindgen's glue (`export { … as default }`: "Failed to
# minify JS") and ships it as written; terser takes the app's from 8.8 to 7.3 KB brotli and the
# parent page's from 6.9 to 5.2. The split loader keeps its comments: scripts/chunk-sizes.sh
# reads which areas need each chunk from them.
minify() {
  terser "$1" --module --compress --mangle --output "$1"
}
minify "$dist/$name.js"
start="<link rel=modulepreload href=/$name.js><link rel=preload as=fetch crossorigin href=/${name}_bg.wasm type=application/wasm>"
# Idle prefetch: two seconds after the first screen is up (storage and sync's first run go
# first; a person's first tap comes later), when the page is idle, every chunk is fetched at low
# priority into the HTTP cache (the server marks them immutable), so an area's first visit does
# not wait for the network even before the service worker has installed (its precache reads the
# same HTTP cache, so nothing is downloaded twice). Fetch, not the split loader: a failed
# prefetch must stay silent, where a failed load shows the "could not be loaded" page. Four at
# a time, each next one started as one comes in: a hundred fetches started in one go are one
# task of a quarter second on a phone's CPU, right when a person may tap. A page that a service
# worker controls skips it, and stops it when one takes control: that worker activated only once
# its precache held every chunk, and reading them all again on each start would only cost a
# phone time (a reload in the middle of it makes Firefox log every cut-off read as an error; and
# in split.test.mjs an update's reload did not come while the reads still went on).
chunks=$(cd "$dist/$name" && ls split_*.wasm chunk_*.wasm | sed 's/.*/"&"/' | paste -sd, -)
# The module compiles while the frame index.html carries is painted; main() runs only once the
# frame's text (its `elementtiming` paragraphs) has been presented, so a phone shows the whole
# frame while the app builds the same screen, instead of the browser dropping a paint it had not
# yet shown when main() replaced it. Where Element Timing is missing (Firefox, WebKit), or the
# frame has no text, one frame is waited for; half a second at most in any case. (No `&` or `#`
# in this script: sed below would read them as its own.)
start+="<script type=module>import init from '/$name.js';const wasm=WebAssembly.compileStreaming(fetch('/${name}_bg.wasm'));"
start+="await new Promise(go=>{setTimeout(go,500);const text=[...document.getElementById('boot')?.querySelectorAll('[elementtiming]')??[]].filter(e=>e.offsetParent?e.textContent:0);"
start+="if(!text.length||!PerformanceObserver.supportedEntryTypes?.includes('element'))return requestAnimationFrame(()=>setTimeout(go));"
start+="const seen=new Set;new PerformanceObserver(l=>{for(const e of l.getEntries())seen.add(e.element);if(text.every(e=>seen.has(e)))go()}).observe({type:'element',buffered:true})});"
start+="await init({module_or_path:await wasm});"
start+="if(!(navigator.connection?.saveData||navigator.serviceWorker?.controller))setTimeout(()=>(self.requestIdleCallback||setTimeout)(()=>{const todo=[$chunks];"
start+="const next=()=>{const f=navigator.serviceWorker?.controller?null:todo.shift();if(f)fetch('/$name/'+f,{priority:'low'}).then(r=>r.arrayBuffer()).catch(()=>{}).then(next)};for(let i=0;i<4;i++)next()}),2000)</script>"
sed -i "s#</head>#$start</head>#" "$dist/index.html"
# sed reads `&` and `#` in a replacement as its own: the script must have gone in verbatim.
grep -qF "$start</head>" "$dist/index.html"
# The link pages' glue, minified like the app's; the page's SRI hash of the script changes with
# it.
minify_glue() {
  local js old
  for js in "$parent"/signaal-*.js; do
    old=$(sri "$js")
    minify "$js"
    sed -i "s#$old#$(sri "$js")#" "$parent/index.html"
  done
}
sri() {
  node -e 'const h = require("crypto").createHash("sha384").update(require("fs").readFileSync(process.argv[1]));
    console.log("sha384-" + h.digest("base64"))' "$1"
}
# The tab icon inside the link pages: a phone on a slow connection makes one request less
# (≈ 0.9 KB of headers for a 0.3 KB image). Their CSP allows data: images.
inline_icon() {
  sed -i "s#href=/icons/favicon-32.png#href=data:image/png;base64,$(base64 -w0 public/icons/favicon-32.png)#" "$1"
}
(cd crates/parent && trunk build --release --offline --dist "$parent" "${args[@]}")
minify_glue
inline_icon "$parent/index.html"
# Trunk names its output index.html whatever the source page is called.
mv "$parent/index.html" "$parent/parent.html"
cp -r "$parent"/. "$dist"/
# The parent page's Turkish, Arabic and Polish words, fetched when a parent needs them: written
# by a native bin of the core crate, outside the wasm build's settings.
env -u CARGO_TARGET_DIR -u RUSTC_BOOTSTRAP -u CARGO_UNSTABLE_BUILD_STD -u CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER \
  "$native_cargo" run --quiet --offline --locked -p signaal-core --bin parent-words -- "$dist"
# The recipient's view of a handover link: a second bin of the parent crate, its own entry, so
# the parent page downloads none of it.
rm -rf "$parent" && mkdir "$parent"
(cd crates/parent && trunk build --release --offline --dist "$parent" "${args[@]}" handover.html)
minify_glue
inline_icon "$parent/index.html"
mv "$parent/index.html" "$parent/handover.html"
cp -r "$parent"/. "$dist"/
node scripts/service-worker.mjs "$dist"
node scripts/precompress.mjs "$dist"
