// Coaching on the job for a child in a trajectory: sessions are blocked, with the reason shown,
// until the parents' coach consent is recorded, and again from the day it is withdrawn (or for a
// session dated before it was given); sessions are recorded and edited, totals per trajectory
// and per child are shown with the "3–4 sessions" hint; all survives a reload and an offline
// reload; erasing the child takes its sessions too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PHONE, TABLET, checkAfterReloads, localDate, screenshot, serverAndBrowser, setUpDevice } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

test("coach sessions wait for consent, add up per trajectory and child, and survive reloads", async () => {
  const { context, page, errors } = await setUpDevice(browser, server, { children: ["Sam K."] });
  await page.goto(server.url + "/kinderen");
  await page.getByRole("link", { name: "Sam K." }).click();
  await page.getByRole("button", { name: "Signaal starten" }).click();
  await page.getByLabel("Wat is de zorg?").fill("Sam raakt snel overstuur bij wachten.");
  await page.getByRole("button", { name: "Traject starten" }).click();
  await page.waitForURL(/\/stappenplan\/[^/]+$/);
  const trajectory = page.url();
  const card = page.locator(".coaching-card");
  await card.getByText("0 sessies · 0,0 uur").waitFor();
  await card.getByRole("link", { name: "Coachsessies" }).click();
  await page.waitForURL(/\/coaching$/);
  await page.getByRole("heading", { level: 1, name: "Coaching on the job: Sam K." }).waitFor();
  const coaching = page.url();

  // Blocked, with the reason, until the parents agree.
  const save = page.getByRole("button", { name: "Sessie opslaan" });
  const reason = page.locator("#coach-blocked");
  assert.equal(await save.isDisabled(), true);
  assert.match(await reason.innerText(), /Eerst toestemming van ouders vastleggen: coach on the job/);
  assert.equal(await save.getAttribute("aria-describedby"), "coach-blocked");
  await screenshot(page, "coaching-blocked-tablet");

  await page.getByLabel("Waarvoor").selectOption({ label: "Coach on the job" });
  await page.getByLabel("Gegeven door").fill("moeder");
  await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  await page.getByText("Toestemming vastgelegd.").waitFor();
  await reason.waitFor({ state: "detached" });
  assert.equal(await save.isDisabled(), false);

  // The first one is the alignment talk; learning goals one per line.
  assert.equal(await page.getByLabel("Afstemmingsgesprek").isChecked(), true);
  await page.getByLabel("Duur in minuten").fill("90");
  await page.getByLabel("Coach (naam en organisatie)").fill("Manon (Lindenhout)");
  await page.getByLabel("Leerdoelen van het team (één per regel)").fill("Grenzen stellen zonder strijd\nWachtmomenten kort houden");
  await page.getByLabel("Gedeelde aantekeningen").fill("Vraag van het team helder: wat werkt bij wachten?");
  await save.click();
  await page.getByText("Sessie opgeslagen.").waitFor();
  const totals = page.locator(".coach-total");
  await totals.getByText("1 sessie · 1,5 uur").waitFor();

  // The next one is a regular session; coach and learning goals carry over.
  assert.equal(await page.getByLabel("Coachsessie").isChecked(), true);
  assert.equal(await page.getByLabel("Coach (naam en organisatie)").inputValue(), "Manon (Lindenhout)");
  assert.match(await page.getByLabel("Leerdoelen van het team (één per regel)").inputValue(), /Wachtmomenten kort houden/);
  // A session dated before the consent was given is blocked too.
  await page.getByLabel("Datum van de sessie").fill(localDate(-1));
  await reason.waitFor();
  assert.equal(await save.isDisabled(), true);
  await page.getByLabel("Datum van de sessie").fill(localDate(0));
  await reason.waitFor({ state: "detached" });
  await page.getByLabel("Duur in minuten").fill("60");
  await page.getByLabel("Gedeelde aantekeningen").fill("Meegekeken bij het fruit eten; wachtrij ingekort.");
  await save.click();
  await page.getByText("Sessie opgeslagen.").first().waitFor();
  await totals.getByText("2 sessies · 2,5 uur").waitFor();
  await page.locator(".coach-child-total").getByText("2 sessies · 2,5 uur").waitFor();
  await page.getByText("Meestal 3 à 4 sessies per traject.").first().waitFor();

  // Edit the alignment talk: the form fills with it, the list shows the change, totals stay.
  await page.getByRole("button", { name: /^Bewerken: afstemmingsgesprek/ }).click();
  await page.getByRole("heading", { name: "Sessie bewerken" }).waitFor();
  assert.equal(await page.getByLabel("Duur in minuten").inputValue(), "90");
  await page.getByLabel("Gedeelde aantekeningen").fill("Vraag van het team: wat werkt bij wachten en bij overgangen?");
  await save.click();
  await page.getByRole("heading", { name: "Sessie vastleggen" }).waitFor();
  await page.locator(".coach-session").getByText("wat werkt bij wachten en bij overgangen?").waitFor();
  await totals.getByText("2 sessies · 2,5 uur").waitFor();
  assert.equal(await page.locator(".coach-session").count(), 2);
  await screenshot(page, "coaching-sessions-tablet");
  await page.setViewportSize(PHONE);
  await screenshot(page, "coaching-sessions-phone");
  await page.setViewportSize(TABLET);

  // Withdrawn today: blocked again from today, with the date said.
  await page.getByRole("button", { name: "Intrekken" }).click();
  await page.getByText("Toestemming ingetrokken.").waitFor();
  await reason.getByText("De toestemming is ingetrokken op").waitFor();
  assert.equal(await save.isDisabled(), true);

  const check = async () => {
    await page.getByRole("heading", { level: 1, name: "Coaching on the job: Sam K." }).waitFor();
    await totals.getByText("2 sessies · 2,5 uur").waitFor();
    await page.getByText("Grenzen stellen zonder strijd").first().waitFor();
    await page.getByText("wat werkt bij wachten en bij overgangen?").waitFor();
    await page.getByText("Manon (Lindenhout)", { exact: false }).first().waitFor();
    await reason.getByText("De toestemming is ingetrokken op").waitFor();
    assert.equal(await save.isDisabled(), true);
  };
  await checkAfterReloads(page, context, check);
  await page.setViewportSize(PHONE);
  await screenshot(page, "coaching-withdrawn-phone");
  await page.setViewportSize(TABLET);

  // The trajectory screen shows this trajectory's coaching time.
  await page.goto(trajectory);
  await card.getByText("2 sessies · 2,5 uur").waitFor();

  // The child file lists the sessions in full, with the total.
  await page.getByRole("link", { name: "Sam K." }).click();
  // The address changes once the children's chunk is there, not at the tap.
  await page.waitForURL(/\/kinderen\/[^/]+$/);
  const childPage = page.url();
  await page.getByRole("link", { name: "Dossier bekijken en afdrukken" }).click();
  const file = page.locator("section").filter({ has: page.getByRole("heading", { name: "Coaching on the job" }) });
  await file.getByText("2 sessies · 2,5 uur").waitFor();
  assert.equal(await file.locator(".coach-session").count(), 2);
  await file.getByText("wat werkt bij wachten en bij overgangen?").waitFor();
  // The second session carried the learning goals over from the first.
  assert.equal(await file.getByText("Grenzen stellen zonder strijd").count(), 2);

  // Erasing the child takes its sessions.
  await page.goto(childPage);
  await page.getByRole("button", { name: "Alles over dit kind wissen…" }).click();
  await page.getByRole("alert").getByText(/2 coachsessies/).waitFor();
  await page.getByRole("button", { name: "Definitief wissen" }).click();
  await page.getByText("Het kind is gewist.").waitFor();
  await page.goto(coaching);
  await page.getByText("Dit traject bestaat niet (meer).").waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
