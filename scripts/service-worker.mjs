// Trunk post-build hook: writes sw.js with the precache list and a cache version derived from
// the exact files of this build (Trunk's names carry content hashes, so a hand list goes stale).
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("service-worker.mjs: TRUNK_STAGING_DIR is not set (run through trunk build)");
  process.exit(1);
}
const source = process.env.TRUNK_SOURCE_DIR || ".";

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = walk(staging)
  .map((path) => "/" + relative(staging, path).split(sep).join("/"))
  .filter((url) => url !== "/sw.js" && !url.endsWith(".map"))
  .sort();

const hash = createHash("sha256");
for (const url of files) {
  hash.update(url);
  hash.update(readFileSync(join(staging, url)));
}
const version = hash.digest("hex").slice(0, 16);

const template = readFileSync(join(source, "public", "sw.js"), "utf8");
const worker = template
  .replace("__VERSION__", version)
  .replace("__PRECACHE__", JSON.stringify(files, null, 2));
writeFileSync(join(staging, "sw.js"), worker);
console.log(`service worker: ${files.length} files precached, version ${version}`);
