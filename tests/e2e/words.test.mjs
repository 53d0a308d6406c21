// Each area's words download with its chunk (src/i18n.rs, src/areas.rs): opened directly as the
// first page, in Dutch and in English, every screen of every area shows its own words, and no
// heading, label, button or link is left without text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openApp, serverAndBrowser } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

// Path, and the first screen's heading in Dutch and English where the area has its own.
const SCREENS = [
  ["/schriftje", "Schriftje", "Notebook"],
  ["/kinderen", "Kinderen", "Children"],
  ["/stappenplan", "Stappenplan", "Step plan"],
  ["/stappenplan/welbevinding"],
  ["/stappenplan/groep"],
  ["/stappenplan/sjabloon"],
  ["/stappenplan/contacten"],
  ["/stappenplan/coach"],
  ["/overzicht", "Overzicht", "Overview"],
  ["/overzicht/rapportage"],
  ["/instellingen", "Instellingen", "Settings"],
  ["/instellingen/team"],
  ["/instellingen/groei"],
];

// Visible elements that must carry words, with none (no text, no accessible name).
function wordless(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("main :is(h1, h2, h3, h4, label, legend, button, a, th, summary, dt, p)")]
      .filter((el) => el.checkVisibility() && el.textContent.trim() === "")
      .filter((el) => !el.getAttribute("aria-label") && !el.getAttribute("title") && !el.querySelector("img, svg, input, select, textarea"))
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}

for (const [lang, radio, index] of [["nl", "Nederlands", 1], ["en", "English", 2]]) {
  test(`every area's own words show on its first visit (${lang})`, async () => {
    const { context, page, errors } = await openApp(browser, server, { path: "/instellingen" });
    await page.getByRole("radio", { name: radio }).check();
    for (const screen of SCREENS) {
      await page.goto(server.url + screen[0]);
      const h1 = page.locator("main h1").first();
      if (screen[index]) await page.getByRole("heading", { level: 1, name: screen[index], exact: true }).waitFor();
      else await h1.waitFor();
      assert.notEqual((await h1.textContent()).trim(), "", `${screen[0]}: heading`);
      assert.deepEqual(await wordless(page), [], `${screen[0]} (${lang}): elements without words`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}
