// Notes encrypted at rest on a device with an app-lock PIN: what the browser keeps in its storage
// is sealed (no word of a note, no name), opens only with the PIN, also offline and after an
// interrupted sealing; a damaged sealed value is kept aside; turning the lock off stores it plain
// again, and a storage too full for that keeps the lock on and loses nothing. Sync keeps working
// with a PIN set.
import { test } from "node:test";
import assert from "node:assert/strict";
import { captureMoment, fillStorage, freeStorage, joinTeam, nav, screenshot, PHONE, serverAndBrowser, setUpDevice, startTeam, waitForServiceWorker, waitForSynced } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

const SEALED = "\uE000";
const PLAIN_KEYS = ["signaal/v1/lock", "signaal/v1/device"];

/** Every value the app keeps in localStorage, raw. */
function stored(page) {
  return page.evaluate(() =>
    Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith("signaal/v1/")).map((k) => [k, localStorage.getItem(k)])),
  );
}

/** Asserts that every value but the lock and device settings is sealed and none holds `words`. */
function assertSealed(values, words) {
  const keys = Object.keys(values).filter((k) => !PLAIN_KEYS.includes(k));
  assert.ok(keys.some((k) => k.startsWith("signaal/v1/moment/")), "a moment bucket is stored");
  for (const key of keys) assert.ok(values[key].startsWith(SEALED), `${key} is sealed`);
  for (const [key, value] of Object.entries(values)) {
    for (const word of words) assert.ok(!value.includes(word), `${key} does not contain ${word}`);
  }
}

const units = (values) => Object.entries(values).reduce((sum, [k, v]) => sum + k.length + v.length, 0);

async function setPin(page, pin) {
  await nav(page, "Instellingen");
  await page.getByLabel("Nieuwe pincode (4 tot 8 cijfers)").fill(pin);
  await page.getByLabel("Nieuwe pincode nog een keer").fill(pin);
  await page.getByRole("button", { name: "Pincode instellen" }).click();
  await page.getByText("Pincode ingesteld.").waitFor();
}

async function unlock(page, pin) {
  await page.getByLabel("Pincode", { exact: true }).fill(pin);
  await page.getByRole("button", { name: "Ontgrendelen" }).click();
}

async function turnOff(page, pin) {
  await nav(page, "Instellingen");
  await page.getByLabel("Huidige pincode").fill(pin);
  await page.getByRole("button", { name: "App-slot uitzetten" }).click();
}

test("with a PIN nothing readable is stored; the PIN opens it, also offline and after an interrupted sealing; off stores it plain", async () => {
  const { page, context, errors } = await setUpDevice(browser, server, { name: "Joris", children: ["Fenna V."] });
  await waitForServiceWorker(page);
  await captureMoment(page, { children: ["Fenna V."], note: "Watermeloenfeest: Fenna vertelde over thuis" });
  const plain = await stored(page);
  assert.ok(Object.values(plain).some((v) => v.includes("Watermeloenfeest")), "without a PIN the note is stored readable");

  await nav(page, "Instellingen");
  await page.getByText("een vergeten pincode kan niemand herstellen").waitFor();
  await screenshot(page, "encryption-settings-tablet");
  await setPin(page, "2468");
  const sealed = await stored(page);
  assertSealed(sealed, ["Watermeloenfeest", "Fenna", "Joris", "Groep Blauw"]);
  assert.ok(units(sealed) < units(plain), `sealed (${units(sealed)} units) is smaller than plain (${units(plain)})`);

  // Written while unlocked: sealed as well.
  await captureMoment(page, { children: ["Fenna V."], note: "Kiekeboe met de kleintjes" });
  assertSealed(await stored(page), ["Kiekeboe", "Watermeloenfeest", "Fenna"]);

  // Opening the app: nothing to see before the PIN, a wrong one shows nothing either.
  await page.reload();
  await page.getByRole("heading", { name: "Signaal is vergrendeld" }).waitFor();
  await unlock(page, "1357");
  await page.getByText("Onjuiste pincode.").waitFor();
  assert.ok(!(await page.content()).includes("Watermeloenfeest"));
  await unlock(page, "2468");
  await nav(page, "Schriftje");
  await page.getByText("Watermeloenfeest: Fenna vertelde over thuis").waitFor();
  await page.getByText("Kiekeboe met de kleintjes").waitFor();

  // Offline, from the service worker's copy of the app.
  await context.setOffline(true);
  await page.reload();
  await page.getByRole("heading", { name: "Signaal is vergrendeld" }).waitFor();
  await unlock(page, "2468");
  await nav(page, "Schriftje");
  await page.getByText("Kiekeboe met de kleintjes").waitFor();
  await context.setOffline(false);

  // The browser stopped in the middle of sealing: one value is still plain. Everything reads,
  // and the unlock seals the rest.
  const bucket = Object.keys(plain).find((k) => k.startsWith("signaal/v1/child/"));
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [bucket, plain[bucket]]);
  await page.reload();
  await unlock(page, "2468");
  await nav(page, "Kinderen");
  await page.getByRole("link", { name: "Fenna V." }).waitFor();
  assertSealed(await stored(page), ["Fenna"]);

  // A backup is made of the opened values: it must restore without this device's PIN.
  await nav(page, "Instellingen");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Exporteer alles (JSON)" }).click(),
  ]);
  const backup = await (await download.createReadStream()).toArray();
  assert.ok(Buffer.concat(backup).toString("utf8").includes("Kiekeboe met de kleintjes"));

  // Off: plain again, the data intact, no lock at the next start.
  await turnOff(page, "2468");
  await page.getByText("App-slot uitgezet.").waitFor();
  const after = await stored(page);
  assert.ok(!("signaal/v1/lock" in after));
  assert.ok(Object.values(after).every((v) => !v.startsWith(SEALED)), "every value plain again");
  assert.ok(Object.values(after).some((v) => v.includes("Kiekeboe met de kleintjes")));
  await page.reload();
  await nav(page, "Schriftje");
  await page.getByText("Watermeloenfeest: Fenna vertelde over thuis").waitFor();
  await page.getByText("Kiekeboe met de kleintjes").waitFor();
  assert.deepEqual(errors.filter((e) => /panicked|RuntimeError/.test(e)), []);
  await context.close();
});

test("a storage too full for the plain data keeps the lock on and loses nothing", async () => {
  const { page, context } = await setUpDevice(browser, server, { children: ["Lotte P."] });
  await captureMoment(page, { children: ["Lotte P."], note: "Bouwde een toren van blokken" });
  await setPin(page, "8642");
  assert.ok((await fillStorage(page)) > 1);
  await turnOff(page, "8642");
  await page.getByRole("alert").filter({ hasText: "het app-slot blijft aan" }).waitFor();
  await page.getByText("Het app-slot staat aan.", { exact: false }).waitFor();
  assertSealed(await stored(page), ["Bouwde een toren", "Lotte"]);

  await freeStorage(page);
  await page.reload();
  await unlock(page, "8642");
  await nav(page, "Schriftje");
  await page.getByText("Bouwde een toren van blokken").waitFor();
  await turnOff(page, "8642");
  await page.getByText("App-slot uitgezet.").waitFor();
  await context.close();
});

test("a lock set before encryption still opens with its PIN and seals the data; a damaged sealed value is kept aside", async () => {
  const { page, context } = await setUpDevice(browser, server, { children: ["Milan D."], viewport: PHONE });
  await captureMoment(page, { children: ["Milan D."], note: "Hielp met opruimen na het knutselen" });
  // The lock settings as the app wrote them before it sealed data: a PBKDF2 hash of the PIN.
  await page.evaluate(async () => {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const base = await crypto.subtle.importKey("raw", new TextEncoder().encode("1470"), "PBKDF2", false, ["deriveBits"]);
    const hash = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations: 150000 }, base, 256);
    const b64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
    localStorage.setItem("signaal/v1/lock", JSON.stringify({ salt: b64(salt), hash: b64(hash), minutes: 5 }));
  });
  await page.reload();
  await page.getByRole("heading", { name: "Signaal is vergrendeld" }).waitFor();
  await screenshot(page, "encryption-lock-phone");
  await unlock(page, "1470");
  await nav(page, "Schriftje");
  await page.getByText("Hielp met opruimen na het knutselen").waitFor();
  assertSealed(await stored(page), ["opruimen", "Milan"]);
  const lock = JSON.parse((await stored(page))["signaal/v1/lock"]);
  assert.ok(lock.data_key && !lock.hash, "upgraded to a wrapped data key");
  await page.getByRole("banner").getByRole("link", { name: "Instellingen" }).click();
  await page.getByText("een vergeten pincode kan niemand herstellen").waitFor();
  await screenshot(page, "encryption-settings-phone");

  // A sealed value damaged on disk: reported and kept aside exactly as it was; the rest opens.
  const values = await stored(page);
  const bucket = Object.keys(values).find((k) => k.startsWith("signaal/v1/moment/"));
  const at = values[bucket].length - 3;
  const damaged = values[bucket].slice(0, at) + String.fromCharCode(values[bucket].charCodeAt(at) ^ 1) + values[bucket].slice(at + 1);
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [bucket, damaged]);
  await page.reload();
  await unlock(page, "1470");
  await page.getByRole("alert").filter({ hasText: "konden niet gelezen worden" }).first().waitFor();
  const after = await stored(page);
  const aside = Object.keys(after).find((k) => k.startsWith("signaal/v1/quarantine/moment/"));
  assert.equal(after[aside], damaged, "kept aside as it was");
  assert.ok(!(bucket in after), "the damaged bucket no longer blocks saving");
  await nav(page, "Kinderen");
  await page.getByRole("link", { name: "Milan D." }).waitFor();
  await context.close();
});

test("a device with a PIN syncs with its team: it pushes after unlocking and receives", async () => {
  const a = await setUpDevice(browser, server, { name: "Anna", children: ["Sara M."] });
  const link = await startTeam(a.page);
  const teamKey = new URL(link).hash.match(/k=([^&]+)/)[1];
  await setPin(a.page, "3579");
  await captureMoment(a.page, { children: ["Sara M."], note: "Speelde voor het eerst mee met tikkertje" });
  const values = await stored(a.page);
  assertSealed(values, ["tikkertje", "Sara", "Anna", teamKey]);

  const b = await joinTeam(browser, server, link);
  await nav(b.page, "Schriftje");
  await b.page.getByText("Speelde voor het eerst mee met tikkertje").waitFor({ timeout: 30_000 });
  await nav(b.page, "Instellingen");
  await b.page.getByLabel("Jouw naam of initialen").fill("Bram");
  await b.page.getByRole("button", { name: "Opslaan", exact: true }).click();
  await b.page.getByText("Opgeslagen.", { exact: true }).waitFor();

  // After a reload A syncs only once unlocked, and then both ways.
  await a.page.reload();
  await unlock(a.page, "3579");
  await captureMoment(a.page, { children: ["Sara M."], note: "Troostte een jonger kind" });
  await captureMoment(b.page, { children: ["Sara M."], note: "Vertelde over de nieuwe hond" });
  await nav(b.page, "Schriftje");
  await b.page.getByText("Troostte een jonger kind").waitFor({ timeout: 30_000 });
  await waitForSynced(a.page);
  await nav(a.page, "Schriftje");
  await a.page.getByText("Vertelde over de nieuwe hond").waitFor({ timeout: 30_000 });
  assertSealed(await stored(a.page), ["hond", "Troostte", "Sara", teamKey]);
  await a.context.close();
  await b.context.close();
});
