// Installability and offline: manifest, service worker, offline reload, update offer, and the
// server's headers for the real build.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openApp, serverAndBrowser, startPrivateBuild, waitForServiceWorker } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

test("the manifest is linked, valid, and its icons load", async () => {
  const { context, page } = await openApp(browser, server);
  const href = await page.getAttribute('link[rel="manifest"]', "href");
  assert.equal(href, "/manifest.webmanifest");
  const response = await page.request.get(server.url + href);
  assert.equal(response.status(), 200);
  assert.match(response.headers()["content-type"], /application\/manifest\+json/);
  const manifest = await response.json();
  assert.equal(manifest.display, "standalone");
  assert.equal(manifest.lang, "nl");
  assert.equal(manifest.start_url, "/");
  assert.equal(manifest.scope, "/");
  assert.ok(manifest.name && manifest.short_name);
  assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/i);
  assert.match(manifest.background_color, /^#[0-9a-f]{6}$/i);
  for (const size of ["192x192", "512x512"]) {
    assert.ok(manifest.icons.some((i) => i.sizes === size && i.purpose === "maskable"), `maskable ${size}`);
    assert.ok(manifest.icons.some((i) => i.sizes === size && i.purpose === "any"), `any ${size}`);
  }
  const iconUrls = [...manifest.icons.map((i) => i.src), await page.getAttribute('link[rel="apple-touch-icon"]', "href")];
  for (const src of iconUrls) {
    const icon = await page.request.get(server.url + src);
    assert.equal(icon.status(), 200, src);
    assert.equal(icon.headers()["content-type"], "image/png", src);
    const bytes = await icon.body();
    assert.equal(bytes.subarray(1, 4).toString(), "PNG", src);
  }
  await context.close();
});

test("the service worker registers, controls the page, and serves the app offline", async () => {
  const { context, page, errors } = await openApp(browser, server, { path: "/schriftje" });
  await waitForServiceWorker(page);
  const cached = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith("signaal-shell-")));
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  assert.ok(cached.includes("/index.html"));
  assert.ok(cached.some((p) => p.endsWith(".wasm")), "wasm precached");
  assert.ok(!cached.some((p) => p.startsWith("/api/")), "no API responses in the shell cache");

  await context.setOffline(true);
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Schriftje" }).waitFor();
  assert.equal(await page.getByRole("status").filter({ hasText: "Offline" }).count(), 1);
  // A route never visited before also opens offline (served from the cached shell).
  await page.goto(server.url + "/kinderen");
  await page.getByRole("heading", { level: 1, name: "Kinderen" }).waitFor();
  await context.setOffline(false);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a new build is offered as 'new version available — reload'", async () => {
  const build = await startPrivateBuild();
  const { dist, server: own } = build;
  try {
    const { context, page } = await openApp(browser, own);
    await waitForServiceWorker(page);
    const firstCache = await page.evaluate(async () => (await caches.keys()).find((n) => n.startsWith("signaal-shell-")));

    const worker = readFileSync(join(dist, "sw.js"), "utf8");
    const version = worker.match(/const VERSION = "([0-9a-f]+)"/)[1];
    writeFileSync(join(dist, "sw.js"), worker.replace(version, "0123456789abcdef"));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());

    const banner = page.getByRole("status").filter({ hasText: "nieuwe versie" });
    await banner.waitFor({ timeout: 15_000 });
    await Promise.all([page.waitForEvent("load"), banner.getByRole("button", { name: "Herladen" }).click()]);
    await page.getByRole("heading", { level: 1, name: "Vandaag" }).waitFor();
    const caches = await page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith("signaal-shell-")));
    assert.deepEqual(caches, ["signaal-shell-0123456789abcdef"], `old cache ${firstCache} removed`);
    await context.close();
  } finally {
    await build.stop();
  }
});

test("the server sends strict security headers, wasm MIME, compression and cache rules", async () => {
  const { context, page } = await openApp(browser, server);
  const index = await page.request.get(server.url + "/");
  const headers = index.headers();
  const csp = headers["content-security-policy"];
  assert.ok(csp, "CSP present");
  const scriptSrc = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src"));
  assert.match(scriptSrc, /'sha256-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(scriptSrc, /unsafe-inline/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(headers["x-content-type-options"], "nosniff");
  assert.equal(headers["referrer-policy"], "no-referrer");
  assert.match(headers["cache-control"], /no-cache/);

  // The CSP hash is that of the inline start-up script in this very index.html.
  const html = await index.text();
  const inline = html.match(/<script type="?module"?>([\s\S]*?)<\/script>/)[1];
  const { createHash } = await import("node:crypto");
  const hash = createHash("sha256").update(inline).digest("base64");
  assert.ok(scriptSrc.includes(`'sha256-${hash}'`), "CSP allows exactly the inline start-up script");

  const wasmPath = html.match(/\/signaal-[0-9a-f]+_bg\.wasm/)[0];
  const wasm = await page.request.get(server.url + wasmPath, { headers: { "accept-encoding": "br" } });
  assert.equal(wasm.headers()["content-type"], "application/wasm");
  assert.match(wasm.headers()["cache-control"], /immutable/);
  assert.equal(wasm.headers()["content-encoding"], "br");
  const js = await page.request.get(server.url + wasmPath.replace("_bg.wasm", ".js"), { headers: { "accept-encoding": "gzip" } });
  assert.equal(js.headers()["content-encoding"], "gzip");
  for (const path of ["/sw.js", "/manifest.webmanifest"]) {
    const res = await page.request.get(server.url + path);
    assert.match(res.headers()["cache-control"], /no-cache/, path);
  }
  const health = await page.request.get(server.url + "/api/health");
  assert.equal(health.status(), 200);
  assert.equal((await health.json()).status, "ok");
  await context.close();
});
