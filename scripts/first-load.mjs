// Prints what a phone downloads on the first visit of a page: every request Chromium makes for
// it until the network is idle (the DevTools network log), with the bytes as they came over the
// wire (compressed as the real server sends them, headers included). The HTML does not name the
// chunks of a split wasm, so reading the HTML cannot tell what a page loads; the browser can.
// The service worker is blocked: its background precache of the whole build is a separate,
// one-time download (reported as a sum of the build's files, compressed as served, on its own line).
// Usage: node scripts/first-load.mjs <dist dir> [path, default "/"]
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { launchBrowser, startServer } from "../tests/e2e/helpers.mjs";

const dist = resolve(process.argv[2] || "dist");
const path = process.argv[3] || "/";

const server = await startServer({ dist });
const browser = await launchBrowser();
const requests = new Map();
try {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: "block" });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  // The cache stays on: a new context's is empty, as on a first visit, and a phone's memory
  // cache serves the frame's icon again to the app's top bar instead of fetching it twice.
  cdp.on("Network.requestWillBeSent", ({ requestId, request }) => requests.set(requestId, { url: request.url }));
  cdp.on("Network.responseReceived", ({ requestId, response }) => {
    const entry = requests.get(requestId);
    if (entry) entry.encoding = response.headers["content-encoding"] || response.headers["Content-Encoding"] || "none";
    // The tab icon asks again for the frame's image: the browser's cache answers, nothing is downloaded.
    if (entry && response.fromDiskCache) entry.cached = true;
  });
  cdp.on("Network.loadingFinished", ({ requestId, encodedDataLength }) => {
    const entry = requests.get(requestId);
    if (entry) entry.bytes = encodedDataLength;
  });
  await page.goto(server.url + path, { waitUntil: "networkidle" });
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}

const kb = (n) => (n / 1024).toFixed(1).padStart(9);
const rows = [...requests.values()].filter((r) => r.bytes !== undefined && !r.cached);
let total = 0;
console.log(`${"request".padEnd(52)}${"encoding".padStart(9)}${"KB".padStart(9)}`);
for (const { url, encoding, bytes } of rows) {
  total += bytes;
  const name = new URL(url).pathname + (new URL(url).search || "");
  console.log(`${name.slice(0, 51).padEnd(52)}${(encoding || "").padStart(9)}${kb(bytes)}`);
}
console.log(`${`first load of ${path} (${rows.length} requests)`.padEnd(61)}${kb(total)}`);

// What the service worker precaches afterwards (every file of the build), gzip -9 as an estimate
// of what the server sends.
const walk = (dir) =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
const files = walk(dist).filter((file) => !/\.(map|br|gz)$/.test(file));
const precache = files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
console.log(`${`whole build, gzip (${files.length} files, ${relative(process.cwd(), dist) || "."})`.padEnd(61)}${kb(precache)}`);
console.log(JSON.stringify({ path, requests: rows.length, transferred_bytes: total, build_gzip_bytes: precache }));
