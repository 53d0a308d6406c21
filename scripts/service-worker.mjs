// Writes the service workers into a built dist/ (run by scripts/build-web.sh after both Trunk
// builds): sw.js precaches every file of the build, parent-sw.js only what the parent page
// loads, so a parent on a slow connection never downloads the app. Cache versions derive from
// the exact files, and Trunk's names carry content hashes, so a hand list could only go stale.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const dist = process.argv[2];
if (!dist || !existsSync(join(dist, "index.html"))) {
  console.error("usage: node scripts/service-worker.mjs <dist dir with index.html>");
  process.exit(1);
}
const templates = join(dirname(fileURLToPath(import.meta.url)), "..", "public");
const WORKERS = ["/sw.js", "/parent-sw.js"];

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function write(worker, files) {
  const hash = createHash("sha256");
  for (const url of files) {
    hash.update(url);
    hash.update(readFileSync(join(dist, url)));
  }
  const version = hash.digest("hex").slice(0, 16);
  const source = readFileSync(join(templates, worker), "utf8")
    .replace("__VERSION__", version)
    .replace("__PRECACHE__", JSON.stringify(files, null, 2));
  writeFileSync(join(dist, worker), source);
  console.log(`service worker ${worker}: ${files.length} files precached, version ${version}`);
}

const all = walk(dist)
  .map((path) => "/" + relative(dist, path).split(sep).join("/"))
  // Precompressed copies (scripts/precompress.mjs) are the same files in another encoding.
  .filter((url) => !WORKERS.includes(url) && !/\.(map|br|gz)$/.test(url))
  .sort();
write("/sw.js", all);

// The parent page's own files: what parent.html links (Trunk's hashed js, wasm and css), its
// manifest, the manifest's icons and its fetched words.
if (all.includes("/parent.html")) {
  const html = readFileSync(join(dist, "parent.html"), "utf8");
  // Trunk's minified HTML may leave attribute values unquoted.
  const linked = [...html.matchAll(/(?:href|src)=["']?(\/[^"'\s>#?]+)/g)].map((m) => m[1]);
  const manifest = JSON.parse(readFileSync(join(dist, "parent.webmanifest"), "utf8"));
  const icons = manifest.icons.map((icon) => icon.src);
  // The words of the languages the page fetches when chosen: kept, so a switch works offline.
  const words = all.filter((url) => url.startsWith("/parent-words-"));
  const files = [...new Set(["/parent.html", ...linked, ...icons, ...words])].filter((url) => all.includes(url)).sort();
  write("/parent-sw.js", files);
}
