// The engine suite's per-file set-up: the real server (real build, fresh data dir, free port), the
// engine under test (SIGNAAL_ENGINE: webkit or firefox) and, for the paths that need a second
// device, Debian's Chromium — the same helpers as the Chromium suite (tests/e2e/helpers.mjs).
import { after, before } from "node:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser, OUTPUT, startServer } from "../e2e/helpers.mjs";
import { ENGINES, launchEngine } from "./engines.mjs";

export const ENGINE = process.env.SIGNAAL_ENGINE || "webkit";
export const ENGINE_NAME = ENGINES[ENGINE]?.name ?? ENGINE;

/**
 * One real server and one engine browser for a whole test file (and a Chromium if `chromium`),
 * started before its first test and stopped after its last: `use({ server, browser, chromium })`.
 */
export function serverAndEngine(use, { chromium = false, ...options } = {}) {
  const held = {};
  before(async () => {
    held.server = await startServer(options);
    held.browser = await launchEngine(ENGINE, held.server.url);
    if (chromium) held.chromium = await launchBrowser();
    use(held);
  });
  after(async () => {
    await held.chromium?.close();
    await held.browser?.close();
    await held.server?.stop();
  });
}

/** A screenshot of an engine page under test-output/screens/, named after the engine. */
export async function engineScreenshot(page, name) {
  const dir = join(OUTPUT, "screens");
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${ENGINE}-${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Rust panics and uncaught exceptions; expected network failures (offline, 410) are not. */
export const crashes = (errors) => errors.filter((e) => /panicked|RuntimeError|unreachable|TypeError|ReferenceError|SyntaxError/.test(e));
