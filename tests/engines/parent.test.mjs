// The parent's phone in WebKit and Firefox: a link published by the team (here from Chromium)
// opens in a fresh browser (HKDF-SHA256 and AES-256-GCM in the engine's WebCrypto), reads again
// without a network, and once revoked says so, without keeping a copy.
import { test } from "node:test";
import assert from "node:assert/strict";
import { captureMoment, nav, openApp, PHONE, setUpDevice, startTeam, waitForServiceWorker } from "../e2e/helpers.mjs";
import { crashes, engineScreenshot, serverAndEngine } from "./helpers.mjs";

let server;
let browser;
let chromium;
serverAndEngine((held) => ({ server, browser, chromium } = held), { chromium: true });

const section = (page, heading) => page.locator("section", { has: page.getByRole("heading", { name: heading, exact: true }) });

/** The team's tablet (Chromium): a consent, one positive moment picked, a tip, published. */
async function publish() {
  const team = await setUpDevice(chromium, server, { children: ["Sem B."] });
  const { page } = team;
  await startTeam(page);
  await captureMoment(page, { children: ["Sem B."], tags: ["Positief moment"], note: "Hielp een jongere bij de puzzel" });
  await nav(page, "Kinderen");
  await page.getByRole("link", { name: "Sem B." }).click();
  await page.getByLabel("Waarvoor").selectOption({ label: "Samenvatting delen met ouders" });
  await page.getByLabel("Gegeven door").fill("moeder");
  await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  await page.getByText("Toestemming vastgelegd.").waitFor();
  await page.getByRole("link", { name: "Samenvatting voor ouders maken" }).click();
  const going = section(page, "Wat goed gaat");
  await going.getByRole("checkbox", { name: /Hielp een jongere bij de puzzel/ }).check();
  await going.getByLabel("Zo leest de ouder het").fill("Sem hielp een jonger kind geduldig met een puzzel.");
  const tips = section(page, "Tips voor thuis");
  await tips.getByRole("button", { name: "+ Regel toevoegen" }).click();
  await tips.getByRole("textbox").last().fill("Vraag naar één leuk moment van de dag");
  await page.getByLabel("Persoonlijk bericht").fill("Fijn dat we samen optrekken.");
  await page.getByRole("button", { name: "Publiceren" }).click();
  await page.getByText("Samenvatting gepubliceerd.").waitFor();
  const link = new URL(await page.getByLabel("Link (alleen met de ouders delen)").inputValue());
  return { team, link };
}

test("a published link opens on the parent's fresh phone, reads offline, and once revoked says so", async () => {
  const { team, link } = await publish();

  const parent = await openApp(browser, server, { path: link.pathname + link.hash, viewport: PHONE });
  const p = parent.page;
  await p.getByRole("heading", { level: 1, name: "Sem" }).waitFor();
  const text = await p.locator("main").innerText();
  for (const shown of ["Wat goed gaat", "Sem hielp een jonger kind geduldig met een puzzel.", "Vraag naar één leuk moment van de dag", "Fijn dat we samen optrekken.", "Van Anna"]) {
    assert.ok(text.includes(shown), `${shown} in ${text}`);
  }
  for (const hidden of ["Hielp een jongere", "moeder"]) assert.ok(!text.includes(hidden), hidden);
  await p.getByLabel("Taal", { exact: true }).selectOption("en");
  await p.getByRole("heading", { name: "What is going well" }).waitFor();
  await p.getByLabel("Language", { exact: true }).selectOption("nl");
  await p.getByRole("heading", { name: "Wat goed gaat" }).waitFor();
  await engineScreenshot(p, "parent-phone");

  // No network: the phone's own (still encrypted) copy, opened by the service worker's page.
  await waitForServiceWorker(p);
  await parent.context.setOffline(true);
  await p.reload();
  await p.getByText("Je bent offline.").waitFor();
  await p.getByText("Sem hielp een jonger kind geduldig met een puzzel.").waitFor();
  // The home-screen icon starts at /p/ (no fragment): the summary last opened here.
  await p.goto(`${server.url}/p/`);
  await p.getByText("Sem hielp een jonger kind geduldig met een puzzel.").waitFor();
  await parent.context.setOffline(false);

  // The team revokes the link: the parent's page says so, and keeps no copy to show offline.
  team.page.once("dialog", (dialog) => dialog.accept());
  await team.page.getByRole("button", { name: "Link intrekken" }).click();
  await team.page.getByText("Link ingetrokken.").waitFor();
  await p.goto(`${server.url}${link.pathname}${link.hash}`);
  await p.getByRole("heading", { name: "Deze link werkt niet meer" }).waitFor();
  await parent.context.setOffline(true);
  await p.reload();
  await p.getByRole("heading", { name: "Geen verbinding" }).waitFor();
  assert.equal(await p.getByText("Sem hielp een jonger kind").count(), 0);
  await parent.context.setOffline(false);
  assert.deepEqual(crashes(parent.errors), []);
  assert.deepEqual(crashes(team.errors), []);
  await parent.context.close();
  await team.context.close();
});
