// Time to interactive in Chromium with the CPU throttled 4× (DevTools protocol), cold: a fresh
// browser context per run (no HTTP cache, no service worker), the real server sending
// compressed files on loopback. "Interactive" is the moment the page's first real content is in
// the DOM with its event handlers attached: the app's and the parent page's `main h1`, the
// counter's button (all three render their handlers together with their content).
// Baseline: the minimal Leptos counter (benches/counter), built the same way, measured in the
// same run. Run through `make bench`; prints two Markdown tables: the times, and the phases that
// make them up.
import { join } from "node:path";
import { launchBrowser, ROOT, startServer } from "../e2e/helpers.mjs";

const RUNS = 7;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Records, from inside the page, when the first element matching the selector appears, and
// when the wasm module's compilation starts and its instantiation ends. The counter's and the
// parent page's glue do both in `WebAssembly.instantiateStreaming`; the app's loader compiles
// with `compileStreaming` (while the frame is painted) and instantiates with `instantiate`.
function watch(selector) {
  const seen = () => {
    if (!window.__interactive && document.querySelector(selector)) window.__interactive = performance.now();
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
  const wrap = (name, { start, ready }) => {
    const original = WebAssembly[name];
    WebAssembly[name] = async (...args) => {
      if (start) window.__wasmStart ??= performance.now();
      const result = await original.apply(WebAssembly, args);
      if (ready) window.__wasmReady ??= performance.now();
      return result;
    };
  };
  wrap("instantiateStreaming", { start: true, ready: true });
  wrap("compileStreaming", { start: true });
  wrap("instantiate", { ready: true });
}

// Where the time goes: the main module downloaded, its start (the module script runs after the
// HTML is parsed and the first frame laid out), compiled and instantiated, and interactive
// (main() and the first run of effects lie between the last two).
const PHASES = ["module downloaded", "module start", "compiled + instantiated", "interactive"];

async function measure(browser, url, selector) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: "block" });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await page.addInitScript(watch, selector);
    await page.goto(url);
    await page.waitForFunction(() => window.__interactive !== undefined, null, { timeout: 60_000 });
    runs.push(
      await page.evaluate(() => {
        const wasm = performance.getEntriesByType("resource").find((e) => e.name.endsWith("_bg.wasm"));
        return [wasm?.responseEnd ?? NaN, window.__wasmStart, window.__wasmReady, window.__interactive];
      }),
    );
    await context.close();
  }
  return PHASES.map((_, i) => median(runs.map((r) => r[i])));
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
  const last = PHASES.length - 1;
  console.log(`| time to interactive, CPU 4× slower, cold (median of ${RUNS}) | Signaal | counter baseline | ratio | goal |`);
  console.log("|---|---:|---:|---:|---|");
  for (const [name, value, goal] of rows) {
    console.log(`| ${name} | ${value[last].toFixed(0)} ms | ${baseline[last].toFixed(0)} ms | ${(value[last] / baseline[last]).toFixed(1)}× | ${goal} |`);
  }
  console.log();
  console.log(`| phases, ms after navigation (medians of ${RUNS}) | ${rows.map(([name]) => name).join(" | ")} | counter baseline |`);
  console.log(`|---|${rows.map(() => "---:|").join("")}---:|`);
  PHASES.forEach((phase, i) => console.log(`| ${phase} | ${rows.map(([, v]) => v[i].toFixed(0)).join(" | ")} | ${baseline[i].toFixed(0)} |`));
} finally {
  await browser.close();
  await app.stop();
  await counter.stop();
}
