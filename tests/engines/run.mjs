// Runs the engine suite (tests/engines/*.test.mjs) once per engine — WebKit, then Firefox — with
// node's test runner, and closes with one line per engine, "WebKit: N passed, N failed" and
// "Firefox: N passed, N failed", that CI reads. Exits non-zero on any failure, and counts an
// engine that cannot run on this machine as a failure, with the reason.
//   node tests/engines/run.mjs                 both engines, every file
//   node tests/engines/run.mjs firefox lock    one engine, files whose name contains "lock"
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ENGINES, missing } from "./engines.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const engines = args.filter((a) => a in ENGINES);
const only = args.filter((a) => !(a in ENGINES));
const files = readdirSync(here)
  .filter((name) => name.endsWith(".test.mjs"))
  .filter((name) => only.length === 0 || only.some((o) => name.includes(o)))
  .sort()
  .map((name) => join(here, name));

function version(engine) {
  const run = (cmd, argv) => spawnSync(cmd, argv, { encoding: "utf8" }).stdout?.trim() || "";
  if (engine === "webkit") {
    const v = run("dpkg-query", ["-W", "-f=${Version}", "libwebkit2gtk-4.1-0"]).replace(/-.*$/, "");
    return `WebKitGTK ${v || "?"} (MiniBrowser through WebKitWebDriver, under Xvfb)`;
  }
  return `${run(ENGINES.firefox.binary, ["--version"]).replace(/^Mozilla /, "") || "Firefox ?"} (headless, WebDriver BiDi)`;
}

const scratch = mkdtempSync(join(tmpdir(), "signaal-engines-"));
const lines = [];
const notes = [];
let failed = false;
for (const engine of engines.length ? engines : Object.keys(ENGINES)) {
  const { name } = ENGINES[engine];
  const why = missing(engine);
  if (why) {
    console.log(`\n== ${name}: cannot run on this machine: ${why}`);
    notes.push(`${name} did not run: ${why}`);
    lines.push(`${name}: 0 passed, ${files.length} failed`);
    failed = true;
    continue;
  }
  console.log(`\n== ${name}: ${version(engine)}`);
  const summary = join(scratch, `${engine}.txt`);
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [
      "--test",
      "--test-concurrency=1",
      "--test-timeout=240000",
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      `--test-reporter=${join(here, "..", "summary-reporter.mjs")}`,
      `--test-reporter-destination=${summary}`,
      ...files,
    ],
    { stdio: "inherit", env: { ...process.env, SIGNAAL_ENGINE: engine } },
  );
  const seconds = Math.round((Date.now() - started) / 1000);
  let counts = "";
  try {
    counts = readFileSync(summary, "utf8").trim();
  } catch {}
  // The reporter's last line holds the counts; the failures, with their reasons, come before it.
  const last = counts.lastIndexOf("\n");
  const failures = counts.slice(0, last + 1).trim();
  if (failures) notes.push(failures.replace(/^Failed:/, `${name}, failed:`));
  const match = counts.slice(last + 1).match(/^(\d+) passed, (\d+) failed(.*)$/);
  let [pass, fail, rest] = match ? [Number(match[1]), Number(match[2]), match[3]] : [0, 0, ""];
  // A run that ended badly without a failed test (a crash, a signal) still fails.
  if (result.status !== 0 && fail === 0) fail = 1;
  if (fail > 0) failed = true;
  notes.push(`${name} took ${seconds} s`);
  lines.push(`${name}: ${pass} passed, ${fail} failed${rest}`);
}
rmSync(scratch, { recursive: true, force: true });
console.log("");
for (const line of [...notes, ...lines]) console.log(line);
process.exit(failed ? 1 : 0);
