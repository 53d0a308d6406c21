// How fast an area appears on its first visit, online, CPU throttled 4× (DevTools protocol): a
// fresh browser context per run (no service worker, empty HTTP cache), the real server sending
// compressed files on loopback. The time runs from the tap on the area's menu link on Today to
// its heading in `main h1`, measured inside the page. Two moments to tap: at once, as soon as
// Today is up, and after a few seconds on Today (when the idle prefetch has run, if the build
// has one). With `slow4g`, the network is throttled as Lighthouse's mobile preset simulates it
// (150 ms round trip, 1.6 Mbit/s down), where the download of an area's chunks shows.
// Run through `make bench`; prints a Markdown table.
// Usage: node tests/bench/area.bench.mjs [dist dir, default dist] [slow4g]
import { resolve } from "node:path";
import { launchBrowser, startServer, TABLET } from "../e2e/helpers.mjs";

const RUNS = 3;
const slow = process.argv[3] === "slow4g";
// Long enough for the prefetch (it starts 2 s after Today) to finish on either network.
const SETTLE_MS = slow ? 10_000 : 5_000;
const AREAS = [
  ["/schriftje", "Schriftje"],
  ["/kinderen", "Kinderen"],
  ["/stappenplan", "Stappenplan"],
  ["/overzicht", "Overzicht"],
  ["/instellingen", "Instellingen"],
];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Taps the menu link and resolves with the milliseconds until the area's heading is in the DOM.
function tapAndTime([href, heading]) {
  return new Promise((done) => {
    const start = performance.now();
    const check = () => {
      if (document.querySelector("main h1")?.textContent.trim() === heading) {
        observer.disconnect();
        done(performance.now() - start);
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true, characterData: true });
    document.querySelector(`nav.mainnav a[href="${href}"]`).click();
  });
}

async function firstVisit(browser, url, area, settle) {
  const context = await browser.newContext({ viewport: TABLET, serviceWorkers: "block" });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  if (slow) {
    await cdp.send("Network.enable");
    const kbit = 1024 / 8;
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 150, downloadThroughput: 1600 * kbit, uploadThroughput: 750 * kbit });
  }
  await page.goto(url);
  await page.getByRole("heading", { level: 1, name: "Vandaag" }).waitFor({ timeout: 60_000 });
  if (settle) await page.waitForTimeout(SETTLE_MS);
  const ms = await page.evaluate(tapAndTime, area);
  await context.close();
  return ms;
}

const dist = resolve(process.argv[2] || "dist");
const server = await startServer({ dist });
const browser = await launchBrowser();
try {
  const network = slow ? "slow 4G (150 ms, 1.6 Mbit/s)" : "loopback";
  console.log(`| first visit of an area, CPU 4× slower, ${network} (median of ${RUNS}) | tapped at once | tapped after ${SETTLE_MS / 1000} s on Today | goal |`);
  console.log("|---|---:|---:|---|");
  for (const area of AREAS) {
    const times = async (settle) => {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await firstVisit(browser, server.url + "/", area, settle));
      return median(runs);
    };
    const [now, later] = [await times(false), await times(true)];
    console.log(`| ${area[1]} (\`${area[0]}\`) | ${now.toFixed(0)} ms | ${later.toFixed(0)} ms | ≤ 500 ms |`);
  }
} finally {
  await browser.close();
  await server.stop();
}
