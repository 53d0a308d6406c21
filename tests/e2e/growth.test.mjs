// Issue 17, practitioners grow and the budget the team shares:
// - A practitioner writes down a learning question and rates herself on the four core skills;
//   a coach activity is about that question. Another device of the team sees the team average
//   (from three people) but not her answers or question, until it is the manager's.
// - The monitor's coach hours count sessions and activities, and it shows the team's average.
// - The coach budget set on one device shows, with what is used and left, on the other after
//   sync; two devices that set a different budget offline end with the same, later one, and both
//   say so until someone confirms it.
// - Activity types are a managed list: added, renamed, retired, and a retired type stays on the
//   activities that have it.
// axe runs on the new screen and cards at 360 and 1024 px.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PHONE, TABLET, eventually, joinTeam, nav, noViolations, saveProfile, screenshot, serverAndBrowser, setRole, setUpDevice, startTeam, waitForSynced } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

/** axe at 360 and 1024 px, and no sideways scrolling at 360 px. */
async function checkScreen(page, where) {
  await noViolations(page, where);
  await page.setViewportSize(PHONE);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${where}: no sideways scrolling at 360 px`);
  await page.setViewportSize(TABLET);
}

const panics = (errors) => errors.filter((e) => /panicked|RuntimeError|unreachable/.test(e));

const SKILLS = ["Kennis van de ontwikkeling van kinderen", "Omgaan met opvallend gedrag", "Op tijd hulp vragen", "Omgaan met ouders"];
const QUESTION = "Hoe reageer ik als een kind dichtklapt?";

async function openGrowth(page) {
  await nav(page, "Instellingen");
  await page.getByRole("link", { name: "Groei: leervragen en zelfinschatting" }).click();
  await page.getByRole("heading", { level: 1, name: "Groei" }).waitFor();
}

async function rate(page, scores) {
  const form = page.locator("form.growth-rating");
  for (const [i, skill] of SKILLS.entries()) await form.getByRole("group", { name: skill }).getByLabel(String(scores[i]), { exact: true }).check();
  await form.getByRole("button", { name: "Inschatting opslaan" }).click();
  await form.getByText("Inschatting opgeslagen.").waitFor();
}

const budgetCard = (page) => page.locator("form.budget-card");

async function setBudget(page, hours, rateText) {
  await nav(page, "Instellingen");
  const card = budgetCard(page);
  await card.getByLabel("Budget coachuren").fill(String(hours));
  if (rateText !== undefined) await card.getByLabel("Uurtarief coach (euro)").fill(rateText);
  await card.getByRole("button", { name: "Budget vastleggen" }).click();
  await card.getByText("Budget opgeslagen voor het team.").waitFor();
}

test("a practitioner's question and rating stay hers; the team sees the average; the budget is the team's", { timeout: 300_000 }, async () => {
  const a = await setUpDevice(browser, server, { name: "Anna", children: ["Mila T."], bypassCSP: true });
  const link = await startTeam(a.page);
  await waitForSynced(a.page);

  // Anna's learning question and self-rating; an incomplete rating is refused in words.
  await openGrowth(a.page);
  await a.page.getByLabel("Nieuwe leervraag").fill(QUESTION);
  await a.page.getByRole("button", { name: "Leervraag opslaan" }).click();
  await a.page.getByText("Leervraag opgeslagen.").waitFor();
  await a.page.locator(".question-list li").filter({ hasText: QUESTION }).getByText("0 coachactiviteiten").waitFor();
  await a.page.getByRole("button", { name: "Inschatting opslaan" }).click();
  await a.page.getByText("Kies bij elke vaardigheid een score van 1 tot 5.").waitFor();
  await rate(a.page, [2, 3, 4, 5]);
  await a.page.getByLabel("Training of cursus").fill("Trainingsavond opvallend gedrag");
  await a.page.getByRole("button", { name: "Training opslaan" }).click();
  await a.page.getByText("Training opgeslagen.").waitFor();
  const team = a.page.locator("section.growth-team");
  await team.getByText("te weinig mensen om te tonen (minder dan 3)").waitFor();
  await checkScreen(a.page, "growth page");
  await a.page.setViewportSize(PHONE);
  await screenshot(a.page, "growth-phone");
  await a.page.setViewportSize(TABLET);
  await screenshot(a.page, "growth-tablet");

  // Two colleagues rate themselves on this tablet (as each writes under their own name).
  for (const [name, scores] of [["Bram", [4, 3, 2, 1]], ["Cem", [3, 3, 3, 3]]]) {
    await saveProfile(a.page, { name });
    await openGrowth(a.page);
    assert.equal(await a.page.getByText(QUESTION).count(), 0, `${name} does not see Anna's question`);
    await rate(a.page, scores);
  }
  await team.getByRole("columnheader", { name: /ingevuld door 3/ }).waitFor();
  for (const skill of SKILLS) assert.equal(await team.getByRole("row", { name: new RegExp(`^${skill}`) }).locator("td").textContent(), "3,0", skill);
  await saveProfile(a.page, { name: "Anna" });

  // The budget for the whole location this year, and a coach activity on Anna's question.
  await setBudget(a.page, 40, "80");
  await checkScreen(a.page, "settings with the budget and activity types");
  await nav(a.page, "Stappenplan");
  await a.page.getByRole("link", { name: "Inzet coach" }).click();
  const form = a.page.locator("form.register-form");
  await form.getByLabel("Coach (naam en organisatie)").fill("Manon (Lindenhout)");
  await form.getByLabel("Duur in minuten").fill("30");
  await form.getByLabel("Leervraag", { exact: true }).check();
  await form.getByRole("button", { name: "Activiteit opslaan" }).click();
  await form.getByText("Kies de leervraag.").waitFor();
  await form.getByLabel("Welke leervraag?").selectOption({ label: `Anna — ${QUESTION}` });
  await form.getByRole("button", { name: "Activiteit opslaan" }).click();
  await a.page.getByText("Activiteit opgeslagen.").waitFor();
  await a.page.locator(".activity-list li").getByText(`Leervraag: ${QUESTION}`).waitFor();
  assert.equal(await a.page.locator(".register-budget .budget-left").textContent(), "39,5 uur");
  // The monitor counts the activity in all the coach's hours, says so, and shows the team's growth.
  await nav(a.page, "Overzicht");
  const tile = a.page.locator(".tile").filter({ has: a.page.getByText("Coachuren (sessies + activiteiten)", { exact: true }) });
  assert.equal(await tile.locator(".tile-value").textContent(), "0,5");
  await a.page.locator("section.growth-team").getByRole("columnheader", { name: /ingevuld door 3/ }).waitFor();
  await openGrowth(a.page);
  await a.page.locator(".question-list li").filter({ hasText: QUESTION }).getByText("1 coachactiviteiten").waitFor();
  await waitForSynced(a.page);

  // Another practitioner's device: the team average, not Anna's answers or question.
  const b = await joinTeam(browser, server, link, { bypassCSP: true });
  await saveProfile(b.page, { name: "Dirk" });
  await openGrowth(b.page);
  await b.page.locator("section.growth-team").getByRole("columnheader", { name: /ingevuld door 3/ }).waitFor({ timeout: 30_000 });
  assert.equal(await b.page.getByText(QUESTION).count(), 0, "Anna's question is hers");
  assert.equal(await b.page.locator("section.growth-people").count(), 0, "no answers per person for a practitioner");
  await nav(b.page, "Stappenplan");
  await b.page.getByRole("link", { name: "Inzet coach" }).click();
  await b.page.locator(".activity-list li").getByText("een leervraag").waitFor();
  assert.equal(await b.page.getByText(QUESTION).count(), 0);
  // The budget Anna set, with what is used and left, as on her tablet.
  await nav(b.page, "Instellingen");
  assert.equal(await budgetCard(b.page).getByLabel("Budget coachuren").inputValue(), "40");
  assert.equal(await budgetCard(b.page).getByLabel("Uurtarief coach (euro)").inputValue(), "80,00");
  assert.equal(await budgetCard(b.page).locator(".budget-left").textContent(), "39,5 uur");
  await budgetCard(b.page).getByText("Anna", { exact: true }).waitFor();

  // As the manager, the same device sees each person's answers.
  await setRole(b.page, "locatiemanager");
  await openGrowth(b.page);
  const people = b.page.locator("section.growth-people");
  const row = (name) => people.getByRole("row", { name: new RegExp(`^${name}`) });
  assert.deepEqual(await row("Anna").locator("td").allTextContents(), ["2", "3", "4", "5", QUESTION, "1"]);
  assert.deepEqual(await row("Bram").locator("td").allTextContents(), ["4", "3", "2", "1", "", "0"]);
  await checkScreen(b.page, "growth page for the manager");
  await screenshot(b.page, "growth-manager-tablet");

  // Both offline, each sets another budget; B later. Back online: B's applies on both, and both
  // say that Anna's was lost, until Anna confirms.
  await a.context.setOffline(true);
  await b.context.setOffline(true);
  await setBudget(a.page, 50);
  await setBudget(b.page, 60);
  await a.context.setOffline(false);
  await b.context.setOffline(false);
  for (const device of [a, b]) {
    await eventually(
      async () => {
        const text = (await budgetCard(device.page).locator(".budget-conflict").allInnerTexts()).join(" ");
        return /uren 60 uur \(Dirk\); niet meer geldig: 50 uur \(Anna\)/.test(text) || `banner: ${text}`;
      },
      { message: "the conflict told on both devices" },
    );
    assert.equal(await budgetCard(device.page).getByLabel("Budget coachuren").inputValue(), "60");
  }
  await checkScreen(a.page, "budget conflict");
  await screenshot(a.page, "budget-conflict-tablet");
  await budgetCard(a.page).getByRole("button", { name: "Klopt, zo laten" }).click();
  await budgetCard(a.page).getByText("Bevestigd voor het team.").waitFor();
  await eventually(async () => (await budgetCard(b.page).locator(".budget-conflict").count()) === 0 || "still shown on B", { message: "the conflict settled on B" });
  assert.deepEqual(panics(a.errors), []);
  assert.deepEqual(panics(b.errors), []);
});

test("activity types are a managed list: add, rename, retire; a retired type stays on its activities", { timeout: 180_000 }, async () => {
  const { page, errors } = await setUpDevice(browser, server, { children: ["Mila T."], bypassCSP: true });
  await nav(page, "Instellingen");
  const types = page.locator("section.activity-types");
  await types.getByRole("button", { name: "Soort toevoegen" }).click();
  await types.getByText("Vul een naam in.").waitFor();
  await types.getByLabel("Nieuwe soort").fill("Intervisie");
  await types.getByRole("button", { name: "Soort toevoegen" }).click();
  await types.getByText("Soort opgeslagen.").waitFor();
  await types.getByLabel("Naam van Intervisie").waitFor();

  await nav(page, "Stappenplan");
  await page.getByRole("link", { name: "Inzet coach" }).click();
  const form = page.locator("form.register-form");
  await form.getByLabel("Coach (naam en organisatie)").fill("Manon (Lindenhout)");
  await form.getByLabel("Soort activiteit").selectOption({ label: "Intervisie" });
  await form.getByLabel("Niets in het bijzonder").check();
  await form.getByRole("button", { name: "Activiteit opslaan" }).click();
  await page.getByText("Activiteit opgeslagen.").waitFor();

  // Renamed: the activity shows the new name; retired: no longer offered, still on the activity.
  await nav(page, "Instellingen");
  await types.getByLabel("Naam van Intervisie").fill("Intervisie met de coach");
  await types.getByRole("button", { name: "Naam wijzigen" }).click();
  await types.getByLabel("Naam van Intervisie met de coach").waitFor();
  await types.getByRole("button", { name: "Niet meer aanbieden" }).click();
  await types.getByText("(niet meer aangeboden)").waitFor();
  await checkScreen(page, "activity types");
  await nav(page, "Stappenplan");
  await page.getByRole("link", { name: "Inzet coach" }).click();
  await page.locator(".activity-list li").getByText("Intervisie met de coach").waitFor();
  const offered = await form.getByLabel("Soort activiteit").locator("option").allTextContents();
  assert.ok(!offered.some((o) => o.startsWith("Intervisie")), `retired type offered: ${offered}`);
  assert.deepEqual(panics(errors), []);
});
