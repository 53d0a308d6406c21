// The step-plan template as an organisation adapts it: a trajectory runs on version 1, the team
// renames, extends, reorders and guards steps with a consent and saves version 2; a new
// trajectory runs on version 2 while the old one keeps version 1. The template goes out as a
// file and comes back in as a new version; a wrong file is refused in words. All survives reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { PHONE, TABLET, nav, screenshot, serverAndBrowser, setUpDevice } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

/** Starts a trajectory from the child's page and returns its path. */
async function startFor(page, child) {
  await nav(page, "Kinderen");
  await page.getByRole("link", { name: child }).click();
  await page.getByRole("button", { name: "Signaal starten" }).click();
  await page.getByRole("button", { name: "Traject starten" }).click();
  await page.waitForURL(/\/stappenplan\/[^/]+$/);
  await page.getByRole("heading", { level: 1, name: child }).waitFor();
  return new URL(page.url()).pathname;
}

const version = (page, n) => page.getByText(`sjabloon versie ${n}`);
const step = (page, i) => page.locator(".tpl-step").nth(i);
const moveButton = (page, name) => page.locator(".move-list").getByRole("button", { name, exact: true });

async function openEditor(page) {
  await nav(page, "Stappenplan");
  await page.getByRole("link", { name: "Sjabloon aanpassen" }).click();
  await page.getByRole("heading", { level: 1, name: "Stappenplan-sjabloon" }).waitFor();
}

test("edit the template and start a trajectory on the new version while an old one keeps its version; export, import, reload", async () => {
  const { page, errors } = await setUpDevice(browser, server, { children: ["Sam K.", "Noor B."] });
  const sam = await startFor(page, "Sam K.");
  await version(page, 1).waitFor();

  await openEditor(page);
  await page.getByRole("heading", { level: 2, name: "Basisstappenplan · versie 1" }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Nieuwe versie opslaan" }).isDisabled(), true);
  // Order of the shipped plan: 0 Volgen, 1 Signaal, 2 Teambespreking, 3 Kindgesprek.
  const child = step(page, 3);
  await child.getByRole("heading", { name: "4. Kindgesprek" }).waitFor();
  await child.getByText("Stap bewerken").click();
  await child.getByLabel("Naam (Nederlands)").fill("Gesprek met het kind");
  await child.getByRole("heading", { name: "4. Gesprek met het kind" }).waitFor();
  await child.getByLabel("Nieuw punt").fill("Tekening laten maken");
  await child.getByRole("button", { name: "Punt toevoegen" }).click();
  assert.equal(await child.getByRole("textbox", { name: "Punt 3" }).inputValue(), "Tekening laten maken");
  // Move it before the team discussion, with the keyboard.
  await child.getByRole("button", { name: "Omhoog: Gesprek met het kind" }).focus();
  await page.keyboard.press("Enter");
  await step(page, 2).getByRole("heading", { name: "3. Gesprek met het kind" }).waitFor();
  // Focus stays on the button, so it can be pressed again.
  await page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Omhoog: Gesprek met het kind");
  // The team discussion now needs the parents' consent for school contact.
  const team = step(page, 3);
  await team.getByText("Stap bewerken").click();
  await team.getByLabel("Contact met school").check();
  await team.getByText("Toestemming van ouders nodig: Contact met school").waitFor();
  // The signal step cannot go: the engine starts every trajectory there.
  const signal = step(page, 1);
  await signal.getByText("Stap bewerken").click();
  await signal.getByRole("button", { name: "Stap verwijderen" }).click();
  await signal.getByText("De stap Signaal kan niet weg: elk traject begint daar.").waitFor();

  // Unsaved work survives a reload (device draft).
  await page.getByText("Niet opgeslagen wijzigingen").waitFor();
  await page.reload();
  await step(page, 2).getByRole("heading", { name: "3. Gesprek met het kind" }).waitFor();
  await page.getByText("Niet opgeslagen wijzigingen").waitFor();
  await screenshot(page, "template-editor-tablet");
  await page.setViewportSize(PHONE);
  await screenshot(page, "template-editor-phone");
  await page.setViewportSize(TABLET);

  await page.getByRole("button", { name: "Nieuwe versie opslaan" }).click();
  await page.getByRole("heading", { level: 2, name: "Basisstappenplan · versie 2" }).waitFor();
  assert.equal(await page.getByText("Niet opgeslagen wijzigingen").count(), 0);

  // A new trajectory runs on version 2: the renamed step is next, the team discussion waits.
  const noor = await startFor(page, "Noor B.");
  await version(page, 2).waitFor();
  await moveButton(page, "Gesprek met het kind").waitFor();
  assert.equal(await moveButton(page, "Teambespreking").isDisabled(), true);
  await page.getByText("Eerst toestemming van ouders vastleggen: contact met school").first().waitFor();
  await screenshot(page, "template-trajectory-v2-tablet");

  // Sam's trajectory keeps version 1: old name, no consent needed.
  await page.goto(server.url + sam);
  await version(page, 1).waitFor();
  await moveButton(page, "Kindgesprek").waitFor();
  assert.equal(await moveButton(page, "Teambespreking").isDisabled(), false);
  assert.equal(await moveButton(page, "Gesprek met het kind").count(), 0);

  // Export the template, import the file again: a new version.
  await openEditor(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Sjabloon exporteren" }).click()]);
  assert.equal(download.suggestedFilename(), "signaal-sjabloon-versie-2.json");
  const path = await download.path();
  const text = readFileSync(path, "utf8");
  assert.match(text, /"format": "signaal-template"/);
  assert.match(text, /Gesprek met het kind/);
  const input = page.getByLabel("Sjabloonbestand importeren");
  await input.setInputFiles(path);
  await page.getByText("Geïmporteerd als versie 3").waitFor();
  await page.getByRole("heading", { level: 2, name: "Basisstappenplan · versie 3" }).waitFor();

  // Wrong files are refused in words, and nothing changes.
  await input.setInputFiles({ name: "boodschappen.json", mimeType: "application/json", buffer: Buffer.from("melk, brood") });
  await page.getByText("Dit bestand is niet leesbaar als sjabloonbestand.").waitFor();
  await input.setInputFiles({ name: "backup.json", mimeType: "application/json", buffer: Buffer.from('{"format":"signaal-backup"}') });
  await page.getByText("Dit bestand is geen Signaal-sjabloon.").waitFor();
  const broken = JSON.parse(text);
  broken.template.steps = [];
  await input.setInputFiles({ name: "leeg.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(broken)) });
  await page.getByText("Een sjabloon heeft minstens één stap nodig.").waitFor();
  await page.getByRole("heading", { level: 2, name: "Basisstappenplan · versie 3" }).waitFor();

  // Everything is still there after a reload.
  await page.reload();
  await page.getByRole("heading", { level: 2, name: "Basisstappenplan · versie 3" }).waitFor();
  await step(page, 2).getByRole("heading", { name: "3. Gesprek met het kind" }).waitFor();
  await page.goto(server.url + noor);
  await version(page, 2).waitFor();
  await page.goto(server.url + sam);
  await version(page, 1).waitFor();
  await page.setViewportSize(PHONE);
  await page.goto(server.url + noor);
  await version(page, 2).waitFor();
  await screenshot(page, "template-trajectory-v2-phone");
  assert.deepEqual(errors, []);
});
