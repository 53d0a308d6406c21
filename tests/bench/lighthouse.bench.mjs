// Lighthouse (npm, pinned in package.json) with its mobile preset — simulated slow 4G and a 4×
// slower CPU — against the real server: performance score, LCP, TBT and bytes transferred for
// the app's `/`, the parent page, and the minimal Leptos counter as the in-run baseline.
// Run through `make bench`; prints a Markdown table.
//
// The preset simulates: it replays a trace taken on this fast machine through a model of the
// slow network. On loopback the main wasm is in before the frame index.html carries is painted,
// so the model counts its download into LCP, though on a real slow connection that paint comes
// well before it. The same pages are therefore also run with the throttling applied for real
// (DevTools: the preset's latency, bandwidth and CPU slowdown), which shows what a phone sees.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { ROOT, startServer } from "../e2e/helpers.mjs";

function lighthouse(url, method = "simulate") {
  const dir = mkdtempSync(join(tmpdir(), "signaal-lighthouse-"));
  const report = join(dir, "report.json");
  const run = spawnSync(
    "lighthouse",
    [
      url,
      "--only-categories=performance",
      "--output=json",
      `--output-path=${report}`,
      "--quiet",
      `--throttling-method=${method}`,
      "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
    ],
    {
      env: {
        ...process.env,
        CHROME_PATH: process.env.CHROMIUM || "/usr/bin/chromium",
        PATH: join(ROOT, "node_modules", ".bin") + delimiter + process.env.PATH,
      },
      encoding: "utf8",
    },
  );
  try {
    if (run.status !== 0) throw new Error(`lighthouse failed on ${url}: ${run.stderr || run.error}`);
    const { categories, audits } = JSON.parse(readFileSync(report, "utf8"));
    return {
      score: Math.round(categories.performance.score * 100),
      fcp: audits["first-contentful-paint"].numericValue,
      lcp: audits["largest-contentful-paint"].numericValue,
      tbt: audits["total-blocking-time"].numericValue,
      bytes: audits["total-byte-weight"].numericValue,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const app = await startServer();
const counter = await startServer({ dist: join(ROOT, "benches", "counter", "dist") });
try {
  const rows = [
    ["app, Today (`/`)", lighthouse(app.url + "/"), "≥ 95, LCP ≤ 2.5 s, TBT ≤ 200 ms, ≤ 200 KB"],
    ["parent page (`/p/…`)", lighthouse(`${app.url}/p/${"A".repeat(22)}#${"B".repeat(43)}`), "≤ 80 KB"],
    ["baseline: Leptos counter", lighthouse(counter.url + "/"), ""],
    ["app, Today (`/`), throttling applied (DevTools)", lighthouse(app.url + "/", "devtools"), ""],
    ["baseline: Leptos counter, throttling applied (DevTools)", lighthouse(counter.url + "/", "devtools"), ""],
  ];
  console.log("| Lighthouse, mobile preset (slow 4G, CPU 4×) | score | FCP | LCP | TBT | transferred | goal |");
  console.log("|---|---:|---:|---:|---:|---:|---|");
  for (const [name, r, goal] of rows) {
    const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
    console.log(`| ${name} | ${r.score} | ${s(r.fcp)} | ${s(r.lcp)} | ${r.tbt.toFixed(0)} ms | ${(r.bytes / 1024).toFixed(0)} KiB | ${goal} |`);
  }
} finally {
  await app.stop();
  await counter.stop();
}
