// Chromium for the page measurements: Debian's, launched as the tests launch it, with each page
// in a fresh context (nothing cached from an earlier load) that accepts the compressed server's
// self-signed certificate.
import { DESKTOP, LIVE, launchChromium } from '../../tests/e2e/support.mjs';

/** A browser whose `newPage(options)` opens a page in a context of its own. */
export async function launchForMeasurements() {
  const chromium = await launchChromium();
  return {
    newPage: (options) => chromium.newContext({ ...options, ignoreHTTPSErrors: true }).then((context) => context.newPage()),
    close: () => chromium.close(),
  };
}

/** The page at `url` on a desktop, in a browser of its own, once the wasm runs its widget;
 *  `close()` closes the browser. */
export async function openLiveWidget(url) {
  const browser = await launchForMeasurements();
  const page = await browser.newPage({ viewport: DESKTOP });
  await page.goto(url);
  await page.waitForSelector(`${LIVE} .pw-card`);
  return { page, close: browser.close };
}
