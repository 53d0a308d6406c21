// Team sync as two tablets use it: start a team, join with the invite link, edit offline on both
// (also the same moment), come back online and end with the same notebook. The server only ever
// holds ciphertext, and a server killed in the middle of a push loses and duplicates nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { captureMoment, eventually, joinTeam as joinWith, nav, openApp, ROOT, serverAndBrowser, setUpDevice, startServer, startTeam, waitForSynced } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

const setUp = (srv, options) => setUpDevice(browser, srv, options);
const capture = (page, { child, note }) => captureMoment(page, { children: [child], note });
const joinTeam = (srv, link) => joinWith(browser, srv, link);

/** The notebook as rendered: every card's text, newest first. */
async function timeline(page) {
  return page.locator(".moment-card").allInnerTexts();
}

/** Every record bucket, raw: equal strings mean equal merged records (buckets are ordered by id). */
function buckets(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      Object.keys(localStorage)
        .filter((k) => /^signaal\/v1\/(moment|child|group)\//.test(k))
        .sort()
        .map((k) => [k, localStorage.getItem(k)]),
    ),
  );
}

async function openMoment(page, text) {
  await nav(page, "Schriftje");
  await page.getByRole("link", { name: new RegExp(text) }).click();
}

test("two tablets edit offline, also the same moment, and converge; a deletion reaches the other", async () => {
  const a = await setUp(server, { name: "Anna", children: ["Sam K.", "Noor B."] });
  await capture(a.page, { child: "Sam K.", note: "Eerste notitie over Sam." });
  await capture(a.page, { child: "Noor B.", note: "Notitie die straks verdwijnt." });
  const link = await startTeam(a.page);
  assert.match(link, /\/join#t=[0-9a-f-]{36}&k=[\w-]{43}&i=[\w-]+$/);
  await waitForSynced(a.page);

  const b = await joinTeam(server, link);
  await nav(b.page, "Schriftje");
  await b.page.getByText("Eerste notitie over Sam.").waitFor({ timeout: 20_000 });
  await b.page.getByText("Notitie die straks verdwijnt.").waitFor();
  await nav(b.page, "Instellingen");
  await b.page.getByLabel("Jouw naam of initialen").fill("Bram");
  await b.page.getByRole("button", { name: "Opslaan" }).click();
  await b.page.getByText("Opgeslagen.", { exact: true }).waitFor();
  await b.page.getByRole("link", { name: "Team beheren" }).click();
  await b.page.getByText("Tablet A").waitFor();
  await b.page.getByText("(dit apparaat)").waitFor();

  await a.context.setOffline(true);
  await b.context.setOffline(true);
  // A changes the note of the first moment, deletes the other and writes a new one.
  await openMoment(a.page, "Eerste notitie over Sam");
  await a.page.getByRole("link", { name: "Bewerken" }).click();
  await a.page.getByLabel("Wat gebeurde er?").fill("Anna: Sam hielp met opruimen.");
  await a.page.getByRole("button", { name: "Opslaan" }).click();
  await a.page.getByText("Moment opgeslagen.").waitFor();
  await openMoment(a.page, "Notitie die straks verdwijnt");
  await a.page.getByRole("button", { name: "Verwijderen" }).click();
  await a.page.getByText("Moment verwijderd.").waitFor();
  await capture(a.page, { child: "Noor B.", note: "Nieuw moment van Anna." });
  // B, later, changes the same note (same field) and flags it for handover (another field).
  await openMoment(b.page, "Eerste notitie over Sam");
  await b.page.getByRole("link", { name: "Bewerken" }).click();
  await b.page.getByLabel("Wat gebeurde er?").fill("Bram: Sam was boos bij het ophalen.");
  await b.page.getByLabel("Voor de overdracht").check();
  await b.page.getByRole("button", { name: "Opslaan" }).click();
  await b.page.getByText("Moment opgeslagen.").waitFor();
  await capture(b.page, { child: "Sam K.", note: "Nieuw moment van Bram." });
  await a.page.getByRole("status").getByText("Offline · 3 wijzigingen wachten", { exact: true }).waitFor();
  await b.page.getByRole("status").getByText("Offline · 2 wijzigingen wachten", { exact: true }).waitFor();

  await a.context.setOffline(false);
  await b.context.setOffline(false);
  await nav(a.page, "Schriftje");
  await nav(b.page, "Schriftje");
  const expected = ["Nieuw moment van Bram.", "Nieuw moment van Anna.", "Bram: Sam was boos bij het ophalen."];
  await eventually(
    async () => {
      const [ta, tb] = [await timeline(a.page), await timeline(b.page)];
      const same = JSON.stringify(ta) === JSON.stringify(tb);
      const complete = ta.length === 3 && expected.every((note) => ta.some((card) => card.includes(note)));
      return (same && complete) || `A: ${JSON.stringify(ta)} B: ${JSON.stringify(tb)}`;
    },
    { message: "the same three moments on both tablets" },
  );
  await waitForSynced(a.page);
  await waitForSynced(b.page);
  assert.deepEqual(await buckets(a.page), await buckets(b.page));
  // Both fields of the concurrent edit survived: B's later note and B's handover flag, on A.
  await nav(a.page, "Vandaag");
  await a.page.getByRole("region", { name: /Overdracht/ }).getByText("Bram: Sam was boos bij het ophalen.").waitFor();
  assert.equal(await a.page.getByText("Notitie die straks verdwijnt.").count(), 0);
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);

  // Leaving keeps the notes on the device and stops syncing.
  await nav(b.page, "Instellingen");
  await b.page.getByRole("link", { name: "Team beheren" }).click();
  await b.page.getByRole("button", { name: "Team verlaten" }).click();
  await b.page.getByText("De notities op dit apparaat blijven staan").waitFor();
  await b.page.getByRole("button", { name: "Ja, team verlaten" }).click();
  await b.page.getByRole("button", { name: "Team starten" }).waitFor();
  await nav(b.page, "Instellingen");
  await b.page.getByText("Dit apparaat hoort nog niet bij een team").waitFor();
  await nav(b.page, "Schriftje");
  await b.page.getByText("Nieuw moment van Anna.").waitFor();
  await a.context.close();
  await b.context.close();
});

test("an edit that sync brings in while a child's page is open shows there and keeps what is being typed", async () => {
  const a = await setUp(server, { name: "Anna", children: ["Sam K."] });
  const link = await startTeam(a.page);
  await waitForSynced(a.page);
  const b = await joinTeam(server, link);
  await nav(b.page, "Kinderen");
  await b.page.getByRole("link", { name: "Sam K." }).click({ timeout: 20_000 });

  await nav(a.page, "Kinderen");
  await a.page.getByRole("link", { name: "Sam K." }).click();
  await a.page.getByLabel("Waarvoor").selectOption({ label: "Coach on the job" });
  await a.page.getByLabel("Gegeven door").fill("vader");

  await b.page.getByLabel("Naam (voornaam en initiaal)").fill("Sam Kok");
  await b.page.getByRole("button", { name: "Opslaan", exact: true }).click();
  await b.page.getByText("Kind opgeslagen.").waitFor();

  await a.page.getByRole("heading", { level: 1, name: "Sam Kok" }).waitFor({ timeout: 20_000 });
  assert.equal(await a.page.getByLabel("Gegeven door").inputValue(), "vader");
  assert.equal(await a.page.getByLabel("Naam (voornaam en initiaal)").inputValue(), "Sam Kok");
  await a.page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  await a.page.getByRole("listitem").filter({ hasText: "Coach on the job" }).getByText("vader").waitFor();
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await a.context.close();
  await b.context.close();
});

/** Every byte the server keeps: the SQLite database with its WAL and shared-memory files. */
function serverBytes(dataDir) {
  return Buffer.concat(readdirSync(dataDir).map((name) => readFileSync(join(dataDir, name))));
}

test("the server's database holds ciphertext only, never the note text", async () => {
  const secret = "Vertrouwelijk: Mila vertelde over thuis 4711.";
  const a = await setUp(server, { name: "Carla", children: ["Mila T."] });
  await capture(a.page, { child: "Mila T.", note: secret });
  await startTeam(a.page);
  await waitForSynced(a.page);

  // Read back what the server stores, with the device's own token: one change per record.
  const config = JSON.parse(await a.page.evaluate(() => localStorage.getItem("signaal/v1/sync")));
  const pulled = await a.page.evaluate(async (token) => {
    const response = await fetch("/api/sync/pull?after=0&limit=1000", { headers: { Authorization: `Bearer ${token}` } });
    return response.json();
  }, config.device_token);
  const mine = pulled.changes.filter((c) => c.record_id && c.ciphertext);
  assert.ok(mine.length >= 3, `${mine.length} changes`);

  const bytes = serverBytes(server.dataDir);
  // The check reads the right files: the stored ciphertexts are in them …
  for (const change of mine) assert.ok(bytes.includes(Buffer.from(change.ciphertext, "base64")), "ciphertext stored");
  // … and no plaintext: not the note, the child's or group's name, the author, nor the key.
  for (const text of [secret, "Mila vertelde", "Mila T.", "Groep Blauw", "Carla", config.team_key]) {
    assert.equal(bytes.includes(Buffer.from(text)), false, `${text} found in the server's files`);
  }
  await a.context.close();
});

test("a change that cannot be decrypted is reported and kept aside, and the rest still arrives", async () => {
  const a = await setUp(server, { name: "Eva", children: ["Lars P."] });
  await capture(a.page, { child: "Lars P.", note: "Lars bouwde een hut." });
  const link = await startTeam(a.page);
  await waitForSynced(a.page);
  // A change the team key does not open (forged, or made with another key), then a real one.
  const token = JSON.parse(await a.page.evaluate(() => localStorage.getItem("signaal/v1/sync"))).device_token;
  const forged = {
    change_id: crypto.randomUUID(),
    record_id: crypto.randomUUID(),
    clock: "mubbs7i8.0.2bk3j1g8y7c",
    nonce: randomBytes(12).toString("base64"),
    ciphertext: randomBytes(48).toString("base64"),
  };
  const pushed = await fetch(`${server.url}/api/sync/push`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ changes: [forged] }),
  });
  assert.equal(pushed.status, 200);
  await capture(a.page, { child: "Lars P.", note: "Na de vervalste wijziging." });
  await waitForSynced(a.page);

  const b = await joinTeam(server, link);
  await b.page.getByText(/niet gelezen konden worden.*Aantal: 1$/).first().waitFor({ timeout: 20_000 });
  await nav(b.page, "Schriftje");
  await b.page.getByText("Na de vervalste wijziging.").waitFor();
  await b.page.getByText("Lars bouwde een hut.").waitFor();
  await nav(b.page, "Instellingen");
  await b.page.getByRole("heading", { name: "Gegevens die niet gelezen konden worden" }).waitFor();
  await b.page.getByText(`sync/${forged.change_id}`).waitFor();
  await a.context.close();
  await b.context.close();
});

/** A random record id in the app's compact form (22 characters of base64url, UUID v4). */
function newId() {
  const bytes = randomBytes(16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return bytes.toString("base64url");
}

test("a server killed with SIGKILL in the middle of a push: the client retries, nothing lost or duplicated", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "signaal-kill-"));
  let srv = await startServer({ dataDir });
  const port = Number(new URL(srv.url).port);
  try {
    const a = await setUp(srv, { name: "Dirk", children: ["Sam K."] });
    await capture(a.page, { child: "Sam K.", note: "Het origineel." });
    // 1,200 more moments, written the way the app stores them (copies of the one above), so the
    // push takes three batches.
    const copies = 1200;
    await a.page.evaluate(
      ({ ids }) => {
        const key = Object.keys(localStorage).find((k) => k.startsWith("signaal/v1/moment/"));
        const bucket = JSON.parse(localStorage.getItem(key));
        const [original] = bucket.r;
        for (const [i, id] of ids.entries()) {
          const copy = JSON.parse(JSON.stringify(original));
          copy[0] = id;
          for (const [, fields] of copy[2]) if ("n" in fields) fields.n = `Bulkmoment ${i + 1}`;
          bucket.r.push(copy);
        }
        localStorage.setItem(key, JSON.stringify(bucket));
      },
      { ids: Array.from({ length: copies }, newId) },
    );
    await a.page.reload();
    await a.page.locator("main h1").first().waitFor();

    // The second push reaches the server and is stored, then the server dies before the
    // device hears back: the worst moment, since only a retry with the same change ids is safe.
    let pushes = 0;
    let killed;
    await a.page.route("**/api/sync/push", async (route) => {
      pushes += 1;
      if (pushes !== 2) return route.continue();
      await route.fetch();
      killed = srv.stop("SIGKILL");
      await killed;
      await route.abort("connectionreset");
    });
    const link = await startTeam(a.page);
    await eventually(() => killed !== undefined || `pushes: ${pushes}`, { message: "the second push" });
    await killed;
    await a.page.getByRole("alert").getByText(/^Synchronisatie: Fout: de server is niet bereikbaar/).waitFor({ timeout: 20_000 });
    const waiting = await a.page.evaluate(() => JSON.parse(localStorage.getItem("signaal/v1/outbox")).dirty.length);
    assert.ok(waiting > 0 && waiting <= copies + 3 - 500, `${waiting} waiting after the first batch`);

    srv = await startServer({ dataDir, port });
    await a.page.unroute("**/api/sync/push");
    await waitForSynced(a.page, 60_000);

    const b = await joinTeam(srv, link);
    await nav(b.page, "Schriftje");
    await b.page.getByText(`${copies + 1} momenten`).waitFor({ timeout: 60_000 });
    await nav(a.page, "Schriftje");
    await a.page.getByText(`${copies + 1} momenten`).waitFor();

    // Every record is in the server's log exactly once: the retried batch was not stored twice.
    const token = JSON.parse(await a.page.evaluate(() => localStorage.getItem("signaal/v1/sync"))).device_token;
    const records = [];
    for (let after = 0, more = true; more; ) {
      const page = await (await fetch(`${srv.url}/api/sync/pull?after=${after}&limit=1000`, { headers: { Authorization: `Bearer ${token}` } })).json();
      records.push(...page.changes.map((c) => c.record_id));
      ({ next: after, more } = page);
    }
    assert.equal(records.length, copies + 3, "one change per record (group, child, moments)");
    assert.equal(new Set(records).size, records.length);
    await a.context.close();
    await b.context.close();
  } finally {
    await srv.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("the invite is also shown as a QR code that scans back to the invite link", async () => {
  // jsQR is injected as a script; the app's CSP would (rightly) refuse it.
  const a = await setUp(server, { name: "Fien", bypassCSP: true });
  const link = await startTeam(a.page);
  const qr = a.page.getByRole("img", { name: /QR-code van de uitnodiging/ });
  await qr.waitFor();
  await a.page.addScriptTag({ path: join(ROOT, "node_modules", "jsqr", "dist", "jsQR.js") });
  const decoded = await qr.evaluate(async (svg) => {
    const image = new Image();
    image.src = "data:image/svg+xml;base64," + btoa(new XMLSerializer().serializeToString(svg));
    await image.decode();
    const canvas = Object.assign(document.createElement("canvas"), { width: 400, height: 400 });
    const ctx = canvas.getContext("2d");
    ctx.drawImage(image, 0, 0, 400, 400);
    const pixels = ctx.getImageData(0, 0, 400, 400);
    return window.jsQR(pixels.data, 400, 400)?.data ?? null;
  });
  assert.equal(decoded, link);
  await a.context.close();
});

test("the invite link's fragment (team key and invite secret) leaves the address bar as soon as it is read", async () => {
  const a = await setUp(server, { name: "Anna", children: ["Sam K."] });
  const link = await startTeam(a.page);
  const b = await openApp(browser, server, { path: new URL(link).pathname + new URL(link).hash });
  await b.page.getByRole("heading", { name: "Uitnodiging voor een team" }).waitFor();
  await b.page.waitForURL((url) => url.hash === "");
  assert.equal(new URL(b.page.url()).pathname, "/join");
  // The invite read before still joins.
  await b.page.getByRole("button", { name: "Meedoen" }).click();
  await b.page.getByRole("heading", { level: 1, name: "Team en synchronisatie" }).waitFor();
  assert.ok(!b.page.url().includes("k="), b.page.url());
  await b.context.close();
});
