// Erasing a child completely, as a team would when parents ask: every moment, plan, consent and
// parent link about the child goes, on this device and (through sync) on the team's others;
// moments shared with another child stay, without this one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { captureMoment, joinTeam, nav, serverAndBrowser, setUpDevice, startTeam, waitForSynced } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

/** Every value this app keeps in the page's localStorage, as one string. */
const stored = (page) => page.evaluate(() => Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`).join("\n"));
const panics = (errors) => errors.filter((e) => /panicked|RuntimeError/.test(e));

test("erasing a child removes everything about it on every device and revokes its parent link", async () => {
  const a = await setUpDevice(browser, server, { children: ["Sem B.", "Noor K."] });
  const { page } = a;
  const invite = await startTeam(page);
  await captureMoment(page, { children: ["Sem B."], tags: ["Positief moment"], note: "Semmie bouwde een hut" });
  await captureMoment(page, { children: ["Sem B.", "Noor K."], note: "Samen verstoppertje gespeeld" });
  await captureMoment(page, { children: ["Noor K."], note: "Noor hielp opruimen" });

  // Consent and a published parent link for Sem.
  await nav(page, "Kinderen");
  await page.getByRole("link", { name: "Sem B." }).click();
  await page.getByLabel("Waarvoor").selectOption({ label: "Samenvatting delen met ouders" });
  await page.getByLabel("Gegeven door").fill("moeder");
  await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  await page.getByRole("link", { name: "Samenvatting voor ouders maken" }).click();
  await page.getByRole("checkbox", { name: /Semmie bouwde een hut/ }).check();
  await page.getByRole("button", { name: "Publiceren" }).click();
  await page.getByText("Samenvatting gepubliceerd.").waitFor();
  const link = new URL(await page.getByLabel("Link (alleen met de ouders delen)").inputValue());
  const linkId = link.pathname.split("/").pop();
  assert.equal((await fetch(`${server.url}/api/shares/${linkId}`)).status, 200);

  // A second tablet of the team has Sem too.
  await waitForSynced(page);
  const b = await joinTeam(browser, server, invite);
  await waitForSynced(b.page);
  await nav(b.page, "Schriftje");
  await b.page.getByText("Semmie bouwde een hut").waitFor();

  // Erase on tablet A: first what will go, then for good.
  await nav(page, "Kinderen");
  await page.getByRole("link", { name: "Sem B." }).click();
  await page.getByRole("button", { name: "Alles over dit kind wissen…" }).click();
  const question = page.getByRole("alert").filter({ hasText: "Dit kan niet ongedaan worden gemaakt." });
  await question.waitFor();
  const text = await question.innerText();
  for (const part of ["1 moment,", "1 gedeeld moment (blijft, zonder dit kind)", "1 toestemming", "1 ouderlink"]) assert.ok(text.includes(part), `${part} in: ${text}`);
  for (const plural of ["1 momenten", "1 toestemmingen", "1 ouderlinks"]) assert.ok(!text.includes(plural), `${plural} in: ${text}`);
  await page.getByRole("button", { name: "Definitief wissen" }).click();
  await page.getByText("Het kind is gewist.").waitFor();
  await page.getByRole("heading", { level: 1, name: "Kinderen" }).waitFor();
  assert.equal(await page.getByRole("link", { name: "Sem B." }).count(), 0);

  // The parent link is revoked on the server.
  assert.equal((await fetch(`${server.url}/api/shares/${linkId}`)).status, 410);

  // The shared moment stays, now only Noor's; Sem's own moment is gone.
  await nav(page, "Schriftje");
  await page.getByText("Samen verstoppertje gespeeld").waitFor();
  assert.equal(await page.getByText("Semmie bouwde een hut").count(), 0);
  const local = await stored(page);
  for (const gone of ["Sem B.", "Semmie", "moeder"]) assert.ok(!local.includes(gone), `tablet A still stores ${gone}`);

  // Tablet B erases too once it has synced.
  await waitForSynced(page);
  await b.page.reload();
  await waitForSynced(b.page);
  await nav(b.page, "Schriftje");
  await b.page.getByText("Samen verstoppertje gespeeld").waitFor();
  await b.page.waitForFunction(() => !document.body.innerText.includes("Semmie bouwde een hut"));
  const remote = await stored(b.page);
  for (const gone of ["Sem B.", "Semmie", "moeder"]) assert.ok(!remote.includes(gone), `tablet B still stores ${gone}`);
  await nav(b.page, "Kinderen");
  await b.page.getByRole("link", { name: "Noor K." }).waitFor();
  assert.equal(await b.page.getByRole("link", { name: "Sem B." }).count(), 0);

  assert.deepEqual(panics(a.errors), []);
  assert.deepEqual(panics(b.errors), []);
});

test("retention suggests erasing a child that left longer ago than the set period", async () => {
  const { page, context, errors } = await setUpDevice(browser, server, { children: ["Lot P.", "Daan V."] });
  await nav(page, "Kinderen");
  await page.getByRole("link", { name: "Lot P." }).click();
  await page.getByLabel("Gearchiveerd").check();
  await page.getByRole("button", { name: "Opslaan" }).click();
  await nav(page, "Instellingen");
  await page.getByLabel("Wissen voorstellen na (maanden)").fill("1");
  await page.getByRole("button", { name: "Bewaartermijn vastleggen" }).click();
  await page.getByText("Geen kinderen: niemand is over de bewaartermijn.").waitFor();

  // Forty days later (the page's clock moved ahead), Lot is past the period; Daan never left.
  await context.clock.install({ time: new Date(Date.now() + 40 * 86_400_000) });
  await page.reload();
  const due = page.locator("form", { has: page.getByRole("heading", { name: "Bewaartermijn" }) });
  await due.getByRole("link", { name: "Lot P." }).waitFor();
  await due.getByText(/vertrokken op/).waitFor();
  assert.equal(await due.getByRole("link", { name: "Daan V." }).count(), 0);
  await due.getByRole("link", { name: "Lot P." }).click();
  await page.getByRole("button", { name: "Alles over dit kind wissen…" }).waitFor();
  assert.deepEqual(panics(errors), []);
});
