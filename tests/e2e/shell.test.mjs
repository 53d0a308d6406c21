// The app shell: loads clean, Dutch by default, English on request, navigation, layout at
// phone and tablet size.
import { test } from "node:test";
import assert from "node:assert/strict";
import { PHONE, TABLET, openApp, screenshot, serverAndBrowser, setUpDevice, smallTargets } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

test("the app loads without console errors and shows the shell in Dutch", async () => {
  const { context, page, errors } = await openApp(browser, server);
  await assert.doesNotReject(page.getByRole("heading", { level: 1, name: "Vandaag" }).waitFor());
  const nav = page.getByRole("navigation", { name: "Hoofdmenu" });
  for (const label of ["Vandaag", "Schriftje", "Kinderen", "Stappenplan", "Overzicht", "Instellingen"]) {
    await assert.doesNotReject(nav.getByRole("link", { name: label }).waitFor(), `nav item ${label}`);
  }
  assert.equal(await page.getAttribute("html", "lang"), "nl");
  assert.equal(await page.title(), "Vandaag · Signaal");
  assert.deepEqual(errors, []);
  await context.close();
});

test("navigation reaches every area and marks the current one", async () => {
  const { context, page, errors } = await openApp(browser, server, { viewport: PHONE });
  const nav = page.getByRole("navigation", { name: "Hoofdmenu" });
  for (const [label, path] of [
    ["Schriftje", "/schriftje"],
    ["Kinderen", "/kinderen"],
    ["Stappenplan", "/stappenplan"],
    ["Overzicht", "/overzicht"],
    ["Vandaag", "/"],
  ]) {
    const link = nav.getByRole("link", { name: label });
    await link.click();
    await page.getByRole("heading", { level: 1, name: label }).waitFor();
    assert.equal(new URL(page.url()).pathname, path);
    assert.equal(await link.getAttribute("aria-current"), "page");
  }
  // On a phone, settings are the gear in the top bar.
  await page.getByRole("banner").getByRole("link", { name: "Instellingen" }).click();
  await page.getByRole("heading", { level: 1, name: "Instellingen" }).waitFor();
  await page.goto(server.url + "/bestaat-niet");
  await page.getByRole("heading", { level: 1, name: "Pagina niet gevonden" }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test("switching to English works and survives a reload", async () => {
  const { context, page, errors } = await openApp(browser, server, { path: "/instellingen" });
  await page.getByRole("radio", { name: "English" }).check();
  await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
  const nav = page.getByRole("navigation", { name: "Main menu" });
  assert.equal(await nav.getByRole("link", { name: "Notebook" }).count(), 1);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.ok(await page.getByRole("radio", { name: "English" }).isChecked());

  await page.getByRole("radio", { name: "Nederlands" }).check();
  await page.getByRole("heading", { level: 1, name: "Instellingen" }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test("the layout fits a 360 px phone and a 1024 px tablet (screenshots in test-output/)", async () => {
  for (const [name, viewport] of [["phone", PHONE], ["tablet", TABLET]]) {
    const { context, page } = await openApp(browser, server, { viewport });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: page is ${overflow}px wider than the screen`);
    // Every tappable thing is at least 44 px in both directions.
    const small = await smallTargets(page);
    assert.deepEqual(small, [], `${name}: touch targets under 44 px`);
    await screenshot(page, `shell-${name}`);
    await context.close();
  }
});

test("the skip link and navigation work by keyboard", async () => {
  const { context, page } = await openApp(browser, server);
  await page.keyboard.press("Tab");
  const focused = await page.evaluate(() => document.activeElement.textContent);
  assert.equal(focused, "Naar de inhoud");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "main");
  await context.close();
});

test("a crash of the app's code shows what happened and a reload, and the stored work survives it", async () => {
  const { context, page, errors } = await setUpDevice(browser, server, { children: ["Mila B."] });
  await page.goto(server.url + "/");
  await page.getByRole("heading", { level: 1, name: "Vandaag" }).waitFor();
  const stored = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("signaal/")).sort());
  const before = await stored();
  // A real trap of the running module: an allocation it refuses ends in `unreachable`, exactly
  // where a panic ends (the wasm is built to stop at once on one). The glue hands back the
  // module it already started.
  await page.evaluate(async () => {
    const glue = await import(document.querySelector("link[rel=modulepreload]").href);
    const wasm = await glue.default();
    setTimeout(() => wasm.__wbindgen_malloc(0xfffffff0, 8));
  });
  const alert = page.getByRole("alert");
  await alert.getByText("Er ging iets mis in Signaal").waitFor();
  assert.ok(errors.some((e) => /RuntimeError/.test(e)), errors.join("\n"));
  const reload = page.getByRole("button", { name: "Opnieuw laden" });
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Opnieuw laden");
  assert.deepEqual(await stored(), before);
  await screenshot(page, "crash-tablet");
  await reload.click();
  await page.getByRole("heading", { level: 1, name: "Vandaag" }).waitFor();
  await page.getByRole("link", { name: "Kinderen" }).first().click();
  await page.getByText("Mila B.").first().waitFor();
  await context.close();
});
