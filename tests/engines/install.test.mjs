// Putting Signaal on the home screen keeps its storage from being cleared (Safari's 7-day rule).
// Chromium hands the app an install dialog; WebKit and Firefox have none, so Settings says how.
import { test } from "node:test";
import assert from "node:assert/strict";
import { nav, openApp } from "../e2e/helpers.mjs";
import { crashes, ENGINE, engineScreenshot, serverAndEngine } from "./helpers.mjs";

let server;
let browser;
serverAndEngine((held) => ({ server, browser } = held));

test("Settings says how to put Signaal on the home screen in this browser", async () => {
  const { context, page, errors } = await openApp(browser, server);
  await nav(page, "Instellingen");
  const card = page.locator("section", { has: page.getByRole("heading", { name: "Op beginscherm zetten" }) });
  await card.waitFor();
  const how = ENGINE === "webkit" ? "tik op Deel (het vierkant met de pijl omhoog) en kies 'Zet op beginscherm'" : "kies in het menu van de browser 'Toevoegen aan startscherm'";
  assert.ok((await card.innerText()).includes(how), await card.innerText());
  // Nothing to press that would do nothing.
  assert.equal(await card.getByRole("button", { name: "Installeren" }).count(), 0);
  await engineScreenshot(page, "settings-install");
  assert.deepEqual(crashes(errors), []);
  await context.close();
});
