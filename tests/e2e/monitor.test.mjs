// The location manager's monitor on Overzicht: an honest empty state on a fresh device, then
// real figures once a signal has been raised and walked two steps; the group filter and the
// period picker change them; both CSV files download with the real content; all survives reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { PHONE, TABLET, screenshot, serverAndBrowser, setUpDevice, smallTargets } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

const current = (page, step) => page.getByRole("heading", { level: 2, name: `Huidige stap: ${step}` });

/** Takes a step through the move form, as plan.test.mjs does. */
async function move(page, step) {
  await page.getByRole("button", { name: step, exact: true }).click();
  await page.getByRole("heading", { name: `Naar: ${step}` }).waitFor();
  await page.getByRole("button", { name: "Stap vastleggen" }).click();
  await current(page, step).waitFor();
}

const tile = (page, label) => page.locator(".tile").filter({ has: page.getByText(label, { exact: true }) }).locator(".tile-value");

async function openMonitor(page) {
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Overzicht" }).click();
  await page.getByRole("heading", { level: 1, name: "Overzicht" }).waitFor();
}

async function downloadText(page, button) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button }).click()]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), "utf8") };
}

test("the monitor counts a real signal per period and group, exports both CSV files and survives reload", async () => {
  const { context, page, errors } = await setUpDevice(browser, server, { children: ["Sam K.", "Noor B."] });

  // No trajectories yet: an honest empty state, not a wall of zeros.
  await openMonitor(page);
  await page.getByText("Nog geen trajecten, coachsessies of lijsten welbevinden op dit apparaat.", { exact: false }).waitFor();
  assert.equal(await page.locator(".tile").count(), 0);

  // A second group with its own child, to filter on.
  await page.goto(server.url + "/kinderen");
  await page.getByLabel("Naam van de groep").fill("Groep Geel");
  await page.getByRole("button", { name: "Groep toevoegen" }).click();
  await page.getByRole("heading", { level: 2, name: "Groep Geel" }).waitFor();
  await page.getByLabel("Naam (voornaam en initiaal)").fill("Lis T.");
  await page.getByLabel("Groep", { exact: true }).selectOption({ label: "Groep Geel" });
  await page.getByRole("button", { name: "Kind toevoegen" }).click();
  await page.getByRole("link", { name: "Lis T." }).waitFor();

  // Sam's signal, walked to the child talk.
  await page.getByRole("link", { name: "Sam K." }).click();
  await page.getByRole("button", { name: "Signaal starten" }).click();
  await page.getByLabel("Wat is de zorg?").fill("Sam speelt steeds alleen.");
  await page.getByRole("button", { name: "Traject starten" }).click();
  await page.waitForURL(/\/stappenplan\/[^/]+$/);
  await current(page, "Signaal").waitFor();
  await move(page, "Teambespreking");
  await move(page, "Kindgesprek");

  await openMonitor(page);
  await page.getByRole("heading", { name: "Periode en groep" }).waitFor();
  assert.equal(await tile(page, "Signalen afgegeven").textContent(), "1");
  assert.equal(await tile(page, "Lopende trajecten").textContent(), "1");
  assert.equal(await tile(page, "Extern verwezen").textContent(), "0");
  // The chart has the trajectory under its current step, in its text equivalent too.
  const chart = page.getByRole("img", { name: /^Lopende trajecten per huidige stap: / });
  assert.equal(await chart.getAttribute("aria-label"), "Lopende trajecten per huidige stap: Kindgesprek 1");
  await chart.getByText("Kindgesprek").waitFor();
  await page.getByText("Geen lijsten welbevinden in deze periode.").waitFor();

  // The other group has nothing; Sam's group has it all.
  const group = page.getByLabel("Groep", { exact: true });
  await group.selectOption({ label: "Groep Geel" });
  await page.getByText("Er loopt nu geen traject.").waitFor();
  assert.equal(await tile(page, "Signalen afgegeven").textContent(), "0");
  await group.selectOption({ label: "Groep Blauw" });
  await chart.waitFor();
  assert.equal(await tile(page, "Signalen afgegeven").textContent(), "1");

  // This quarter holds the signal too; a custom period backwards is refused in words.
  await page.getByLabel("Kwartaal", { exact: true }).check();
  await page.getByText(/^Kwartaal \d, \d{4}$/).first().waitFor({ state: "attached" });
  assert.equal(await tile(page, "Signalen afgegeven").textContent(), "1");
  await page.getByLabel("Eigen periode").check();
  await page.getByLabel("Van", { exact: true }).fill("2030-02-01");
  await page.getByLabel("Tot en met", { exact: true }).fill("2030-01-01");
  await page.getByText("De begindatum ligt na de einddatum.").waitFor();
  assert.equal(await page.getByRole("button", { name: "CSV van de cijfers (intern)" }).isDisabled(), true);
  await page.getByLabel("Maand", { exact: true }).check();
  await tile(page, "Signalen afgegeven").waitFor();

  const figures = await downloadText(page, "CSV van de cijfers (intern)");
  assert.match(figures.name, /^signaal-intern-cijfers-\d{4}-\d{2}-01-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.match(figures.text, /^\uFEFFCijfer;Waarde\r?\n/);
  assert.match(figures.text, /Signalen afgegeven;1\r?\n/);
  assert.match(figures.text, /Lopend bij stap: Basisstappenplan – Kindgesprek;1\r?\n/);

  const trajectories = await downloadText(page, "CSV van de trajecten (intern, met namen)");
  assert.match(trajectories.name, /^signaal-intern-trajecten-met-namen-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = trajectories.text.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
  assert.equal(rows.length, 2, trajectories.text);
  assert.match(rows[0], /^Kind of groep;Groep;Status;Huidige stap;/);
  assert.match(rows[1], /^Sam K\.;Groep Blauw;Lopend traject;Kindgesprek;/);

  // Phone and tablet: no sideways scrolling, big enough buttons.
  for (const [size, viewport] of [["tablet", TABLET], ["phone", PHONE]]) {
    await page.setViewportSize(viewport);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `no sideways scroll (${size})`);
    assert.deepEqual(await smallTargets(page), [], `touch targets under 44 px (${size})`);
    await screenshot(page, `monitor-${size}`);
  }

  // After a reload (and back to all groups) the figures come back from storage.
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Overzicht" }).waitFor();
  await chart.waitFor();
  assert.equal(await tile(page, "Signalen afgegeven").textContent(), "1");
  assert.deepEqual(errors, []);
  await context.close();
});
