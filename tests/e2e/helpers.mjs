// Starts the real server (real build, fresh data dir, free port) and real Chromium for a test file.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before } from "node:test";
import { chromium } from "playwright-core";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const SERVER_BIN = process.env.SIGNAAL_SERVER_BIN || join(ROOT, "target", "server", "signaal-server");
export const DIST = process.env.SIGNAAL_DIST || join(ROOT, "dist");
export const OUTPUT = join(ROOT, "test-output");

export const PHONE = { width: 360, height: 740 };
export const TABLET = { width: 1024, height: 768 };

/**
 * Starts the server; resolves once it printed its URL. `port` (default: a free one) lets a test
 * restart the server on the same data dir where the app expects it.
 */
export async function startServer({ dist = DIST, dataDir, env = {}, args = [], port = 0 } = {}) {
  const ownDir = !dataDir;
  dataDir ??= mkdtempSync(join(tmpdir(), "signaal-data-"));
  const child = spawn(SERVER_BIN, ["--port", String(port), "--data-dir", dataDir, "--dist", dist, ...args], {
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG || "warn", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/Signaal: (http:\/\/\S+?)\/?\s/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  const exited = new Promise((resolve) => child.on("exit", resolve));
  return {
    url,
    dataDir,
    process: child,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A fresh context (like a fresh device) with a page on `path`. Console errors and uncaught page
 * errors are collected in `errors` so a test can assert a clean run.
 */
export async function openApp(browser, server, { path = "/", viewport = TABLET, ...options } = {}) {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(server.url + path);
  await page.locator("main h1").first().waitFor();
  return { context, page, errors };
}

/** Waits until a service worker controls the page (the precache is complete by then). */
export async function waitForServiceWorker(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
}

export async function screenshot(page, name) {
  const dir = join(OUTPUT, "screens");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * A fresh device (its own browser context) set up as a practitioner would: optionally a group
 * with children, then the practitioner's name (and that group as theirs) in Settings.
 */
export async function setUpDevice(browser, server, { name = "Anna", group = "Groep Blauw", children = [], ...options } = {}) {
  const app = await openApp(browser, server, { path: "/kinderen", ...options });
  const { page } = app;
  if (children.length) {
    await page.getByLabel("Naam van de groep").fill(group);
    await page.getByRole("button", { name: "Groep toevoegen" }).click();
    for (const child of children) {
      await page.getByLabel("Naam (voornaam en initiaal)").fill(child);
      await page.getByRole("button", { name: "Kind toevoegen" }).click();
      await page.getByRole("link", { name: child }).waitFor();
    }
  }
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Instellingen" }).or(page.getByRole("banner").getByRole("link", { name: "Instellingen" })).first().click();
  await page.getByLabel("Jouw naam of initialen").fill(name);
  if (children.length) await page.getByLabel("Mijn groep").selectOption({ label: group });
  await page.getByRole("button", { name: "Opslaan", exact: true }).click();
  await page.getByText("Opgeslagen.", { exact: true }).waitFor();
  return app;
}

/** Writes a moment through the form: child chips, optional tags, note, optional handover flag. */
export async function captureMoment(page, { children, tags = [], note, handover = false }) {
  await page.getByRole("link", { name: "Nieuw moment noteren" }).click();
  for (const child of children) await page.getByRole("button", { name: child, exact: true }).click();
  for (const tag of tags) await page.getByRole("button", { name: tag, exact: true }).click();
  await page.getByLabel("Wat gebeurde er?").fill(note);
  if (handover) await page.getByLabel("Voor de overdracht").check();
  await page.getByRole("button", { name: "Opslaan" }).click();
  await page.getByText("Moment opgeslagen.").waitFor();
}

/**
 * Fills the origin's storage quota with other data, as years of use (or another app) would, to
 * the last few units; returns how many values that took. `freeStorage` takes it out again.
 */
export function fillStorage(page) {
  return page.evaluate(() => {
    const chunk = "x".repeat(256 * 1024);
    let i = 0;
    for (let size = chunk.length; size >= 16; ) {
      try {
        localStorage.setItem(`filler-${i++}`, chunk.slice(0, size));
      } catch {
        size = Math.floor(size / 2);
      }
    }
    return i;
  });
}

export function freeStorage(page) {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("filler-")).forEach((k) => localStorage.removeItem(k)));
}

/** Follows a link of the main menu (bottom bar on phones, side rail on tablets). */
export const nav = (page, name) => page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name }).click();

/** Starts a team on this device (through Settings) and returns the invite link it shows. */
export async function startTeam(page) {
  await nav(page, "Instellingen");
  await page.getByRole("link", { name: "Team instellen" }).click();
  await page.getByLabel("Naam van dit apparaat (optioneel)").fill("Tablet A");
  await page.getByRole("button", { name: "Team starten" }).click();
  await page.getByRole("heading", { name: "Een apparaat uitnodigen" }).waitFor();
  return page.getByLabel("Uitnodigingslink", { exact: true }).inputValue();
}

/** Opens the invite link on a fresh device (its own browser context) and joins. */
export async function joinTeam(browser, server, link) {
  const app = await openApp(browser, server, { path: new URL(link).pathname + new URL(link).hash });
  await app.page.getByRole("heading", { name: "Uitnodiging voor een team" }).waitFor();
  await app.page.getByRole("button", { name: "Meedoen" }).click();
  await app.page.getByRole("heading", { level: 1, name: "Team en synchronisatie" }).waitFor();
  return app;
}

/** Waits on the Settings page, which shows the sync status, until nothing waits and all went well. */
export async function waitForSynced(page, timeout = 30_000) {
  await nav(page, "Instellingen");
  await page.getByText("Gesynchroniseerd", { exact: true }).waitFor({ timeout });
}

/**
 * One real server (fresh data dir) and one Chromium for a whole test file: started before its
 * first test, stopped after its last. `use(server, browser)` receives them.
 */
export function serverAndBrowser(use, options = {}) {
  let server;
  let browser;
  before(async () => {
    server = await startServer(options);
    browser = await launchBrowser();
    use(server, browser);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
}
