// Prints the first-load transfer size of a built app: the HTML page and every script, wasm and
// stylesheet it references, compressed as the server would send them (gzip -9 and brotli).
// Usage: node scripts/first-load.mjs [dist dir] [page.html]
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dist = process.argv[2] || "dist";
const pageName = process.argv[3] || "index.html";
const html = readFileSync(join(dist, pageName));
// Trunk's minified HTML leaves attribute values unquoted; the start-up script names the wasm
// inside a JS string. Either way an asset is an absolute path ending in .js, .wasm or .css.
const referenced = new Set(
  [...html.toString().matchAll(/(?:=|["'])(\/[^"'\s>]+\.(?:js|wasm|css))/g)].map((m) => m[1]),
);

const rows = [[pageName, html], ...[...referenced].sort().map((p) => [p.slice(1), readFileSync(join(dist, p))])];
let raw = 0, gz = 0, br = 0;
const kb = (n) => (n / 1024).toFixed(1).padStart(8);
console.log(`${"file".padEnd(44)}${"raw KB".padStart(8)}${"gzip KB".padStart(9)}${"br KB".padStart(8)}`);
for (const [name, bytes] of rows) {
  const g = gzipSync(bytes, { level: 9 }).length;
  const b = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  raw += bytes.length; gz += g; br += b;
  console.log(`${name.padEnd(44)}${kb(bytes.length)} ${kb(g)}${kb(b)}`);
}
console.log(`${"total first load".padEnd(44)}${kb(raw)} ${kb(gz)}${kb(br)}`);
console.log(JSON.stringify({ page: pageName, raw_bytes: raw, gzip_bytes: gz, brotli_bytes: br }));
