// Starts the real server (real build, fresh data dir, free port) and real Chromium for a test file.
import { spawn } from "node:child_process";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
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
export async function startServer({ dist = DIST, dataDir, env = {}, args = [], port = 0, keepLog = false } = {}) {
  // The server would answer every page with 503 "not built yet"; a test or benchmark then fails
  // far from the cause.
  if (!existsSync(join(dist, "index.html"))) {
    throw new Error(`no built app in ${dist}: build it first (bash scripts/build-web.sh; for benches/counter: WEB_DIR=benches/counter bash scripts/build-web.sh, which make bench does)`);
  }
  const ownDir = !dataDir;
  dataDir ??= mkdtempSync(join(tmpdir(), "signaal-data-"));
  const child = spawn(SERVER_BIN, ["--port", String(port), "--data-dir", dataDir, "--dist", dist, ...args], {
    env: { ...process.env, RUST_LOG: process.env.RUST_LOG || "warn", ...env },
    stdio: ["ignore", "pipe", keepLog ? "pipe" : "inherit"],
  });
  // `keepLog`: the server's log is collected for the test to read instead of printed.
  let log = "";
  child.stderr?.on("data", (chunk) => (log += chunk));
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
    log: () => log,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A server on a private copy of the build, so a test can publish a "new version" into `dist`
 * without touching the build other tests use; `stop()` also removes the copy.
 */
export async function startPrivateBuild() {
  const dist = mkdtempSync(join(tmpdir(), "signaal-dist-"));
  cpSync(DIST, dist, { recursive: true });
  const server = await startServer({ dist });
  return {
    dist,
    server,
    async stop() {
      await server.stop();
      rmSync(dist, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, quiet on this closed network; `args` and `env` add to that. */
export function launchBrowser({ args = [], env } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    env: env && { ...process.env, ...env },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...args,
    ],
  });
}

/**
 * A fresh context (like a fresh device) with a page on `path`. Console errors and uncaught page
 * errors are collected in `errors` so a test can assert a clean run.
 */
export async function openApp(browser, server, { path = "/", viewport = TABLET, init, ...options } = {}) {
  const context = await browser.newContext({ viewport, ...options });
  // A script that runs in the page before its own (Playwright's addInitScript).
  if (init) await context.addInitScript(init);
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

export async function screenshot(page, name, { fullPage = true } = {}) {
  const dir = join(OUTPUT, "screens");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage });
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
    await page.getByRole("heading", { level: 2, name: group, exact: true }).waitFor();
    for (const child of children) {
      await page.getByLabel("Naam (voornaam en initiaal)").fill(child);
      await page.getByRole("button", { name: "Kind toevoegen" }).click();
      await page.getByRole("link", { name: child }).waitFor();
    }
  }
  await saveProfile(page, { name, group: children.length ? group : undefined });
  return app;
}

/** Saves the practitioner's name (and optionally their group) in Settings, as a joined device needs before writing. */
export async function saveProfile(page, { name, group }) {
  await page.getByRole("navigation", { name: "Hoofdmenu" }).getByRole("link", { name: "Instellingen" }).or(page.getByRole("banner").getByRole("link", { name: "Instellingen" })).first().click();
  await page.getByLabel("Jouw naam of initialen").fill(name);
  if (group) await page.getByLabel("Mijn groep").selectOption({ label: group });
  await page.getByRole("button", { name: "Opslaan", exact: true }).click();
  await page.getByText("Opgeslagen.", { exact: true }).waitFor();
}

/**
 * Tappable things on screen smaller than 44 px in either direction, described for an assertion
 * message. Links inside running text are exempt (WCAG 2.5.8 "inline").
 */
export function smallTargets(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("a, button, input, select, textarea, label.choice, summary")]
      .filter((el) => el.offsetParent !== null && !el.classList.contains("skip-link") && !el.closest("p"))
      // A box or radio is tapped through its label, which is the target that must be large.
      .map((el) => (el.matches("input[type=checkbox], input[type=radio]") && el.closest("label")) || el)
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 44 || r.height < 44)
      .map(({ el, r }) => `${el.tagName}${el.type ? `[${el.type}]` : ""} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 40)}" ${Math.round(r.width)}x${Math.round(r.height)}`),
  );
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
export async function nav(page, name) {
  const menu = page.getByRole("navigation", { name: "Hoofdmenu" });
  const link = menu.getByRole("link", { name });
  const href = await link.getAttribute("href");
  await link.click();
  // An area's screen waits for its wasm chunk, the previous one stays until then. The menu marks
  // the link current when the router starts moving; the address changes once the chunk is there,
  // and a reload before that would reload the previous screen.
  await menu.locator('a[aria-current="page"]', { hasText: name }).waitFor();
  // Polled through the page, so the WebKit and Firefox drivers (tests/engines) can use this too.
  const moved = async () => {
    const at = await page.evaluate(() => location.pathname);
    return at === href || `still at ${at}`;
  };
  await eventually(moved, { timeout: 30_000, message: `the address ${href}` });
}

/** Gives this device one role (Settings, "Mijn rol"), as the person using it holds. */
export async function setRole(page, role) {
  await nav(page, "Instellingen");
  const roles = page.getByRole("group", { name: "Mijn rol" });
  for (const box of await roles.getByRole("checkbox").all()) if (await box.isChecked()) await box.uncheck();
  await roles.getByLabel(role, { exact: true }).check();
  await page.getByRole("button", { name: "Opslaan", exact: true }).click();
  await page.getByText("Opgeslagen.", { exact: true }).waitFor();
}

/** Starts a team on this device (through Settings) and returns the invite link it shows. */
export async function startTeam(page) {
  await nav(page, "Instellingen");
  await page.getByRole("link", { name: "Team instellen" }).click();
  await page.getByLabel("Naam van dit apparaat (optioneel)").fill("Tablet A");
  await page.getByRole("button", { name: "Team starten" }).click();
  await page.getByRole("heading", { name: "Een apparaat uitnodigen" }).waitFor();
  return page.getByLabel("Uitnodigingslink", { exact: true }).inputValue();
}

/** Opens the invite link on a fresh device (its own browser context, with `options`) and joins. */
export async function joinTeam(browser, server, link, options = {}) {
  const app = await openApp(browser, server, { path: new URL(link).pathname + new URL(link).hash, ...options });
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

/** A date `days` from today in the browser's (and this machine's) local time, as a date input wants it. */
export function localDate(days = 0) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The trajectory screen's heading of its current step. */
export const currentStep = (page, step) => page.getByRole("heading", { level: 2, name: `Huidige stap: ${step}` });

/**
 * Takes a step on the trajectory screen: its move button (`label`), an owner, an optional note;
 * closing a child's signal also picks its `outcome` (the label of the choice).
 */
export async function takeStep(page, step, { label = step, owner = "Anna", notes = "", outcome = "" } = {}) {
  await page.locator(".move-list").getByRole("button", { name: label, exact: true }).click();
  await page.getByRole("heading", { name: `Naar: ${label}` }).waitFor();
  await page.getByLabel("Eigenaar (wie pakt het op?)").fill(owner);
  if (notes) await page.getByLabel("Korte notitie over de afgeronde stap").fill(notes);
  if (outcome) await page.getByLabel("Waar gaat het kind naartoe?").selectOption({ label: outcome });
  await page.getByRole("button", { name: "Stap vastleggen" }).click();
  await currentStep(page, step).waitFor();
}

/** Saves the current step's form and waits for the confirmation. */
export async function saveStepForm(page) {
  await page.getByRole("button", { name: "Formulier opslaan" }).click();
  await page.getByText("Formulier opgeslagen.").first().waitFor();
}

/** Submits the open "start a trajectory" form; resolves with the trajectory's URL at its signal step. */
export async function startTrajectory(page) {
  await page.getByRole("button", { name: "Traject starten" }).click();
  await page.waitForURL(/\/stappenplan\/[^/]+$/);
  await currentStep(page, "Signaal").waitFor();
  return page.url();
}

/**
 * A handover moment about `child` raised to a signal, its trajectory started: the paths of the
 * moment, the child's page and the trajectory.
 */
export async function momentWithSignal(page, child, note) {
  await captureMoment(page, { children: [child], tags: ["Conflict"], note, handover: true });
  const moment = new URL(page.url()).pathname;
  const childPath = await page.getByRole("link", { name: "Momenten" }).getAttribute("href");
  await page.getByRole("button", { name: "Signaal afgeven" }).click();
  const trajectory = new URL(await startTrajectory(page)).pathname;
  return { moment, child: childPath, trajectory };
}

/** Runs `check` after a reload, and after a reload offline (from the service worker's copy). */
export async function checkAfterReloads(page, context, check) {
  await page.reload();
  await check();
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.reload();
  await check();
  await context.setOffline(false);
}

/** A free TCP port on loopback (free when asked; good enough for one test run). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Polls `check` until it returns `true` (anything else, or a throw, is kept as the reason),
 * failing with `message` and the last reason after `timeout` ms.
 */
export async function eventually(check, { timeout = 40_000, message = "condition" } = {}) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await check();
      if (last === true) return;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`${message} did not happen in ${timeout} ms: ${last}`);
}

const AXE = join(ROOT, "node_modules", "axe-core", "axe.min.js");

/** No axe violations at phone and at tablet width (`where` names the screen in the message). */
export async function noViolations(page, where) {
  for (const viewport of [PHONE, TABLET]) {
    await page.setViewportSize(viewport);
    assert.deepEqual(await axeViolations(page), [], `${where} at ${viewport.width} px`);
  }
}

/** axe-core's WCAG 2.1 A/AA violations on the page, one line each (the context needs `bypassCSP`:
 * axe is injected as a script, which the pages' CSP would rightly refuse). */
export async function axeViolations(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  });
}
