// Time to interactive in Chromium with the CPU throttled 4× (DevTools protocol), cold: a fresh
// browser context per run (no HTTP cache, no service worker), the real server sending
// compressed files on loopback. "Interactive" is the moment the page's first real content is in
// the DOM with its event handlers attached: the app's and the parent page's `main h1`, the
// counter's button (all three render their handlers together with their content).
// Baseline: the minimal Leptos counter (benches/counter), built the same way, measured in the
// same run. Run through `make bench`; prints a Markdown table.
import { join } from "node:path";
import { launchBrowser, ROOT, startServer } from "../e2e/helpers.mjs";

const RUNS = 7;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Records, from inside the page, when the first element matching the selector appears.
function watch(selector) {
  const seen = () => {
    if (!window.__interactive && document.querySelector(selector)) window.__interactive = performance.now();
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
}

async function measure(browser, url, selector) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: "block" });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await page.addInitScript(watch, selector);
    await page.goto(url);
    await page.waitForFunction(() => window.__interactive !== undefined, null, { timeout: 60_000 });
    times.push(await page.evaluate(() => window.__interactive));
    await context.close();
  }
  return median(times);
}

const app = await startServer();
const counter = await startServer({ dist: join(ROOT, "benches", "counter", "dist") });
const browser = await launchBrowser();
try {
  const baseline = await measure(browser, counter.url + "/", "button");
  const rows = [
    ["app, Today screen (`/`)", await measure(browser, app.url + "/", "main h1"), "≤ 1000 ms"],
    ["parent page (`/p/…`, incl. its fetch)", await measure(browser, `${app.url}/p/${"A".repeat(22)}#${"B".repeat(43)}`, "main h1"), ""],
  ];
  console.log(`| time to interactive, CPU 4× slower, cold (median of ${RUNS}) | Signaal | counter baseline | ratio | goal |`);
  console.log("|---|---:|---:|---:|---|");
  for (const [name, value, goal] of rows) {
    console.log(`| ${name} | ${value.toFixed(0)} ms | ${baseline.toFixed(0)} ms | ${(value / baseline).toFixed(1)}× | ${goal} |`);
  }
} finally {
  await browser.close();
  await app.stop();
  await counter.stop();
}
