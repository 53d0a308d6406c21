// Team sync across engines: a WebKit (or Firefox) tablet starts the team (its WebCrypto makes the
// team key and seals every change), a Chromium tablet joins with the invite link, and a new moment
// and an edit made on each arrive on the other.
import { test } from "node:test";
import assert from "node:assert/strict";
import { captureMoment, joinTeam, nav, setUpDevice, startTeam, waitForSynced } from "../e2e/helpers.mjs";
import { crashes, ENGINE_NAME, serverAndEngine } from "./helpers.mjs";

let server;
let browser;
let chromium;
serverAndEngine((held) => ({ server, browser, chromium } = held), { chromium: true });

async function edit(page, from, to) {
  await nav(page, "Schriftje");
  await page.getByRole("link", { name: new RegExp(from) }).click();
  await page.getByRole("link", { name: "Bewerken" }).click();
  await page.getByLabel("Wat gebeurde er?").fill(to);
  await page.getByRole("button", { name: "Opslaan" }).click();
  await page.getByText("Moment opgeslagen.").waitFor();
}

test(`a ${ENGINE_NAME} tablet and a Chromium tablet in one team: a moment and an edit on each arrive on the other`, async () => {
  const a = await setUpDevice(browser, server, { name: "Anna", children: ["Sam K."] });
  await captureMoment(a.page, { children: ["Sam K."], note: `Geschreven in ${ENGINE_NAME} voor het team.` });
  const link = await startTeam(a.page);
  assert.match(link, /\/join#t=[0-9a-f-]{36}&k=[\w-]{43}&i=[\w-]+$/);
  await waitForSynced(a.page);

  const b = await joinTeam(chromium, server, link);
  await nav(b.page, "Schriftje");
  await b.page.getByText(`Geschreven in ${ENGINE_NAME} voor het team.`).waitFor({ timeout: 30_000 });
  await nav(b.page, "Instellingen");
  await b.page.getByLabel("Jouw naam of initialen").fill("Bram");
  await b.page.getByRole("button", { name: "Opslaan", exact: true }).click();
  await b.page.getByText("Opgeslagen.", { exact: true }).waitFor();

  // Chromium edits the engine's moment and writes its own; both arrive on the engine's tablet.
  await edit(b.page, `Geschreven in ${ENGINE_NAME}`, "Bram: in Chromium aangevuld.");
  await captureMoment(b.page, { children: ["Sam K."], note: "Nieuw moment uit Chromium." });
  await nav(a.page, "Schriftje");
  await a.page.getByText("Nieuw moment uit Chromium.").waitFor({ timeout: 30_000 });
  await a.page.getByText("Bram: in Chromium aangevuld.").waitFor({ timeout: 30_000 });

  // And back: the engine edits Chromium's moment and writes a new one.
  await edit(a.page, "Nieuw moment uit Chromium", `Anna: in ${ENGINE_NAME} aangepast.`);
  await captureMoment(a.page, { children: ["Sam K."], note: `Tweede moment uit ${ENGINE_NAME}.` });
  await nav(b.page, "Schriftje");
  await b.page.getByText(`Anna: in ${ENGINE_NAME} aangepast.`).waitFor({ timeout: 30_000 });
  await b.page.getByText(`Tweede moment uit ${ENGINE_NAME}.`).waitFor({ timeout: 30_000 });

  // The same notebook on both.
  await waitForSynced(a.page);
  await waitForSynced(b.page);
  await nav(a.page, "Schriftje");
  await nav(b.page, "Schriftje");
  const cards = async (page) => (await page.locator(".moment-card").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
  assert.deepEqual(await cards(a.page), await cards(b.page));
  assert.equal((await cards(a.page)).length, 3);
  assert.deepEqual(crashes(a.errors), []);
  assert.deepEqual(crashes(b.errors), []);
  await a.context.close();
  await b.context.close();
});
