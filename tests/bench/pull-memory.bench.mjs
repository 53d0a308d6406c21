// Peak memory of the server while 50 clients pull teams of large changes whole, with page caps
// off (as before pages were capped in bytes and pulls per device) and with the defaults, in the
// same run with the same load tool. Loopback only; the load tool bounds requests and time.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, startServer } from "../e2e/helpers.mjs";

const LOAD = join(ROOT, "target", "server", "examples", "load");
const unlimited = ["--rate-per-ip", "0", "--rate-per-token", "0"];
const configs = [
  ["uncapped: one page holds all it is asked for, any number of pulls per device", ["--max-pull-bytes", "1073741824", "--max-pulls-per-device", "1000"]],
  ["defaults: 2 MiB of ciphertext a page, 2 pulls at once per device", []],
];

/** The server's peak resident memory (VmHWM) in MiB. */
const peakMiB = (pid) => Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/VmHWM:\s+(\d+) kB/)[1]) / 1024;

console.log("| server | peak memory | pull rows (errors = 429 answers) |\n|---|---:|---|");
for (const [name, args] of configs) {
  const server = await startServer({ args: [...unlimited, ...args] });
  try {
    const done = spawnSync(LOAD, ["--url", `${server.url}/`, "--large", "true", "--clients", "50", "--requests", "40", "--seconds", "10"], { encoding: "utf8" });
    if (done.status !== 0) throw new Error(done.stderr);
    const row = done.stdout.split("\n").find((line) => line.startsWith("| pull, everything"));
    const [requests, errors, rps] = row.split("|").slice(2, 5).map((cell) => cell.trim());
    console.log(`| ${name} | ${peakMiB(server.process.pid).toFixed(0)} MiB | ${requests} requests, ${errors} errors, ${rps} req/s |`);
  } finally {
    await server.stop();
  }
}
