// Every main screen at phone and tablet size, portrait and landscape, and with the browser's text
// size doubled (the reader's own setting, WCAG 1.4.4): nothing runs off the side of the screen and
// every control stays at least 44 px. Screenshots of each combination land in test-output/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { momentWithSignal, screenshot, serverAndBrowser, setUpDevice, smallTargets } from "./helpers.mjs";

let server;
let browser;
serverAndBrowser((s, b) => ([server, browser] = [s, b]));

const SIZES = {
  "phone-portrait": { width: 360, height: 740 },
  "phone-landscape": { width: 740, height: 360 },
  "tablet-portrait": { width: 768, height: 1024 },
  "tablet-landscape": { width: 1024, height: 768 },
};

test("main screens fit 360 and 768 px portrait and landscape, also with doubled text", async () => {
  const { context, page, errors } = await setUpDevice(browser, server, { children: ["Sam K.", "Noor B."] });
  const { moment, child, trajectory } = await momentWithSignal(page, "Sam K.", "Sam duwde bij het wachten en wilde daarna niet meer meedoen met het spel.");
  const screens = ["/", "/schriftje", moment, "/moment", "/kinderen", child, "/stappenplan", trajectory, `${trajectory}/coaching`, "/stappenplan/welbevinding", "/overzicht", "/instellingen", "/instellingen/groei"];

  const problems = [];
  const cdp = await context.newCDPSession(page);
  await cdp.send("Page.enable");
  // What a reader changes in the browser's settings; the app sizes in rem and its breakpoints in em.
  for (const [text, fontSize] of [["normal", 16], ["large-text", 32]]) {
    await cdp.send("Page.setFontSizes", { fontSizes: { standard: fontSize, fixed: Math.round(fontSize * 0.8125) } });
    const open = async (path) => {
      await page.goto(server.url + path);
      await page.locator("main h1").first().waitFor();
    };
    for (const [size, viewport] of Object.entries(SIZES)) {
      await page.setViewportSize(viewport);
      for (const path of screens) {
        await open(path);
        const root = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
        assert.equal(root, `${fontSize}px`, "the text size setting reached the page");
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 0) problems.push(`${text} ${size} ${path}: ${overflow}px wider than the screen`);
        for (const small of await smallTargets(page)) problems.push(`${text} ${size} ${path}: ${small}`);
      }
      await open(trajectory);
      // A full-page shot resizes the view, which drops the text-size setting; the visible part will do.
      await screenshot(page, `layout-${text}-${size}`, { fullPage: false });
    }
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(errors, []);
  await context.close();
});
