// A handover to school shared as an encrypted link: composed by picking the trajectory's own
// goal, plan action and observation finding, refused without the parents' school consent,
// published with it, read by the school in a fresh browser (what the server holds decrypts to
// exactly the picked handover), revoked, after which the school's page says the link no longer
// works; the child's register lists the link and its revocation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createDecipheriv, hkdfSync } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PHONE, TABLET, axeViolations, momentWithSignal, openApp, saveStepForm, screenshot, serverAndBrowser, setUpDevice, smallTargets, startTeam, takeStep } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

const panics = (errors) => errors.filter((e) => /panicked|RuntimeError/.test(e));
const BLOCKED = "Afdrukken of delen kan niet: er is geen (geldige) toestemming van de ouders voor contact met school.";
const GOAL = "Om hulp vragen als het te druk wordt";
const ACTION = "Vooraf vertellen wat er gaat gebeuren";
const FINDING = "Sem speelt rustiger in een klein groepje.";

/** What the recipient's browser does, done in Node: HKDF of the fragment with the handover's
 * own info, AES-256-GCM with "signaal handover v1", the expiry (8 bytes big-endian), "|" and
 * the link id as associated data. */
async function decryptLink(link) {
  const url = new URL(link);
  const id = url.pathname.split("/").pop();
  const response = await fetch(`${server.url}/api/shares/${id}`);
  assert.equal(response.status, 200);
  const envelope = await response.json();
  const info = "signaal handover v1";
  const key = Buffer.from(hkdfSync("sha256", Buffer.from(url.hash.slice(1), "base64url"), Buffer.alloc(0), info, 32));
  const expiry = Buffer.alloc(8);
  expiry.writeBigInt64BE(BigInt(envelope.expires_at));
  const sealed = Buffer.from(envelope.ciphertext, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(envelope.nonce, "base64"));
  decipher.setAAD(Buffer.concat([Buffer.from(info), expiry, Buffer.from("|" + id)]));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  const plaintext = Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString("utf8");
  return { id, plaintext, envelope };
}

/** The composer with the trajectory's three items picked and the school named. */
async function compose(page) {
  await page.getByRole("heading", { level: 1, name: "Overdracht · Sem B." }).waitFor();
  for (const item of [GOAL, ACTION, FINDING]) await page.getByRole("checkbox", { name: item }).check();
  await page.getByLabel("School en groep, of organisatie").fill("De Regenboog, groep 5");
  await page.getByLabel("Leerkracht of medewerker, en hoe bereikbaar").fill("juf Ans");
  const preview = page.locator(".handover-doc");
  for (const item of [GOAL, ACTION, FINDING]) await preview.getByText(item).waitFor();
}

/** Records the parents' school consent on the child's page, once that page has shown the child. */
async function recordSchoolConsent(page, childUrl, by) {
  await page.goto(childUrl);
  await page.getByRole("heading", { level: 1, name: "Sem B." }).waitFor();
  await page.getByLabel("Waarvoor").selectOption({ label: "Contact met school" });
  await page.getByLabel("Gegeven door").fill(by);
  await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  await page.locator(".consent-list li").filter({ hasText: "Contact met school" }).filter({ hasText: by }).waitFor();
}

test("a handover picked from the trajectory is shared as a link only with consent, read in a fresh browser, and revoked", async () => {
  const { page, errors } = await setUpDevice(browser, server, { children: ["Sem B."] });
  await startTeam(page);
  const paths = await momentWithSignal(page, "Sem B.", "Duwde bij de glijbaan");

  // The trajectory gets an observation finding, then a plan with a goal and an action.
  await takeStep(page, "Observatie");
  await page.getByLabel("Wie vroeg om de observatie?").fill("mentor Anna");
  await page.getByLabel("Wat is de vraag van de observatie?").fill("Hoe speelt Sem in een kleine groep?");
  await page.getByLabel("Wie observeert?").fill("Fatima");
  await page.getByLabel("Wat is er gezien?").fill(FINDING);
  await saveStepForm(page);
  await takeStep(page, "Plan van aanpak");
  await page.getByLabel("Doel (wat willen we bereiken?)").fill(GOAL);
  await page.getByLabel("Hoe zien we dat het werkt?").fill("3 van de 5 middagen");
  await page.getByLabel("Actie (wat gaan we doen?)").fill(ACTION);
  await saveStepForm(page);

  await page.getByRole("link", { name: "Overdracht maken" }).click();
  await compose(page);
  const handoverUrl = page.url();

  // Without the school consent: refused with the reason, no link made, nothing logged.
  await page.getByRole("status").filter({ hasText: BLOCKED }).waitFor();
  await page.getByRole("button", { name: "Als link delen" }).click();
  await page.getByRole("alert").filter({ hasText: BLOCKED }).waitFor();
  assert.equal(await page.getByLabel("Link (alleen met de ontvanger delen)").count(), 0);
  await page.getByText("Er is nog niets over dit kind aan anderen verstrekt.").waitFor();

  // Consent recorded on the child's page: the link is made, with copy and QR.
  await recordSchoolConsent(page, new URL(paths.child, handoverUrl).href, "moeder");
  await page.goto(handoverUrl);
  await compose(page);
  // The last day is the sender's pick, within the parent links' bounds: today is refused.
  const localDate = (days) => page.evaluate((n) => {
    const d = new Date();
    d.setDate(d.getDate() + n);
    return d.toLocaleDateString("sv-SE");
  }, days);
  const expiry = page.getByLabel("Link geldig tot en met");
  await expiry.fill(await localDate(0));
  await page.getByRole("button", { name: "Als link delen" }).click();
  await page.getByRole("alert").filter({ hasText: "Kies een einddatum na vandaag en binnen een jaar." }).waitFor();
  assert.equal(await page.getByLabel("Link (alleen met de ontvanger delen)").count(), 0);
  const lastDay = await localDate(10);
  await expiry.fill(lastDay);
  await page.getByRole("button", { name: "Als link delen" }).click();
  await page.getByText("De link is gemaakt en staat in het register van verstrekkingen.").waitFor();
  const link = await page.getByLabel("Link (alleen met de ontvanger delen)").inputValue();
  assert.match(link, /\/o\/[A-Za-z0-9_-]{22}#[A-Za-z0-9_-]{43}$/);
  await page.getByRole("img", { name: "QR-code van de link voor de ontvanger" }).waitFor();
  await page.getByRole("button", { name: "Kopiëren" }).waitFor();
  const register = page.locator(".disclosures");
  await register.getByText("als link gedeeld").waitFor();
  assert.ok((await register.innerText()).includes("De link werkt tot en met"), await register.innerText());
  await screenshot(page, "handover-link-tablet");
  await page.setViewportSize(PHONE);
  await screenshot(page, "handover-link-phone");
  assert.deepEqual(await smallTargets(page), []);
  await page.setViewportSize(TABLET);

  // What the server holds decrypts to exactly the picked handover, without the team's ids; the
  // server's files hold neither its words nor the key.
  const { plaintext, envelope } = await decryptLink(link);
  // The server lets the link go at the end of the picked day (the browser's and this test's clock agree).
  assert.equal(new Date(envelope.expires_at).toLocaleDateString("sv-SE"), lastDay);
  assert.equal(new Date(envelope.expires_at + 1).toLocaleDateString("sv-SE"), await localDate(11));
  const published = JSON.parse(plaintext);
  assert.deepEqual(
    { child: published.child, recipient: published.recipient, from: published.from },
    { child: "Sem B.", recipient: "school", from: "Anna" },
  );
  assert.deepEqual(published.handover.goals, [GOAL]);
  assert.deepEqual(published.handover.approach, [ACTION]);
  assert.deepEqual(published.handover.conclusions, [FINDING]);
  assert.equal(published.handover.trajectory_id, null);
  for (const secret of ["Duwde", "glijbaan", "moeder", paths.trajectory.split("/").pop()]) assert.ok(!plaintext.includes(secret), secret);
  for (const file of readdirSync(server.dataDir)) {
    const bytes = readFileSync(join(server.dataDir, file)).toString("latin1");
    for (const needle of ["Regenboog", "rustiger", new URL(link).hash.slice(1)]) assert.ok(!bytes.includes(needle), `${file} holds ${needle}`);
  }

  // The school: a fresh browser, no account; a plain read-only page in Dutch.
  // bypassCSP lets axe inject its script; the next test opens the page under the real policy.
  const school = await openApp(browser, server, { path: new URL(link).pathname + new URL(link).hash, viewport: PHONE, bypassCSP: true });
  const s = school.page;
  await s.getByRole("heading", { level: 1, name: "Sem B." }).waitFor();
  assert.deepEqual(await s.locator(".ps-section h2").allInnerTexts(), ["Doelen", "Wat werkt", "Conclusies uit observaties"]);
  const text = await s.locator("main").innerText();
  for (const shown of ["Van de BSO: Overdracht naar school", "De Regenboog, groep 5 · juf Ans", "Contactpersoon bij de BSO", GOAL, ACTION, FINDING, "Deze link werkt tot en met"]) {
    assert.ok(text.includes(shown), `${shown}: ${text}`);
  }
  for (const hidden of ["Duwde", "moeder", "Observatie"]) assert.ok(!text.includes(hidden), hidden);
  await s.getByRole("button", { name: "Afdrukken" }).waitFor();
  await screenshot(s, "handover-recipient-phone");
  assert.deepEqual(await smallTargets(s), []);
  assert.deepEqual(await axeViolations(s), []);
  await s.setViewportSize(TABLET);
  await screenshot(s, "handover-recipient-tablet");
  await s.getByLabel("Taal").selectOption("en");
  await s.getByRole("heading", { level: 2, name: "What works" }).waitFor();
  // The recipient's download is its own: not the app's, not the parent page's.
  const scripts = await s.evaluate(() => performance.getEntriesByType("resource").map((r) => r.name).filter((n) => n.endsWith(".wasm")));
  assert.equal(scripts.length, 1, scripts.join());
  assert.match(scripts[0], /\/signaal-handover-[0-9a-f]+_bg\.wasm$/);

  // Revoked from the composer: the school's page says the link no longer works.
  page.once("dialog", (dialog) => dialog.accept());
  await page.locator("section", { has: page.getByRole("heading", { name: "Link voor de ontvanger" }) }).getByRole("button", { name: "Link intrekken" }).click();
  await page.getByText("De link is ingetrokken.").first().waitFor();
  await register.getByText(/link ingetrokken op .* door Anna/).waitFor();
  assert.equal(await register.getByRole("button", { name: "Link intrekken" }).count(), 0);
  assert.equal((await fetch(`${server.url}/api/shares/${new URL(link).pathname.split("/").pop()}`)).status, 410);
  await s.reload();
  await s.getByRole("heading", { level: 1, name: "Deze link werkt niet meer" }).waitFor();
  assert.equal(await s.getByText(GOAL).count(), 0);

  // The child file lists both: shared as a link, and revoked by whom.
  await page.goto(new URL(paths.child, handoverUrl).href);
  await page.getByRole("link", { name: "Dossier bekijken en afdrukken" }).click();
  const file = await page.locator(".dossier .disclosures").innerText();
  assert.ok(file.includes("als link gedeeld") && /link ingetrokken op .* door Anna/.test(file) && file.includes("Contact met school: moeder"), file);
  assert.deepEqual(panics(errors), []);
  assert.deepEqual(panics(school.errors), []);
});

test("a live handover link is revoked from the child's register", async () => {
  const { page, errors } = await setUpDevice(browser, server, { children: ["Sem B."] });
  await startTeam(page);
  const paths = await momentWithSignal(page, "Sem B.", "Duwde bij de glijbaan");
  await recordSchoolConsent(page, new URL(paths.child, page.url()).href, "vader");
  await page.goto(new URL(paths.trajectory, page.url()).href);
  await page.getByRole("link", { name: "Overdracht maken" }).click();
  await page.getByLabel("School en groep, of organisatie").fill("De Regenboog");
  await page.getByLabel("Wat werkt: Zelf toevoegen (één per regel)").fill(ACTION);
  await page.getByRole("button", { name: "Als link delen" }).click();
  const link = await page.getByLabel("Link (alleen met de ontvanger delen)").inputValue();

  // On another visit the composer shows no link; the register still offers to revoke it.
  await page.reload();
  const register = page.locator(".disclosures");
  page.once("dialog", (dialog) => dialog.accept());
  await register.getByRole("button", { name: "Link intrekken" }).click();
  await register.getByText(/link ingetrokken op .* door Anna/).waitFor();
  const school = await openApp(browser, server, { path: new URL(link).pathname + new URL(link).hash });
  await school.page.getByRole("heading", { level: 1, name: "Deze link werkt niet meer" }).waitFor();
  assert.deepEqual(panics(errors), []);
});
