// The whole walk with the typed step forms: team → child talk → parent talk (consent) → plan of
// approach (two SMART goals, one action) → a moment linked to a goal → evaluation ("close" and
// the placement question) → closing note; everything survives a reload and an offline reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PHONE, checkAfterReloads, currentStep as current, saveStepForm as saveForm, screenshot, serverAndBrowser, setUpDevice, startTrajectory, takeStep as move } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => {
  server = s;
  browser = b;
});

test("a trajectory walks team, child and parent talk, plan, evaluation and close with typed forms", async () => {
  const { context, page, errors } = await setUpDevice(browser, server, { children: ["Sam K."] });
  await page.goto(server.url + "/");
  await page.getByRole("link", { name: "Nieuw moment noteren" }).click();
  await page.getByRole("button", { name: "Sam K.", exact: true }).click();
  await page.getByLabel("Wat gebeurde er?").fill("Sam bleef alleen binnen en wilde niet mee naar buiten.");
  await page.getByRole("button", { name: "Opslaan" }).click();
  await page.getByText("Moment opgeslagen.").waitFor();
  await page.getByRole("button", { name: "Signaal afgeven" }).click();
  const url = await startTrajectory(page);

  await move(page, "Teambespreking");
  await page.getByLabel("Aantekeningen").fill("Het team herkent het beeld.");
  await saveForm(page);
  // A second tap does not record the same form twice: saving again waits for a change.
  const save = page.getByRole("button", { name: "Formulier opslaan" });
  await page.getByText("Pas iets aan om nog een formulier op te slaan.", { exact: false }).waitFor();
  assert.equal(await save.isDisabled(), true);
  await page.getByLabel("Aantekeningen").fill("Het team herkent het beeld, ook buiten.");
  assert.equal(await save.isDisabled(), false);
  await move(page, "Kindgesprek");
  await page.getByLabel("Wat zegt het kind zelf?").fill("Buiten mag ik niet meedoen.");
  await page.getByLabel("Met wie speel je graag?").fill("Met Noor.");
  await saveForm(page);
  await move(page, "Oudergesprek");
  await page.getByLabel("Deels").check();
  await page.getByLabel("Aantekeningen").fill("Thuis speelt hij ook veel alleen.");
  await saveForm(page);
  await page.getByLabel("Waarvoor").selectOption({ label: "Contact met school" });
  await page.getByLabel("Gegeven door").fill("moeder");
  await page.getByRole("button", { name: "Toestemming vastleggen" }).click();
  await page.getByText("Toestemming vastgelegd.").waitFor();

  await move(page, "Plan van aanpak");
  await page.getByLabel("Doel (wat willen we bereiken?)").first().fill("Sam speelt buiten mee met een ander kind");
  await page.getByLabel("Hoe zien we dat het werkt?").first().fill("3 van de 4 middagen, volgens het schriftje");
  await page.getByRole("button", { name: "Nog een doel" }).click();
  await page.getByLabel("Doel (wat willen we bereiken?)").nth(1).fill("Sam vraagt hulp bij een conflict");
  await page.getByLabel("Hoe zien we dat het werkt?").nth(1).fill("Hij komt zelf naar een leidster");
  await page.getByLabel("Actie (wat gaan we doen?)").fill("Buitenspel starten met een maatje");
  await saveForm(page);
  const goals = page.locator(".goal-list .goal");
  await goals.filter({ hasText: "Sam speelt buiten mee" }).waitFor();
  assert.equal(await goals.count(), 2);
  await page.locator(".plan-action").getByText("Buitenspel starten met een maatje").waitFor();
  await screenshot(page, "plan-walk-plan-tablet");

  // A new moment about Sam, linked to the first goal, shows under that goal.
  await page.getByRole("link", { name: "Nieuw moment noteren" }).click();
  await page.getByRole("button", { name: "Sam K.", exact: true }).click();
  await page.getByLabel("Hoort bij doel").selectOption({ label: "Sam speelt buiten mee met een ander kind" });
  await page.getByLabel("Wat gebeurde er?").fill("Sam speelde tikkertje met Noor.");
  await page.getByRole("button", { name: "Opslaan" }).click();
  await page.getByText("Moment opgeslagen.").waitFor();
  await page.goto(url);
  await goals.filter({ hasText: "Sam speelt buiten mee" }).getByText("Sam speelde tikkertje met Noor.").waitFor();
  assert.equal(await goals.filter({ hasText: "Sam vraagt hulp" }).getByText("tikkertje").count(), 0);

  await move(page, "Uitvoering");
  await move(page, "Tussenevaluatie");
  await page.getByLabel("Afsluiten", { exact: true }).check();
  await page.getByRole("group", { name: "Is een reguliere plaatsing in het belang van dit kind en van de groep?" }).getByLabel("Ja").check();
  await page.getByLabel("Aantekeningen").fill("Doelen bereikt.");
  await saveForm(page);
  await page.locator(".move-list li").filter({ hasText: "voorgesteld" }).getByRole("button", { name: "Traject afsluiten" }).waitFor();
  await screenshot(page, "plan-walk-evaluation-tablet");
  await move(page, "Afgerond / overgedragen", { label: "Traject afsluiten", outcome: "Blijft op de reguliere BSO" });
  await page.getByLabel("Afsluitende notitie of overdracht").fill("Afgerond; school weet ervan.");
  await saveForm(page);

  const check = async () => {
    await current(page, "Afgerond / overgedragen").waitFor();
    await page.getByText("Afgesloten", { exact: true }).first().waitFor();
    await page.getByText("Afgerond; school weet ervan.").waitFor();
    await page.getByText("Doelen bereikt.").waitFor();
    await page.getByText("Buiten mag ik niet meedoen.").waitFor();
    await page.getByText("Thuis speelt hij ook veel alleen.").waitFor();
    await goals.filter({ hasText: "Sam speelt buiten mee" }).getByText("Sam speelde tikkertje met Noor.").waitFor();
    assert.equal(await goals.count(), 2);
  };
  await checkAfterReloads(page, context, check);
  await page.setViewportSize(PHONE);
  await screenshot(page, "plan-walk-closed-phone");
  assert.deepEqual(errors, []);
  await context.close();
});
