// Issue 17: urgency, outcomes at closing and the report for a funder.
// - An urgent referral takes two steps for the care coordinator (urgent, then "Extern"); a
//   practitioner's device cannot mark it urgent. The badge shows on the trajectory, the plans
//   overview and the child; undo brings the own-plan rule back.
// - Closing a child's signal asks where the child goes; six months later (the page's clock moved
//   ahead) the follow-up is due in the plans overview and its answer is recorded.
// - The funder report prints to an A4 PDF and its CSV holds no name from the notebook; counts
//   under 5 read "<5".
// axe runs on each new screen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { PHONE, TABLET, localDate, nav, noViolations, screenshot, serverAndBrowser, setRole, setUpDevice, startTrajectory, takeStep } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

const panics = (errors) => errors.filter((e) => /panicked|RuntimeError|unreachable/.test(e));

async function signalFor(page, child, concern) {
  await nav(page, "Kinderen");
  await page.getByRole("link", { name: child }).click();
  await page.getByRole("button", { name: "Signaal starten" }).click();
  await page.getByLabel("Wat is de zorg?").fill(concern);
  return startTrajectory(page);
}

async function downloadText(page, button) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button }).click()]);
  return { name: download.suggestedFilename(), text: readFileSync(await download.path(), "utf8") };
}

const externButton = (page) => page.locator(".move-list").getByRole("button", { name: "Extern", exact: true });

test("an urgent referral takes two steps for the care coordinator, and none for a practitioner", { timeout: 180_000 }, async () => {
  const { page, errors } = await setUpDevice(browser, server, { children: ["Sam K."], bypassCSP: true });
  const trajectory = await signalFor(page, "Sam K.", "Sam vertelt dat hij thuis wordt geslagen.");
  await page.getByLabel("Waarvoor").selectOption({ label: "Gegevens delen bij verwijzing" });
  await page.getByLabel("Gegeven door").fill("moeder");
  await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  await page.getByText("Toestemming vastgelegd.").waitFor();

  // A practitioner: the referral waits for the own plan, and urgency is not theirs to decide.
  const urgency = page.locator("section.urgency");
  await urgency.getByText("Urgent maken kan alleen door: locatiemanager, pedagoog, zorgcoördinator").waitFor();
  assert.equal(await urgency.getByRole("button", { name: "Urgent maken" }).count(), 0);
  assert.equal(await externButton(page).isDisabled(), true);

  await setRole(page, "zorgcoördinator");
  await page.goto(trajectory);
  assert.equal(await externButton(page).isDisabled(), true, "own plan first, until urgent");
  // Step one: urgent, with a reason (an empty one is refused).
  await urgency.getByRole("button", { name: "Urgent maken" }).click();
  await urgency.getByRole("button", { name: "Urgent maken bevestigen" }).click();
  await urgency.getByText("Schrijf kort op waarom het urgent is.").waitFor();
  await urgency.getByLabel("Waarom is het urgent?").fill("Onveilig thuis: niet wachten op het eigen plan.");
  await urgency.getByRole("button", { name: "Urgent maken bevestigen" }).click();
  await page.getByText("Het traject is urgent: opschalen en verwijzen kan nu meteen.").waitFor();
  await page.locator("h1 .urgent-badge").waitFor();
  await page.getByText("Onveilig thuis: niet wachten op het eigen plan.").waitFor();
  await noViolations(page, "urgent trajectory");
  await screenshot(page, "urgent-trajectory-tablet");
  await page.setViewportSize(PHONE);
  await screenshot(page, "urgent-trajectory-phone");
  await page.setViewportSize(TABLET);
  // Step two: the referral.
  assert.equal(await externButton(page).isDisabled(), false);
  await takeStep(page, "Extern");

  // The badge in the overview and on the child, and it survives a reload.
  await page.reload();
  await page.locator("h1 .urgent-badge").waitFor();
  await nav(page, "Stappenplan");
  await page.locator(".plan-list li").filter({ hasText: "Sam K." }).locator(".urgent-badge").waitFor();
  await nav(page, "Kinderen");
  await page.getByRole("link", { name: "Sam K." }).click();
  await page.locator(".plan-link .urgent-badge").waitFor();

  // Undo: no longer urgent, the badge goes.
  await page.goto(trajectory);
  await urgency.getByRole("button", { name: "Niet meer urgent" }).click();
  await page.getByText("Het traject is niet meer urgent.").waitFor();
  assert.equal(await page.locator("h1 .urgent-badge").count(), 0);
  assert.deepEqual(panics(errors), []);
});

test("closing asks the outcome; six months later the follow-up is due and its answer recorded", { timeout: 180_000 }, async () => {
  const { context, page, errors } = await setUpDevice(browser, server, { children: ["Noor B."], bypassCSP: true });
  const trajectory = await signalFor(page, "Noor B.", "Noor trekt zich terug in de bouwhoek.");
  await page.locator(".move-list").getByRole("button", { name: "Traject afsluiten", exact: true }).click();
  await page.getByLabel("Eigenaar (wie pakt het op?)").fill("Anna");
  await page.getByRole("button", { name: "Stap vastleggen" }).click();
  await page.getByText("Kies waar het kind naartoe gaat voordat je afsluit.").waitFor();
  await page.getByLabel("Waar gaat het kind naartoe?").selectOption({ label: "BSO-plus of extra ondersteuning binnen de kinderopvang" });
  await page.getByLabel("Zorgmijdend gezin bereikt").check();
  await noViolations(page, "closing form");
  await page.getByRole("button", { name: "Stap vastleggen" }).click();
  await page.getByText("Uitkomst: BSO-plus of extra ondersteuning binnen de kinderopvang · Zorgmijdend gezin bereikt").waitFor();
  await page.getByRole("heading", { name: "Nazorg" }).waitFor();
  await page.getByText(/^te beantwoorden vanaf/).first().waitFor();

  // The monitor counts it as a referral avoided, from the answer, and explains how.
  await nav(page, "Overzicht");
  const tile = (label) => page.locator(".tile").filter({ has: page.getByText(label, { exact: true }) }).locator(".tile-value");
  assert.equal(await tile("Verwijzing voorkomen (volgens de uitkomst)").textContent(), "1");
  assert.equal(await tile("Zorgmijdend gezin bereikt").textContent(), "1");
  await page.getByText(/Verwijzing voorkomen telt alleen trajecten/).waitFor();
  await page.getByRole("heading", { name: "Dit jaar en vorig jaar" }).waitFor();
  await noViolations(page, "monitor with outcomes");

  // Half a year and a week later the follow-up is due.
  await context.clock.install({ time: new Date(Date.now() + 190 * 86_400_000) });
  await page.goto(server.url + "/stappenplan");
  const due = page.locator(".due-list li").filter({ hasText: "Nazorg na 6 maanden: nog op de reguliere BSO?" });
  await due.waitFor();
  assert.match(await due.textContent(), /Noor B\./);
  await screenshot(page, "follow-up-due-tablet");
  await due.getByRole("link", { name: "Noor B." }).click();
  await page.waitForURL(trajectory);
  const sixMonths = page.getByRole("group", { name: "Na 6 maanden" });
  await noViolations(page, "follow-up answer");
  await sixMonths.getByRole("button", { name: "Ja, nog op de reguliere BSO" }).click();
  await page.getByText("Nazorg vastgelegd.").waitFor();
  await page.locator(".follow-up-list li").filter({ hasText: "Na 6 maanden" }).getByText("Ja, nog op de reguliere BSO").waitFor();
  await page.goto(server.url + "/stappenplan");
  await page.getByRole("heading", { level: 1, name: "Stappenplan" }).waitFor();
  await page.locator(".plan-list, .empty, .due-list").first().waitFor();
  assert.equal(await page.locator(".due-list li").filter({ hasText: "Nazorg na 6 maanden" }).count(), 0, "answered: no longer due");
  assert.deepEqual(panics(errors), []);
});

test("the funder report prints to an A4 PDF and its CSV holds no name from the notebook", { timeout: 180_000 }, async () => {
  const children = ["Fenna Q.", "Joris Z."];
  const { page, errors } = await setUpDevice(browser, server, { children, bypassCSP: true });
  for (const child of children) {
    await signalFor(page, child, `${child} komt steeds later binnen.`);
    await page.locator(".move-list").getByRole("button", { name: "Traject afsluiten", exact: true }).click();
    await page.getByLabel("Eigenaar (wie pakt het op?)").fill("Anna");
    await page.getByLabel("Waar gaat het kind naartoe?").selectOption({ label: "Blijft op de reguliere BSO" });
    await page.getByRole("button", { name: "Stap vastleggen" }).click();
    await page.getByText("Uitkomst: Blijft op de reguliere BSO").waitFor();
  }
  await nav(page, "Instellingen");
  const budget = page.locator("form.budget-card");
  await budget.getByLabel("Uurtarief coach (euro)").fill("tachtig");
  await budget.getByRole("button", { name: "Budget vastleggen" }).click();
  await budget.getByText("Vul een bedrag in euro in, bijvoorbeeld 75 of 82,50.").waitFor();
  await budget.getByLabel("Uurtarief coach (euro)").fill("82,50");
  await budget.getByRole("button", { name: "Budget vastleggen" }).click();
  await budget.getByText("Budget opgeslagen voor het team.").waitFor();

  await nav(page, "Overzicht");
  await page.getByRole("link", { name: "Rapportage voor gemeente/financier" }).click();
  await page.getByRole("heading", { level: 1, name: "Rapportage voor gemeente/financier" }).waitFor();
  const report = page.locator(".funder-report");
  await report.getByText(/Aantallen onder de 5 staan als <5/).waitFor();
  const row = (label) => report.locator("tr").filter({ has: page.getByRole("rowheader", { name: label, exact: true }) });
  assert.equal(await row("Blijft op de reguliere BSO").locator("td").first().textContent(), "<5", "two children: suppressed");
  // No coaching at all: a cost of fewer than 5 sessions and activities is held back too.
  assert.equal(await row("Kosten coaching (uren × tarief, euro)").locator("td").first().textContent(), "*");
  await noViolations(page, "funder report");
  await page.setViewportSize(PHONE);
  await screenshot(page, "funder-report-phone");
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scrolling at 360 px");
  await page.setViewportSize(TABLET);
  await screenshot(page, "funder-report-tablet");

  // Printed: what the page shows under print media holds no name, and the PDF is A4.
  await page.emulateMedia({ media: "print" });
  const printed = await page.locator("main").innerText();
  for (const name of children) assert.ok(!printed.includes(name), `${name} in the printed report`);
  assert.equal(await page.locator(".report-picker").isVisible(), false, "the picker does not print");
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  await page.emulateMedia({ media: "screen" });
  assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
  const mediaBox = pdf.toString("latin1").match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
  assert.ok(mediaBox, "the PDF has a page size");
  assert.deepEqual([Math.floor(Number(mediaBox[1])), Math.floor(Number(mediaBox[2]))], [595, 842], "A4 in points (595.3 × 841.9)");

  const csv = await downloadText(page, "CSV van de rapportage");
  assert.match(csv.name, /^signaal-rapportage-\d{4}-01-01-\d{4}-12-31\.csv$/);
  assert.match(csv.text, /^\uFEFFRapportage voor gemeente\/financier;/);
  assert.match(csv.text, /Uitkomsten – Blijft op de reguliere BSO;<5;<5\r\n/);
  for (const name of [...children, "Anna", "komt steeds later"]) assert.ok(!csv.text.includes(name), `${name} in the CSV`);
  for (const cell of csv.text.split(/\r\n/).slice(4).flatMap((l) => l.split(";").slice(1))) {
    if (/^\d+$/.test(cell)) assert.ok(Number(cell) >= 5, `a count under 5 shown: ${cell}`);
  }
  assert.deepEqual(panics(errors), []);
});

test("the own-plan rule and who may mark urgent are settings of the organisation's template", { timeout: 180_000 }, async () => {
  const { page, errors } = await setUpDevice(browser, server, { children: ["Ravi D."], bypassCSP: true });
  // The template is stored on first use, so one trajectory first.
  const first = await signalFor(page, "Ravi D.", "Ravi slaat bij het wachten.");
  const escalate = page.locator(".move-list").getByRole("button", { name: "Opgeschaald", exact: true });
  assert.equal(await escalate.isDisabled(), true, "default: own plan first");

  await page.goto(server.url + "/stappenplan/sjabloon");
  const step = page.locator(".tpl-step").filter({ has: page.getByRole("heading", { name: /^\d+\. Opgeschaald$/ }) });
  await step.getByText("Stap bewerken").click();
  const rule = step.getByLabel("Eerst eigen plan geëvalueerd (tenzij urgent)");
  assert.equal(await rule.isChecked(), true);
  await rule.uncheck();
  const urgentRoles = page.getByRole("group", { name: /Wie mag een traject urgent maken/ });
  await urgentRoles.getByLabel("pedagogisch medewerker", { exact: true }).check();
  await noViolations(page, "template rules");
  await page.getByRole("button", { name: "Nieuwe versie opslaan" }).click();
  await page.getByRole("heading", { level: 2, name: "Basisstappenplan · versie 2" }).waitFor();

  // The running trajectory keeps its version; a new one follows the new rules.
  await page.goto(first);
  assert.equal(await escalate.isDisabled(), true, "version 1 keeps its rule");
  await page.locator(".move-list").getByRole("button", { name: "Traject afsluiten", exact: true }).click();
  await page.getByLabel("Waar gaat het kind naartoe?").selectOption({ label: "Heeft de BSO verlaten" });
  await page.getByRole("button", { name: "Stap vastleggen" }).click();
  await page.getByText("Uitkomst: Heeft de BSO verlaten").waitFor();
  assert.equal(await page.getByRole("heading", { name: "Nazorg" }).count(), 0, "a child that left is not followed up");
  await signalFor(page, "Ravi D.", "Ravi slaat opnieuw.");
  assert.equal(await escalate.isDisabled(), false, "version 2: no own-plan rule on this step");
  await page.locator("section.urgency").getByRole("button", { name: "Urgent maken" }).waitFor();
  assert.deepEqual(panics(errors), []);
});

test("coach activities on a group and on a learning question count against the hour budget", { timeout: 180_000 }, async () => {
  const { page, errors } = await setUpDevice(browser, server, { children: ["Mila T."], bypassCSP: true });
  await nav(page, "Instellingen");
  const settingsBudget = page.locator("form.budget-card");
  await settingsBudget.getByLabel("Budget coachuren").fill("10");
  await settingsBudget.getByRole("button", { name: "Budget vastleggen" }).click();
  await settingsBudget.getByText("Budget opgeslagen voor het team.").waitFor();
  // The organisation's own type, and Anna's learning question as her own record.
  await page.getByLabel("Nieuwe soort").fill("Intervisie");
  await page.getByRole("button", { name: "Soort toevoegen" }).click();
  await page.getByText("Soort opgeslagen.").waitFor();
  await page.getByRole("link", { name: "Groei: leervragen en zelfinschatting" }).click();
  await page.getByLabel("Nieuwe leervraag").fill("Hoe reageer ik als een kind dichtklapt?");
  await page.getByRole("button", { name: "Leervraag opslaan" }).click();
  await page.getByText("Leervraag opgeslagen.").waitFor();

  await nav(page, "Stappenplan");
  await page.getByRole("link", { name: "Inzet coach" }).click();
  await page.getByRole("heading", { level: 1, name: "Inzet coach" }).waitFor();
  await noViolations(page, "coach register");
  const form = page.locator("form.register-form");
  // A group visit of an hour and a half.
  await form.getByLabel("Coach (naam en organisatie)").fill("Manon (Lindenhout)");
  await form.getByLabel("Duur in minuten").fill("90");
  await form.getByLabel("Soort activiteit").selectOption({ label: "Groepsbezoek" });
  await form.getByLabel("Een groep").check();
  await form.getByRole("button", { name: "Activiteit opslaan" }).click();
  await form.getByText("Kies de groep.").waitFor();
  await form.getByLabel("Groep", { exact: true }).selectOption({ label: "Groep Blauw" });
  await form.getByLabel("Korte notitie voor het team").fill("Overgang naar buiten: eerst buiten spelen.");
  await form.getByRole("button", { name: "Activiteit opslaan" }).click();
  await page.getByText("Activiteit opgeslagen.").waitFor();
  // Half an hour on a practitioner's learning question, as the organisation's own type.
  await form.getByLabel("Duur in minuten").fill("30");
  await form.getByLabel("Soort activiteit").selectOption({ label: "Intervisie" });
  await form.getByLabel("Leervraag", { exact: true }).check();
  await form.getByLabel("Welke leervraag?").selectOption({ label: "Anna — Hoe reageer ik als een kind dichtklapt?" });
  await form.getByRole("button", { name: "Activiteit opslaan" }).click();
  await page.getByText("Activiteit opgeslagen.").waitFor();
  // About one child: only with the parents' consent for the coach.
  await form.getByLabel("Eén kind").check();
  await form.getByLabel("Kind", { exact: true }).selectOption({ label: "Mila T." });
  await form.getByRole("button", { name: "Activiteit opslaan" }).click();
  await form.getByText("Voor dit kind is er op die datum geen toestemming van ouders voor de coach.").waitFor();

  const budget = page.locator(".register-budget");
  assert.equal(await budget.locator(".budget-used").textContent(), "2,0 uur");
  assert.equal(await budget.locator(".budget-left").textContent(), "8,0 uur");
  const list = page.locator(".activity-list li");
  assert.equal(await list.count(), 2);
  await list.filter({ hasText: "Intervisie" }).getByText("Leervraag: Hoe reageer ik als een kind dichtklapt?").waitFor();
  // The own type stays offered.
  assert.ok((await form.getByLabel("Soort activiteit").locator("option").allTextContents()).includes("Intervisie"));
  await noViolations(page, "coach register with activities");
  await page.setViewportSize(PHONE);
  await screenshot(page, "coach-register-phone");
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scrolling at 360 px");
  await page.setViewportSize(TABLET);

  // A request waits in the queue until the coach's first contact; the waiting time stays.
  const requests = page.locator("section.coach-requests");
  await requests.getByLabel("Gevraagd op").fill(localDate(-10));
  await requests.getByLabel("Gevraagd door").fill("Anouk");
  await requests.getByRole("button", { name: "Aanvraag opslaan" }).click();
  await requests.getByText("Vul in wie het vroeg en wat de vraag is.").waitFor();
  await requests.getByLabel("Vraag (zonder naam van een kind)").fill("Onrust bij het eten");
  await requests.getByRole("button", { name: "Aanvraag opslaan" }).click();
  await page.getByText("Aanvraag opgeslagen.").waitFor();
  const request = requests.locator(".request-list li").filter({ hasText: "Onrust bij het eten" });
  await request.getByText("wacht al 10 dagen").waitFor();
  await noViolations(page, "coach requests");
  await request.getByRole("button", { name: "Eerste contact vandaag: Anouk · Onrust bij het eten" }).click();
  await page.getByText("Eerste contact vastgelegd.").waitFor();
  await request.getByText("gewacht: 10 dagen").waitFor();
  assert.equal(await request.getByRole("button").count(), 0);

  // The monitor: used and left against the budget, and kept on reload.
  await nav(page, "Overzicht");
  await page.reload();
  const years = page.locator(".monitor-years");
  const cell = (label) => years.locator("tr").filter({ has: page.getByRole("rowheader", { name: label, exact: true }) }).locator("td").first();
  assert.equal(await cell("Coachuren gebruikt").textContent(), "2,0");
  assert.equal(await cell("Coachuren over (budget)").textContent(), "8,0");
  assert.deepEqual(panics(errors), []);
});

test("a group's wellbeing list is due by the period it set: a reminder on Today until it is filled", { timeout: 180_000 }, async () => {
  const { context, page, errors } = await setUpDevice(browser, server, { children: ["Ivo L."], bypassCSP: true });
  await page.goto(server.url + "/stappenplan/welbevinding");
  await page.getByRole("heading", { level: 1, name: "Lijst welbevinden" }).waitFor();
  const period = page.getByLabel("Lijst welbevinden elke … weken (leeg: geen herinnering)");
  await period.fill("60");
  await page.getByRole("button", { name: "Periode opslaan" }).click();
  await page.getByText("Vul een aantal weken in van 1 tot 52.").waitFor();
  await period.fill("4");
  await page.getByRole("button", { name: "Periode opslaan" }).click();
  await page.getByText("Periode opgeslagen.").waitFor();

  await nav(page, "Vandaag");
  const reminder = page.locator("section.wellbeing-due");
  await reminder.getByRole("link", { name: "Lijst welbevinden voor Groep Blauw" }).waitFor();
  await reminder.getByText("nog nooit ingevuld").waitFor();
  await noViolations(page, "today with a wellbeing reminder");
  await reminder.getByRole("link", { name: "Lijst welbevinden voor Groep Blauw" }).click();
  const row = page.locator(".wb-row").filter({ has: page.getByText("Ivo L.", { exact: true }) });
  for (const domain of ["Het kind zelf", "Met de pedagogisch medewerker", "Met andere kinderen"]) {
    await row.getByRole("group", { name: domain }).getByRole("radio", { name: "Goed", exact: true }).click();
  }
  await page.getByRole("button", { name: "Lijst opslaan" }).click();
  await page.getByText("Lijst welbevinden opgeslagen.").waitFor();
  await nav(page, "Vandaag");
  await page.getByRole("heading", { level: 2, name: /Overdracht/ }).waitFor();
  assert.equal(await reminder.count(), 0, "filled today: not due");

  // Four weeks and a day later it is due again.
  await context.clock.install({ time: new Date(Date.now() + 29 * 86_400_000) });
  await page.reload();
  await reminder.getByText(/laatst ingevuld op/).waitFor();
  assert.deepEqual(panics(errors), []);
});
