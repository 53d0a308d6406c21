// The frame index.html paints before the wasm runs must not say what the app then does not: it
// is in the device's language, carries the heading of the screen the address opens (none for a
// screen whose heading is data), and shows no screen while the app lock is on. The main module
// is held back so the frame is all there is; the same address with the module then shows the
// app's own heading, which the frame's must equal.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PHONE, screenshot, serverAndBrowser, TABLET } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

const isMainModule = (url) => /^\/signaal-[0-9a-f]{16}_bg\.wasm$/.test(new URL(url).pathname);
const ENGLISH = { "signaal/v1/device": JSON.stringify({ lang: "en" }) };

async function open(path, storage, { holdBack, viewport = TABLET }) {
  const context = await browser.newContext({ viewport, serviceWorkers: "block" });
  await context.addInitScript((items) => {
    for (const [key, value] of Object.entries(items)) localStorage.setItem(key, value);
  }, storage);
  const page = await context.newPage();
  if (holdBack) await page.route((url) => isMainModule(url.href), (route) => route.abort());
  await page.goto(server.url + path);
  return { context, page };
}

async function frame(path, storage = {}, viewport) {
  const { context, page } = await open(path, storage, { holdBack: true, viewport });
  const boot = page.locator("#boot");
  const seen = {
    lang: await page.evaluate(() => document.documentElement.lang),
    title: (await boot.locator(".boot-title").textContent()).trim(),
    intro: (await boot.locator(".intro").textContent()).trim(),
    nav: (await boot.locator(".nav-label").allTextContents()).map((t) => t.trim()),
    screenShown: await boot.locator(".layout").isVisible(),
    welcome: await boot.locator(".welcome").isVisible(),
  };
  return { context, page, seen };
}

async function appHeader(path, storage = {}) {
  const { context, page } = await open(path, storage, { holdBack: false });
  await page.locator("main h1").first().waitFor();
  const header = { title: await page.locator("main h1").first().innerText(), intro: await page.locator("main .page-header .intro").first().innerText() };
  await context.close();
  return header;
}

// Today's welcome card: its words and where its text stands, in the frame or in the app.
async function welcomeCard(page) {
  const card = page.locator("main .welcome");
  const body = card.locator("p").last();
  const box = await body.boundingBox();
  return {
    texts: (await card.locator("h2, p, a").allInnerTexts()).map((t) => t.trim()),
    box: Object.fromEntries(Object.entries(box).map(([k, v]) => [k, Math.round(v)])),
  };
}

test("on a Dutch device the frame of / is Today's, in Dutch, with the welcome card where the app puts it", async () => {
  for (const viewport of [PHONE, TABLET]) {
    const { context, page, seen } = await frame("/", {}, viewport);
    assert.equal(seen.lang, "nl");
    assert.deepEqual(seen.nav, ["Vandaag", "Schriftje", "Kinderen", "Stappenplan", "Overzicht", "Instellingen"]);
    assert.deepEqual({ title: seen.title, intro: seen.intro }, await appHeader("/"));
    // A fresh device: the app opens on the welcome card, so the frame already shows it, at the
    // same place (no jump when the app takes over).
    assert.equal(seen.welcome, true);
    const inFrame = await welcomeCard(page);
    if (viewport === PHONE) await screenshot(page, "frame-fresh-today-phone");
    await context.close();
    const app = await open("/", {}, { holdBack: false, viewport });
    await app.page.locator("main .welcome h2").waitFor();
    assert.deepEqual(inFrame, await welcomeCard(app.page));
    await app.context.close();
  }
});

test("on an English device a deep link paints the frame of that screen, in English", async () => {
  for (const path of ["/kinderen", "/stappenplan", "/moment", "/instellingen"]) {
    const { context, page, seen } = await frame(path, ENGLISH, PHONE);
    assert.equal(seen.lang, "en", path);
    assert.deepEqual(seen.nav, ["Today", "Notebook", "Children", "Step plan", "Overview", "Settings"], path);
    assert.deepEqual({ title: seen.title, intro: seen.intro }, await appHeader(path, ENGLISH), path);
    assert.equal(seen.welcome, false, `${path}: the welcome card is Today's`);
    if (path === "/kinderen") await screenshot(page, "frame-english-children-phone");
    await context.close();
  }
});

test("a screen whose heading is data gets no heading in the frame; with the app lock on, no screen", async () => {
  const child = await frame("/kinderen/0123456789abcdef0123456789abcdef");
  assert.deepEqual([child.seen.title, child.seen.intro, child.seen.screenShown, child.seen.welcome], ["", "", true, false]);
  await child.context.close();

  const locked = await frame("/", { "signaal/v1/lock": "{}" });
  assert.equal(locked.seen.screenShown, false, "no navigation or Today behind the lock");
  await locked.context.close();
});

// Chromium's paint records (Largest Contentful Paint, Element Timing) say which paint put the
// screen's text up: the frame's own, not the app's copy of it after the wasm ran. Each loader
// step the app's start waits for is in build-web.sh.
test("the frame's text is on screen before the app takes over, so the app adds no later paint of it", async () => {
  for (const viewport of [PHONE, TABLET]) {
    const context = await browser.newContext({ viewport, serviceWorkers: "block" });
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.largestPaints = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          window.largestPaints.push(entry.element ? (entry.element.closest("#boot") ? "frame" : "app") : "removed");
        }
      }).observe({ type: "largest-contentful-paint", buffered: true });
    });
    await page.goto(server.url + "/");
    await page.locator("main .welcome h2").waitFor();
    // Whatever the app painted is presented within a few frames.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 300))));
    const paints = await page.evaluate(() => window.largestPaints);
    assert.ok(paints.length > 0, "Chromium reports a largest paint");
    assert.ok(!paints.includes("app"), `the app's copy of the text painted as new: ${paints.join(", ")}`);
    await context.close();
  }
});

test("a page that gets no frame painted, as a tab opened in the background, still starts the app", async () => {
  const context = await browser.newContext({ viewport: PHONE, serviceWorkers: "block" });
  const page = await context.newPage();
  // No animation frames and no Element Timing: nothing tells the loader the frame is on screen.
  await page.addInitScript(() => {
    window.requestAnimationFrame = () => 0;
    Object.defineProperty(PerformanceObserver, "supportedEntryTypes", { value: [] });
  });
  await page.goto(server.url + "/");
  await page.locator("#boot").waitFor({ state: "detached", timeout: 10_000 });
  await page.locator("main .welcome h2").waitFor();
  await context.close();
});
