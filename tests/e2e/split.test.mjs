// The app's wasm is split into a main module (Today, capture, lock screen) and one chunk per
// area (scripts/build-web.sh, src/areas.rs): the first screen loads no chunk, an area's chunk
// arrives on its first visit (and, until a service worker holds the build, is prefetched once
// Today is up), every chunk is precached for offline use, a failed chunk download shows a
// message with a reload button, and an update never mixes chunks of two builds.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DIST, eventually, nav, openApp, PHONE, screenshot, serverAndBrowser, startPrivateBuild, startTeam, waitForServiceWorker, waitForSynced } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

// Each area by its navigation label and the heading of its first screen (the step plan's group
// work and set-up, reached from its overview, are checked on their own below).
const AREAS = [
  ["Schriftje", "Schriftje"],
  ["Kinderen", "Kinderen"],
  ["Stappenplan", "Stappenplan"],
  ["Overzicht", "Overzicht"],
  ["Instellingen", "Instellingen"],
];
const isChunk = (url) => /\/signaal-[0-9a-f]{16}\/[^/]+\.wasm$/.test(new URL(url).pathname);

// The idle prefetch fetches every chunk two seconds after the first screen, which would land in
// the middle of a count of what each screen loads. It stays off in data-saver mode, as on a
// phone that asks for it.
const dataSaver = () => Object.defineProperty(Navigator.prototype, "connection", { configurable: true, get: () => ({ saveData: true }) });

// Recorded when asked for, not when done: a request the page made before a reload may finish
// after it, and belongs to the page that asked.
function recordChunks(page) {
  const chunks = [];
  page.on("request", (request) => {
    if (isChunk(request.url())) chunks.push(new URL(request.url()).pathname);
  });
  return chunks;
}

// By the link a person sees: at phone width Settings is in the top bar, not the menu.
async function openArea(page, label, heading) {
  await page.getByRole("link", { name: label, exact: true }).filter({ visible: true }).first().click();
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
}

test("Today loads no chunk; each area's chunk arrives on its first visit", async () => {
  // Without a service worker, so every chunk request reaches the network log.
  const { context, page } = await openApp(browser, server, { serviceWorkers: "block", init: dataSaver });
  const chunks = recordChunks(page);
  await page.getByRole("heading", { level: 1, name: "Vandaag" }).waitFor();
  assert.deepEqual(chunks, [], "the first screen needs only the main module");
  const seen = new Set();
  for (const [label, heading] of AREAS) {
    const before = chunks.length;
    await openArea(page, label, heading);
    const fresh = chunks.slice(before).filter((c) => !seen.has(c));
    assert.ok(fresh.length >= 1, `${label} fetched its own chunk (got ${chunks.slice(before)})`);
    fresh.forEach((c) => seen.add(c));
  }
  await context.close();
});

test("before a service worker holds the build, every chunk is prefetched once Today is up; afterwards none is", async () => {
  const build = readdirSync(DIST).find((name) => /^signaal-[0-9a-f]{16}$/.test(name));
  const all = readdirSync(join(DIST, build)).filter((name) => name.endsWith(".wasm")).map((name) => `/${build}/${name}`).sort();
  const cold = await openApp(browser, server, { serviceWorkers: "block" });
  const fetched = recordChunks(cold.page);
  await cold.page.getByRole("heading", { level: 1, name: "Vandaag" }).waitFor();
  const asChunks = () => JSON.stringify([...new Set(fetched)].sort());
  await eventually(() => asChunks() === JSON.stringify(all) || asChunks(), { timeout: 15_000, message: `all ${all.length} chunks prefetched` });
  // Once each: nothing was asked for twice.
  assert.equal(fetched.length, all.length);
  await cold.context.close();

  const { context, page } = await openApp(browser, server);
  await waitForServiceWorker(page);
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Vandaag" }).waitFor();
  const asked = recordChunks(page);
  // Twice the prefetch's delay: nothing is asked for in that time.
  await page.waitForTimeout(4_000);
  assert.deepEqual(asked, []);
  await context.close();
});

test("the step plan is three chunks: trajectory work, group work and the team's set-up", async () => {
  const { context, page } = await openApp(browser, server, { serviceWorkers: "block", init: dataSaver });
  const chunks = recordChunks(page);
  await page.getByRole("heading", { level: 1, name: "Vandaag" }).waitFor();
  await openArea(page, "Stappenplan", "Stappenplan");
  const seen = new Set(chunks);
  const visit = async (label, heading) => {
    await openArea(page, "Stappenplan", "Stappenplan");
    const before = chunks.length;
    await openArea(page, label, heading);
    const fresh = chunks.slice(before).filter((c) => !seen.has(c));
    fresh.forEach((c) => seen.add(c));
    return fresh;
  };
  const groups = await visit("Lijst welbevinden invullen", "Lijst welbevinden");
  assert.ok(groups.length >= 1, `the wellbeing list fetched its own chunk (got ${groups})`);
  const setup = await visit("Sjabloon aanpassen", "Stappenplan-sjabloon");
  assert.ok(setup.length >= 1, `the template editor fetched its own chunk (got ${setup})`);
  // One area is one chunk: the coach register is in the template editor's.
  assert.deepEqual(await visit("Inzet coach", "Inzet coach"), [], "the coach register needed no other chunk");
  assert.deepEqual(await visit("Zorg over een groep", "Zorg over een groep"), [], "a group concern is in the wellbeing list's chunk");
  await context.close();
});

test("after one visit, every area opens offline with its chunk from the service worker's cache", async () => {
  const { context, page, errors } = await openApp(browser, server, { viewport: PHONE });
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Vandaag" }).waitFor();
  const fromCache = [];
  page.on("response", (response) => {
    if (isChunk(response.url())) fromCache.push(response.fromServiceWorker());
  });
  for (const [label, heading] of AREAS) await openArea(page, label, heading);
  assert.ok(fromCache.length >= AREAS.length, `chunks loaded: ${fromCache.length}`);
  assert.ok(fromCache.every(Boolean), "every chunk came from the service worker");
  await context.setOffline(false);
  assert.deepEqual(errors.filter((e) => !/net::ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await context.close();
});

test("a chunk download that breaks off once is tried again and the screen opens", async () => {
  const { context, page, errors } = await openApp(browser, server, { viewport: PHONE, serviceWorkers: "block" });
  const failed = [];
  await page.route(
    (url) => isChunk(url.href),
    (route) => {
      const name = new URL(route.request().url()).pathname;
      if (failed.includes(name)) return route.continue();
      failed.push(name);
      return route.abort("connectionreset");
    },
  );
  await openArea(page, "Stappenplan", "Stappenplan");
  assert.ok(failed.length >= 1, "a chunk download was broken off");
  assert.equal(await page.getByRole("alert").filter({ hasText: "kon niet geladen worden" }).count(), 0);
  assert.deepEqual(errors.filter((e) => /panicked|unreachable/.test(e)), []);
  await context.close();
});

test("a tap on the menu link of the screen that is still loading shows that screen when its chunk arrives", async () => {
  // A slow connection: every chunk arrives a second and a half after it was asked for. A person
  // who opened the notebook (or unlocked the app on it) taps its link again meanwhile.
  const { context, page, errors } = await openApp(browser, server, { serviceWorkers: "block", init: dataSaver });
  await page.route(
    (url) => isChunk(url.href),
    async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    },
  );
  const asked = page.waitForRequest((request) => isChunk(request.url()));
  await page.goto(`${server.url}/schriftje`);
  // Asked for by the router's own load of the screen: the app's menu is live by then.
  await asked;
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Schriftje" }).click();
  await page.getByRole("heading", { level: 1, name: "Schriftje" }).waitFor();
  assert.deepEqual(errors.filter((e) => /panicked|unreachable/.test(e)), []);
  await context.close();
});

test("a chunk that cannot be downloaded at all shows a message in the app's frame with a reload button, and reloading recovers", async () => {
  const { context, page, errors } = await openApp(browser, server, { viewport: PHONE, serviceWorkers: "block" });
  await page.route((url) => isChunk(url.href), (route) => route.abort("internetdisconnected"));
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Stappenplan" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "kon niet geladen worden" });
  await alert.waitFor();
  // No crash page: the menu is still there and leads back to Today, which needs no chunk.
  assert.deepEqual(errors.filter((e) => /panicked|unreachable/.test(e)), []);
  await screenshot(page, "split-chunk-failed-phone");
  await nav(page, "Vandaag");
  await page.getByRole("heading", { level: 1, name: "Vandaag" }).waitFor();
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Stappenplan" }).click();
  await alert.waitFor();
  await page.unrouteAll();
  await Promise.all([page.waitForEvent("load"), alert.getByRole("button", { name: "Herladen" }).click()]);
  // The reload stays on the screen that failed, which opens now.
  await page.getByRole("heading", { level: 1, name: "Stappenplan" }).waitFor();
  await context.close();
});

test("a page of the old build keeps loading the old build's chunks while a new build is published", async () => {
  // A private copy of the build, then a "new build" published over it: the same files under a
  // new content hash, as a real rebuild with changed code names them.
  const build = await startPrivateBuild();
  const { dist, server: own } = build;
  try {
    const { context, page, errors } = await openApp(browser, own);
    await waitForServiceWorker(page);
    const chunks = recordChunks(page);
    const old = readdirSync(dist).find((name) => /^signaal-[0-9a-f]{16}$/.test(name));
    const fresh = "signaal-0123456789abcdef";
    for (const name of readdirSync(dist).filter((n) => n.startsWith(old))) renameSync(join(dist, name), join(dist, name.replace(old, fresh)));
    for (const file of ["index.html", `${fresh}.js`, `${fresh}/__wasm_split.js`]) {
      writeFileSync(join(dist, file), readFileSync(join(dist, file), "utf8").replaceAll(old, fresh));
      // The build's precompressed copies (scripts/precompress.mjs) still name the old files.
      for (const copy of [".br", ".gz"]) rmSync(join(dist, file + copy), { force: true });
    }
    const worker = readFileSync(join(dist, "sw.js"), "utf8");
    writeFileSync(join(dist, "sw.js"), worker.replaceAll(old, fresh).replace(/const VERSION = "[0-9a-f]+"/, 'const VERSION = "fedcba9876543210"'));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await page.getByRole("status").filter({ hasText: "nieuwe versie" }).waitFor({ timeout: 15_000 });

    // Still the old page: its areas come from the old build, which the new one never replaces.
    for (const [label, heading] of AREAS.slice(0, 3)) await openArea(page, label, heading);
    assert.ok(chunks.length >= 3, `chunks: ${chunks}`);
    assert.ok(chunks.every((c) => c.startsWith(`/${old}/`)), `only old chunks: ${chunks}`);

    // After the reload the new build runs, with only its own chunks. The old page's idle
    // prefetch may still be under way when the button is tapped, so count from the new page's load.
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Herladen" }).click()]);
    chunks.length = 0;
    // The reload stays on the screen it was on.
    await page.getByRole("heading", { level: 1, name: "Stappenplan" }).waitFor();
    for (const [label, heading] of AREAS.slice(0, 2)) await openArea(page, label, heading);
    assert.ok(chunks.length >= 3 && chunks.every((c) => c.startsWith(`/${fresh}/`)), `only new chunks: ${chunks}`);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await build.stop();
  }
});

test("when the sync engine's chunk cannot be downloaded, sync reports the server unreachable and recovers; the app goes on", async () => {
  const { context, page } = await openApp(browser, server, { serviceWorkers: "block" });
  await startTeam(page);
  await waitForSynced(page);
  const isEngine = (url) => isChunk(url.href) && url.pathname.includes("sync_engine");
  await page.route(isEngine, (route) => route.abort("internetdisconnected"));
  await page.goto(server.url + "/");
  await page.getByRole("heading", { level: 1, name: "Vandaag" }).waitFor();
  await nav(page, "Instellingen");
  await page.getByText(/de server is niet bereikbaar/).first().waitFor({ timeout: 15_000 });
  assert.equal(await page.getByRole("alert").filter({ hasText: "kon niet geladen worden" }).count(), 0, "no failure page");
  await page.unrouteAll();
  await waitForSynced(page);
  await context.close();
});
