// A parent answers the summary from their own phone: the reply is sealed on the phone, the
// server holds only ciphertext, a team device stores it as a "van ouder" moment that waits in
// Today's handover until someone marks it read, and the phone shows "ontvangen door het team"
// once the team has it. A revoked link refuses a reply with a message.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PHONE, axeViolations, eventually, joinTeam, localDate, momentWithSignal, nav, openApp, screenshot, serverAndBrowser, setUpDevice, startTeam, waitForServiceWorker } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]), { args: ["--share-lookups-per-minute", "600"] });

const panics = (errors) => errors.filter((e) => /panicked|RuntimeError/.test(e));

/** Records the parents' consent and publishes a summary with a tip and a next talk; the link. */
async function publishSummary(page, child) {
  await nav(page, "Kinderen");
  await page.getByRole("link", { name: child }).click();
  await page.getByLabel("Waarvoor").selectOption({ label: "Samenvatting delen met ouders" });
  await page.getByLabel("Gegeven door").fill("moeder");
  await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  await page.getByText("Toestemming vastgelegd.").waitFor();
  await page.getByRole("link", { name: "Samenvatting voor ouders maken" }).click();
  const tips = page.locator("section", { has: page.getByRole("heading", { name: "Tips voor thuis", exact: true }) });
  await tips.getByRole("button", { name: "+ Regel toevoegen" }).click();
  await tips.getByRole("textbox").last().fill("Vraag naar één leuk moment van de dag");
  await page.getByLabel("Datum van het volgende gesprek").fill(localDate(10));
  await page.getByRole("button", { name: "Publiceren" }).click();
  await page.getByText("Samenvatting gepubliceerd.").waitFor();
  return page.getByLabel("Link (alleen met de ouders delen)").inputValue();
}

/** Bytes the server keeps on disk, as text: what someone with a copy of its data would read. */
const storedBytes = () => readdirSync(server.dataDir).map((f) => readFileSync(join(server.dataDir, f)).toString("latin1")).join("\n");

test("a parent replies from the link, keeps it offline, the team gets a 'van ouder' moment; a revoked link refuses", async () => {
  const { page, errors } = await setUpDevice(browser, server, { children: ["Sem B."] });
  const invite = await startTeam(page);
  const link = await publishSummary(page, "Sem B.");
  const colleague = await joinTeam(browser, server, invite);

  // The parent: a fresh phone, the link from the message.
  const url = new URL(link);
  const parent = await openApp(browser, server, { path: url.pathname + url.hash, viewport: PHONE, bypassCSP: true });
  const p = parent.page;
  await p.getByRole("heading", { level: 1, name: "Sem" }).waitFor();
  const box = p.locator("section", { has: p.getByRole("heading", { name: "Wat zie je thuis? Waar mogen wij op letten?" }) });
  await box.waitFor();
  assert.deepEqual(await axeViolations(p), [], "the parent page with its reply form passes axe");

  // Nothing typed: the page says what is missing, nothing is sent.
  await box.getByRole("button", { name: "Versturen" }).click();
  await box.getByText("Schrijf eerst iets, of kies een antwoord over het gesprek.").waitFor();

  await box.getByLabel("Je bericht aan het team").fill("Thuis slaapt hij slecht sinds de verhuizing.");
  await box.getByRole("radio", { name: "Liever een ander moment" }).check();
  await box.getByLabel("Toelichting (mag leeg blijven)").fill("Woensdagmiddag past beter.");
  await box.getByRole("button", { name: "Versturen" }).click();
  await box.getByText("Verstuurd. Het team leest je bericht zo snel mogelijk.").waitFor();
  assert.equal(await box.getByLabel("Je bericht aan het team").inputValue(), "", "the form is empty again");
  const sent = box.getByRole("list").last();
  await sent.getByText("Thuis slaapt hij slecht sinds de verhuizing.").waitFor();
  await sent.getByText("Woensdagmiddag past beter.").waitFor();
  await screenshot(p, "reply-parent-phone");

  // The server's files never hold a word of it.
  for (const word of ["verhuizing", "slaapt", "Woensdagmiddag"]) assert.ok(!storedBytes().includes(word), `the server stores "${word}"`);

  // Offline, the phone still shows what it sent.
  await waitForServiceWorker(p);
  await parent.context.setOffline(true);
  await p.reload();
  await p.getByText("Je bent offline.").waitFor();
  await p.getByText("Thuis slaapt hij slecht sinds de verhuizing.").waitFor();
  await parent.context.setOffline(false);

  // The team: the reply arrives as a moment from the parent, waiting in Today's handover.
  await nav(page, "Vandaag");
  const handover = page.locator("section.handover");
  await handover.getByText("Thuis slaapt hij slecht sinds de verhuizing.").waitFor({ timeout: 40_000 });
  const card = handover.getByRole("listitem").filter({ hasText: "verhuizing" });
  await card.getByText("van ouder").waitFor();
  await card.getByText("Nog niet gelezen").waitFor();
  assert.equal(await card.getByText("Anna").count(), 0, "no staff name as its author");
  await screenshot(page, "reply-team-today-tablet");
  await card.getByRole("link").click();
  await page.getByText("Geschreven door de ouder (via de link)").waitFor();
  await page.getByText("Liever een ander moment").waitFor();
  await page.getByText("Woensdagmiddag past beter.").waitFor();

  // The colleague's device gets it through sync like any record.
  await nav(colleague.page, "Schriftje");
  await colleague.page.getByText("Thuis slaapt hij slecht sinds de verhuizing.").waitFor({ timeout: 40_000 });

  // Once a team device has it, the server forgets it and the parent's phone says it arrived.
  const { device_token: token } = await page.evaluate(() => JSON.parse(localStorage.getItem("signaal/v1/sync")));
  await eventually(async () => {
    const waiting = await (await fetch(`${server.url}/api/replies`, { headers: { Authorization: `Bearer ${token}` } })).json();
    return waiting.replies.length === 0 || JSON.stringify(waiting);
  }, { message: "the server deleting the confirmed reply" });
  await p.reload();
  await box.getByText("Ontvangen door het team").waitFor();

  // Marked read, it leaves the handover, and stays in the notebook as "van ouder".
  await page.getByRole("button", { name: "Markeren als gelezen" }).click();
  await page.getByText("Gemarkeerd als gelezen.").waitFor();
  await nav(page, "Vandaag");
  await page.getByRole("heading", { name: /^Overdracht/ }).waitFor();
  assert.equal(await handover.getByText("verhuizing").count(), 0);
  await nav(page, "Schriftje");
  await page.getByRole("listitem").filter({ hasText: "verhuizing" }).getByText("van ouder").waitFor();

  // A talk answer alone reaches the team too.
  await box.getByRole("radio", { name: "Ik kom" }).check();
  await box.getByRole("button", { name: "Versturen" }).click();
  await box.getByText("Verstuurd. Het team leest je bericht zo snel mogelijk.").waitFor();
  await nav(page, "Vandaag");
  await handover.getByRole("listitem").filter({ hasText: "van ouder" }).getByRole("link").click({ timeout: 40_000 });
  await page.getByText("De ouder komt").waitFor();

  // The monitor counts the parents' messages of the period (it shows once a plan runs).
  await momentWithSignal(page, "Sem B.", "Sem duwde bij het wachten.");
  await nav(page, "Overzicht");
  const tile = page.locator(".tile").filter({ has: page.getByText("Berichten van ouders", { exact: true }) }).locator(".tile-value");
  assert.equal(await tile.textContent(), "2");

  // Revoked: the parent's page (still open) cannot send any more and says why.
  await nav(page, "Kinderen");
  await page.getByRole("link", { name: "Sem B." }).click();
  await page.getByRole("link", { name: "Samenvatting voor ouders maken" }).click();
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Link intrekken" }).click();
  await page.getByText("Link ingetrokken.").waitFor();
  await box.getByLabel("Je bericht aan het team").fill("Nog een vraag over de vakantie.");
  await box.getByRole("button", { name: "Versturen" }).click();
  await box.getByText("Deze link werkt niet meer, dus je bericht kon niet worden verstuurd.", { exact: false }).waitFor();
  assert.equal(await box.getByLabel("Je bericht aan het team").inputValue(), "Nog een vraag over de vakantie.", "the text stays in the form");

  assert.deepEqual(panics(parent.errors), []);
  assert.deepEqual(panics(errors), []);
  assert.deepEqual(panics(colleague.errors), []);
});
