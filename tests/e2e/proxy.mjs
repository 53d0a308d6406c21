// Signaal as the hosting section sets it up: Debian's Caddy with deploy/Caddyfile in front of the
// real server, on loopback. Caddy's own local CA stands in for Let's Encrypt, and a Chromium
// whose NSS database trusts that CA treats the test host name as a secure origin (no switch
// turns certificate checks off).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { eventually, freePort, launchBrowser, ROOT } from "./helpers.mjs";

/** The name the tests give the server; Chromium maps it to 127.0.0.1. */
export const HOST = "signaal.test";

export const CADDY = process.env.CADDY || "/usr/bin/caddy";

/** Resolves once a TLS handshake for HOST on `port`, verified against `ca`, succeeds. */
function handshake(port, ca) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, servername: HOST, ca, ALPNProtocols: ["h2", "http/1.1"] }, () => {
      const alpn = socket.alpnProtocol;
      socket.end();
      resolve(alpn);
    });
    socket.once("error", reject);
  });
}

/**
 * Starts Caddy with the deploy Caddyfile, proxying to `upstreams` ("127.0.0.1:PORT" each,
 * round robin when there are several). Resolves once https answers with a certificate from
 * Caddy's local CA: `{ url, rootCert, alpn, stop() }`.
 */
export async function startCaddy(upstreams) {
  const home = mkdtempSync(join(tmpdir(), "signaal-caddy-"));
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  // The options the production Caddyfile leaves empty: certificates from Caddy's own CA, kept
  // out of the system trust store, no admin endpoint, unprivileged ports.
  const options = ["local_certs", "skip_install_trust", "admin off", `http_port ${httpPort}`, `https_port ${httpsPort}`].join("\n");
  const env = {
    ...process.env,
    HOME: home,
    XDG_DATA_HOME: join(home, "data"),
    XDG_CONFIG_HOME: join(home, "config"),
    SIGNAAL_DOMAIN: HOST,
    SIGNAAL_UPSTREAMS: upstreams.join(" "),
    SIGNAAL_CADDY_OPTIONS: options,
  };
  const child = spawn(CADDY, ["run", "--adapter", "caddyfile", "--config", join(ROOT, "deploy", "Caddyfile")], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr.on("data", (chunk) => (log += chunk));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
    rmSync(home, { recursive: true, force: true });
  };
  const rootPath = join(env.XDG_DATA_HOME, "caddy", "pki", "authorities", "local", "root.crt");
  let alpn;
  try {
    await eventually(() => child.exitCode === null && existsSync(rootPath), { timeout: 20_000, message: "Caddy making its local CA" });
    const rootCert = readFileSync(rootPath);
    await eventually(async () => ((alpn = await handshake(httpsPort, rootCert)), true), { timeout: 20_000, message: "Caddy serving https" });
    return { url: `https://${HOST}:${httpsPort}`, rootCert: rootPath, alpn, log: () => log, stop };
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n${log}`);
  }
}

/**
 * Chromium as a device that trusts the hosting's certificate authority: an NSS database (made
 * with certutil, as an IT person would add a root on a managed tablet) in a HOME of its own.
 * `HOST` resolves to loopback.
 */
export async function launchTrustingBrowser(rootCert) {
  const home = mkdtempSync(join(tmpdir(), "signaal-device-"));
  const nssdb = join(home, ".pki", "nssdb");
  mkdirSync(nssdb, { recursive: true });
  for (const args of [
    ["-N", "--empty-password"],
    ["-A", "-t", "C,,", "-n", "Signaal test CA", "-i", rootCert],
  ]) {
    const done = spawnSync("certutil", ["-d", `sql:${nssdb}`, ...args], { encoding: "utf8" });
    if (done.status !== 0) throw new Error(`certutil ${args[0]}: ${done.stderr || done.error}`);
  }
  const browser = await launchBrowser({ env: { HOME: home }, args: [`--host-resolver-rules=MAP ${HOST} 127.0.0.1`] });
  const close = browser.close.bind(browser);
  browser.close = async () => {
    await close();
    rmSync(home, { recursive: true, force: true });
  };
  return browser;
}
