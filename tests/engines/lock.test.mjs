// The app lock in WebKit and Firefox: a PIN is set (PBKDF2 in the engine's WebCrypto), every
// stored value is sealed, the app locks by hand and after the set minutes without use and opens
// only with the PIN, wrong PINs have to wait, and the sealed data opens after a reload and after
// an offline reload; off stores it plain.
import { test } from "node:test";
import assert from "node:assert/strict";
import { captureMoment, nav, setUpDevice, waitForServiceWorker } from "../e2e/helpers.mjs";
import { crashes, engineScreenshot, serverAndEngine } from "./helpers.mjs";

let server;
let browser;
serverAndEngine((held) => ({ server, browser } = held));

const SEALED = "\uE000";
const PLAIN_KEYS = ["signaal/v1/lock", "signaal/v1/device"];

function stored(page) {
  return page.evaluate(() =>
    Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith("signaal/v1/")).map((k) => [k, localStorage.getItem(k)])),
  );
}

function assertSealed(values, words) {
  const keys = Object.keys(values).filter((k) => !PLAIN_KEYS.includes(k));
  assert.ok(keys.some((k) => k.startsWith("signaal/v1/moment/")), "a moment bucket is stored");
  for (const key of keys) assert.ok(values[key].startsWith(SEALED), `${key} is sealed`);
  for (const [key, value] of Object.entries(values)) {
    for (const word of words) assert.ok(!value.includes(word), `${key} does not contain ${word}`);
  }
}

async function unlock(page, pin) {
  await page.getByLabel("Pincode", { exact: true }).fill(pin);
  await page.getByRole("button", { name: "Ontgrendelen" }).click();
}

const locked = (page) => page.getByRole("heading", { name: "Signaal is vergrendeld" }).waitFor();

/** Moves the page's clock on by `ms`, as Playwright's clock does in the Chromium suite. */
const later = (page, ms) =>
  page.evaluate((ms) => {
    const now = Date.now;
    Date.now = () => now() + ms;
  }, ms);

test("a PIN seals the data, locks the app by hand and when left alone, makes wrong PINs wait, and opens after a reload, also offline", async () => {
  const { page, context, errors } = await setUpDevice(browser, server, { name: "Joris", children: ["Fenna V."] });
  await waitForServiceWorker(page);
  await captureMoment(page, { children: ["Fenna V."], note: "Watermeloenfeest: Fenna vertelde over thuis" });

  await nav(page, "Instellingen");
  await page.getByLabel("Nieuwe pincode (4 tot 8 cijfers)").fill("2468");
  await page.getByLabel("Nieuwe pincode nog een keer").fill("2486");
  await page.getByRole("button", { name: "Pincode instellen" }).click();
  await page.getByText("De twee pincodes zijn niet gelijk.").waitFor();
  await page.getByLabel("Nieuwe pincode nog een keer").fill("2468");
  await page.getByRole("button", { name: "Pincode instellen" }).click();
  await page.getByText("Pincode ingesteld.").waitFor();
  assertSealed(await stored(page), ["Watermeloenfeest", "Fenna", "Joris", "Groep Blauw"]);

  // Locked by hand: nothing of the notebook in the page.
  await page.getByRole("button", { name: "Nu vergrendelen" }).click();
  await locked(page);
  const html = await page.content();
  assert.ok(!html.includes("Watermeloenfeest") && !html.includes("Fenna V."), "no note behind the lock");
  assert.equal(await page.getByRole("navigation", { name: "Hoofdmenu" }).count(), 0);
  await unlock(page, "1357");
  await page.getByText("Onjuiste pincode.").waitFor();
  await unlock(page, "2468");
  await nav(page, "Schriftje");
  await page.getByText("Watermeloenfeest: Fenna vertelde over thuis").waitFor();

  // Written while unlocked: sealed as well. After a reload it opens with the PIN only.
  await captureMoment(page, { children: ["Fenna V."], note: "Kiekeboe met de kleintjes" });
  assertSealed(await stored(page), ["Kiekeboe", "Watermeloenfeest", "Fenna"]);
  await page.reload();
  await locked(page);
  await engineScreenshot(page, "lock");
  await unlock(page, "2468");
  await nav(page, "Schriftje");
  await page.getByText("Kiekeboe met de kleintjes").waitFor();
  await page.getByText("Watermeloenfeest: Fenna vertelde over thuis").waitFor();

  // Offline, from the service worker's copy of the app.
  await context.setOffline(true);
  await page.reload();
  await locked(page);
  await unlock(page, "2468");
  await nav(page, "Schriftje");
  await page.getByText("Kiekeboe met de kleintjes").waitFor();
  await context.setOffline(false);

  // Left alone on the group for longer than the set minutes: it locks itself.
  await later(page, 6 * 60_000);
  await locked(page);
  assert.equal(await page.getByText("Kiekeboe met de kleintjes").count(), 0);

  // Five wrong PINs: the next try has to wait, even with the right PIN.
  for (let i = 0; i < 5; i++) {
    await unlock(page, "9999");
    await page.getByRole("alert").waitFor();
  }
  await page.getByText(/Te vaak een onjuiste pincode. Probeer het opnieuw over 30 s/).waitFor();
  await unlock(page, "2468");
  await page.getByText(/Probeer het opnieuw over/).waitFor();
  await locked(page);
  await later(page, 31_000);
  await unlock(page, "2468");
  await nav(page, "Instellingen");

  // Off only with the PIN: everything stored plain again.
  await page.getByLabel("Huidige pincode").fill("2468");
  await page.getByRole("button", { name: "App-slot uitzetten" }).click();
  await page.getByText("App-slot uitgezet.").waitFor();
  const plain = await stored(page);
  assert.ok(!("signaal/v1/lock" in plain));
  assert.ok(Object.values(plain).every((v) => !v.startsWith(SEALED)), "every value plain again");
  await page.reload();
  await nav(page, "Schriftje");
  await page.getByText("Kiekeboe met de kleintjes").waitFor();
  assert.deepEqual(crashes(errors), []);
  await context.close();
});
