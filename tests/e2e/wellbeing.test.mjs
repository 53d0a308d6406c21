// The wellbeing list as a group uses it: fifteen children filled by tapping on a tablet, a half
// list that survives a reload, the children scoring poor or moderate standing out, everything
// still there after a reload and offline, a signal in one tap, and a later list showing the trend.
// Then the contact scheme: tap-to-call and tap-to-mail, the meldcode pointer, edit and remove.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PHONE, TABLET, screenshot, serverAndBrowser, setUpDevice, waitForServiceWorker } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

const GROUP = [
  "Ada B.", "Bram C.", "Daan E.", "Eva F.", "Finn G.", "Gijs H.", "Hira J.", "Ilse K.",
  "Jop L.", "Kim M.", "Lotte N.", "Mo P.", "Noor R.", "Olaf S.", "Pien T.",
];
const DOMAINS = ["Het kind zelf", "Met de pedagogisch medewerker", "Met andere kinderen"];
const GOOD = ["Goed", "Uitstekend", "Goed"];

/** The first list: everyone fine except Daan (poor, moderate) and Kim (moderate with others). */
const FIRST = {
  "Daan E.": ["Slecht", "Matig", "Goed"],
  "Kim M.": ["Goed", "Goed", "Matig"],
};

const row = (page, name) => page.locator(".wb-row").filter({ has: page.getByText(name, { exact: true }) });

/** Taps a child's three domains. */
async function fill(page, name, levels) {
  const r = row(page, name);
  for (const [i, domain] of DOMAINS.entries()) {
    await r.getByRole("group", { name: domain }).getByRole("radio", { name: levels[i], exact: true }).click();
  }
}

async function checkedLevels(page, name) {
  const r = row(page, name);
  const out = [];
  for (const domain of DOMAINS) {
    const group = r.getByRole("group", { name: domain });
    let found = null;
    for (const level of ["Slecht", "Matig", "Goed", "Uitstekend"]) {
      if (await group.getByRole("radio", { name: level, exact: true }).isChecked()) found = level;
    }
    out.push(found);
  }
  return out;
}

function isoDate(daysAgo) {
  const d = new Date();
  d.setDate(d.getDate() - daysAgo);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const attentionNames = (page) => page.locator(".wb-attention .wb-child").allTextContents();
const outcome = (page, name) => page.locator(".wb-latest .wb-outcome").filter({ has: page.getByRole("link", { name, exact: true }) });

test("a wellbeing list for a group of fifteen: filled by tapping, kept on reload and offline, a signal in one tap, a trend the next time", async () => {
  const { context, page, errors } = await setUpDevice(browser, server, { children: GROUP, viewport: TABLET });
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Stappenplan" }).click();
  await page.getByRole("link", { name: "Lijst welbevinden invullen" }).click();
  await page.getByRole("heading", { level: 1, name: "Lijst welbevinden" }).waitFor();
  const url = page.url();
  assert.equal(await page.locator(".wb-row").count(), 15);

  // Half the list, then the afternoon interrupts: a reload keeps every tap and the date.
  await page.getByLabel("Datum van de observatie").fill(isoDate(14));
  for (const name of GROUP.slice(0, 7)) await fill(page, name, FIRST[name] ?? GOOD);
  await page.getByText("7/15 kinderen helemaal ingevuld").waitFor();
  await page.reload();
  await row(page, "Hira J.").waitFor();
  assert.deepEqual(await checkedLevels(page, "Daan E."), FIRST["Daan E."]);
  assert.deepEqual(await checkedLevels(page, "Ada B."), GOOD);
  assert.equal(await page.getByLabel("Datum van de observatie").inputValue(), isoDate(14));
  await page.getByText("7/15 kinderen helemaal ingevuld").waitFor();

  for (const name of GROUP.slice(7)) await fill(page, name, FIRST[name] ?? GOOD);
  await page.getByText("15/15 kinderen helemaal ingevuld").waitFor();
  await screenshot(page, "wellbeing-fill-tablet");
  await page.getByRole("button", { name: "Lijst opslaan" }).click();
  await page.getByText("Lijst welbevinden opgeslagen.").waitFor();

  // The two who score poor or moderate stand out, the most worrying on top, with the reason.
  await page.getByRole("heading", { name: /^Laatste lijst/ }).waitFor();
  assert.deepEqual(await attentionNames(page), ["Daan E.", "Kim M."]);
  assert.equal(await page.locator(".wb-latest .wb-outcome").count(), 2 + 15);
  await page.locator(".wb-attention .wb-outcome").first().getByText("Slecht").waitFor();
  assert.equal(await page.locator(".wb-row").count(), 0); // the filled list is closed
  await screenshot(page, "wellbeing-result-tablet");

  // A reload and an offline start show the same.
  await page.reload();
  await page.getByRole("heading", { name: /^Laatste lijst/ }).waitFor();
  assert.deepEqual(await attentionNames(page), ["Daan E.", "Kim M."]);
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.goto(url);
  await page.getByRole("heading", { name: /^Laatste lijst/ }).waitFor();
  assert.deepEqual(await attentionNames(page), ["Daan E.", "Kim M."]);
  await outcome(page, "Pien T.").getByText("eerste lijst").first().waitFor();
  await context.setOffline(false);

  // One tap raises a signal for Daan; the row then leads to the trajectory.
  await page.getByRole("button", { name: "Signaal starten – Daan E." }).click();
  await page.getByText("Traject gestart.").waitFor();
  await page.getByRole("link", { name: "Naar het stappenplan – Daan E." }).click();
  await page.waitForURL(/\/stappenplan\/[^/]+$/);
  await page.getByRole("heading", { level: 1, name: "Daan E." }).waitFor();
  await page.getByRole("heading", { level: 2, name: "Huidige stap: Signaal" }).waitFor();
  await page.goto(server.url + "/stappenplan");
  await page.locator(".plan-list li").filter({ hasText: "Daan E." }).waitFor();

  // Two weeks later: a new list. Daan is doing better, Ada worse, the rest the same.
  await page.getByRole("link", { name: "Lijst welbevinden invullen" }).click();
  await page.getByRole("button", { name: "Nieuwe lijst invullen" }).click();
  assert.equal(await page.getByLabel("Datum van de observatie").inputValue(), isoDate(0));
  const second = { ...FIRST, "Daan E.": ["Goed", "Goed", "Goed"], "Ada B.": ["Matig", "Goed", "Goed"] };
  for (const name of GROUP) await fill(page, name, second[name] ?? GOOD);
  await page.getByRole("button", { name: "Lijst opslaan" }).click();
  await page.getByText("Lijst welbevinden opgeslagen.").waitFor();
  // Both score 8: equal worry, so their order is not asserted.
  assert.deepEqual((await attentionNames(page)).sort(), ["Ada B.", "Kim M."]);
  await outcome(page, "Daan E.").getByText("beter dan de vorige lijst").waitFor();
  await outcome(page, "Ada B.").first().getByText("minder goed dan de vorige lijst").waitFor();
  await outcome(page, "Jop L.").getByText("gelijk aan de vorige lijst").waitFor();
  await screenshot(page, "wellbeing-trend-tablet");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the wellbeing list on a phone, from the group on the children page", async () => {
  const { context, page, errors } = await setUpDevice(browser, server, { children: ["Sam K.", "Noor B.", "Maximiliaan van der W."], viewport: PHONE });
  await page.goto(server.url + "/kinderen");
  await page.getByRole("link", { name: "Lijst welbevinden invullen – Groep Blauw" }).click();
  await page.getByRole("heading", { level: 1, name: "Lijst welbevinden" }).waitFor();
  await fill(page, "Sam K.", ["Goed", "Goed", "Uitstekend"]);
  await fill(page, "Noor B.", ["Matig", "Goed", "Goed"]);
  // Keyboard: arrow keys move within a domain's radio group.
  const own = row(page, "Maximiliaan van der W.").getByRole("group", { name: "Het kind zelf" });
  await own.getByRole("radio", { name: "Goed", exact: true }).click();
  await page.keyboard.press("ArrowRight");
  assert.equal(await own.getByRole("radio", { name: "Uitstekend", exact: true }).isChecked(), true);
  await screenshot(page, "wellbeing-fill-phone");
  // Saving saves the complete rows; the half-filled one stays in the draft.
  await page.getByRole("button", { name: "Lijst opslaan" }).click();
  await page.getByText("Kinderen die nog niet helemaal zijn ingevuld, blijven in het concept staan.").waitFor();
  assert.deepEqual(await attentionNames(page), ["Noor B."]);
  await page.reload();
  assert.deepEqual(await checkedLevels(page, "Maximiliaan van der W."), ["Uitstekend", null, null]);
  assert.deepEqual(await checkedLevels(page, "Sam K."), [null, null, null]);
  await screenshot(page, "wellbeing-result-phone");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the contact scheme: call and mail in one tap, the meldcode pointer, edit and remove, kept on reload", async () => {
  const { context, page, errors } = await setUpDevice(browser, server, { viewport: PHONE });
  await page.goto(server.url + "/stappenplan");
  await page.getByRole("link", { name: "Contactschema" }).click();
  await page.getByRole("heading", { level: 1, name: "Contactschema" }).waitFor();
  await page.getByText("Nog niet ingesteld").waitFor();

  await page.getByLabel("Rol", { exact: true }).selectOption({ label: "pedagoog" });
  await page.getByLabel("Naam (persoon of organisatie)").fill("Helen de Vries");
  await page.getByLabel("Telefoon").fill("06-12 34 56 78");
  await page.getByLabel("E-mail").fill("helen");
  await page.getByRole("button", { name: "Contact toevoegen" }).click();
  await page.getByText("Dit e-mailadres klopt niet: er mist een @.").waitFor();
  await page.getByLabel("E-mail").fill("helen@bso.example");
  await page.getByLabel("Waarvoor bel je ze?").fill("Vragen over gedrag, meedenken bij een plan.");
  await page.getByRole("button", { name: "Contact toevoegen" }).click();
  await page.getByText("Contact opgeslagen.").waitFor();

  const card = page.locator(".contact-list .contact").filter({ hasText: "Helen de Vries" });
  assert.equal(await card.getByRole("link", { name: /Bellen/ }).getAttribute("href"), "tel:0612345678");
  assert.equal(await card.getByRole("link", { name: /Mailen/ }).getAttribute("href"), "mailto:helen@bso.example");
  const box = await card.getByRole("link", { name: /Bellen/ }).boundingBox();
  assert.ok(box.height >= 44, `call link is ${box.height}px high`);

  // The meldcode contact must say where the protocol is.
  await page.getByLabel("Rol", { exact: true }).selectOption({ label: "aandachtsfunctionaris meldcode" });
  await page.getByLabel("Naam (persoon of organisatie)").fill("Ilse (aandachtsfunctionaris)");
  await page.getByLabel("Telefoon").fill("020 123 45 67");
  await page.getByRole("button", { name: "Contact toevoegen" }).click();
  await page.getByText("Geef bij de meldcode een link naar het protocol").waitFor();
  await page.getByLabel("Link (bijvoorbeeld naar het protocol)").fill("https://intranet.example/meldcode");
  await page.getByLabel("Waarvoor bel je ze?").fill("Protocol ligt ook in de map op kantoor.");
  await page.getByRole("button", { name: "Contact toevoegen" }).click();
  await page.getByText("Contact opgeslagen.").waitFor();
  const pointer = page.locator(".meldcode");
  await pointer.getByText("Signaal voert de meldcode niet uit.").waitFor();
  await pointer.getByText("Protocol ligt ook in de map op kantoor.").waitFor();
  assert.equal(await pointer.getByRole("link", { name: "Link openen" }).getAttribute("href"), "https://intranet.example/meldcode");
  assert.equal(await pointer.getByRole("link", { name: /Bellen/ }).getAttribute("href"), "tel:0201234567");
  await screenshot(page, "contacts-phone");

  // Edit, reload: the change is there.
  await page.getByRole("button", { name: "Bewerken – Helen de Vries" }).click();
  await page.getByRole("heading", { name: "Contact bewerken" }).waitFor();
  assert.equal(await page.getByLabel("Telefoon").inputValue(), "06-12 34 56 78");
  await page.getByLabel("Telefoon").fill("+31 6 11 22 33 44");
  await page.getByRole("button", { name: "Opslaan", exact: true }).click();
  await page.getByRole("heading", { name: "Contact toevoegen" }).waitFor();
  await page.reload();
  assert.equal(await card.getByRole("link", { name: /Bellen/ }).getAttribute("href"), "tel:+31611223344");
  await pointer.getByRole("link", { name: "Link openen" }).waitFor();

  // Remove, and undo.
  await page.getByRole("button", { name: "Verwijderen – Helen de Vries" }).click();
  await page.getByText("Contact verwijderd.").waitFor();
  assert.equal(await card.count(), 0);
  await page.getByRole("button", { name: "Ongedaan maken" }).click();
  await card.waitFor();
  await page.setViewportSize(TABLET);
  await screenshot(page, "contacts-tablet");
  assert.deepEqual(errors, []);
  await context.close();
});
