// The app lock on a tablet left on the group: with a PIN set, the app opens locked and locks
// itself after the set minutes without use; while locked no note is in the page; wrong PINs
// are refused and, after five, have to wait; the lock goes off only with the PIN.
import { test } from "node:test";
import assert from "node:assert/strict";
import { captureMoment, nav, serverAndBrowser, setUpDevice } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

async function unlock(page, pin) {
  await page.getByLabel("Pincode", { exact: true }).fill(pin);
  await page.getByRole("button", { name: "Ontgrendelen" }).click();
}

test("a PIN locks the app at start and after inactivity, hides every note, and only the PIN turns it off", async () => {
  const { page, context, errors } = await setUpDevice(browser, server, { children: ["Sem B."] });
  await captureMoment(page, { children: ["Sem B."], note: "Geheime notitie over Sem" });
  await nav(page, "Instellingen");
  await page.getByLabel("Nieuwe pincode (4 tot 8 cijfers)").fill("1234");
  await page.getByLabel("Nieuwe pincode nog een keer").fill("1243");
  await page.getByRole("button", { name: "Pincode instellen" }).click();
  await page.getByText("De twee pincodes zijn niet gelijk.").waitFor();
  await page.getByLabel("Nieuwe pincode nog een keer").fill("1234");
  await page.getByLabel("Vergrendelen na (minuten zonder gebruik)").fill("2");
  await page.getByRole("button", { name: "Pincode instellen" }).click();
  await page.getByText("Pincode ingesteld.").waitFor();

  // Opening the app: locked, and nothing of the notebook in the page.
  await context.clock.install();
  await page.reload();
  await page.getByRole("heading", { name: "Signaal is vergrendeld" }).waitFor();
  const locked = await page.content();
  assert.ok(!locked.includes("Geheime notitie") && !locked.includes("Sem B."), "no note behind the lock");
  assert.equal(await page.getByRole("navigation", { name: "Hoofdmenu" }).count(), 0);

  await unlock(page, "0000");
  await page.getByText("Onjuiste pincode.").waitFor();
  await unlock(page, "1234");
  await nav(page, "Schriftje");
  await page.getByText("Geheime notitie over Sem").waitFor();

  // Two minutes without a tap: locked again.
  await page.clock.fastForward("02:10");
  await page.getByRole("heading", { name: "Signaal is vergrendeld" }).waitFor();
  assert.equal(await page.getByText("Geheime notitie over Sem").count(), 0);

  // Five wrong PINs: the next try has to wait.
  for (let i = 0; i < 5; i++) await unlock(page, "9999");
  await page.getByText(/Te vaak een onjuiste pincode. Probeer het opnieuw over 30 s/).waitFor();
  await unlock(page, "1234");
  await page.getByText(/Probeer het opnieuw over/).waitFor();
  await page.clock.fastForward("00:31");
  await unlock(page, "1234");
  await nav(page, "Instellingen");

  // Off only with the PIN.
  await page.getByLabel("Huidige pincode (om het slot uit te zetten)").fill("4321");
  await page.getByRole("button", { name: "App-slot uitzetten" }).click();
  await page.getByText("Onjuiste pincode.").waitFor();
  await page.getByLabel("Huidige pincode (om het slot uit te zetten)").fill("1234");
  await page.getByRole("button", { name: "App-slot uitzetten" }).click();
  await page.getByText("App-slot uitgezet.").waitFor();
  await page.reload();
  await page.getByRole("navigation", { name: "Hoofdmenu" }).waitFor();
  assert.deepEqual(errors.filter((e) => /panicked|RuntimeError/.test(e)), []);
});
