// WebKit and Firefox behind the small part of Playwright's API that the Chromium suite's helpers
// use (newContext → newPage → getByRole / getByLabel / getByText → click, fill, …), so the same
// flows, labels and roles drive every engine.
//
// - WebKit: WebKitGTK's MiniBrowser through WebKitWebDriver (selenium-webdriver), under Xvfb
//   (MiniBrowser has no headless mode). One WebKitWebDriver and one automation session per
//   device: a fresh, ephemeral profile each.
// - Firefox: Firefox ESR through WebDriver BiDi (puppeteer-core, no geckodriver), headless, one
//   browser with a fresh profile per test file and a fresh user context (own storage, own
//   service workers) per device. Printing is silent into a PDF file, so `window.print()` really
//   prints instead of waiting on a dialog.
//
// Every device reaches the server through its own gate (gate.mjs): `page.goto(server.url + …)`
// goes to the device's gate, and `context.setOffline(true)` cuts it.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../e2e/helpers.mjs";
import { openGate } from "./gate.mjs";
import { LOCATE } from "./locate.mjs";

export const ENGINES = {
  webkit: {
    name: "WebKit",
    driver: process.env.WEBKIT_WEBDRIVER || "/usr/bin/WebKitWebDriver",
    binary: process.env.WEBKIT_MINIBROWSER || "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser",
  },
  firefox: {
    name: "Firefox",
    binary: process.env.FIREFOX || "/usr/bin/firefox-esr",
  },
};

export const DEFAULT_TIMEOUT = 20_000;
/** Where a failed wait leaves a screenshot of the page. */
const FAILURES = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "test-output", "engine-failures");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Why `engine` cannot run on this machine, or null. */
export function missing(engine) {
  const e = ENGINES[engine];
  if (!e) return `unknown engine "${engine}"`;
  for (const file of [e.driver, e.binary].filter(Boolean)) if (!existsSync(file)) return `${file} is not installed`;
  if (engine === "webkit" && !process.env.SIGNAAL_DISPLAY && !which("Xvfb")) return "Xvfb is not installed (MiniBrowser needs a display)";
  return null;
}

function which(cmd) {
  return (process.env.PATH || "").split(":").some((dir) => existsSync(join(dir, cmd)));
}


// ---------------------------------------------------------------------------------------------
// Locators: a chain of steps resolved in the page by LOCATE.

const pattern = (p) => (p instanceof RegExp ? { regex: p.source, flags: p.flags } : p);
const show = (p) => (p instanceof RegExp ? String(p) : JSON.stringify(p));

class Locator {
  constructor(page, chain, label) {
    this.page = page;
    this.chain = chain;
    this.label = label;
  }
  #then(step, label) {
    return new Locator(this.page, [...this.chain, step], this.label ? `${this.label}.${label}` : label);
  }
  getByRole(role, { name, exact, level } = {}) {
    return this.#then({ kind: "role", role, name: pattern(name), exact, level }, `getByRole(${show(role)}${name !== undefined ? `, ${show(name)}` : ""})`);
  }
  getByLabel(text, { exact } = {}) {
    return this.#then({ kind: "label", text: pattern(text), exact }, `getByLabel(${show(text)})`);
  }
  getByText(text, { exact } = {}) {
    return this.#then({ kind: "text", text: pattern(text), exact }, `getByText(${show(text)})`);
  }
  locator(selector, { has, hasText } = {}) {
    return this.#then({ kind: "css", selector, has: has?.chain, hasText: pattern(hasText) }, `locator(${show(selector)})`);
  }
  filter({ hasText }) {
    return this.#then({ kind: "filter", hasText: pattern(hasText) }, `filter(${show(hasText)})`);
  }
  first() {
    return this.nth(0);
  }
  last() {
    return this.nth(-1);
  }
  nth(index) {
    return this.#then({ kind: "nth", index }, `nth(${index})`);
  }
  or(other) {
    return new Locator(this.page, [{ kind: "or", chains: [this.chain, other.chain] }], `${this.label}.or(${other.label})`);
  }

  count() {
    return this.page._query(this.chain, "count");
  }
  isVisible() {
    return this.page._query(this.chain, "visible");
  }
  allInnerTexts() {
    return this.page._query(this.chain, "texts");
  }
  async waitFor({ state = "visible", timeout = DEFAULT_TIMEOUT } = {}) {
    const check = {
      visible: async () => this.page._query(this.chain, "visible"),
      hidden: async () => !(await this.page._query(this.chain, "visible")),
      attached: async () => (await this.count()) > 0,
      detached: async () => (await this.count()) === 0,
    }[state];
    const end = Date.now() + timeout;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`${this.label}: not ${state} after ${timeout} ms${await this.page._sawErrors()}`);
      await sleep(100);
    }
  }

  /** Runs `act(element)` on the one element this locator finds, shown and enabled; retries until `timeout`. */
  async #act(what, act, { timeout = DEFAULT_TIMEOUT, visible = true, enabled = true, stable = false } = {}) {
    const end = Date.now() + timeout;
    let last;
    for (;;) {
      const el = await this.page._element(this.chain, { visible, enabled });
      if (typeof el === "string") throw new Error(`${this.label}: ${el}`);
      if (el) {
        try {
          // Like Playwright: click only what stands still, or the click lands where it was.
          if (stable) {
            const before = await this.page._backend.onElement(el, RECT);
            await sleep(40);
            if ((await this.page._backend.onElement(el, RECT)) !== before) throw new Error("still moving");
          }
          return await act(el);
        } catch (error) {
          last = error;
        }
      }
      if (Date.now() > end) {
        const found = await this.page._query(this.chain, "describe").catch(() => []);
        throw new Error(`${this.label}.${what}: timed out after ${timeout} ms (found ${found.length ? found.join(", ") : "nothing"})${last ? `: ${last.message}` : ""}${await this.page._sawErrors()}`);
      }
      await sleep(100);
    }
  }

  click(options) {
    return this.#act("click", (el) => this.page._backend.click(el), { stable: true, ...options });
  }
  fill(value, options) {
    return this.#act(
      "fill",
      async (el) => {
        const b = this.page._backend;
        const { selectable, current } = await b.onElement(el, PREPARE_FILL);
        if (!selectable) await b.onElement(el, SET_VALUE, value);
        else if (value === "") {
          if (current !== "") await b.press(el, "Backspace");
        } else await b.type(el, value);
        const now = await b.onElement(el, (e) => e.value);
        if (now !== value) throw new Error(`typed ${JSON.stringify(value)}, the field holds ${JSON.stringify(now)}`);
      },
      options,
    );
  }
  async setChecked(checked, options) {
    await this.#act(
      checked ? "check" : "uncheck",
      async (el) => {
        const b = this.page._backend;
        if ((await b.onElement(el, (e) => e.checked)) !== checked) await b.click(el);
        if ((await b.onElement(el, (e) => e.checked)) !== checked) throw new Error("the box did not change");
      },
      options,
    );
  }
  check(options) {
    return this.setChecked(true, options);
  }
  uncheck(options) {
    return this.setChecked(false, options);
  }
  selectOption(option, options) {
    const want = typeof option === "string" ? { value: option } : option;
    return this.#act(
      "selectOption",
      async (el) => {
        const result = await this.page._backend.onElement(el, SELECT, want);
        if (result.error) throw new Error(result.error);
        return [result.value];
      },
      options,
    );
  }
  inputValue(options) {
    return this.#act("inputValue", (el) => this.page._backend.onElement(el, (e) => e.value), { visible: false, enabled: false, ...options });
  }
  getAttribute(name, options) {
    return this.#act("getAttribute", (el) => this.page._backend.onElement(el, (e, n) => e.getAttribute(n), name), { visible: false, enabled: false, ...options });
  }
  innerText(options) {
    return this.#act("innerText", (el) => this.page._backend.onElement(el, (e) => e.innerText), { enabled: false, ...options });
  }
}

// Run on one element in the page (Playwright's fill and selectOption do the same).
const RECT = (el) => {
  const r = el.getBoundingClientRect();
  return `${r.x},${r.y},${r.width},${r.height}`;
};
const PREPARE_FILL = (el) => {
  el.focus();
  let selectable = false;
  try {
    el.select();
    selectable = typeof el.selectionStart === "number" || el.tagName === "TEXTAREA";
  } catch {}
  if (el.tagName === "INPUT" && !/^(text|search|url|tel|password|email)$/.test(el.type)) selectable = false;
  return { selectable, current: el.value };
};
const SET_VALUE = (el, value) => {
  const proto = el.tagName === "TEXTAREA" ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, "value").set.call(el, value);
  el.dispatchEvent(new Event("input", { bubbles: true }));
  el.dispatchEvent(new Event("change", { bubbles: true }));
  return el.value;
};
const SELECT = (el, want) => {
  const norm = (s) => String(s ?? "").replace(/\s+/g, " ").trim();
  const option = [...el.options].find((o) => (want.label !== undefined ? norm(o.label || o.textContent) === norm(want.label) : o.value === want.value));
  if (!option) return { error: `no option ${JSON.stringify(want)} among ${[...el.options].map((o) => o.label).join(" | ")}` };
  el.value = option.value;
  el.dispatchEvent(new Event("input", { bubbles: true }));
  el.dispatchEvent(new Event("change", { bubbles: true }));
  return { value: option.value };
};

// Collects what the page logs as an error and what it throws, for engines without such events.
const COLLECT_ERRORS = `(() => {
  if (window.__engineErrors) return;
  const errors = (window.__engineErrors = []);
  const original = console.error;
  console.error = function (...args) { errors.push(args.map(String).join(" ")); return original.apply(this, args); };
  addEventListener("error", (e) => errors.push(String(e.error || e.message)));
  addEventListener("unhandledrejection", (e) => errors.push("Unhandled rejection: " + String(e.reason)));
})()`;

// ---------------------------------------------------------------------------------------------
// A page (one per device) over an engine backend.

class EnginePage {
  constructor(context, backend) {
    this.context = () => context;
    this._context = context;
    this._backend = backend;
    this._listeners = { console: [], pageerror: [] };
    this._errors = [];
    backend.onError = (kind, payload) => {
      this._errors.push(String(kind === "console" ? payload.text() : payload));
      for (const listener of this._listeners[kind]) listener(payload);
    };
  }
  #rewrite(url) {
    const target = this._context._serverUrl;
    return target && url.startsWith(target) ? this._context.gate.url + url.slice(target.length) : url;
  }
  on(event, listener) {
    this._listeners[event]?.push(listener);
    return this;
  }
  async goto(url) {
    await this._backend.goto(this.#rewrite(url));
  }
  async reload() {
    await this._backend.reload();
  }
  url() {
    return this._backend.url();
  }
  async evaluate(fn, arg) {
    const body = typeof fn === "function" ? `(${fn.toString()})(${arg === undefined ? "" : JSON.stringify(arg)})` : fn;
    return this._backend.script(body);
  }
  async waitForFunction(fn, arg, { timeout = DEFAULT_TIMEOUT } = {}) {
    const end = Date.now() + timeout;
    for (;;) {
      const value = await this.evaluate(fn, arg ?? undefined);
      if (value) return value;
      if (Date.now() > end) throw new Error(`waitForFunction timed out after ${timeout} ms: ${fn}`);
      await sleep(100);
    }
  }
  waitForTimeout(ms) {
    return sleep(ms);
  }
  content() {
    return this.evaluate(() => document.documentElement.outerHTML);
  }
  getByRole(...args) {
    return new Locator(this, []).getByRole(...args);
  }
  getByLabel(...args) {
    return new Locator(this, []).getByLabel(...args);
  }
  getByText(...args) {
    return new Locator(this, []).getByText(...args);
  }
  locator(...args) {
    return new Locator(this, []).locator(...args);
  }
  async screenshot({ path } = {}) {
    const png = await this._backend.screenshot();
    if (path) writeFileSync(path, png);
    return png;
  }
  _query(chain, op, arg) {
    return this._backend.script(`(${LOCATE})(${JSON.stringify(chain)}, ${JSON.stringify(op)}, ${JSON.stringify(arg ?? null)})`);
  }
  _element(chain, arg) {
    return this._backend.element(`(${LOCATE})(${JSON.stringify(chain)}, "element", ${JSON.stringify(arg)})`);
  }
  /** For a failure message: a screenshot of the page, and what it reported as errors so far. */
  async _sawErrors() {
    await this._backend.drain?.().catch(() => {});
    let shot = "";
    try {
      const dir = join(FAILURES, this._context._browser.engine);
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${Date.now()}.png`);
      await this.screenshot({ path });
      shot = `\n  screenshot: ${path}`;
    } catch {}
    return `${shot}${this._errors.length ? `\n  page errors: ${this._errors.slice(-5).join(" | ")}` : ""}`;
  }
  close() {
    return this._context.close();
  }
}

class EngineContext {
  constructor(browser, gate) {
    this._browser = browser;
    this._serverUrl = browser.serverUrl;
    this.gate = gate;
    this._pages = [];
  }
  async newPage() {
    if (this._pages.length) throw new Error("one page per device in this suite");
    const backend = await this._browser._backend(this);
    const page = new EnginePage(this, backend);
    this._pages.push(page);
    return page;
  }
  pages() {
    return this._pages;
  }
  /** Cuts (or restores) this device's network: no page, worker or sync request reaches the server. */
  async setOffline(offline) {
    await this.gate.setOnline(!offline);
  }
  async close() {
    for (const page of this._pages.splice(0)) await page._backend.close().catch(() => {});
    this.gate.close();
    this._browser._contexts.delete(this);
  }
}

class EngineBrowser {
  constructor(engine, serverUrl) {
    this.engine = engine;
    this.name = ENGINES[engine].name;
    this.serverUrl = serverUrl;
    this._contexts = new Set();
  }
  /** A fresh device: own profile, own network gate to the server. */
  async newContext({ viewport = { width: 1024, height: 768 } } = {}) {
    const gate = await openGate(this.serverUrl);
    const context = new EngineContext(this, gate);
    context.viewport = viewport;
    this._contexts.add(context);
    return context;
  }
  async close() {
    for (const context of [...this._contexts]) await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// WebKitGTK: MiniBrowser --automation through WebKitWebDriver.

// Its own virtual display (not the desktop's), unless SIGNAAL_DISPLAY names one to watch.
let xvfb;
async function display() {
  if (process.env.SIGNAAL_DISPLAY) return process.env.SIGNAAL_DISPLAY;
  if (!xvfb) {
    xvfb = new Promise((resolve, reject) => {
      const child = spawn("Xvfb", ["-displayfd", "3", "-screen", "0", "1280x1024x24", "-nolisten", "tcp"], { stdio: ["ignore", "ignore", "pipe", "pipe"] });
      let err = "";
      child.stderr.on("data", (d) => (err += d));
      child.on("exit", (code) => reject(new Error(`Xvfb exited with ${code}: ${err}`)));
      process.on("exit", () => child.kill());
      child.stdio[3].on("data", (d) => {
        // Ready: from here on Xvfb does not keep this process alive.
        for (const handle of [child, child.stderr, child.stdio[3]]) handle.unref?.();
        resolve(`:${String(d).trim()}`);
      });
    });
  }
  return xvfb;
}

class WebKitBrowser extends EngineBrowser {
  async start() {
    await display();
    this.version = "WebKitGTK (version known after the first session)";
    return this;
  }
  async _session(viewport) {
    const { Builder } = await import("selenium-webdriver");
    const port = await freePort();
    const env = { ...process.env, DISPLAY: await display() };
    const child = spawn(ENGINES.webkit.driver, [`--port=${port}`], { env, stdio: ["ignore", "ignore", "pipe"] });
    let log = "";
    child.stderr.on("data", (d) => (log += d));
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${url}/status`)).ok) break;
      } catch {}
      if (i > 100 || child.exitCode !== null) throw new Error(`WebKitWebDriver did not start: ${log}`);
      await sleep(50);
    }
    const driver = await new Builder()
      .usingServer(url)
      .withCapabilities({
        browserName: "MiniBrowser",
        pageLoadStrategy: "normal",
        "webkitgtk:browserOptions": { binary: ENGINES.webkit.binary, args: ["--automation"] },
      })
      .build();
    this.version = `WebKitGTK ${(await driver.getCapabilities()).get("browserVersion")}`;
    await driver.manage().setTimeouts({ script: 60_000, pageLoad: 60_000 });
    // The window's own bars take some height: size the window so the page gets `viewport`.
    await driver.manage().window().setRect({ x: 0, y: 0, width: viewport.width, height: viewport.height });
    const [, innerHeight] = await driver.executeScript("return [innerWidth, innerHeight]");
    if (innerHeight < viewport.height) await driver.manage().window().setRect({ width: viewport.width, height: 2 * viewport.height - innerHeight });
    return {
      driver,
      async quit() {
        await driver.quit().catch(() => {});
        child.kill();
      },
    };
  }
  async _backend(context) {
    const { Key } = await import("selenium-webdriver");
    const session = await this._session(context.viewport);
    const { driver } = session;
    let backend;
    // Every script also installs the error collector and hands back what it collected.
    const wrap = (expr) => `${COLLECT_ERRORS}; const __r = ${expr}; return [__r, window.__engineErrors.splice(0)];`;
    const report = (errors) => errors.forEach((e) => backend.onError?.("pageerror", e));
    backend = {
      async goto(url) {
        await backend.drain().catch(() => {});
        await driver.get(url);
        await driver.executeScript(COLLECT_ERRORS);
      },
      async reload() {
        await backend.drain().catch(() => {});
        await driver.navigate().refresh();
        await driver.executeScript(COLLECT_ERRORS);
      },
      url: () => driver.getCurrentUrl(),
      async drain() {
        const [, errors] = await driver.executeScript(wrap("null"));
        report(errors);
      },
      async script(body) {
        const raw = await driver.executeAsyncScript(
          `const done = arguments[arguments.length - 1];
           ${COLLECT_ERRORS};
           Promise.resolve().then(() => ${body}).then(
             (v) => done(JSON.stringify({ v: v === undefined ? null : v, errors: window.__engineErrors.splice(0) })),
             (e) => done(JSON.stringify({ e: String((e && e.stack) || e), errors: window.__engineErrors.splice(0) })));`,
        );
        const { v, e, errors } = JSON.parse(raw);
        report(errors);
        if (e !== undefined) throw new Error(`in the page: ${e}`);
        return v;
      },
      async element(expr) {
        const [el, errors] = await driver.executeScript(wrap(expr));
        report(errors);
        return el;
      },
      async onElement(el, fn, arg) {
        const raw = await driver.executeScript(`return JSON.stringify({ v: (${fn.toString()})(arguments[0], ${JSON.stringify(arg ?? null)}) ?? null })`, el);
        return JSON.parse(raw).v;
      },
      click: (el) => el.click(),
      type: (el, text) => el.sendKeys(text),
      press: (el, key) => el.sendKeys({ Backspace: Key.BACK_SPACE, Enter: Key.ENTER, Escape: Key.ESCAPE }[key] ?? key),
      async screenshot() {
        return Buffer.from(await driver.takeScreenshot(), "base64");
      },
      close: () => session.quit(),
    };
    return backend;
  }
}

// ---------------------------------------------------------------------------------------------
// Firefox ESR over WebDriver BiDi.

class FirefoxBrowser extends EngineBrowser {
  async start() {
    const puppeteer = (await import("puppeteer-core")).default;
    this._dir = mkdtempSync(join(tmpdir(), "signaal-firefox-"));
    this.printFile = join(this._dir, "printed.pdf");
    this._browser = await puppeteer.launch({
      browser: "firefox",
      executablePath: ENGINES.firefox.binary,
      headless: true,
      userDataDir: join(this._dir, "profile"),
      extraPrefsFirefox: {
        // window.print() prints at once into a PDF file instead of opening the print dialog.
        "print.always_print_silent": true,
        "print.show_print_progress": false,
        print_printer: "Mozilla Save to PDF",
        "print.printer_Mozilla_Save_to_PDF.print_to_file": true,
        "print.printer_Mozilla_Save_to_PDF.print_to_filename": this.printFile,
        // Quiet on this closed network.
        "browser.region.network.url": "",
        "app.normandy.enabled": false,
        "messaging-system.rsexperimentloader.enabled": false,
      },
    });
    this.version = `Firefox ${(await this._browser.version()).replace(/^firefox\//i, "")}`;
    return this;
  }
  /** The last PDF that `window.print()` wrote, or null. */
  printed() {
    return existsSync(this.printFile) ? readFileSync(this.printFile) : null;
  }
  async _backend(context) {
    const userContext = await this._browser.createBrowserContext();
    const page = await userContext.newPage();
    await page.setViewport(context.viewport);
    let backend;
    page.on("console", (m) => m.type() === "error" && backend.onError?.("console", m));
    page.on("pageerror", (e) => backend.onError?.("pageerror", e));
    backend = {
      goto: (url) => page.goto(url, { waitUntil: "load", timeout: 60_000 }),
      reload: () => page.reload({ waitUntil: "load", timeout: 60_000 }),
      url: () => page.url(),
      async script(body) {
        const raw = await page.evaluate(
          `Promise.resolve().then(() => ${body}).then((v) => JSON.stringify({ v: v === undefined ? null : v }), (e) => JSON.stringify({ e: String((e && e.stack) || e) }))`,
        );
        const { v, e } = JSON.parse(raw);
        if (e !== undefined) throw new Error(`in the page: ${e}`);
        return v;
      },
      async element(expr) {
        const handle = await page.evaluateHandle(expr);
        const el = handle.asElement();
        if (el) return el;
        const value = await handle.jsonValue();
        await handle.dispose();
        return value;
      },
      async onElement(el, fn, arg) {
        return (await el.evaluate(fn, arg ?? null)) ?? null;
      },
      click: (el) => el.click(),
      type: (el, text) => el.type(text),
      press: (el, key) => el.press(key),
      screenshot: () => page.screenshot(),
      async close() {
        await userContext.close();
      },
    };
    return backend;
  }
  async close() {
    await super.close();
    await this._browser?.close().catch(() => {});
    rmSync(this._dir, { recursive: true, force: true });
  }
}

/** Starts `engine` for devices that talk to the server at `serverUrl`. */
export async function launchEngine(engine, serverUrl) {
  const why = missing(engine);
  if (why) throw new Error(`${ENGINES[engine]?.name ?? engine} cannot run here: ${why}`);
  const browser = engine === "webkit" ? new WebKitBrowser(engine, serverUrl) : new FirefoxBrowser(engine, serverUrl);
  return browser.start();
}
