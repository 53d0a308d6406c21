// The role of the person using this device decides which steps it may take: on a practitioner's
// device the referral step of the default plan is blocked with the roles that may take it; once
// Settings says this is the care coordinator's device, the same trajectory takes that step. The
// role survives a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PHONE, TABLET, currentStep as current, nav, saveStepForm as saveForm, screenshot, serverAndBrowser, setUpDevice, startTrajectory, takeStep as move } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

const roles = (page) => page.getByRole("group", { name: "Mijn rol" });
const externButton = (page) => page.locator(".move-list").getByRole("button", { name: "Extern", exact: true });

async function checkedRoles(page) {
  const boxes = roles(page).getByRole("checkbox");
  const out = [];
  for (let i = 0; i < (await boxes.count()); i++) {
    if (await boxes.nth(i).isChecked()) out.push((await roles(page).locator("label").nth(i).textContent()).trim());
  }
  return out;
}

test("a practitioner's device may not refer; the care coordinator's device may, and keeps its role", async () => {
  const { context, page, errors } = await setUpDevice(browser, server, { children: ["Sam K."] });
  // A device set up as before acts as a practitioner.
  assert.deepEqual(await checkedRoles(page), ["pedagogisch medewerker", "senior pedagogisch medewerker"]);

  // A trajectory up to the point where only the role stands between it and the referral: the
  // team's own plan evaluated, the parents' consent to share information recorded.
  await nav(page, "Kinderen");
  await page.getByRole("link", { name: "Sam K." }).click();
  await page.getByRole("button", { name: "Signaal starten" }).click();
  await page.getByLabel("Wat is de zorg?").fill("Sam loopt vast bij overgangen naar buiten.");
  const trajectory = await startTrajectory(page);
  await move(page, "Plan van aanpak");
  await page.getByLabel("Actie (wat gaan we doen?)").fill("Maatje vragen voor de overgang");
  await saveForm(page);
  await move(page, "Tussenevaluatie");
  await page.getByLabel("Opschalen").check();
  await page.getByRole("group", { name: /reguliere plaatsing/ }).getByLabel("Twijfel").check();
  await saveForm(page);
  await page.getByLabel("Waarvoor").selectOption({ label: "Gegevens delen bij verwijzing" });
  await page.getByLabel("Gegeven door").fill("moeder");
  await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  await page.getByText("Toestemming vastgelegd.").waitFor();

  const reasons = page.locator(".move-list li").filter({ has: page.getByRole("button", { name: "Extern", exact: true }) }).locator(".blocked-reasons li");
  await reasons.first().waitFor();
  assert.equal(await externButton(page).isDisabled(), true);
  assert.deepEqual(await reasons.allTextContents(), ["Alleen te zetten door: locatiemanager, pedagoog, zorgcoördinator, jeugdverpleegkundige, ouder"]);

  // No role at all is refused; the care coordinator's role is saved.
  await nav(page, "Instellingen");
  await roles(page).getByLabel("pedagogisch medewerker", { exact: true }).uncheck();
  await roles(page).getByLabel("senior pedagogisch medewerker").uncheck();
  await page.getByRole("button", { name: "Opslaan", exact: true }).click();
  await page.getByText("Kies minstens één rol.").waitFor();
  await roles(page).getByLabel("zorgcoördinator").check();
  await page.getByRole("button", { name: "Opslaan", exact: true }).click();
  await page.getByText("Opgeslagen.", { exact: true }).waitFor();
  await screenshot(page, "roles-settings-tablet");
  await page.setViewportSize(PHONE);
  await roles(page).scrollIntoViewIfNeeded();
  await screenshot(page, "roles-settings-phone");
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), "no sideways scrolling at 360 px");
  await page.setViewportSize(TABLET);

  await page.goto(trajectory);
  assert.equal(await externButton(page).isDisabled(), false);
  await move(page, "Extern");
  assert.equal(await page.locator(".blocked-note").count(), 0, "the referral form is not blocked for the care coordinator");

  // The role is the device's: it is still there after a reload.
  await page.reload();
  await current(page, "Extern").waitFor();
  await page.goto(server.url + "/instellingen");
  await roles(page).getByLabel("zorgcoördinator").waitFor();
  assert.deepEqual(await checkedRoles(page), ["zorgcoördinator"]);
  assert.deepEqual(errors, []);
  await context.close();
});
