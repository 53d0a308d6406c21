// The hosting section of the README, proved on loopback: Caddy with deploy/Caddyfile and https
// from its local CA in front of the real server; two server instances on one PostgreSQL that
// behave as one, also behind Caddy's round robin; and a page opened over plain http on a
// network name that explains itself instead of staying blank.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { captureMoment, eventually, joinTeam as joinWith, launchBrowser, nav, screenshot, PHONE, saveProfile, setUpDevice, startServer, startTeam, waitForServiceWorker } from "./helpers.mjs";
import { HOST, launchTrustingBrowser, startCaddy } from "./proxy.mjs";

const PG = process.env.SIGNAAL_TEST_DATABASE_URL;
const hostPort = (server) => new URL(server.url).host;

/** Stops everything a test started, last first, whatever failed. */
function cleanup(t) {
  const stops = [];
  t.after(async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  });
  return (thing, stop = (it) => it.stop()) => {
    stops.push(() => stop(thing));
    return thing;
  };
}

/** How often each note shows in the device's notebook. */
async function noteCounts(page, notes) {
  await nav(page, "Schriftje");
  const cards = await page.locator(".moment-card").allInnerTexts();
  return notes.map((note) => cards.filter((text) => text.includes(note)).length);
}

/** Waits until every device shows every note exactly once. */
async function eachOnceEverywhere(pages, notes) {
  for (const page of pages) {
    await eventually(async () => {
      const counts = await noteCounts(page, notes);
      return counts.every((n) => n === 1) || `counts ${counts}`;
    }, { message: "every note once on every device" });
  }
}

/** The team's change log as PostgreSQL holds it: sequence numbers and change ids, in order. */
function changeLog(teamId) {
  const sql = `SELECT seq, change_id FROM changes WHERE team_id = '${teamId}' ORDER BY seq`;
  const done = spawnSync("psql", [PG, "-tAF", ",", "-c", sql], { encoding: "utf8" });
  assert.equal(done.status, 0, done.stderr);
  return done.stdout.trim().split("\n").filter(Boolean).map((line) => line.split(","));
}

function assertGaplessLog(teamId) {
  const log = changeLog(teamId);
  assert.ok(log.length > 0, "the team has changes");
  assert.deepEqual(log.map(([seq]) => Number(seq)), log.map((_, i) => i + 1), "sequence numbers 1..N, no gap or duplicate");
  assert.equal(new Set(log.map(([, id]) => id)).size, log.length, "each change stored once");
  return log.length;
}

/** Both devices write while offline, then come back at the same moment: concurrent pushes. */
async function writeOfflineThenReconnect(a, b, prefix) {
  const notes = [];
  await Promise.all([a.context.setOffline(true), b.context.setOffline(true)]);
  for (const [device, who] of [[a, "A"], [b, "B"]]) {
    for (let i = 1; i <= 3; i++) {
      const note = `${prefix} ${who}${i}: samen gespeeld.`;
      notes.push(note);
      await captureMoment(device.page, { children: ["Sam K."], note });
    }
  }
  await Promise.all([a.context.setOffline(false), b.context.setOffline(false)]);
  return notes;
}

/** Joins the team on a fresh device and names its practitioner. */
async function joinTeam(browser, site, link, name = "Bram") {
  const device = await joinWith(browser, site, link);
  await saveProfile(device.page, { name });
  return device;
}

const teamOf = (link) => new URL(link).hash.match(/t=([0-9a-f-]{36})/)[1];

test("over https through Caddy: the app loads, its service worker controls it, it reloads offline, and two devices sync", async (t) => {
  const keep = cleanup(t);
  const server = keep(await startServer({ args: ["--trusted-proxy", "127.0.0.1"] }));
  const caddy = keep(await startCaddy([hostPort(server)]));
  assert.equal(caddy.alpn, "h2", "Caddy offers HTTP/2");
  const browser = keep(await launchTrustingBrowser(caddy.rootCert), (b) => b.close());
  const site = { url: caddy.url };

  const a = await setUpDevice(browser, site, { name: "Anna", children: ["Sam K."] });
  assert.equal(new URL(a.page.url()).origin, caddy.url);
  assert.equal(await a.page.evaluate(() => window.isSecureContext), true, "https from the trusted CA is a secure context");
  const headers = await a.page.evaluate(async () => {
    const response = await fetch("/", { cache: "no-store" });
    return { status: response.status, hsts: response.headers.get("strict-transport-security"), csp: response.headers.get("content-security-policy") };
  });
  assert.equal(headers.status, 200);
  assert.match(headers.hsts ?? "", /max-age=\d{7,}/, "Caddy adds HSTS");
  assert.match(headers.csp ?? "", /script-src/, "the server's own headers pass through");

  await waitForServiceWorker(a.page);
  await a.context.setOffline(true);
  await a.page.reload();
  await a.page.getByRole("heading", { level: 1, name: "Instellingen" }).waitFor();
  await a.context.setOffline(false);

  await captureMoment(a.page, { children: ["Sam K."], note: "Via https genoteerd." });
  const link = await startTeam(a.page);
  assert.ok(link.startsWith(`${caddy.url}/join#`), link);
  const b = await joinTeam(browser, site, link);
  await nav(b.page, "Schriftje");
  await b.page.getByText("Via https genoteerd.").waitFor({ timeout: 20_000 });
  await captureMoment(b.page, { children: ["Sam K."], note: "Terug van tablet B." });
  await nav(a.page, "Schriftje");
  await a.page.getByText("Terug van tablet B.").waitFor({ timeout: 30_000 });
  await screenshot(b.page, "hosting-https-tablet");
});

test(
  "two server instances on one PostgreSQL are one: a device on each, then both devices through Caddy's round robin",
  { skip: !PG && "SIGNAAL_TEST_DATABASE_URL is not set (scripts/postgres.sh)" },
  async (t) => {
    const keep = cleanup(t);
    // Request logs show which instance answered which push.
    const env = { DATABASE_URL: PG, RUST_LOG: "warn,tower_http=debug" };
    const one = keep(await startServer({ env, keepLog: true, args: ["--trusted-proxy", "127.0.0.1"] }));
    const two = keep(await startServer({ env, keepLog: true, args: ["--trusted-proxy", "127.0.0.1"] }));
    const served = (server, path) => server.log().split("\n").filter((line) => line.includes(`uri=${path}`) && line.includes("started")).length;
    const pushes = (server) => served(server, "/api/sync/push");
    // Round robin takes turns per request, so which instance gets the pushes depends on how a
    // device's pulls and pushes interleave; that both serve the devices' API calls does not.
    const apiCalls = (server) => served(server, "/api/");

    // Pinned: each device talks to one instance only.
    const browser = keep(await launchBrowser(), (b) => b.close());
    const a = await setUpDevice(browser, one, { name: "Anna", children: ["Sam K."] });
    const link = await startTeam(a.page);
    const b = await joinTeam(browser, two, link);
    const pinned = await writeOfflineThenReconnect(a, b, "Instantie");
    await eachOnceEverywhere([a.page, b.page], pinned);
    assertGaplessLog(teamOf(link));
    assert.ok(pushes(one) > 0 && pushes(two) > 0, "each instance took pushes");

    // Through Caddy: every request may go to either instance.
    const caddy = keep(await startCaddy([hostPort(one), hostPort(two)]));
    const trusting = keep(await launchTrustingBrowser(caddy.rootCert), (br) => br.close());
    const site = { url: caddy.url };
    const [before1, before2] = [apiCalls(one), apiCalls(two)];
    const c = await setUpDevice(trusting, site, { name: "Chris", children: ["Sam K."] });
    const viaCaddy = await startTeam(c.page);
    const d = await joinTeam(trusting, site, viaCaddy);
    const balanced = await writeOfflineThenReconnect(c, d, "Caddy");
    await eachOnceEverywhere([c.page, d.page], balanced);
    const total = assertGaplessLog(teamOf(viaCaddy));
    assert.ok(total >= balanced.length, "every moment is in the log");
    assert.ok(apiCalls(one) > before1 && apiCalls(two) > before2, "round robin sent the devices' API calls to both instances");
  },
);

test("opened over plain http on a network name, the app and the parent page say what is wrong", async (t) => {
  const keep = cleanup(t);
  const server = keep(await startServer());
  const browser = keep(await launchBrowser({ args: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`] }), (b) => b.close());
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  page.on("pageerror", (error) => errors.push(String(error)));
  const insecure = `http://${HOST}:${new URL(server.url).port}`;

  await page.goto(`${insecure}/schriftje`);
  await page.getByRole("heading", { level: 1, name: "Signaal heeft een beveiligde verbinding nodig" }).waitFor();
  assert.equal(await page.evaluate(() => window.isSecureContext), false);
  await page.getByText(`${insecure}/schriftje`).waitFor();
  await page.getByText(/Hosting for a team/).waitFor();
  assert.equal(await page.getByRole("link", { name: "Probeer via https" }).getAttribute("href"), `https://${HOST}/`);
  assert.equal(await page.evaluate(() => navigator.serviceWorker === undefined && localStorage.length), 0, "nothing stored, no worker");
  await screenshot(page, "insecure-phone");

  await page.goto(`${insecure}/p/${"A".repeat(22)}#${"B".repeat(43)}`);
  await page.getByRole("heading", { level: 1, name: "Open deze link via https" }).waitFor();
  await page.getByLabel("Taal", { exact: true }).selectOption("en");
  await page.getByRole("heading", { level: 1, name: "Please open this link over https" }).waitFor();
  assert.deepEqual(errors, [], "no page or console errors");
  await context.close();
});
