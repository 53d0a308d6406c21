// Writes `<file>.br` (brotli 11) and `<file>.gz` (gzip -9) next to each content-hashed script,
// wasm, stylesheet and word file of a built dist/ (run by scripts/build-web.sh last). The server sends these when the
// browser accepts them (tower-http's precompressed ServeDir) instead of compressing each answer
// on the fly at a fast, lower level: a phone downloads less, and the server spends no CPU on it.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dist = process.argv[2];
if (!dist) {
  console.error("usage: node scripts/precompress.mjs <dist dir>");
  process.exit(1);
}
const walk = (dir) => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
let count = 0;
// Only content-hashed files (their name or folder carries the build's hash): they never change
// under their name, so a copy cannot go stale. The service workers and pages are left alone.
const hashed = (file) => /-[0-9a-f]{8,16}(_bg)?(\.|\/)/.test(file.slice(dist.length));
for (const file of walk(dist).filter((f) => /\.(wasm|js|css|json)$/.test(f) && hashed(f))) {
  const bytes = readFileSync(file);
  const params = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length };
  writeFileSync(file + ".br", brotliCompressSync(bytes, { params }));
  writeFileSync(file + ".gz", gzipSync(bytes, { level: 9 }));
  count++;
}
console.log(`precompressed ${count} files (brotli 11, gzip -9)`);
