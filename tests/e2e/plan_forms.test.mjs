// The steps that bring in people from outside the team, with their typed forms: an observation by
// an outside expert (consent first), a school contact that waits for the parents' consent, an
// escalation with its agreed next step and owner, and an external referral; a goal settled at the
// evaluation and marked achieved; open actions with their owner. Everything survives a reload
// and an offline reload and is in the child file. And the template editor's warning when a newer
// version arrives by sync after a draft began.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PHONE, TABLET, checkAfterReloads, currentStep as current, joinTeam, nav, saveStepForm as saveForm, screenshot, serverAndBrowser, setUpDevice, startTeam, startTrajectory, takeStep as move, waitForSynced } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

function localDay(offset = 0) {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const moveButton = (page, step) => page.locator(".move-list").getByRole("button", { name: step, exact: true });
const save = (page) => page.getByRole("button", { name: "Formulier opslaan" });
const blockedNote = (page) => page.locator(".blocked-note");

async function recordConsent(page, kind, by = "moeder") {
  await page.getByLabel("Waarvoor").selectOption({ label: kind });
  await page.getByLabel("Gegeven door").fill(by);
  await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  await page.locator(".consent-list li").filter({ hasText: kind }).filter({ has: page.getByRole("button", { name: "Intrekken" }) }).waitFor();
}

async function shots(page, name) {
  await screenshot(page, `${name}-tablet`);
  await page.setViewportSize(PHONE);
  await screenshot(page, `${name}-phone`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name}: no sideways scrolling at 360 px`);
  await page.setViewportSize(TABLET);
}

test("observation, school contact, escalation and referral with typed forms; a goal settled; all kept and in the child file", async () => {
  const { context, page, errors } = await setUpDevice(browser, server, { children: ["Sam K."] });

  // This organisation lets practitioners make the referral themselves (set before the trajectory,
  // which keeps the version it starts on).
  await page.goto(server.url + "/stappenplan/sjabloon");
  const extern = page.locator(".tpl-step").filter({ has: page.getByRole("heading", { name: /^\d+\. Extern$/ }) });
  await extern.getByText("Alleen te zetten door: locatiemanager").waitFor();
  await extern.getByText("Stap bewerken").click();
  await extern.getByRole("group", { name: /Wie mag deze stap zetten/ }).getByLabel("pedagogisch medewerker", { exact: true }).check();
  await page.getByRole("button", { name: "Nieuwe versie opslaan" }).click();
  await page.getByRole("heading", { level: 2, name: "Basisstappenplan · versie 2" }).waitFor();

  await nav(page, "Kinderen");
  await page.getByRole("link", { name: "Sam K." }).click();
  const childPage = new URL(page.url()).pathname;
  await page.getByRole("button", { name: "Signaal starten" }).click();
  await page.getByLabel("Wat is de zorg?").fill("Sam loopt vast bij overgangen naar buiten.");
  const url = await startTrajectory(page);

  // Observation by an outside expert: blocked until the parents' consent is recorded beforehand.
  await move(page, "Observatie");
  await page.getByLabel("Wie vroeg om de observatie?").fill("mentor Anna");
  await page.getByLabel("Wat is de vraag van de observatie?").fill("Wat gebeurt er bij de overgang naar buiten?");
  await page.getByLabel("Wie observeert?").fill("Fatima");
  assert.equal(await blockedNote(page).count(), 0, "the team's own observation needs no consent");
  await page.getByLabel(/Een externe deskundige observeert/).check();
  await blockedNote(page).getByText("Eerst toestemming van ouders vastleggen: observatie door externe deskundige").waitFor();
  assert.equal(await save(page).isDisabled(), true);
  await shots(page, "plan-forms-observation-blocked");
  await recordConsent(page, "Observatie door externe deskundige");
  await blockedNote(page).waitFor({ state: "detached" });
  await page.getByText("Toestemming vastgelegd voor Observatie door externe deskundige: moeder").waitFor();
  // What was typed stayed while the consent was recorded.
  assert.equal(await page.getByLabel("Wie observeert?").inputValue(), "Fatima");
  await page.getByLabel("Wat is er gezien?").fill("Sam wacht tot iedereen weg is en blijft dan binnen.");
  await page.getByLabel("Gesprekken met ouders (voor- en nagesprek)").fill("2");
  await saveForm(page);
  const history = page.locator(".plan-history");
  await history.getByText("Sam wacht tot iedereen weg is en blijft dan binnen.").waitFor();
  await history.getByText("Fatima (externe deskundige)").waitFor();

  // School contact: the move waits for the consent; so does the form when the consent is withdrawn.
  assert.equal(await moveButton(page, "Schoolcontact").isDisabled(), true);
  await page.locator(".move-list").getByText("Eerst toestemming van ouders vastleggen: contact met school").waitFor();
  await recordConsent(page, "Contact met school");
  await move(page, "Schoolcontact");
  await page.locator(".consent-list li").filter({ hasText: "Contact met school" }).getByRole("button", { name: "Intrekken" }).click();
  await page.getByText("Toestemming ingetrokken.").waitFor();
  await page.getByLabel("Voortgangsgesprek").check();
  await page.getByLabel("School", { exact: true }).fill("De Regenboog");
  await page.getByLabel("Met wie (leerkracht, intern begeleider)?").fill("juf Mirjam");
  await page.getByLabel("Aantekeningen").fill("Op school ook moeite met de overgang naar het plein.");
  await blockedNote(page).getByText("Eerst toestemming van ouders vastleggen: contact met school").waitFor();
  assert.equal(await save(page).isDisabled(), true);
  await shots(page, "plan-forms-school-blocked");
  await recordConsent(page, "Contact met school", "vader");
  await blockedNote(page).waitFor({ state: "detached" });
  await saveForm(page);
  await history.getByText("juf Mirjam").waitFor();

  // A plan with one goal and one action; the evaluation settles the goal as partly achieved and
  // escalates.
  await move(page, "Plan van aanpak");
  await page.getByLabel("Doel (wat willen we bereiken?)").fill("Sam gaat mee naar buiten met een maatje");
  await page.getByLabel("Hoe zien we dat het werkt?").fill("4 van de 5 middagen");
  await page.getByLabel("Actie (wat gaan we doen?)").fill("Maatje vragen voor de overgang");
  await saveForm(page);
  const actions = page.locator(".open-actions");
  await actions.locator("li").filter({ hasText: "Maatje vragen voor de overgang" }).getByText("Eigenaar: Anna").waitFor();
  await move(page, "Tussenevaluatie");
  await page.getByRole("group", { name: "Hoe staan de doelen ervoor?" }).getByLabel("Sam gaat mee naar buiten met een maatje").selectOption({ label: "Deels bereikt" });
  await page.getByLabel("Opschalen").check();
  await page.getByRole("group", { name: /reguliere plaatsing/ }).getByLabel("Twijfel").check();
  await saveForm(page);
  const goal = page.locator(".goal-list .goal").filter({ hasText: "Sam gaat mee naar buiten" });
  await goal.locator(".goal-status").getByText("Deels bereikt").waitFor();

  // Escalation: why, and the agreed next step with its one owner and date.
  await move(page, "Opgeschaald");
  await page.getByLabel("Zorgteam").check();
  await page.getByLabel("Naam van wie is ingeschakeld").fill("Karin (zorgcoördinator)");
  await page.getByLabel("Wat is de vervolgstap?").fill("Zorgteam bespreekt Sam");
  await page.getByLabel("Wie doet het?").fill("Karin");
  await page.getByLabel("Klaar op").fill(localDay(2));
  await save(page).click();
  await page.getByText("Schrijf kort op waarom.").waitFor();
  await page.getByLabel("Waarom?").fill("Geen vooruitgang na de evaluatie.");
  await shots(page, "plan-forms-escalation");
  await saveForm(page);
  await history.getByText("Zorgteam bespreekt Sam · Karin").waitFor();
  await actions.locator("li").filter({ hasText: "Zorgteam bespreekt Sam" }).getByText("Eigenaar: Karin").waitFor();

  // External referral: the move waits for the consent to share information; the form for the
  // parents' agreement.
  assert.equal(await moveButton(page, "Extern").isDisabled(), true);
  await page.locator(".move-list").getByText("Eerst toestemming van ouders vastleggen: gegevens delen bij verwijzing").waitFor();
  await recordConsent(page, "Gegevens delen bij verwijzing");
  await move(page, "Extern");
  await page.getByText("Toestemming vastgelegd voor Gegevens delen bij verwijzing: moeder").waitFor();
  await page.getByLabel("CJG", { exact: true }).check();
  await page.getByLabel("Organisatie of persoon").fill("CJG Noord, Els de Vries");
  await page.getByLabel("Wie meldt aan?").fill("moeder, met de jeugdverpleegkundige");
  await page.getByLabel("Wat is overgedragen?").fill("Plan van aanpak en observatieverslag");
  await save(page).click();
  await page.getByText("Een verwijzing gaat alleen met akkoord van de ouders.").waitFor();
  await page.getByLabel("Ouders weten van de verwijzing en gaan akkoord").check();
  await shots(page, "plan-forms-referral");
  await saveForm(page);
  await history.getByText("CJG Noord, Els de Vries").waitFor();

  // The goal is achieved after all; the plan's action is done.
  await goal.getByText("Status bijwerken").click();
  await goal.getByLabel("Status van het doel").selectOption({ label: "Bereikt" });
  await goal.getByLabel("Korte toelichting").fill("Gaat bijna elke middag mee met Noor");
  await goal.getByRole("button", { name: "Status opslaan" }).click();
  await page.getByText("Status van het doel opgeslagen.").waitFor();
  await goal.locator(".goal-status").getByText("Bereikt", { exact: true }).waitFor();
  await goal.getByLabel("Status van het doel").waitFor({ state: "hidden" }); // folded again
  await actions.getByRole("button", { name: "Gedaan: Maatje vragen voor de overgang" }).click();
  await page.getByText("Actie afgevinkt.").waitFor();
  await actions.getByText("Maatje vragen voor de overgang").waitFor({ state: "detached" });
  await history.locator(".plan-action").filter({ hasText: "Maatje vragen voor de overgang" }).getByText("gedaan op").waitFor();
  await shots(page, "plan-forms-trajectory");

  // The due overview names the owner of the escalation's next step.
  await nav(page, "Stappenplan");
  await page.locator(".due-list.this-week li").filter({ hasText: "Zorgteam bespreekt Sam" }).getByText("Eigenaar: Karin").waitFor();

  const check = async () => {
    await current(page, "Extern").waitFor();
    for (const text of [
      "Sam wacht tot iedereen weg is en blijft dan binnen.",
      "Voortgangsgesprek",
      "De Regenboog",
      "Geen vooruitgang na de evaluatie.",
      "Zorgteam bespreekt Sam · Karin",
      "CJG Noord, Els de Vries",
      "Plan van aanpak en observatieverslag",
    ]) {
      await history.getByText(text).first().waitFor();
    }
    await goal.locator(".goal-status").getByText("Gaat bijna elke middag mee met Noor", { exact: false }).waitFor();
    await actions.locator("li").filter({ hasText: "Zorgteam bespreekt Sam" }).waitFor();
    assert.equal(await actions.getByText("Maatje vragen voor de overgang").count(), 0);
  };
  await page.goto(url);
  await check();
  await checkAfterReloads(page, context, check);

  // The child file has every form in full and the goal's status.
  await page.goto(server.url + childPage + "/dossier");
  await page.getByRole("heading", { level: 1, name: "Dossier · Sam K." }).waitFor();
  const file = await page.locator("main").innerText();
  for (const text of [
    "Wat is er gezien?",
    "Sam wacht tot iedereen weg is en blijft dan binnen.",
    "Voortgangsgesprek",
    "juf Mirjam",
    "Zorgteam",
    "Zorgteam bespreekt Sam · Karin",
    "Geen vooruitgang na de evaluatie.",
    "CJG Noord, Els de Vries",
    "Plan van aanpak en observatieverslag",
    "Bereikt",
    "Gaat bijna elke middag mee met Noor",
  ]) {
    assert.ok(file.includes(text), `child file has "${text}"`);
  }
  // In the order the steps were taken, as on the trajectory screen (all on one day here).
  const order = ["Wie wordt geobserveerd?", "Wat voor gesprek?", "Evalueren op", "Naar wie is opgeschaald?", "Verwezen naar"].map((t) => file.indexOf(t));
  assert.deepEqual([...order].sort((x, y) => x - y), order, `steps in the order taken: ${order}`);
  await shots(page, "plan-forms-child-file");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a draft of the template overtaken by a newer version from another device: warned, carried over or discarded", async () => {
  const a = await setUpDevice(browser, server, { name: "Anna" });
  await a.page.goto(server.url + "/stappenplan/sjabloon");
  await a.page.getByRole("heading", { level: 2, name: "Basisstappenplan · versie 1" }).waitFor();
  const link = await startTeam(a.page);
  await waitForSynced(a.page);
  await a.page.goto(server.url + "/stappenplan/sjabloon");
  const b = await joinTeam(browser, server, link);
  await b.page.goto(server.url + "/stappenplan/sjabloon");
  await b.page.getByRole("heading", { level: 2, name: "Basisstappenplan · versie 1" }).waitFor();

  const rename = async (page, from, to) => {
    const row = page.locator(".tpl-step").filter({ has: page.getByRole("heading", { name: new RegExp(`^\\d+\\. ${from}$`) }) });
    await row.getByText("Stap bewerken").click();
    await row.getByLabel("Naam (Nederlands)").fill(to);
    await page.locator(".tpl-step").getByRole("heading", { name: new RegExp(`^\\d+\\. ${to}$`) }).waitFor();
  };
  const warning = (page) => page.getByRole("alert").filter({ hasText: "Er is intussen een nieuwere versie opgeslagen" });

  // B begins a draft on version 1; meanwhile A saves version 2, which reaches B by sync.
  await rename(b.page, "Observatie", "Kijken in de groep");
  await b.page.getByText("Niet opgeslagen wijzigingen").waitFor();
  assert.equal(await warning(b.page).count(), 0);
  await rename(a.page, "Schoolcontact", "Gesprek met school");
  await a.page.getByRole("button", { name: "Nieuwe versie opslaan" }).click();
  await a.page.getByRole("heading", { level: 2, name: "Basisstappenplan · versie 2" }).waitFor();
  await waitForSynced(a.page);

  await warning(b.page).waitFor({ timeout: 30_000 });
  // And again when the editor is opened anew.
  await b.page.reload();
  await warning(b.page).getByText("De nieuwste is versie 2.").waitFor();
  await warning(b.page).getByText("Jouw concept begon op versie 1.").waitFor();
  assert.equal(await b.page.getByRole("button", { name: "Nieuwe versie opslaan" }).isDisabled(), true, "saving would undo version 2");
  await shots(b.page, "template-draft-outdated");

  // Carried over: B's rename on top of A's version, saved as version 3.
  await b.page.getByRole("button", { name: "Mijn wijzigingen overnemen in versie 2" }).click();
  await warning(b.page).waitFor({ state: "detached" });
  await b.page.locator(".tpl-step").getByRole("heading", { name: /^\d+\. Kijken in de groep$/ }).waitFor();
  await b.page.locator(".tpl-step").getByRole("heading", { name: /^\d+\. Gesprek met school$/ }).waitFor();
  await b.page.getByRole("button", { name: "Nieuwe versie opslaan" }).click();
  await b.page.getByRole("heading", { level: 2, name: "Basisstappenplan · versie 3" }).waitFor();
  await b.page.reload();
  await b.page.getByRole("heading", { level: 2, name: "Basisstappenplan · versie 3" }).waitFor();
  await b.page.locator(".tpl-step").getByRole("heading", { name: /^\d+\. Gesprek met school$/ }).waitFor();
  await waitForSynced(b.page);

  // A, with no draft of its own, simply gets version 3; then A's draft is overtaken by B's
  // version 4 and A discards it.
  await a.page.goto(server.url + "/stappenplan/sjabloon");
  await a.page.getByRole("heading", { level: 2, name: "Basisstappenplan · versie 3" }).waitFor({ timeout: 30_000 });
  assert.equal(await warning(a.page).count(), 0);
  await rename(a.page, "Teambespreking", "Overleg");
  await b.page.goto(server.url + "/stappenplan/sjabloon");
  await rename(b.page, "Kindgesprek", "Gesprek met het kind");
  await b.page.getByRole("button", { name: "Nieuwe versie opslaan" }).click();
  await b.page.getByRole("heading", { level: 2, name: "Basisstappenplan · versie 4" }).waitFor();
  await waitForSynced(b.page);
  await warning(a.page).getByText("De nieuwste is versie 4.").waitFor({ timeout: 30_000 });
  await a.page.getByRole("button", { name: "Mijn concept weggooien" }).click();
  await warning(a.page).waitFor({ state: "detached" });
  await a.page.getByRole("heading", { level: 2, name: "Basisstappenplan · versie 4" }).waitFor();
  await a.page.locator(".tpl-step").getByRole("heading", { name: /^\d+\. Gesprek met het kind$/ }).waitFor();
  assert.equal(await a.page.locator(".tpl-step").getByRole("heading", { name: /Overleg$/ }).count(), 0);
  assert.equal(await a.page.getByText("Niet opgeslagen wijzigingen").count(), 0);
  await a.page.reload();
  assert.equal(await warning(a.page).count(), 0);
  await a.page.locator(".tpl-step").getByRole("heading", { name: /^\d+\. Teambespreking$/ }).waitFor();

  for (const device of [a, b]) assert.deepEqual(device.errors, []);
  await a.context.close();
  await b.context.close();
});
