// The incident notebook as a practitioner uses it: set up a group, capture moments in a few taps,
// look back (filter, search, similar moments, chart), hand over, and never lose a word.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { PHONE, TABLET, captureMoment, fillStorage, freeStorage, screenshot, serverAndBrowser, setUpDevice, waitForServiceWorker } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

const CHILDREN = ["Sam K.", "Noor B.", "Mila T."];
const setUp = (options = {}) => setUpDevice(browser, server, { children: CHILDREN, ...options });
const capture = captureMoment;

test("a moment is captured in 3 taps plus typing and survives reload and an offline reload", async () => {
  const { context, page, errors } = await setUp();
  await page.goto(server.url + "/");
  await waitForServiceWorker(page);
  let taps = 0;
  const tap = async (locator) => {
    taps += 1;
    await locator.click();
  };
  await tap(page.getByRole("link", { name: "Nieuw moment noteren" }));
  await tap(page.getByRole("button", { name: "Sam K.", exact: true }));
  await page.getByLabel("Wat gebeurde er?").fill("Sam hielp Noor met opruimen zonder dat iemand het vroeg.");
  await tap(page.getByRole("button", { name: "Opslaan" }));
  await page.getByText("Moment opgeslagen.").waitFor();
  assert.ok(taps <= 3, `${taps} taps`);
  await page.getByRole("heading", { level: 1, name: "Sam K." }).waitFor();
  await page.getByText("Anna ·").first().waitFor();

  await page.reload();
  await page.getByText("Sam hielp Noor met opruimen").first().waitFor();
  await context.setOffline(true);
  await page.goto(server.url + "/schriftje");
  await page.getByText("Sam hielp Noor met opruimen").waitFor();
  assert.equal(await page.getByText("1 moment", { exact: true }).count(), 1);
  await context.setOffline(false);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a half-typed moment survives a reload as a draft", async () => {
  const { context, page } = await setUp({ viewport: PHONE });
  await page.getByRole("link", { name: "Nieuw moment noteren" }).click();
  await page.getByRole("button", { name: "Noor B.", exact: true }).click();
  await page.getByRole("button", { name: "Conflict", exact: true }).click();
  await page.getByLabel("Wat gebeurde er?").fill("Noor wilde niet naar buiten en");
  await page.reload();
  await page.getByText("Je concept is teruggezet.").waitFor();
  assert.equal(await page.getByLabel("Wat gebeurde er?").inputValue(), "Noor wilde niet naar buiten en");
  assert.equal(await page.getByRole("button", { name: "Noor B.", exact: true }).getAttribute("aria-pressed"), "true");
  assert.equal(await page.getByRole("button", { name: "Conflict", exact: true }).getAttribute("aria-pressed"), "true");
  await screenshot(page, "capture-phone");
  // Navigating away and back keeps it too.
  await page.getByRole("link", { name: "Kinderen" }).click();
  await page.getByRole("link", { name: "Nieuw moment noteren" }).click();
  assert.equal(await page.getByLabel("Wat gebeurde er?").inputValue(), "Noor wilde niet naar buiten en");
  await context.close();
});

test("the timeline filters by tag, child and author and searches text without accents", async () => {
  const { context, page } = await setUp();
  await capture(page, { children: ["Sam K."], tags: ["Conflict"], note: "Sam schopte tegen de deur na het voetbal." });
  await capture(page, { children: ["Noor B."], tags: ["Positief moment"], note: "Noor troostte een jonger kind, heel lief." });
  await capture(page, { children: ["Mila T."], tags: ["Teruggetrokken"], note: "Mila zat alleen bij de crèche-hoek." });
  // A second group with one child and one moment.
  await page.goto(server.url + "/kinderen");
  await page.getByLabel("Naam van de groep").fill("Groep Geel");
  await page.getByRole("button", { name: "Groep toevoegen" }).click();
  await page.getByRole("heading", { name: "Groep Geel" }).waitFor();
  await page.getByLabel("Naam (voornaam en initiaal)").fill("Daan V.");
  await page.getByLabel("Groep", { exact: true }).selectOption({ label: "Groep Geel" });
  await page.getByRole("button", { name: "Kind toevoegen" }).click();
  await page.getByRole("link", { name: "Daan V." }).waitFor();
  await capture(page, { children: ["Daan V."], tags: ["Regels"], note: "Daan hield zich aan de afspraak." });
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Schriftje" }).click();
  await page.getByText("4 momenten").waitFor();
  await page.getByLabel("Groep", { exact: true }).selectOption({ label: "Groep Blauw" });
  await page.getByText("3 momenten").waitFor();
  // The weekly chart is drawn by the app as SVG, one row per tag plus the total; it follows the filters.
  const chart = page.getByRole("img", { name: /Momenten per week/ });
  assert.match(await chart.getAttribute("aria-label"), /: 3$/);
  assert.equal(await chart.locator(".chart-row").count(), 4);

  await page.getByLabel("Zoeken").fill("creche");
  await page.getByText("1 moment", { exact: true }).waitFor();
  await page.getByText("Mila zat alleen").waitFor();
  assert.match(await chart.getAttribute("aria-label"), /: 1$/);
  await page.getByLabel("Zoeken").fill("");

  await page.getByLabel("Label").selectOption({ label: "Positief moment" });
  await page.getByText("1 moment", { exact: true }).waitFor();
  await page.getByText("Noor troostte").waitFor();
  await page.getByLabel("Label").selectOption({ label: "Alle labels" });

  await page.getByLabel("Kind", { exact: true }).selectOption({ label: "Sam K." });
  await page.getByText("1 moment", { exact: true }).waitFor();
  await page.getByText("Sam schopte").waitFor();
  await page.getByLabel("Kind", { exact: true }).selectOption({ label: "Alle kinderen" });

  await page.getByLabel("Groep", { exact: true }).selectOption({ label: "Groep Geel" });
  await page.getByText("1 moment", { exact: true }).waitFor();
  await page.getByText("Daan hield zich").waitFor();
  await page.getByLabel("Groep", { exact: true }).selectOption({ label: "Alle groepen" });
  await page.getByLabel("Geschreven door").selectOption({ label: "Anna" });
  await page.getByText("4 momenten").waitFor();
  await page.getByLabel("Zoeken").fill("bestaat niet");
  await page.getByText("Geen momenten gevonden.").waitFor();

  await screenshot(page, "notebook-tablet");
  await context.close();
});

test("writing a moment shows earlier similar moments of the same child, with the reason", async () => {
  const { context, page } = await setUp();
  await capture(page, { children: ["Sam K."], tags: ["Conflict"], note: "Sam duwde Noor bij het wachten op het fruit." });
  await capture(page, { children: ["Sam K."], tags: ["Positief moment"], note: "Sam bouwde samen een hut." });
  await capture(page, { children: ["Noor B."], tags: ["Conflict"], note: "Noor duwde bij het wachten." });

  await page.getByRole("link", { name: "Nieuw moment noteren" }).click();
  await page.getByRole("button", { name: "Sam K.", exact: true }).click();
  await page.getByRole("button", { name: "Conflict", exact: true }).click();
  await page.getByLabel("Wat gebeurde er?").fill("Weer geduwd bij het wachten op het fruit");
  const panel = page.getByRole("region", { name: "Eerdere vergelijkbare momenten" });
  await panel.getByText("Sam duwde Noor").waitFor();
  assert.match(await panel.innerText(), /zelfde labels: Conflict/);
  assert.match(await panel.innerText(), /zelfde woorden: .*fruit/);
  // Only this child's moments: Noor's similar moment is not offered.
  assert.equal(await panel.getByText("Noor duwde").count(), 0);
  await context.close();
});

test("the handover view shows today's flagged moments per group and prints without the app chrome", async () => {
  const { context, page } = await setUp();
  await capture(page, { children: ["Mila T."], note: "Mila had buikpijn, moeder gebeld.", handover: true });
  await capture(page, { children: ["Sam K."], note: "Gewoon een rustige middag." });
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Vandaag" }).click();
  const handover = page.getByRole("region", { name: /Overdracht/ });
  await handover.getByRole("heading", { name: "Groep Blauw" }).waitFor();
  await handover.getByText("Mila had buikpijn").waitFor();
  assert.equal(await handover.getByText("Gewoon een rustige middag").count(), 0);
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.getByRole("navigation", { name: "Hoofdmenu" }).isVisible(), false);
  assert.ok(await handover.getByText("Mila had buikpijn").isVisible());
  await page.emulateMedia({ media: "screen" });
  await context.close();
});

test("a deleted moment comes back with undo, and an edit records who changed it", async () => {
  const { context, page } = await setUp();
  await capture(page, { children: ["Sam K."], note: "Eerste versie van de notitie." });
  await page.getByRole("link", { name: "Bewerken" }).click();
  await page.getByLabel("Wat gebeurde er?").fill("Tweede versie van de notitie.");
  await page.getByRole("button", { name: "Opslaan" }).click();
  await page.getByText("Tweede versie van de notitie.").waitFor();
  await page.getByText("Gewijzigd door").waitFor();

  await page.getByRole("button", { name: "Verwijderen" }).click();
  await page.getByText("Moment verwijderd.").waitFor();
  await page.getByText("0 momenten").waitFor();
  await page.getByRole("button", { name: "Ongedaan maken" }).click();
  await page.getByText("1 moment", { exact: true }).waitFor();
  await page.reload();
  await page.getByText("Tweede versie van de notitie.").waitFor();
  await context.close();
});

test("when storage is full the typed text stays and the user is told; saving works once there is room", async () => {
  const { context, page } = await setUp();
  await page.getByRole("link", { name: "Nieuw moment noteren" }).click();
  await page.getByRole("button", { name: "Sam K.", exact: true }).click();
  await page.getByLabel("Wat gebeurde er?").fill("Belangrijke notitie die niet verloren mag gaan.");
  const filled = await fillStorage(page);
  assert.ok(filled > 1);
  await page.getByRole("button", { name: "Opslaan" }).click();
  const alert = page.getByRole("alert").filter({ hasText: "geheugen van dit apparaat is vol" });
  await alert.waitFor();
  assert.equal(await page.getByLabel("Wat gebeurde er?").inputValue(), "Belangrijke notitie die niet verloren mag gaan.");
  assert.equal(await page.getByText("Moment opgeslagen.").count(), 0);

  await freeStorage(page);
  await page.getByRole("button", { name: "Opslaan" }).click();
  await page.getByText("Moment opgeslagen.").waitFor();
  await page.reload();
  await page.getByText("Belangrijke notitie die niet verloren mag gaan.").waitFor();
  await context.close();
});

test("from 80 % of the storage quota the app warns on every screen", async () => {
  const { context, page } = await setUp();
  assert.equal(await page.getByText("De opslag is bijna vol").count(), 0);
  // Years of notes, here as one big kept-aside value (it counts like any of the app's data).
  await page.evaluate(() => localStorage.setItem("signaal/v1/quarantine/moment/2019-01@1", "x".repeat(4_200_000)));
  await page.reload();
  await page.getByRole("alert").filter({ hasText: "De opslag is bijna vol" }).first().waitFor();
  await page.goto(server.url + "/instellingen");
  assert.ok(Number((await page.locator("meter").getAttribute("value"))) >= 0.8);
  await context.close();
});

test("corrupt storage is reported and kept aside; the rest of the notebook still works", async () => {
  const { context, page, errors } = await setUp();
  await capture(page, { children: ["Sam K."], note: "Deze notitie raakt beschadigd." });
  const bucket = await page.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith("signaal/v1/moment/")));
  await page.evaluate((key) => localStorage.setItem(key, "{dit is geen json"), bucket);
  await page.reload();
  await page.getByRole("alert").filter({ hasText: "konden niet gelezen worden" }).waitFor();
  const keys = await page.evaluate(() => Object.keys(localStorage));
  const aside = keys.find((k) => k.startsWith("signaal/v1/quarantine/"));
  assert.ok(aside, "the unreadable value is kept under a quarantine key");
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), aside), "{dit is geen json");
  assert.ok(!keys.includes(bucket), "the broken bucket no longer blocks saving");

  // Children are intact and a new moment saves.
  await capture(page, { children: ["Noor B."], note: "Na het herstel gewoon verder." });
  await page.goto(server.url + "/instellingen");
  await page.getByRole("heading", { name: "Gegevens die niet gelezen konden worden" }).waitFor();
  await page.getByText(aside.replace("signaal/v1/", "")).first().waitFor();
  // After exporting, the user can discard it; then the section disappears.
  await page.getByRole("button", { name: "Weggooien" }).click();
  await page.getByRole("heading", { name: "Gegevens die niet gelezen konden worden" }).waitFor({ state: "detached" });
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), aside), null);
  assert.deepEqual(errors, []);
  await context.close();
});

test("text that looks like HTML is shown as text in every field", async () => {
  const { context, page } = await setUp();
  const evil = `<img src=x onerror="window.__xss=1"><b>x</b>`;
  await page.goto(server.url + "/kinderen");
  await page.getByLabel("Naam (voornaam en initiaal)").fill(evil);
  await page.getByRole("button", { name: "Kind toevoegen" }).click();
  await page.getByRole("link", { name: evil }).waitFor();

  await page.getByRole("link", { name: "Nieuw moment noteren" }).click();
  await page.getByRole("button", { name: "Alle kinderen tonen" }).or(page.getByRole("button", { name: evil })).first().waitFor();
  await page.getByRole("button", { name: evil, exact: true }).click();
  await page.getByLabel("Eigen label").fill(evil.slice(0, 40));
  await page.getByRole("button", { name: "Label toevoegen" }).click();
  await page.getByLabel("Wat gebeurde er?").fill(evil);
  await page.getByText("Meer details").click();
  for (const label of ["Situatie of activiteit", "Wat ging eraan vooraf?", "Gedrag", "Hoe reageerden wij?", "Wat zegt het kind zelf?", "Hoe liep het af?", "Invloed op de groep"]) {
    await page.getByLabel(label).fill(`${label}: ${evil}`);
  }
  await page.getByRole("button", { name: "Opslaan" }).click();
  await page.getByText("Moment opgeslagen.").waitFor();
  await page.getByRole("heading", { level: 1, name: evil }).waitFor();
  await page.getByText(`Gedrag: ${evil}`).waitFor();
  await page.goto(server.url + "/schriftje");
  await page.getByRole("listitem").getByText(evil).first().waitFor();
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.locator("main img").count(), 0);
  await context.close();
});

test("screens fit a phone and a tablet with real content", async () => {
  for (const [name, viewport] of [["phone", PHONE], ["tablet", TABLET]]) {
    const { context, page } = await setUp({ viewport });
    await capture(page, { children: ["Sam K."], tags: ["Conflict"], note: "Sam schopte tegen de deur.", handover: true });
    await capture(page, { children: ["Sam K.", "Noor B."], tags: ["Positief moment"], note: "Samen een kunstwerk gemaakt." });
    for (const [path, shot] of [["/", "today"], ["/schriftje", "notebook"], ["/moment", "capture"]]) {
      await page.goto(server.url + path);
      await page.locator("main h1").waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${shot} on ${name} overflows by ${overflow}px`);
      await screenshot(page, `${shot}-${name}`);
    }
    await context.close();
  }
});

test("two tabs on one device never overwrite each other's moments", async () => {
  const { context, page } = await setUp();
  const other = await context.newPage();
  await other.goto(server.url + "/schriftje");
  await other.locator("main h1").waitFor();
  await capture(page, { children: ["Sam K."], note: "Geschreven in het eerste tabblad." });
  // The second tab was open all along; its save lands in the same month bucket.
  await capture(other, { children: ["Noor B."], note: "Geschreven in het tweede tabblad." });
  await other.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Schriftje" }).click();
  await other.getByText("2 momenten").waitFor();
  await page.reload();
  await page.goto(server.url + "/schriftje");
  await page.getByText("Geschreven in het eerste tabblad.").waitFor();
  await page.getByText("Geschreven in het tweede tabblad.").waitFor();
  await context.close();
});

test("moments export to a spreadsheet file that cannot smuggle in formulas", async () => {
  const { context, page } = await setUp();
  await capture(page, { children: ["Sam K.", "Noor B."], tags: ["Conflict"], note: "=1+1 ruzie bij het fruit; daarna \"sorry\" gezegd" });
  await page.goto(server.url + "/instellingen");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Momenten als spreadsheet (CSV)" }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^signaal-momenten-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync(await download.path(), "utf8");
  const [header, row] = text.replace(/^\uFEFF/, "").split("\r\n");
  assert.match(header, /^Wanneer;Kind;Groep;Labels;Wat gebeurde er\?;/);
  assert.match(row, /;"Sam K\., Noor B\.";Groep Blauw;Conflict;"'=1\+1 ruzie bij het fruit; daarna ""sorry"" gezegd";/);
  assert.match(row, /;Anna$/);
  await context.close();
});
