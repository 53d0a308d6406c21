// A child's file for printing: consents, the trajectory with its steps, and every moment in full,
// oldest first; printed on A4 without the app's navigation and buttons.
import { test } from "node:test";
import assert from "node:assert/strict";
import { captureMoment, nav, screenshot, serverAndBrowser, setUpDevice } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

test("the child file lists consents, the plan and every moment, and prints on A4 without the app around it", async () => {
  const { page, errors } = await setUpDevice(browser, server, { children: ["Sem B.", "Noor K."] });
  await captureMoment(page, { children: ["Sem B."], tags: ["Conflict"], note: "Eerste: duwde bij de glijbaan" });
  await captureMoment(page, { children: ["Sem B."], tags: ["Positief moment"], note: "Tweede: hielp met opruimen" });
  await captureMoment(page, { children: ["Noor K."], note: "Over Noor, niet over Sem" });
  await nav(page, "Kinderen");
  await page.getByRole("link", { name: "Sem B." }).click();
  await page.getByLabel("Waarvoor").selectOption({ label: "Contact met school" });
  await page.getByLabel("Gegeven door").fill("moeder");
  await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  await page.getByText("Toestemming vastgelegd.").waitFor();

  await page.getByRole("link", { name: "Dossier bekijken en afdrukken" }).click();
  await page.getByRole("heading", { level: 1, name: "Dossier · Sem B." }).waitFor();
  const text = await page.locator("main").innerText();
  assert.ok(text.includes("Contact met school: moeder"), text);
  assert.ok(text.includes("Momenten (2)"), text);
  assert.ok(!text.includes("Over Noor"), "another child's moment is not in this file");
  // Oldest first, every field written out.
  assert.ok(text.indexOf("Eerste: duwde") < text.indexOf("Tweede: hielp"));
  assert.ok(text.includes("Geschreven door"), text);

  await page.emulateMedia({ media: "print" });
  for (const hidden of [page.getByRole("navigation", { name: "Hoofdmenu" }), page.getByRole("button", { name: "Afdrukken" })]) {
    assert.equal(await hidden.isVisible(), false);
  }
  const pdf = await page.pdf({ format: "A4", printBackground: false });
  assert.ok(pdf.length > 5_000 && pdf.subarray(0, 4).toString() === "%PDF");
  await page.emulateMedia({ media: "screen" });
  await screenshot(page, "child-file-tablet");
  assert.deepEqual(errors.filter((e) => /panicked|RuntimeError/.test(e)), []);
});
