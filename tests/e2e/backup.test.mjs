// A backup made on one tablet and restored on another: merged like a sync (a second restore adds
// nothing), damaged parts reported by name while the rest comes back, other files refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { captureMoment, nav, openApp, serverAndBrowser, setUpDevice } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

const dir = mkdtempSync(join(tmpdir(), "signaal-backup-"));

async function restore(page, file) {
  await nav(page, "Instellingen");
  await page.getByLabel("Back-upbestand").setInputFiles(file);
}

test("a backup restores on another tablet, twice without duplicates, and damaged parts are named", async () => {
  const a = await setUpDevice(browser, server, { children: ["Sem B.", "Noor K."] });
  await captureMoment(a.page, { children: ["Sem B."], note: "Bouwde een hut in de zandbak" });
  await captureMoment(a.page, { children: ["Noor K."], note: "Las voor aan de kleintjes" });
  await nav(a.page, "Instellingen");
  const [download] = await Promise.all([
    a.page.waitForEvent("download"),
    a.page.getByRole("button", { name: "Exporteer alles (JSON)" }).click(),
  ]);
  const file = join(dir, "backup.json");
  await download.saveAs(file);
  const backup = JSON.parse(readFileSync(file, "utf8"));
  assert.equal(backup.format, "signaal-backup");
  assert.ok(!Object.keys(backup.entries).includes("signaal/v1/sync"), "the team key stays out of backups");

  // A fresh tablet: everything comes back.
  const b = await openApp(browser, server, { path: "/instellingen" });
  await restore(b.page, file);
  const done = b.page.getByRole("status").filter({ hasText: "Back-up teruggezet:" });
  await done.waitFor();
  const added = Number((await done.innerText()).match(/(\d+) nieuw/)[1]);
  assert.ok(added >= 5, `group, 2 children, 2 moments restored (${added})`);
  await nav(b.page, "Schriftje");
  await b.page.getByText("Bouwde een hut in de zandbak").waitFor();
  await b.page.getByText("Las voor aan de kleintjes").waitFor();
  assert.equal(await b.page.locator(".moment-card").count(), 2);

  // The same file again: nothing new, nothing twice.
  await restore(b.page, file);
  await b.page.getByText("Back-up teruggezet: 0 nieuw · 0 bijgewerkt").waitFor();
  await nav(b.page, "Schriftje");
  assert.equal(await b.page.locator(".moment-card").count(), 2);
  await b.page.reload();
  await b.page.getByText("Bouwde een hut in de zandbak").waitFor();
  assert.equal(await b.page.locator(".moment-card").count(), 2);

  // One damaged bucket: it is named, the rest is restored.
  const damaged = structuredClone(backup);
  const momentKey = Object.keys(damaged.entries).find((k) => k.startsWith("signaal/v1/moment/"));
  damaged.entries[momentKey] = "{half a bucket";
  const damagedFile = join(dir, "damaged.json");
  writeFileSync(damagedFile, JSON.stringify(damaged));
  const c = await openApp(browser, server, { path: "/instellingen" });
  await restore(c.page, damagedFile);
  await c.page.getByText("Deze delen van de back-up konden niet worden gelezen").waitFor();
  await c.page.getByText(momentKey).waitFor();
  await nav(c.page, "Kinderen");
  await c.page.getByRole("link", { name: "Sem B." }).waitFor();

  // Not a backup at all.
  const other = join(dir, "notes.json");
  writeFileSync(other, JSON.stringify({ hello: "world" }));
  await restore(c.page, other);
  await c.page.getByText("Dit bestand is geen back-up van Signaal. Er is niets veranderd.").waitFor();
});
