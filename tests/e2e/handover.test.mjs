// A handover from a trajectory to the school: composed from picked parts, refused with the reason
// without the parents' school-contact consent, printed on A4 with it, and logged in the child's
// register of disclosures, which the child file shows.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PHONE, axeViolations, momentWithSignal, nav, screenshot, serverAndBrowser, setUpDevice, smallTargets } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

/** print() opens the browser's dialog: count the calls instead. */
const countPrints = (page) =>
  page.evaluate(() => {
    window.printCalls = 0;
    window.print = () => window.printCalls++;
  });

const BLOCKED = "Afdrukken of delen kan niet: er is geen (geldige) toestemming van de ouders voor contact met school.";

test("a school handover is blocked without consent, printed with it, and listed in the child's register", async () => {
  const { page, errors } = await setUpDevice(browser, server, { children: ["Sem B."], bypassCSP: true });
  const paths = await momentWithSignal(page, "Sem B.", "Duwde bij de glijbaan");
  await page.getByRole("link", { name: "Overdracht maken" }).click();
  await page.getByRole("heading", { level: 1, name: "Overdracht · Sem B." }).waitFor();
  await countPrints(page);

  await page.getByLabel("School en groep, of organisatie").fill("De Regenboog, groep 5");
  await page.getByLabel("Leerkracht of medewerker, en hoe bereikbaar").fill("juf Ans, ans@regenboog.nl");
  await page.getByLabel("Doelen: Zelf toevoegen (één per regel)").fill("Om hulp vragen als het te druk wordt");
  await page.getByLabel("Wat werkt: Zelf toevoegen (één per regel)").fill("Vooraf vertellen wat er gaat gebeuren\nEen rustige plek om even bij te komen");
  const preview = page.locator(".handover-doc");
  await preview.getByText("Vooraf vertellen wat er gaat gebeuren").waitFor();
  assert.ok((await preview.innerText()).includes("De Regenboog, groep 5 · juf Ans"), await preview.innerText());

  // Without consent: the reason is on the page before and after trying, nothing is printed or logged.
  await page.getByRole("status").filter({ hasText: BLOCKED }).waitFor();
  await page.getByRole("button", { name: "Afdrukken" }).click();
  await page.getByRole("alert").filter({ hasText: BLOCKED }).waitFor();
  assert.equal(await page.evaluate(() => window.printCalls), 0);
  await page.getByText("Er is nog niets over dit kind aan anderen verstrekt.").waitFor();

  await screenshot(page, "handover-tablet");
  await page.setViewportSize(PHONE);
  await screenshot(page, "handover-phone");
  assert.deepEqual(await smallTargets(page), []);
  assert.deepEqual(await axeViolations(page), []);
  await page.setViewportSize({ width: 1024, height: 768 });

  // Consent recorded on the child's page: the handover prints and is logged.
  const handoverUrl = page.url();
  await page.goto(new URL(paths.child, handoverUrl).href);
  await page.getByLabel("Waarvoor").selectOption({ label: "Contact met school" });
  await page.getByLabel("Gegeven door").fill("moeder");
  await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  await page.getByText("Toestemming vastgelegd.").waitFor();
  await page.goto(handoverUrl);
  await page.getByRole("heading", { level: 1, name: "Overdracht · Sem B." }).waitFor();
  await countPrints(page);
  assert.equal(await page.getByRole("status").filter({ hasText: BLOCKED }).count(), 0);
  await page.getByLabel("School en groep, of organisatie").fill("De Regenboog, groep 5");
  await page.getByLabel("Wat werkt: Zelf toevoegen (één per regel)").fill("Vooraf vertellen wat er gaat gebeuren");
  await page.getByRole("button", { name: "Afdrukken" }).click();
  await page.getByText("De overdracht staat in het register van verstrekkingen.").waitFor();
  assert.equal(await page.evaluate(() => window.printCalls), 1);
  const register = page.locator(".disclosures");
  await register.getByText("Overdracht naar school").waitFor();
  const line = await register.innerText();
  for (const part of ["De Regenboog, groep 5", "door Anna", "afgedrukt", "Vooraf vertellen wat er gaat gebeuren", "Contact met school: moeder"]) {
    assert.ok(line.includes(part), `register lists ${part}: ${line}`);
  }

  // On A4 only the document goes on paper: no composer, no register, no buttons.
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.getByLabel("School en groep, of organisatie").isVisible(), false);
  assert.equal(await register.isVisible(), false);
  assert.equal(await preview.isVisible(), true);
  const pdf = await page.pdf({ format: "A4", printBackground: false });
  assert.ok(pdf.length > 3_000 && pdf.subarray(0, 4).toString() === "%PDF");
  await page.emulateMedia({ media: "screen" });

  // The child file (the child's export on paper) lists the disclosure too.
  await page.goto(new URL(paths.child, handoverUrl).href);
  await page.getByRole("link", { name: "Dossier bekijken en afdrukken" }).click();
  await page.getByRole("heading", { level: 1, name: "Dossier · Sem B." }).waitFor();
  const file = await page.locator(".dossier .disclosures").innerText();
  assert.ok(file.includes("Register van verstrekkingen") && file.includes("De Regenboog, groep 5") && file.includes("Contact met school: moeder"), file);
  assert.deepEqual(errors.filter((e) => /panicked|RuntimeError/.test(e)), []);
});
