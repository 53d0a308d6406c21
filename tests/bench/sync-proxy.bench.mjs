// The sync server under load, directly and through Caddy with https (deploy/Caddyfile, as a team's
// devices reach a hosted server), in the same run with the same load tool, so the proxy's cost
// shows as a ratio. Loopback only; the load tool bounds requests and time.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT, startServer } from "../e2e/helpers.mjs";
import { HOST, startCaddy } from "../e2e/proxy.mjs";

const LOAD = join(ROOT, "target", "server", "examples", "load");
const shape = ["--clients", "50", "--requests", "400", "--seconds", "10"];

/** Runs the load tool; returns its Markdown table and req/s per workload row. */
function load(args) {
  const done = spawnSync(LOAD, [...args, ...shape], { encoding: "utf8" });
  if (done.status !== 0) throw new Error(`load ${args.join(" ")}: ${done.stderr}`);
  const rates = done.stdout
    .split("\n")
    .filter((line) => line.startsWith("| ") && !line.startsWith("| workload"))
    .map((line) => [line.split("|")[1].trim(), Number(line.split("|")[4])]);
  return { table: done.stdout.trim(), rates };
}

const server = await startServer({ args: ["--rate-per-ip", "0", "--rate-per-token", "0", "--trusted-proxy", "127.0.0.1"] });
const caddy = await startCaddy([new URL(server.url).host]);
try {
  const direct = load(["--url", `${server.url}/`]);
  const port = new URL(caddy.url).port;
  const proxied = load(["--url", `${caddy.url}/`, "--connect", `127.0.0.1:${port}`, "--ca", caddy.rootCert]);
  console.log(`direct: ${server.url}/ (HTTP/1.1, keep-alive)\n\n${direct.table}\n`);
  console.log(`through Caddy: https://${HOST}:${port}/ (https, HTTP/1.1, keep-alive)\n\n${proxied.table}\n`);
  console.log("| workload | direct req/s | through Caddy req/s | Caddy / direct |\n|---|---:|---:|---:|");
  for (const [i, [name, rate]] of direct.rates.entries()) {
    const via = proxied.rates[i][1];
    console.log(`| ${name} | ${rate} | ${via} | ${(via / rate).toFixed(2)} |`);
  }
} finally {
  await caddy.stop();
  await server.stop();
}
