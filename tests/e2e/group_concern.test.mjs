// A concern about a group, started from the group in the register, walks the short flow: team →
// observation → advice (a coach's points) → actions (each point one owner and a date, shown on the
// group's page and in the "due this week" overview, ticked off one by one) → evaluation (no
// placement question) → closed; group concerns are listed apart from children, no consent is
// asked, and everything survives a reload and an offline reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PHONE, TABLET, checkAfterReloads, currentStep, localDate, saveStepForm, screenshot, serverAndBrowser, setUpDevice, takeStep } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

test("a group concern walks team, observation, advice, actions and evaluation to closed", async () => {
  const { context, page, errors } = await setUpDevice(browser, server, { children: ["Sam K."] });
  await page.goto(server.url + "/kinderen");
  await page.setViewportSize(PHONE);
  await screenshot(page, "group-concern-register-phone");
  await page.getByRole("link", { name: "Zorg over deze groep – Groep Blauw" }).click();
  await page.getByRole("heading", { level: 1, name: "Zorg over een groep" }).waitFor();
  assert.equal(await page.getByLabel("Groep", { exact: true }).locator("option:checked").innerText(), "Groep Blauw");
  await page.getByLabel("Wat is de zorg?").fill("Veel onrust en geluid bij de overgang naar buiten.");
  await screenshot(page, "group-concern-start-phone");
  await page.setViewportSize(TABLET);
  await screenshot(page, "group-concern-start-tablet");
  await page.getByRole("button", { name: "Groepszorg starten" }).click();
  await page.waitForURL(/\/stappenplan\/[^/]+$/);
  const url = page.url();
  await page.getByRole("heading", { level: 1, name: "Groep Blauw" }).waitFor();
  await currentStep(page, "Teambespreking").waitFor();
  // About a group: no consents, no goals, no coaching of a child.
  assert.equal(await page.getByRole("heading", { name: "Toestemmingen van ouders" }).count(), 0);
  assert.equal(await page.getByRole("heading", { name: "Doelen" }).count(), 0);
  assert.equal(await page.locator(".coaching-card").count(), 0);
  await page.getByRole("heading", { name: "Acties voor de groep" }).waitFor();

  await page.getByLabel("Aantekeningen").fill("Vooral bij het aankleden en wachten bij de deur.");
  await saveStepForm(page);
  await takeStep(page, "Groepsobservatie");
  await takeStep(page, "Advies", { notes: "Coach keek een middag mee: het wachten bij de deur duurt te lang." });

  await page.getByLabel("Advies van (coach of deskundige)").fill("Manon (Lindenhout)");
  await page.getByLabel("Het advies voor de groep (één punt per regel)").fill("Begin de middag buiten\nEen kleed tegen het geluid");
  await saveStepForm(page);
  await page.locator(".form-summary").getByText("Een kleed tegen het geluid").waitFor();

  // Each point of advice is an action row: one owner and a date each.
  await takeStep(page, "Acties");
  const what = page.getByLabel("Actie (wat gaan we doen?)");
  assert.equal(await what.count(), 2);
  assert.equal(await what.nth(0).inputValue(), "Begin de middag buiten");
  assert.equal(await what.nth(1).inputValue(), "Een kleed tegen het geluid");
  await page.getByLabel("Wie doet het?").nth(0).fill("Bram");
  await page.getByLabel("Klaar op").nth(0).fill(localDate(2));
  await page.getByLabel("Wie doet het?").nth(1).fill("Locatiemanager");
  await page.getByLabel("Klaar op").nth(1).fill(localDate(3));
  await saveStepForm(page);
  const actions = page.locator(".group-actions li");
  await actions.filter({ hasText: "Begin de middag buiten" }).getByText("Eigenaar: Bram").waitFor();
  await actions.filter({ hasText: "Een kleed tegen het geluid" }).getByText("Eigenaar: Locatiemanager").waitFor();
  await screenshot(page, "group-concern-actions-tablet");
  await page.setViewportSize(PHONE);
  await screenshot(page, "group-concern-actions-phone");
  await page.setViewportSize(TABLET);

  // The overview: the group apart from children, its actions with their owners due this week.
  await page.goto(server.url + "/stappenplan");
  const week = page.locator(".due-list.this-week");
  await week.locator("li").filter({ hasText: "Actie: Begin de middag buiten" }).getByText("Bram").waitFor();
  await week.locator("li").filter({ hasText: "Actie: Een kleed tegen het geluid" }).getByText("Locatiemanager").waitFor();
  assert.match(await week.locator("li").filter({ hasText: "Begin de middag buiten" }).innerText(), /Groep Blauw \(groep\)/);
  await page.locator(".group-concerns").getByRole("link", { name: "Groep Blauw" }).waitFor();
  await page.getByText("Geen kind in een traject.").waitFor();
  await screenshot(page, "group-concern-overview-tablet");
  await page.setViewportSize(PHONE);
  await screenshot(page, "group-concern-overview-phone");
  await page.setViewportSize(TABLET);

  // Ticking an action off takes it out of the overview.
  await page.goto(url);
  await page.getByRole("button", { name: "Gedaan: Begin de middag buiten" }).click();
  await page.getByText("Actie afgevinkt.").waitFor();
  await actions.filter({ hasText: "Begin de middag buiten" }).getByText(/Gedaan op/).waitFor();
  await page.goto(server.url + "/stappenplan");
  await week.locator("li").filter({ hasText: "Een kleed tegen het geluid" }).waitFor();
  assert.equal(await week.locator("li").filter({ hasText: "Begin de middag buiten" }).count(), 0);

  // Evaluation of a group: no placement question; "close" is suggested and closes it.
  await page.goto(url);
  await takeStep(page, "Evaluatie");
  assert.equal(await page.getByText("Is een reguliere plaatsing").count(), 0);
  await page.getByLabel("Afsluiten", { exact: true }).check();
  await page.getByLabel("Aantekeningen").fill("Rustiger bij de overgang; kleed helpt.");
  await saveStepForm(page);
  await page.locator(".move-list li").filter({ hasText: "voorgesteld" }).getByRole("button", { name: "Traject afsluiten" }).waitFor();
  await page.getByRole("button", { name: "Traject afsluiten" }).click();
  await page.getByLabel("Eigenaar (wie pakt het op?)").fill("Anna");
  await page.getByRole("button", { name: "Stap vastleggen" }).click();
  await page.locator(".page-header").getByText("Afgesloten").waitFor();

  const check = async () => {
    await page.getByRole("heading", { level: 1, name: "Groep Blauw" }).waitFor();
    await page.locator(".page-header").getByText("Afgesloten").waitFor();
    await page.getByText("Manon (Lindenhout)").waitFor();
    await page.getByText("Rustiger bij de overgang; kleed helpt.").waitFor();
    await page.getByText("Coach keek een middag mee").waitFor();
    await actions.filter({ hasText: "Begin de middag buiten" }).getByText(/Gedaan op/).waitFor();
    await actions.filter({ hasText: "Een kleed tegen het geluid" }).getByText("Eigenaar: Locatiemanager").waitFor();
    // Closed: nothing left to tick off.
    assert.equal(await page.getByRole("button", { name: /^Gedaan:/ }).count(), 0);
  };
  await checkAfterReloads(page, context, check);
  await page.setViewportSize(PHONE);
  await screenshot(page, "group-concern-closed-phone");

  // Closed concerns leave the overview.
  await page.goto(server.url + "/stappenplan");
  await page.getByText("Er loopt nog geen traject.", { exact: false }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
