// The step plan as a team uses it: raise a signal from a moment, walk the basisstappenplan
// (team → child → parent talk), see the school step blocked until the parents' consent is
// recorded (and blocked again when it is withdrawn), and find it all again after a reload.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, openApp, PHONE, screenshot, smallTargets, startServer, waitForServiceWorker } from "./helpers.mjs";

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A fresh device with a group, two children and the practitioner's name. */
async function setUp(options = {}) {
  const app = await openApp(browser, server, { path: "/kinderen", ...options });
  const { page } = app;
  await page.getByLabel("Naam van de groep").fill("Groep Blauw");
  await page.getByRole("button", { name: "Groep toevoegen" }).click();
  for (const name of ["Sam K.", "Noor B."]) {
    await page.getByLabel("Naam (voornaam en initiaal)").fill(name);
    await page.getByRole("button", { name: "Kind toevoegen" }).click();
    await page.getByRole("link", { name }).waitFor();
  }
  await page.goto(server.url + "/instellingen");
  await page.getByLabel("Jouw naam of initialen").fill("Anna");
  await page.getByLabel("Mijn groep").selectOption({ label: "Groep Blauw" });
  await page.getByRole("button", { name: "Opslaan" }).click();
  await page.getByText("Opgeslagen.").waitFor();
  return app;
}

/** Today in the browser's (and this machine's) local time, as a date input wants it. */
function localToday() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const current = (page, step) => page.getByRole("heading", { level: 2, name: `Huidige stap: ${step}` });

/** Takes a step through the move form: owner, optional due date and a note on the step left. */
async function move(page, step, { owner = "Anna", due, notes = "" } = {}) {
  await page.getByRole("button", { name: step, exact: true }).click();
  await page.getByRole("heading", { name: `Naar: ${step}` }).waitFor();
  await page.getByLabel("Eigenaar (wie pakt het op?)").fill(owner);
  if (due) await page.getByLabel("Uiterlijk op").fill(due);
  if (notes) await page.getByLabel("Korte notitie over de afgeronde stap").fill(notes);
  await page.getByRole("button", { name: "Stap vastleggen" }).click();
  await current(page, step).waitFor();
}

test("a signal raised from a moment walks team, child and parent talk; school contact waits for consent; all survives reload", async () => {
  const { context, page, errors } = await setUp();
  // A moment, then "raise a signal" from its page.
  await page.getByRole("link", { name: "Nieuw moment noteren" }).click();
  await page.getByRole("button", { name: "Sam K.", exact: true }).click();
  await page.getByLabel("Wat gebeurde er?").fill("Sam zat de hele middag alleen in de hoek en wilde niet mee naar buiten.");
  await page.getByRole("button", { name: "Opslaan" }).click();
  await page.getByText("Moment opgeslagen.").waitFor();
  await page.getByRole("button", { name: "Signaal afgeven" }).click();
  assert.match(await page.getByLabel("Wat is de zorg?").inputValue(), /alleen in de hoek/);
  assert.equal(await page.getByLabel("Eigenaar (wie pakt het op?)").inputValue(), "Anna");
  await page.getByLabel("Naam van wie het signaal gaf").fill("Anna (pm)");
  await page.getByRole("button", { name: "Traject starten" }).click();
  await page.waitForURL(/\/stappenplan\/[^/]+$/);
  await page.getByRole("heading", { level: 1, name: "Sam K." }).waitFor();
  await current(page, "Signaal").waitFor();
  await page.getByText("Terugkijken in het schriftje").waitFor(); // the step's checklist
  await page.getByText("Sam zat de hele middag alleen in de hoek").first().waitFor(); // linked moment
  const url = page.url();

  await move(page, "Teambespreking", { notes: "Signaal gedeeld; het team herkent het." });
  await move(page, "Kindgesprek", { owner: "Bram" });
  await page.locator(".plan-owner").getByText("Bram").waitFor();
  await move(page, "Oudergesprek", { notes: "Sam vertelt dat hij buiten niet mee mag doen." });

  // School contact needs the parents' consent: blocked, with the reason on screen.
  const school = page.getByRole("button", { name: "Schoolcontact", exact: true });
  assert.equal(await school.isDisabled(), true);
  const reason = page.getByText("Eerst toestemming van ouders vastleggen: contact met school");
  await reason.waitFor();
  // Escalation is blocked too, for another reason: the team's own plan comes first.
  assert.equal(await page.getByRole("button", { name: "Opgeschaald", exact: true }).isDisabled(), true);

  // Parent talk: the parents agree to school contact.
  await page.getByLabel("Waarvoor").selectOption({ label: "Contact met school" });
  await page.getByLabel("Gegeven door").fill("moeder");
  await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  await page.getByText("Toestemming vastgelegd.").waitFor();
  await page.waitForFunction(() => ![...document.querySelectorAll(".move-list button")].find((b) => b.textContent.trim() === "Schoolcontact")?.disabled);
  assert.equal(await reason.count(), 0);

  // Withdrawal takes effect at once; giving it again unblocks again.
  await page.getByRole("button", { name: "Intrekken" }).click();
  await page.getByText("Toestemming ingetrokken.").waitFor();
  await reason.waitFor();
  assert.equal(await school.isDisabled(), true);
  await page.getByLabel("Gegeven door").fill("vader");
  await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  await reason.waitFor({ state: "detached" });

  await move(page, "Schoolcontact", { due: localToday(), notes: "Ouders vinden contact met de juf goed." });

  // Everything is still there after a reload.
  await page.reload();
  await current(page, "Schoolcontact").waitFor();
  const history = page.locator(".plan-history li");
  assert.deepEqual(
    (await history.allTextContents()).map((t) => t.split(" · ")[0]),
    ["Signaal", "Teambespreking", "Kindgesprek", "Oudergesprek"],
  );
  await page.getByText("Signaal gedeeld; het team herkent het.").waitFor();
  await page.getByText("Ouders vinden contact met de juf goed.").waitFor();
  await page.locator(".consent-list").getByText("vader").waitFor();
  await page.locator(".consent-list").getByText("moeder").waitFor();
  await page.getByText("Sam zat de hele middag alleen in de hoek").first().waitFor();
  // And offline, from the service worker's copy of the app.
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.goto(url);
  await current(page, "Schoolcontact").waitFor();
  await page.locator(".consent-list").getByText("vader").waitFor();
  await context.setOffline(false);

  // The overview lists the trajectory and today's deadline.
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Stappenplan" }).click();
  await page.getByRole("heading", { name: "Kinderen in een traject" }).waitFor();
  const running = page.locator(".plan-list li").filter({ hasText: "Sam K." });
  await running.getByText("Schoolcontact").waitFor();
  const thisWeek = page.locator(".due-list.this-week li").filter({ hasText: "Sam K." });
  await thisWeek.getByText("Schoolcontact").waitFor();
  await thisWeek.getByRole("link", { name: "Sam K." }).click();
  assert.equal(page.url(), url);
  await screenshot(page, "plan-trajectory-tablet");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a grey child is watched from the child's page, then raised to a signal, on a phone", async () => {
  const { context, page, errors } = await setUp({ viewport: PHONE });
  await page.goto(server.url + "/kinderen");
  await page.getByRole("link", { name: "Noor B." }).click();
  await page.getByRole("heading", { level: 1, name: "Noor B." }).waitFor();
  await page.getByText("Nog geen toestemmingen vastgelegd.").waitFor(); // consent register on the child's page
  await page.getByRole("button", { name: "Signaal starten" }).click();
  await page.getByLabel("Wat is de zorg?").fill("Noor is stiller dan anders.");
  await page.getByLabel("Eerst alleen volgen (grijs kind)").check();
  await page.getByRole("button", { name: "Traject starten" }).click();
  await page.waitForURL(/\/stappenplan\/[^/]+$/);
  await current(page, "Volgen").waitFor();
  await page.getByText("Wordt gevolgd (grijs kind)").first().waitFor();

  // Watched: only "raise a signal" and "close" are offered.
  const labels = (await page.locator(".move-list > li > button").allTextContents()).map((t) => t.trim());
  assert.deepEqual(labels, ["Signaal afgeven", "Traject afsluiten"]);
  // Touch targets and no sideways scrolling at 360 px.
  assert.deepEqual(await smallTargets(page), []);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await screenshot(page, "plan-watch-phone");

  await page.getByRole("button", { name: "Signaal afgeven" }).click();
  await page.getByRole("button", { name: "Stap vastleggen" }).click();
  await current(page, "Signaal").waitFor();

  // The child's page now links to the running trajectory instead of starting a new one.
  await page.goto(server.url + "/kinderen");
  await page.getByRole("link", { name: "Noor B." }).click();
  await page.getByRole("link", { name: "Naar het stappenplan" }).click();
  await current(page, "Signaal").waitFor();
  await page.reload();
  await current(page, "Signaal").waitFor();
  await page.locator(".plan-history").getByText("Volgen").waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});
