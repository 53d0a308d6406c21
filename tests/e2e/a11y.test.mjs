// Accessibility: axe-core (WCAG 2.1 A/AA rules) inside the real app on every main screen, at
// phone and tablet size, with real content on screen.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PHONE, TABLET, axeViolations, momentWithSignal, saveStepForm, serverAndBrowser, setUpDevice, takeStep } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

for (const [size, viewport] of [["phone", PHONE], ["tablet", TABLET]]) {
  test(`every main screen has no WCAG 2.1 AA violations (${size})`, async () => {
    // axe is injected as a script; the app's CSP would (rightly) refuse it.
    const { context, page } = await setUpDevice(browser, server, { children: ["Sam K.", "Noor B."], viewport, bypassCSP: true });
    // Practitioners may refer in this organisation, so the referral form can be checked below.
    await page.goto(server.url + "/stappenplan/sjabloon");
    const extern = page.locator(".tpl-step").filter({ has: page.getByRole("heading", { name: /^\d+\. Extern$/ }) });
    await extern.getByText("Stap bewerken").click();
    await extern.getByLabel("pedagogisch medewerker", { exact: true }).check();
    await page.getByRole("button", { name: "Nieuwe versie opslaan" }).click();
    await page.getByRole("heading", { level: 2, name: "Basisstappenplan · versie 2" }).waitFor();
    // A signal from a moment, so the step plan and the monitor are checked with figures shown.
    const { moment, child, trajectory } = await momentWithSignal(page, "Sam K.", "Sam duwde bij het wachten.");
    const screens = [
      trajectory, `${trajectory}/coaching`, "/stappenplan/groep",
      "/", "/schriftje", moment, "/moment", "/kinderen", child, `${child}/ouders`, `${child}/dossier`, "/stappenplan", "/stappenplan/welbevinding", "/stappenplan/contacten", "/stappenplan/sjabloon", "/overzicht",
      "/instellingen", "/instellingen/team", "/bestaat-niet",
      // The parent page: started from the home screen with nothing opened yet, and a revoked link.
      "/p/", `/p/${"A".repeat(22)}#${"B".repeat(43)}`,
    ];
    const found = [];
    for (const path of screens) {
      await page.goto(server.url + path);
      await page.locator("main h1").first().waitFor();
      for (const v of await axeViolations(page)) found.push(`${path}: ${v}`);
    }
    // The wellbeing list once saved (a child standing out), and the contact scheme with a contact.
    await page.goto(server.url + "/stappenplan/welbevinding");
    // Noor stands out (Sam already has the trajectory started above, so shows a link instead).
    for (const [name, levels] of [["Noor B.", ["Matig", "Goed", "Goed"]], ["Sam K.", ["Goed", "Goed", "Uitstekend"]]]) {
      const row = page.locator(".wb-row").filter({ has: page.getByText(name, { exact: true }) });
      for (const [i, domain] of ["Het kind zelf", "Met de pedagogisch medewerker", "Met andere kinderen"].entries()) {
        await row.getByRole("group", { name: domain }).getByRole("radio", { name: levels[i], exact: true }).click();
      }
    }
    await page.getByRole("button", { name: "Lijst opslaan" }).click();
    await page.getByRole("button", { name: "Signaal starten – Noor B." }).waitFor();
    for (const v of await axeViolations(page)) found.push(`wellbeing list: ${v}`);
    await page.goto(server.url + "/stappenplan/contacten");
    await page.getByLabel("Naam (persoon of organisatie)").fill("CJG Zuid");
    await page.getByLabel("Telefoon").fill("020 123 45 67");
    await page.getByRole("button", { name: "Contact toevoegen" }).click();
    await page.getByRole("link", { name: /Bellen/ }).waitFor();
    for (const v of await axeViolations(page)) found.push(`contacts: ${v}`);
    // Coaching with a session recorded (after the coach consent).
    await page.goto(server.url + `${trajectory}/coaching`);
    await page.getByLabel("Waarvoor").selectOption({ label: "Coach on the job" });
    await page.getByLabel("Gegeven door").fill("moeder");
    await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
    await page.getByLabel("Coach (naam en organisatie)").fill("Manon (Lindenhout)");
    await page.getByLabel("Leerdoelen van het team (één per regel)").fill("Grenzen stellen zonder strijd");
    await page.getByRole("button", { name: "Sessie opslaan" }).click();
    await page.locator(".coach-session").waitFor();
    for (const v of await axeViolations(page)) found.push(`coaching: ${v}`);
    // A group concern at its advice step, then with its actions saved.
    await page.goto(server.url + "/stappenplan/groep");
    await page.getByLabel("Wat is de zorg?").fill("Onrust bij het wachten.");
    await page.getByRole("button", { name: "Groepszorg starten" }).click();
    await page.waitForURL(/\/stappenplan\/[^/]+$/);
    for (const step of ["Advies", "Acties"]) {
      await page.getByRole("button", { name: step, exact: true }).click();
      await page.getByRole("button", { name: "Stap vastleggen" }).click();
      await page.getByRole("heading", { name: `Huidige stap: ${step}` }).waitFor();
      if (step === "Advies") {
        await page.getByLabel("Het advies voor de groep (één punt per regel)").fill("Begin de middag buiten");
        for (const v of await axeViolations(page)) found.push(`group advice: ${v}`);
        await page.getByRole("button", { name: "Formulier opslaan" }).click();
        await page.locator(".form-summary").getByText("Begin de middag buiten").waitFor();
      }
    }
    await page.getByRole("button", { name: "Formulier opslaan" }).click();
    await page.getByRole("button", { name: "Gedaan: Begin de middag buiten" }).waitFor();
    for (const v of await axeViolations(page)) found.push(`group actions: ${v}`);
    // The summary as the parent reads it, through the composer's preview (the same component).
    await page.goto(`${server.url}${child}/ouders`);
    await page.getByLabel("Alle momenten tonen, niet alleen de positieve").check();
    await page.getByRole("checkbox", { name: /Sam duwde/ }).check();
    await page.getByLabel("Persoonlijk bericht").fill("Tot snel!");
    await page.getByRole("button", { name: "Voorbeeld" }).click();
    await page.getByRole("heading", { name: "Zo ziet de ouder het" }).waitFor();
    for (const v of await axeViolations(page)) found.push(`preview: ${v}`);
    // The step forms with outside people (an observation blocked for its consent, escalation,
    // referral), the evaluation with its goals, a goal's status editor and the open actions.
    await page.goto(server.url + trajectory);
    await takeStep(page, "Observatie");
    await page.getByLabel(/Een externe deskundige observeert/).check();
    await page.locator(".blocked-note").waitFor();
    for (const v of await axeViolations(page)) found.push(`observation form: ${v}`);
    await takeStep(page, "Plan van aanpak");
    await page.getByLabel("Doel (wat willen we bereiken?)").fill("Sam wacht op zijn beurt");
    await page.getByLabel("Actie (wat gaan we doen?)").fill("Wachtkaartje gebruiken");
    await saveStepForm(page);
    await takeStep(page, "Tussenevaluatie");
    await page.locator(".goal").getByText("Status bijwerken").click();
    await page.getByLabel("Status van het doel").selectOption({ label: "Deels bereikt" });
    for (const v of await axeViolations(page)) found.push(`evaluation, goal status, open actions: ${v}`);
    await page.getByLabel("Opschalen").check();
    await page.getByRole("group", { name: /reguliere plaatsing/ }).getByLabel("Ja").check();
    await saveStepForm(page);
    await takeStep(page, "Opgeschaald");
    for (const v of await axeViolations(page)) found.push(`escalation form: ${v}`);
    await page.getByLabel("Waarvoor").selectOption({ label: "Gegevens delen bij verwijzing" });
    await page.getByLabel("Gegeven door").fill("moeder");
    await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
    await takeStep(page, "Extern");
    for (const v of await axeViolations(page)) found.push(`referral form: ${v}`);
    // With a PIN: the app-lock card switched on, and the lock screen the app opens with.
    await page.goto(server.url + "/instellingen");
    await page.getByLabel("Nieuwe pincode (4 tot 8 cijfers)").fill("2468");
    await page.getByLabel("Nieuwe pincode nog een keer").fill("2468");
    await page.getByRole("button", { name: "Pincode instellen" }).click();
    await page.getByText("Pincode ingesteld.").waitFor();
    for (const v of await axeViolations(page)) found.push(`settings with a PIN: ${v}`);
    await page.goto(server.url + "/");
    await page.getByRole("heading", { name: "Signaal is vergrendeld" }).waitFor();
    for (const v of await axeViolations(page)) found.push(`lock screen: ${v}`);
    assert.deepEqual(found, []);
    await context.close();
  });
}
