// Who may do what in a team, as the team page shows it: the device that started the team is its
// admin ("beheerder") and alone sees remove, make-admin and new-invite controls; a joined device
// sees none until an admin makes it one. A server's refusals (team storage full, a sign-up code
// needed or wrong) are said in words, and a full team storage loses nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { captureMoment, joinTeam, nav, openApp, PHONE, screenshot, serverAndBrowser, setUpDevice, smallTargets, startServer, startTeam, TABLET, waitForSynced } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

const teamPage = async (page) => {
  await nav(page, "Instellingen");
  await page.getByRole("link", { name: "Team beheren" }).click();
  await page.getByRole("heading", { name: "Apparaten in het team" }).waitFor();
};
const devices = (page) => page.locator("ul.devices > li");
const item = (page, text) => devices(page).filter({ hasText: text });

test("only an admin device sees the admin controls, and an admin can make another device admin", async () => {
  const a = await setUpDevice(browser, server, { name: "Anna" });
  const link = await startTeam(a.page);
  await item(a.page, "Tablet A").getByText("beheerder", { exact: true }).waitFor();
  await a.page.getByRole("button", { name: "Nieuwe uitnodigingslink" }).waitFor();
  await a.page.getByText(/^Deze link werkt tot en met \w+ \d{1,2} \w+ 20\d\d\.$/).waitFor();

  const b = await joinTeam(browser, server, link);
  await devices(b.page).nth(1).waitFor();
  assert.equal(await devices(b.page).count(), 2);
  // The joined device is no admin: no controls, and it says who can make a new link.
  await b.page.getByText("Alleen een beheerder kan een nieuwe uitnodigingslink maken.").waitFor();
  for (const name of ["Apparaat verwijderen", "Beheerder maken", "Geen beheerder meer", "Nieuwe uitnodigingslink"]) {
    assert.equal(await b.page.getByRole("button", { name }).count(), 0, `${name} on a device that is no admin`);
  }
  assert.equal(await item(b.page, "Tablet A").getByText("beheerder", { exact: true }).count(), 1, "it sees who is admin");

  // The admin sees the new device with controls for it, and makes it admin.
  await teamPage(a.page);
  const other = item(a.page, "Apparaat zonder naam");
  await other.getByRole("button", { name: "Apparaat verwijderen" }).waitFor();
  assert.equal(await item(a.page, "Tablet A").getByRole("button", { name: "Apparaat verwijderen" }).count(), 0, "not for itself");
  assert.equal(await a.page.getByRole("button", { name: "Geen beheerder meer" }).count(), 0, "the only admin keeps its role");
  await other.getByRole("button", { name: "Beheerder maken" }).click();
  await a.page.getByText("Het apparaat is nu beheerder.").waitFor();
  await other.getByText("beheerder", { exact: true }).waitFor();

  // Now the other device has the admin controls too.
  await teamPage(b.page);
  await b.page.getByRole("button", { name: "Nieuwe uitnodigingslink" }).waitFor();
  await item(b.page, "Tablet A").getByRole("button", { name: "Apparaat verwijderen" }).waitFor();
  assert.equal(await b.page.getByRole("button", { name: "Geen beheerder meer" }).count(), 2);

  // Removing a device makes a new invite link at once: the removed one knew the old link.
  await item(a.page, "Apparaat zonder naam").getByRole("button", { name: "Apparaat verwijderen" }).click();
  await a.page.getByText("Het apparaat is verwijderd uit het team.", { exact: false }).waitFor();
  await devices(a.page).nth(1).waitFor({ state: "detached" });
  const renewed = await a.page.getByLabel("Uitnodigingslink", { exact: true }).inputValue();
  assert.notEqual(renewed, link);
  const back = await openApp(browser, server, { path: new URL(link).pathname + new URL(link).hash });
  await back.page.getByRole("button", { name: "Meedoen" }).click();
  await back.page.getByText("deze uitnodiging is niet (meer) geldig").waitFor();
  await Promise.all([a.context.close(), b.context.close(), back.context.close()]);
});

/** Publishes a summary with one positive moment for `child` (consent first) and returns its link. */
async function publishSummary(page, child, note) {
  await captureMoment(page, { children: [child], tags: ["Positief moment"], note });
  await nav(page, "Kinderen");
  await page.getByRole("link", { name: child }).click();
  await page.getByRole("link", { name: "Samenvatting voor ouders maken" }).click();
  await page.getByRole("link", { name: "Naar de toestemmingen" }).click();
  await page.getByLabel("Waarvoor").selectOption({ label: "Samenvatting delen met ouders" });
  await page.getByLabel("Gegeven door").fill("vader");
  await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  await page.getByText("Toestemming vastgelegd.").waitFor();
  await page.getByRole("link", { name: "Samenvatting voor ouders maken" }).click();
  await page.getByRole("checkbox", { name: new RegExp(note) }).check();
  await page.getByRole("button", { name: "Publiceren" }).click();
  await page.getByText("Samenvatting gepubliceerd.").waitFor();
  return page.getByLabel("Link (alleen met de ouders delen)").inputValue();
}
const shareStatus = async (link) => (await fetch(`${server.url}/api/shares/${new URL(link).pathname.split("/").pop()}`)).status;

test("after removing a device, the admin re-issues the live parent links in one tap", async () => {
  const a = await setUpDevice(browser, server, { name: "Anna", children: ["Sem B.", "Noor K."] });
  const invite = await startTeam(a.page);
  const sem = await publishSummary(a.page, "Sem B.", "Sem bouwde een hut");
  const noor = await publishSummary(a.page, "Noor K.", "Noor hielp opruimen");
  const b = await joinTeam(browser, server, invite);
  await waitForSynced(a.page);

  // Nothing to re-issue before a removal.
  await teamPage(a.page);
  await item(a.page, "Apparaat zonder naam").waitFor();
  assert.equal(await a.page.getByRole("heading", { name: "Ouderlinks opnieuw uitgeven" }).count(), 0);

  await item(a.page, "Apparaat zonder naam").getByRole("button", { name: "Apparaat verwijderen" }).click();
  await a.page.getByText("Het apparaat is verwijderd uit het team.", { exact: false }).waitFor();
  const card = a.page.locator("section.reissue");
  await card.getByText("Het verwijderde apparaat kan de geheime links kennen", { exact: false }).waitFor();
  assert.deepEqual((await card.locator("li").allInnerTexts()).sort(), ["Noor K.", "Sem B."]);
  await a.page.setViewportSize(PHONE);
  await card.scrollIntoViewIfNeeded();
  await screenshot(a.page, "team-reissue-phone", { fullPage: false });
  assert.deepEqual(await smallTargets(a.page), []);
  await a.page.setViewportSize(TABLET);
  await card.getByRole("button", { name: "Links opnieuw uitgeven" }).click();
  await a.page.getByText("De ouderlinks zijn opnieuw uitgegeven.").waitFor();
  await card.getByText("Geef de ouders hun nieuwe link:").waitFor();
  assert.equal(await card.getByRole("button", { name: "Links opnieuw uitgeven" }).count(), 0, "nothing left to re-issue");

  // The old links are gone from the server; the new one carries the same summary.
  assert.equal(await shareStatus(sem), 410);
  assert.equal(await shareStatus(noor), 410);
  await card.getByRole("link", { name: "Nieuwe link voor de ouders van Sem B." }).click();
  const fresh = await a.page.getByLabel("Link (alleen met de ouders delen)").inputValue();
  assert.notEqual(fresh, sem);
  assert.notEqual(new URL(fresh).hash, new URL(sem).hash, "a new secret");
  const parent = await openApp(browser, server, { path: new URL(fresh).pathname + new URL(fresh).hash });
  await parent.page.getByText("Sem bouwde een hut").waitFor();
  const old = await openApp(browser, server, { path: new URL(sem).pathname + new URL(sem).hash });
  await old.page.getByRole("heading", { name: "Deze link werkt niet meer" }).waitFor();

  // After a reload the offer stays gone: every link now postdates the removal.
  await a.page.reload();
  await teamPage(a.page);
  assert.equal(await a.page.getByRole("heading", { name: "Ouderlinks opnieuw uitgeven" }).count(), 0);
  await Promise.all([a.context.close(), b.context.close(), parent.context.close(), old.context.close()]);
});

test("a full team storage is said in words, and the changes wait on the device until there is room", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "signaal-full-"));
  let small = await startServer({ dataDir, args: ["--team-max-bytes", "1"] });
  const port = new URL(small.url).port;
  try {
    const a = await setUpDevice(browser, small, { name: "Eva", children: ["Lars P."] });
    await captureMoment(a.page, { children: ["Lars P."], note: "Lars bouwde een toren." });
    await startTeam(a.page);
    await a.page.getByText("Fout: de teamopslag is vol.", { exact: false }).first().waitFor({ timeout: 30_000 });

    // The operator raises the limit: the same server address, the same data.
    await small.stop();
    small = await startServer({ dataDir, port });
    await a.page.getByRole("button", { name: "Nu synchroniseren" }).click();
    await waitForSynced(a.page);
    const link = await (async () => {
      await a.page.getByRole("link", { name: "Team beheren" }).click();
      return a.page.getByLabel("Uitnodigingslink", { exact: true }).inputValue();
    })();
    const b = await joinTeam(browser, small, link);
    await nav(b.page, "Schriftje");
    await b.page.getByText("Lars bouwde een toren.").waitFor({ timeout: 20_000 });
    await Promise.all([a.context.close(), b.context.close()]);
  } finally {
    await small.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("a server that asks a sign-up code gets a field for it, and a wrong code is said in words", async () => {
  const gated = await startServer({ args: ["--team-signup", "code", "--team-signup-code", "bso-regenboog-2026"] });
  try {
    const { page, context } = await setUpDevice(browser, gated, { name: "Ilse" });
    await nav(page, "Instellingen");
    await page.getByRole("link", { name: "Team instellen" }).click();
    assert.equal(await page.getByLabel("Aanmeldcode van de server").count(), 0, "no field until the server asks");
    await page.getByRole("button", { name: "Team starten" }).click();
    await page.getByText("deze server vraagt een aanmeldcode").waitFor();
    await page.getByLabel("Aanmeldcode van de server").fill("bso-regenboog-2025");
    await page.getByRole("button", { name: "Team starten" }).click();
    await page.getByText("de aanmeldcode klopt niet").waitFor();
    await page.getByLabel("Aanmeldcode van de server").fill("bso-regenboog-2026");
    await page.getByRole("button", { name: "Team starten" }).click();
    await page.getByRole("heading", { name: "Een apparaat uitnodigen" }).waitFor();
    await context.close();
  } finally {
    await gated.stop();
  }
});
