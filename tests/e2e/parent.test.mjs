// The parent link as a team and a parent use it: compose a summary from the notebook (only what
// is picked), preview it, publish it, open the link in a fresh phone browser as the parent, update
// it, and revoke it. The server holds only ciphertext; the key travels in the link's fragment.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { axeViolations, captureMoment, eventually, nav, openApp, PHONE, screenshot, serverAndBrowser, setUpDevice, startTeam, waitForServiceWorker } from "./helpers.mjs";

let server;
let browser;
// More lookups than a phone makes in a minute (the replay checks reload often); the limit
// itself is tested in crates/server/tests/sync.rs.
serverAndBrowser((s, b) => ([server, browser] = [s, b]), { args: ["--share-lookups-per-minute", "600"] });

/** A Rust panic shows as a console error and an uncaught RuntimeError; 410 answers are expected. */
const panics = (errors) => errors.filter((e) => /panicked|RuntimeError/.test(e));
const section = (page, heading) => page.locator("section", { has: page.getByRole("heading", { name: heading, exact: true }) });

function isoDate(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
/** The summary's parts in the order a parent reads them: positives first; empty parts left out. */
const SECTIONS = ["Wat goed gaat", "Waar we samen aan werken", "Tips voor thuis", "Ons volgende gesprek", "Een persoonlijk bericht"];
const inDays = (days) => isoDate(new Date(Date.now() + days * 86_400_000));

/** The summary's key: HKDF-SHA256 of the link's secret (the fragment). */
const summaryKey = (secret) => Buffer.from(hkdfSync("sha256", Buffer.from(secret, "base64url"), Buffer.alloc(0), "signaal parent summary v2", 32));
/** Associated data: the format's name, publish version and expiry (8 bytes big-endian each), "|", link id. */
function summaryAad(id, version, expiresAt) {
  const numbers = Buffer.alloc(16);
  numbers.writeBigUInt64BE(BigInt(version), 0);
  numbers.writeBigInt64BE(BigInt(expiresAt), 8);
  return Buffer.concat([Buffer.from("signaal parent summary v2"), numbers, Buffer.from("|" + id)]);
}

/** What the parent's browser does, done independently in Node: fetch the envelope, derive the
 * key from the fragment, read the version in front of the ciphertext, open AES-256-GCM with link
 * id, version and expiry as associated data. */
async function decryptLink(link) {
  const url = new URL(link);
  const id = url.pathname.split("/").pop();
  const response = await fetch(`${server.url}/api/shares/${id}`);
  assert.equal(response.status, 200);
  const envelope = await response.json();
  const framed = Buffer.from(envelope.ciphertext, "base64");
  const version = Number(framed.readBigUInt64BE(0));
  const sealed = framed.subarray(8);
  const decipher = createDecipheriv("aes-256-gcm", summaryKey(url.hash.slice(1)), Buffer.from(envelope.nonce, "base64"));
  decipher.setAAD(summaryAad(id, version, envelope.expires_at));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  const plaintext = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString("utf8");
  return { id, envelope, plaintext, version };
}

/** Seals `plaintext` as the app does: the PUT body for the link. */
function sealSummary(id, secret, plaintext, version, expiresAt) {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", summaryKey(secret), nonce);
  cipher.setAAD(summaryAad(id, version, expiresAt));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  const framed = Buffer.alloc(8);
  framed.writeBigUInt64BE(BigInt(version));
  return { nonce: nonce.toString("base64"), ciphertext: Buffer.concat([framed, body]).toString("base64"), expires_at: expiresAt };
}

/** PUT /api/shares/{id} with the device's own token, as a server or a replay would serve it. */
async function putShare(page, id, body) {
  const { device_token: token } = await page.evaluate(() => JSON.parse(localStorage.getItem("signaal/v1/sync")));
  return fetch(`${server.url}/api/shares/${id}`, {
    method: "PUT",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

test("compose, preview and publish a summary; the parent sees exactly the chosen content; update; revoke", async () => {
  const { page, errors } = await setUpDevice(browser, server, { children: ["Sem B.", "Noor K."] });
  await startTeam(page);
  await captureMoment(page, { children: ["Sem B."], tags: ["Positief moment"], note: "Hielp een jongere bij de puzzel" });
  await captureMoment(page, { children: ["Sem B."], tags: ["Conflict"], note: "Duwde Daan bij de glijbaan" });
  await captureMoment(page, { children: ["Noor K."], tags: ["Positief moment"], note: "Noor las voor aan de groep" });

  await nav(page, "Kinderen");
  await page.getByRole("link", { name: "Sem B." }).click();
  await page.getByText("Er is geen actieve link voor de ouders.").waitFor();
  await page.getByRole("link", { name: "Samenvatting voor ouders maken" }).click();
  await page.getByRole("heading", { level: 1, name: "Samenvatting voor ouders · Sem B." }).waitFor();

  // Only Sem's positive moment is offered; the conflict appears only when asked for all moments.
  const going = section(page, "Wat goed gaat");
  await going.getByText("Hielp een jongere bij de puzzel").waitFor();
  assert.equal(await going.getByText("Duwde Daan").count(), 0);
  assert.equal(await going.getByText("Noor las voor").count(), 0);

  // Nothing picked yet: publishing says so.
  await page.getByRole("button", { name: "Publiceren" }).click();
  await page.getByText("Kies eerst iets om te delen.").waitFor();

  await going.getByRole("checkbox", { name: /Hielp een jongere bij de puzzel/ }).check();
  await going.getByLabel("Zo leest de ouder het").fill("Sem hielp een jonger kind geduldig met een puzzel.");
  const working = section(page, "Waar we samen aan werken");
  await working.getByRole("button", { name: "+ Regel toevoegen" }).click();
  await working.getByRole("textbox").last().fill("Om hulp vragen als iets niet lukt");
  const tips = section(page, "Tips voor thuis");
  await tips.getByRole("button", { name: "+ Regel toevoegen" }).click();
  await tips.getByRole("textbox").last().fill("Vraag naar één leuk moment van de dag");
  const nextTalk = inDays(14);
  await page.getByLabel("Datum van het volgende gesprek").fill(nextTalk);
  await page.getByLabel("Persoonlijk bericht").fill("Fijn dat we samen optrekken.");

  // No consent recorded: the page says so and publishing is refused.
  await page.getByText("De ouders hebben (nog) geen toestemming gegeven").waitFor();
  await page.getByRole("button", { name: "Publiceren" }).click();
  await page.getByText("Er is geen toestemming van de ouders om een samenvatting te delen.").waitFor();

  // The draft survives leaving the page to record the consent.
  await page.getByRole("link", { name: "Naar de toestemmingen" }).click();
  await page.getByLabel("Waarvoor").selectOption({ label: "Samenvatting delen met ouders" });
  await page.getByLabel("Gegeven door").fill("moeder");
  await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  await page.getByText("Toestemming vastgelegd.").waitFor();
  await page.getByRole("link", { name: "Samenvatting voor ouders maken" }).click();
  assert.equal(await page.getByLabel("Persoonlijk bericht").inputValue(), "Fijn dat we samen optrekken.");
  assert.equal(await page.getByText("De ouders hebben (nog) geen toestemming gegeven").count(), 0);

  // The preview is the parent's page: positives first, none of the team's notes.
  await page.getByRole("button", { name: "Voorbeeld" }).click();
  const preview = section(page, "Zo ziet de ouder het");
  await preview.getByRole("heading", { level: 1, name: "Sem" }).waitFor();
  assert.deepEqual(await preview.locator(".ps-section h2").allInnerTexts(), SECTIONS);
  // In the parent page's own styles, linked when this screen opened (`/` does not load them).
  assert.equal(await preview.locator(".ps-section").first().evaluate((e) => getComputedStyle(e).borderTopLeftRadius), "12px");
  await preview.getByText("Sem hielp een jonger kind geduldig met een puzzel.").waitFor();
  assert.equal(await preview.getByText("Duwde").count(), 0);
  await screenshot(page, "parent-compose-tablet");

  await page.getByRole("button", { name: "Publiceren" }).click();
  await page.getByText("Samenvatting gepubliceerd.").waitFor();
  const link = await page.getByLabel("Link (alleen met de ouders delen)").inputValue();
  assert.match(link, /\/p\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/);

  // What the server holds decrypts to exactly the chosen fields, and nothing else.
  const { id, plaintext, envelope: first, version: firstVersion } = await decryptLink(link);
  assert.equal(firstVersion, 1, "the first publish of the link");
  assert.deepEqual(JSON.parse(plaintext), {
    v: 1,
    child: "Sem",
    from: "Anna",
    written: isoDate(new Date()),
    positives: [{ date: isoDate(new Date()), text: "Sem hielp een jonger kind geduldig met een puzzel." }],
    working_on: ["Om hulp vragen als iets niet lukt"],
    team_does: [],
    tips: ["Vraag naar één leuk moment van de dag"],
    next_talk: nextTalk,
    message: "Fijn dat we samen optrekken.",
  });
  for (const secret of ["Duwde", "glijbaan", "Noor", "Hielp een jongere", "moeder"]) assert.ok(!plaintext.includes(secret), secret);
  // The server's files hold neither the summary nor the key.
  const secretPart = new URL(link).hash.slice(1);
  for (const file of readdirSync(server.dataDir)) {
    const bytes = readFileSync(join(server.dataDir, file)).toString("latin1");
    for (const needle of ["puzzel", "optrekken", secretPart]) assert.ok(!bytes.includes(needle), `${file} holds ${needle}`);
  }

  // The parent: a fresh phone browser, no account, Dutch by default.
  const parent = await openApp(browser, server, { path: new URL(link).pathname + new URL(link).hash, viewport: PHONE });
  const p = parent.page;
  await p.getByRole("heading", { level: 1, name: "Sem" }).waitFor();
  // The secret is kept on the phone and leaves the address bar.
  await p.waitForURL((url) => url.hash === "");
  assert.equal(new URL(p.url()).pathname, new URL(link).pathname);
  assert.deepEqual(await p.locator(".ps-section h2").allInnerTexts(), SECTIONS);
  const text = await p.locator("main").innerText();
  for (const shown of ["Sem hielp een jonger kind geduldig met een puzzel.", "Om hulp vragen als iets niet lukt", "Vraag naar één leuk moment van de dag", "Fijn dat we samen optrekken.", "Van Anna"]) {
    assert.ok(text.includes(shown), shown);
  }
  for (const hidden of ["Duwde", "Noor", "moeder", "Conflict"]) assert.ok(!text.includes(hidden), hidden);
  await screenshot(p, "parent-page-phone");
  await p.getByLabel("Taal", { exact: true }).selectOption("en");
  await p.getByRole("heading", { name: "What is going well" }).waitFor();
  await p.getByLabel("Language", { exact: true }).selectOption("nl");
  await p.getByRole("heading", { name: "Wat goed gaat" }).waitFor();

  // The team sees that it was opened (the parent's open and the check above).
  await page.getByRole("button", { name: "Vernieuwen" }).click();
  await page.getByText(/Geopend: 2× · laatst op/).waitFor();

  // An update keeps the link; the parent sees it on the next visit.
  await section(page, "Tips voor thuis").getByRole("textbox").last().fill("Lees samen een boek over vriendschap");
  await page.getByRole("button", { name: "Bijwerken" }).click();
  await page.getByText("Samenvatting gepubliceerd.").last().waitFor();
  assert.equal(await page.getByLabel("Link (alleen met de ouders delen)").inputValue(), link);
  await p.reload();
  await p.getByText("Lees samen een boek over vriendschap").waitFor();
  assert.equal(await p.getByText("Vraag naar één leuk moment van de dag").count(), 0);

  // The server puts the first summary back: this phone has shown a newer one and refuses it.
  const { envelope: second, version: secondVersion } = await decryptLink(link);
  assert.equal(secondVersion, 2, "each publish counts up");
  assert.equal((await putShare(page, id, first)).status, 200);
  await p.reload();
  await p.getByRole("heading", { name: "Dit is een oudere versie" }).waitFor();
  assert.equal(await p.getByText("Vraag naar één leuk moment van de dag").count(), 0);
  // A summary of the same version with another expiry does not open either.
  assert.equal((await putShare(page, id, { ...second, expires_at: second.expires_at - 86_400_000 })).status, 200);
  await p.reload();
  await p.getByRole("heading", { name: "Deze link is niet compleet" }).waitFor();
  assert.equal((await putShare(page, id, second)).status, 200);
  await p.reload();
  await p.getByText("Lees samen een boek over vriendschap").waitFor();

  // The last opened summary stays readable offline, from the phone's own (encrypted) copy.
  await waitForServiceWorker(p);
  await parent.context.setOffline(true);
  await p.reload();
  await p.getByText("Je bent offline.").waitFor();
  await p.getByText("Lees samen een boek over vriendschap").waitFor();
  await parent.context.setOffline(false);

  // The home-screen icon starts at /p/ (no fragment): it opens the summary last opened here.
  await p.goto(`${server.url}/p/`);
  await p.getByText("Lees samen een boek over vriendschap").waitFor();
  await p.goto(link);
  await p.getByRole("heading", { level: 1, name: "Sem" }).waitFor();

  // Revoke: the server forgets the ciphertext and the parent's page says so kindly.
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Link intrekken" }).click();
  await page.getByText("Link ingetrokken.").waitFor();
  await page.getByText("Er is geen actieve link voor de ouders.").or(page.getByRole("button", { name: "Publiceren" })).first().waitFor();
  assert.equal((await fetch(`${server.url}/api/shares/${id}`)).status, 410);
  await p.reload();
  await p.getByRole("heading", { name: "Deze link werkt niet meer" }).waitFor();
  // And the phone no longer keeps a copy to show offline.
  await parent.context.setOffline(true);
  await p.reload();
  await p.getByRole("heading", { name: "Geen verbinding" }).waitFor();
  assert.equal(await p.getByText("Lees samen een boek").count(), 0);
  await p.goto(`${server.url}/p/`);
  await p.getByRole("heading", { name: "Nog geen samenvatting op dit toestel" }).waitFor();
  assert.deepEqual(panics(parent.errors), []);
  await parent.context.close();

  // Publishing again makes a new link: the revoked one never comes back.
  await page.getByRole("button", { name: "Publiceren" }).click();
  await page.getByText("Samenvatting gepubliceerd.").last().waitFor();
  assert.notEqual(await page.getByLabel("Link (alleen met de ouders delen)").inputValue(), link);
  assert.deepEqual(panics(errors), []);
});

test("a damaged link, an unknown link and an expired link each get a clear page", async () => {
  const { page, errors } = await setUpDevice(browser, server, { children: ["Mila T."] });
  await startTeam(page);
  await captureMoment(page, { children: ["Mila T."], tags: ["Positief moment"], note: "Mila troostte een vriendje" });
  await nav(page, "Kinderen");
  await page.getByRole("link", { name: "Mila T." }).click();
  await page.getByLabel("Waarvoor").selectOption({ label: "Samenvatting delen met ouders" });
  await page.getByLabel("Gegeven door").fill("vader");
  await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  await page.getByRole("link", { name: "Samenvatting voor ouders maken" }).click();
  await section(page, "Wat goed gaat").getByRole("checkbox", { name: /Mila troostte/ }).check();
  await page.getByRole("button", { name: "Publiceren" }).click();
  await page.getByText("Samenvatting gepubliceerd.").waitFor();
  const link = new URL(await page.getByLabel("Link (alleen met de ouders delen)").inputValue());
  const path = link.pathname;
  const secret = link.hash.slice(1);

  const parent = await openApp(browser, server, { path: path + link.hash, viewport: PHONE });
  const p = parent.page;
  await p.getByRole("heading", { level: 1, name: "Mila" }).waitFor();

  // Another secret of the right form does not open it; a cut-off one is caught before asking.
  const other = (secret[0] === "A" ? "B" : "A") + secret.slice(1);
  for (const hash of [`#${other}`, `#${secret.slice(0, 30)}`]) {
    // Via a blank page: a change of fragment alone would not load the page again.
    await p.goto("about:blank");
    await p.goto(`${server.url}${path}${hash}`);
    await p.getByRole("heading", { name: "Deze link is niet compleet" }).waitFor();
    assert.equal(await p.getByText("Mila troostte").count(), 0);
  }
  // Without its fragment the link opens from the secret kept on this phone.
  await p.goto("about:blank");
  await p.goto(`${server.url}${path}`);
  await p.getByRole("heading", { level: 1, name: "Mila" }).waitFor();
  // An id that never existed answers like a revoked one.
  await p.goto(`${server.url}/p/${"x".repeat(22)}#${secret}`);
  await p.getByRole("heading", { name: "Deze link werkt niet meer" }).waitFor();

  // Expiry, shortened through the real API with this device's own token: once it has passed,
  // neither the phone's kept copy nor the server shows the summary.
  await p.goto(link.href);
  await p.getByRole("heading", { level: 1, name: "Mila" }).waitFor();
  const id = path.split("/").pop();
  const { plaintext, version } = await decryptLink(link.href);
  const put = await putShare(page, id, sealSummary(id, secret, plaintext, version + 1, Date.now() + 3000));
  assert.equal(put.status, 200);
  await p.reload();
  await p.getByRole("heading", { level: 1, name: "Mila" }).waitFor();
  await waitForServiceWorker(p);
  await parent.context.setOffline(true);
  await p.waitForTimeout(3500);
  await p.reload();
  await p.getByRole("heading", { name: "Geen verbinding" }).waitFor();
  await parent.context.setOffline(false);
  await p.reload();
  await p.getByRole("heading", { name: "Deze link werkt niet meer" }).waitFor();
  assert.equal((await fetch(`${server.url}/api/shares/${id}`)).status, 410);
  await screenshot(p, "parent-gone-phone");
  assert.deepEqual(panics(parent.errors), []);
  assert.deepEqual(panics(errors), []);
  await parent.context.close();
});

test("the app's first screen downloads none of the parent summary's styles", async () => {
  const { context, page } = await openApp(browser, server, { viewport: PHONE });
  await page.getByRole("heading", { level: 1, name: "Vandaag" }).waitFor();
  await page.waitForLoadState("networkidle");
  const loaded = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname));
  assert.ok(loaded.some((path) => /^\/main-[0-9a-f]+\.css$/.test(path)), loaded.join(" "));
  assert.ok(!loaded.some((path) => /^\/parent-[0-9a-f]+\.css$/.test(path)), loaded.join(" "));
  await context.close();
});

test("the parent page is its own small download and can be installed", async () => {
  const parent = await openApp(browser, server, { path: `/p/${"A".repeat(22)}#${"B".repeat(43)}`, viewport: PHONE });
  const p = parent.page;
  await p.getByRole("heading", { name: "Deze link werkt niet meer" }).waitFor();
  // Only the parent entry's files load, never the app's.
  const loaded = await p.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname));
  assert.ok(loaded.some((path) => /\/signaal-parent-[0-9a-f]+_bg\.wasm$/.test(path)), loaded.join(" "));
  assert.ok(!loaded.some((path) => /\/signaal-[0-9a-f]+_bg\.wasm$/.test(path)), loaded.join(" "));
  assert.ok(!loaded.some((path) => path.startsWith("/parent-words-")), `Dutch needs no fetched words: ${loaded.join(" ")}`);
  // Chromium finds an installable manifest scoped to parent links.
  const cdp = await parent.context.newCDPSession(p);
  const manifest = await cdp.send("Page.getAppManifest");
  assert.deepEqual(manifest.errors, []);
  assert.equal(JSON.parse(manifest.data).scope, "/p/");
  await waitForServiceWorker(p);
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  // Test contexts are incognito-like, which Chromium never offers to install; nothing else may be missing.
  assert.deepEqual(installabilityErrors.filter((e) => e.errorId !== "in-incognito"), []);
  await parent.context.close();
});

test("'Wie helpt mee' needs the coach consent, both new parts keep the tone and reach the parent", async () => {
  const { page, errors } = await setUpDevice(browser, server, { children: ["Lotte V."] });
  await startTeam(page);
  await nav(page, "Kinderen");
  await page.getByRole("link", { name: "Lotte V." }).click();
  await page.getByLabel("Waarvoor").selectOption({ label: "Samenvatting delen met ouders" });
  await page.getByLabel("Gegeven door").fill("moeder");
  await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  await page.getByText("Toestemming vastgelegd.").waitFor();
  await page.getByRole("link", { name: "Samenvatting voor ouders maken" }).click();

  const since = section(page, "Sinds de vorige keer");
  await since.getByRole("button", { name: "+ Regel toevoegen" }).click();
  await since.getByRole("textbox").last().fill("Onderzoek naar ADHD aangevraagd");
  const helpers = section(page, "Wie helpt mee");
  await helpers.getByRole("button", { name: "+ Regel toevoegen" }).click();
  await helpers.getByRole("textbox").last().fill("Helen, coach in de groep: kijkt mee en geeft het team tips.");

  // No coach consent: the section says so and publishing is refused with the reason.
  await helpers.getByText("Er is geen toestemming van de ouders voor coaching.").waitFor();
  await page.getByRole("button", { name: "Publiceren" }).click();
  await page.getByText("\"Wie helpt mee\" kan alleen mee als de ouders toestemming gaven voor coaching.").waitFor();

  await nav(page, "Kinderen");
  await page.getByRole("link", { name: "Lotte V." }).click();
  await page.getByLabel("Waarvoor").selectOption({ label: "Coach on the job" });
  await page.getByLabel("Gegeven door").fill("moeder");
  await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  // The toast of the first consent may still show; the register itself says this one is in.
  await page.getByRole("listitem").filter({ hasText: "Coach on the job" }).waitFor();
  await page.getByRole("link", { name: "Samenvatting voor ouders maken" }).click();
  await section(page, "Wie helpt mee").getByRole("textbox").last().waitFor();
  assert.equal(await section(page, "Wie helpt mee").getByText("Er is geen toestemming van de ouders voor coaching.").count(), 0);

  // A diagnosis word is refused; reworded for parents, it goes.
  await page.getByRole("button", { name: "Publiceren" }).click();
  await page.getByText("Een deel voor de ouders bevat een diagnose of probleemwoord.", { exact: false }).waitFor();
  await section(page, "Sinds de vorige keer").getByRole("textbox").last().fill("We hebben samen met Lotte een rustig hoekje ingericht.");
  await page.getByRole("button", { name: "Publiceren" }).click();
  await page.getByText("Samenvatting gepubliceerd.").waitFor();
  const link = await page.getByLabel("Link (alleen met de ouders delen)").inputValue();
  const { plaintext } = await decryptLink(link);
  const sent = JSON.parse(plaintext);
  assert.deepEqual(sent.helpers, ["Helen, coach in de groep: kijkt mee en geeft het team tips."]);
  assert.deepEqual(sent.since_last, ["We hebben samen met Lotte een rustig hoekje ingericht."]);

  const parent = await openApp(browser, server, { path: new URL(link).pathname + new URL(link).hash, viewport: PHONE });
  const p = parent.page;
  await p.getByRole("heading", { level: 1, name: "Lotte" }).waitFor();
  assert.deepEqual(await p.locator(".ps-section h2").allInnerTexts(), ["Sinds de vorige keer", "Wie helpt mee"]);
  await p.getByText("Helen, coach in de groep: kijkt mee en geeft het team tips.").waitFor();
  await screenshot(p, "parent-helpers-phone");
  assert.deepEqual(panics(parent.errors), []);
  assert.deepEqual(panics(errors), []);
  await parent.context.close();
});

test("the page opens in the language the team marked, right to left in Arabic, and keeps the parent's own choice", async () => {
  const { page, errors } = await setUpDevice(browser, server, { children: ["Yusuf A."] });
  await startTeam(page);
  await nav(page, "Kinderen");
  await page.getByRole("link", { name: "Yusuf A." }).click();
  await page.getByLabel("Waarvoor").selectOption({ label: "Samenvatting delen met ouders" });
  await page.getByLabel("Gegeven door").fill("vader");
  await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  await page.getByRole("link", { name: "Samenvatting voor ouders maken" }).click();
  const tips = section(page, "Tips voor thuis");
  await tips.getByRole("button", { name: "+ Regel toevoegen" }).click();
  await tips.getByRole("textbox").last().fill("Samen koken op zaterdag");
  await page.getByLabel("Datum van het volgende gesprek").fill(inDays(7));
  await page.getByLabel("Taal van de pagina voor de ouders").selectOption("ar");
  // The preview shows the chosen language too.
  await page.getByRole("button", { name: "Voorbeeld" }).click();
  await section(page, "Zo ziet de ouder het").getByRole("heading", { name: "نصائح للبيت" }).waitFor();
  await page.getByRole("button", { name: "Publiceren" }).click();
  await page.getByText("Samenvatting gepubliceerd.").waitFor();
  const link = new URL(await page.getByLabel("Link (alleen met de ouders delen)").inputValue());
  assert.equal(JSON.parse((await decryptLink(link.href)).plaintext).lang, "ar");

  const parent = await openApp(browser, server, { path: link.pathname + link.hash, viewport: PHONE, bypassCSP: true });
  const p = parent.page;
  await p.getByRole("heading", { name: "نصائح للبيت" }).waitFor();
  // The page carries Dutch and English; of the other languages it fetched only the marked one.
  const words = await p.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((path) => path.startsWith("/parent-words-")));
  assert.deepEqual(words.map((path) => path.split("-")[2]), ["ar"], words.join(" "));
  assert.deepEqual(await p.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ["ar", "rtl"]);
  // The team's own words stay as written; the page's words are Arabic, the reply form too.
  await p.getByText("Samen koken op zaterdag").waitFor();
  await p.getByRole("heading", { name: "ماذا تلاحظ في البيت؟ وإلى ماذا تريدنا أن ننتبه؟" }).waitFor();
  await p.getByRole("radio", { name: "سأحضر" }).waitFor();
  // Right to left: the heading starts at the right edge of its card.
  const box = await p.getByRole("heading", { name: "نصائح للبيت" }).boundingBox();
  const card = await p.locator(".ps-section").first().boundingBox();
  assert.ok(card.x + card.width - (box.x + box.width) < 30, `heading at the right: ${JSON.stringify({ box, card })}`);
  assert.deepEqual(await axeViolations(p), [], "the Arabic page passes axe");
  await screenshot(p, "parent-arabic-phone");

  // The parent picks Polish: the page turns left to right, and keeps Polish after a reload,
  // over the language the team marked.
  await p.getByLabel("اللغة", { exact: true }).selectOption("pl");
  await p.getByRole("heading", { name: "Wskazówki na dom" }).waitFor();
  assert.deepEqual(await p.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ["pl", "ltr"]);
  await p.reload();
  await p.getByRole("heading", { name: "Wskazówki na dom" }).waitFor();
  await p.getByRole("button", { name: "Wyślij" }).waitFor();
  await p.getByLabel("Język", { exact: true }).selectOption("tr");
  await p.getByRole("heading", { name: "Ev için öneriler" }).waitFor();
  await p.getByRole("heading", { name: "Bir sonraki görüşmemiz" }).waitFor();

  // The service worker keeps every language's words: offline, the parent still switches.
  await waitForServiceWorker(p);
  await parent.context.setOffline(true);
  await p.reload();
  await p.getByRole("heading", { name: "Ev için öneriler" }).waitFor();
  await p.getByLabel("Dil", { exact: true }).selectOption("ar");
  await p.getByRole("heading", { name: "نصائح للبيت" }).waitFor();
  assert.deepEqual(panics(parent.errors), []);
  assert.deepEqual(panics(errors), []);
  await parent.context.close();

  // A phone that cannot fetch the marked language's words (offline before its service worker
  // kept them) reads the summary in Dutch and is told why; once the words arrive it switches.
  const other = await openApp(browser, server, { path: "/p/", viewport: PHONE, serviceWorkers: "block" });
  const q = other.page;
  await q.route(/\/parent-words-/, (route) => route.abort("internetdisconnected"));
  await q.goto(server.url + link.pathname + link.hash);
  await q.getByRole("heading", { name: "Tips voor thuis" }).waitFor();
  await q.getByRole("alert").filter({ hasText: "Deze taal kon nu niet worden geladen." }).waitFor();
  assert.deepEqual(await q.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ["nl", "ltr"]);
  await q.getByLabel("Taal", { exact: true }).selectOption("pl");
  // The alert is still up from the first failure; the chooser goes back once this fetch fails too.
  const chooser = async () => (await q.getByLabel("Taal", { exact: true }).inputValue()) === "nl" || "it shows pl";
  await eventually(chooser, { timeout: 10_000, message: "the chooser showing the language on screen" });
  await q.getByRole("alert").filter({ hasText: "Deze taal kon nu niet worden geladen." }).waitFor();
  await screenshot(q, "parent-language-unavailable-phone");
  await q.unrouteAll();
  await q.getByLabel("Taal", { exact: true }).selectOption("pl");
  await q.getByRole("heading", { name: "Wskazówki na dom" }).waitFor();
  assert.equal(await q.getByRole("alert").count(), 0);
  assert.deepEqual(panics(other.errors), []);
  await other.context.close();
});
