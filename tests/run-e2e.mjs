// Runs the browser tests with node's test runner: spec output while running, and a closing
// "N passed, N failed" line that CI reads.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(join(here, "e2e"))
  .filter((name) => name.endsWith(".test.mjs"))
  .filter((name) => only.length === 0 || only.some((o) => name.includes(o)))
  .map((name) => join(here, "e2e", name));

const result = spawnSync(
  process.execPath,
  [
    "--test",
    "--test-concurrency=1",
    "--test-reporter=spec",
    "--test-reporter-destination=stdout",
    `--test-reporter=${join(here, "summary-reporter.mjs")}`,
    "--test-reporter-destination=stdout",
    ...files,
  ],
  { stdio: "inherit" },
);
process.exit(result.status ?? 1);
