// The app lock on a tablet left on the group: with a PIN set, the app opens locked and locks
// itself after the set minutes without use; while locked no note is in the page; wrong PINs
// are refused and, after five, have to wait; the lock goes off only with the PIN.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { pbkdf2Sync, randomBytes } from "node:crypto";
import { captureMoment, nav, ROOT, serverAndBrowser, setUpDevice } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

async function unlock(page, pin) {
  await page.getByLabel("Pincode", { exact: true }).fill(pin);
  await page.getByRole("button", { name: "Ontgrendelen" }).click();
}

test("a PIN locks the app at start and after inactivity, hides every note, and only the PIN turns it off", async () => {
  const { page, context, errors } = await setUpDevice(browser, server, { children: ["Sem B."] });
  await captureMoment(page, { children: ["Sem B."], note: "Geheime notitie over Sem" });
  await nav(page, "Instellingen");
  await page.getByLabel("Nieuwe pincode (4 tot 8 cijfers)").fill("1234");
  await page.getByLabel("Nieuwe pincode nog een keer").fill("1243");
  await page.getByRole("button", { name: "Pincode instellen" }).click();
  await page.getByText("De twee pincodes zijn niet gelijk.").waitFor();
  await page.getByLabel("Nieuwe pincode nog een keer").fill("1234");
  await page.getByLabel("Vergrendelen na (minuten zonder gebruik)").fill("2");
  await page.getByRole("button", { name: "Pincode instellen" }).click();
  await page.getByText("Pincode ingesteld.").waitFor();

  // Opening the app: locked, and nothing of the notebook in the page.
  await context.clock.install();
  await page.reload();
  await page.getByRole("heading", { name: "Signaal is vergrendeld" }).waitFor();
  const locked = await page.content();
  assert.ok(!locked.includes("Geheime notitie") && !locked.includes("Sem B."), "no note behind the lock");
  assert.equal(await page.getByRole("navigation", { name: "Hoofdmenu" }).count(), 0);

  await unlock(page, "0000");
  await page.getByText("Onjuiste pincode.").waitFor();
  await unlock(page, "1234");
  await nav(page, "Schriftje");
  await page.getByText("Geheime notitie over Sem").waitFor();

  // Two minutes without a tap: locked again.
  await page.clock.fastForward("02:10");
  await page.getByRole("heading", { name: "Signaal is vergrendeld" }).waitFor();
  assert.equal(await page.getByText("Geheime notitie over Sem").count(), 0);

  // Five wrong PINs: the next try has to wait.
  for (let i = 0; i < 5; i++) await unlock(page, "9999");
  await page.getByText(/Te vaak een onjuiste pincode. Probeer het opnieuw over 30 s/).waitFor();
  await unlock(page, "1234");
  await page.getByText(/Probeer het opnieuw over/).waitFor();
  await page.clock.fastForward("00:31");
  await unlock(page, "1234");
  await nav(page, "Instellingen");

  // Off only with the PIN.
  await page.getByLabel("Huidige pincode").fill("4321");
  await page.getByRole("button", { name: "App-slot uitzetten" }).click();
  await page.getByText("Onjuiste pincode.").waitFor();
  await page.getByLabel("Huidige pincode").fill("1234");
  await page.getByRole("button", { name: "App-slot uitzetten" }).click();
  await page.getByText("App-slot uitgezet.").waitFor();
  await page.reload();
  await page.getByRole("navigation", { name: "Hoofdmenu" }).waitFor();
  assert.deepEqual(errors.filter((e) => /panicked|RuntimeError/.test(e)), []);
});

async function setFirstPin(page, pin) {
  await nav(page, "Instellingen");
  await page.getByLabel("Nieuwe pincode (4 tot 8 cijfers)").fill(pin);
  await page.getByLabel("Nieuwe pincode nog een keer").fill(pin);
  await page.getByRole("button", { name: "Pincode instellen" }).click();
  await page.getByText("Pincode ingesteld.").waitFor();
}

const storedWait = (page) => page.evaluate(() => JSON.parse(localStorage.getItem("signaal/v1/lock-wait")));
const lockSettings = (page) => page.evaluate(() => JSON.parse(localStorage.getItem("signaal/v1/lock")));

test("changing the PIN needs the current one, and the wrong-PIN wait survives a reload", async () => {
  const { page, errors } = await setUpDevice(browser, server, { children: ["Sem B."] });
  await setFirstPin(page, "1234");
  assert.equal((await lockSettings(page)).iterations, 600000);

  // Someone at the unlocked tablet cannot set their own PIN.
  await page.getByLabel("Nieuwe pincode (4 tot 8 cijfers)").fill("5678");
  await page.getByLabel("Nieuwe pincode nog een keer").fill("5678");
  await page.getByRole("button", { name: "Pincode instellen" }).click();
  await page.getByText("Onjuiste pincode.").waitFor();
  await page.getByLabel("Huidige pincode").fill("4321");
  await page.getByRole("button", { name: "Pincode instellen" }).click();
  // Wrong PINs here count like at the lock screen.
  await page.waitForFunction(() => JSON.parse(localStorage.getItem("signaal/v1/lock-wait"))?.failures === 2);
  await page.getByText("Onjuiste pincode.").waitFor();
  await page.getByLabel("Huidige pincode").fill("1234");
  await page.getByRole("button", { name: "Pincode instellen" }).click();
  await page.getByText("Pincode ingesteld.").waitFor();
  assert.equal(await storedWait(page), null, "a right PIN clears the count");

  await page.reload();
  await unlock(page, "1234");
  await page.getByText("Onjuiste pincode.").waitFor();
  await unlock(page, "5678");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).waitFor();

  // Five wrong PINs, then a reload: the wait is still there, and the right PIN still waits.
  await page.reload();
  for (let i = 0; i < 5; i++) await unlock(page, "9999");
  await page.getByText(/Probeer het opnieuw over 30 s/).waitFor();
  const wait = await storedWait(page);
  assert.equal(wait.failures, 5);
  assert.ok(wait.until_ms > Date.now() + 20_000, JSON.stringify(wait));
  await page.reload();
  await page.getByRole("heading", { name: "Signaal is vergrendeld" }).waitFor();
  await unlock(page, "5678");
  await page.getByText(/Te vaak een onjuiste pincode. Probeer het opnieuw over \d+ s/).waitFor();
  assert.equal(await page.getByRole("navigation", { name: "Hoofdmenu" }).count(), 0);
  // Once the wait is over (moved into the past here), the right PIN opens; one more wrong one
  // would have waited 60 s.
  await page.evaluate(() => localStorage.setItem("signaal/v1/lock-wait", JSON.stringify({ failures: 5, until_ms: Date.now() - 1 })));
  await page.reload();
  await unlock(page, "5678");
  await page.getByRole("navigation", { name: "Hoofdmenu" }).waitFor();
  assert.equal(await storedWait(page), null);
  assert.deepEqual(errors.filter((e) => /panicked|RuntimeError/.test(e)), []);
});

test("a lock made with 150,000 PBKDF2 iterations still opens and is re-wrapped with 600,000 at that unlock", async () => {
  const { page, errors } = await setUpDevice(browser, server, { children: ["Sem B."] });
  await captureMoment(page, { children: ["Sem B."], note: "Notitie van voor de upgrade" });
  // The settings as a device kept them before the count was stored: no `iterations` field.
  const salt = randomBytes(16);
  const pinKey = pbkdf2Sync("2468", salt, 150_000, 32, "sha256");
  const dataKey = randomBytes(32);
  const wrapped = execFileSync(
    "cargo",
    ["run", "-q", "-p", "signaal-core", "--example", "legacy_lock", "--", pinKey.toString("base64"), dataKey.toString("base64")],
    { cwd: ROOT, encoding: "utf8" },
  );
  const old = { salt: salt.toString("base64"), data_key: wrapped, minutes: 5 };
  await page.evaluate((old) => localStorage.setItem("signaal/v1/lock", JSON.stringify(old)), old);
  await page.reload();
  await page.getByRole("heading", { name: "Signaal is vergrendeld" }).waitFor();
  await unlock(page, "2468");
  await nav(page, "Schriftje");
  await page.getByText("Notitie van voor de upgrade").waitFor();

  const upgraded = await lockSettings(page);
  assert.equal(upgraded.iterations, 600000);
  assert.equal(upgraded.minutes, 5);
  assert.notEqual(upgraded.salt, old.salt, "a fresh salt");
  assert.notEqual(upgraded.data_key, old.data_key);
  // The notes were sealed with the data key of the old lock at that unlock; after the upgrade
  // the same PIN opens them again, so the upgrade wrapped that same key.
  const sealed = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith("signaal/v1/") && localStorage.getItem(k).startsWith("\u{E000}")).length,
  );
  assert.ok(sealed > 0, "stored values are sealed");
  await page.reload();
  await unlock(page, "2468");
  await nav(page, "Schriftje");
  await page.getByText("Notitie van voor de upgrade").waitFor();
  assert.deepEqual((await lockSettings(page)).data_key, upgraded.data_key, "upgraded once");
  assert.deepEqual(errors.filter((e) => /panicked|RuntimeError/.test(e)), []);
});
