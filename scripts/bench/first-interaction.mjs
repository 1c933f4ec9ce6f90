// A visitor's first interaction with each part of the widget, as on Lighthouse's phone (4× CPU
// slowdown): from the input event to the paint that shows the widget's answer (a frame after
// the DOM answered), including whatever the answer waited for (the wasm, the takeover). Timed
// twice per part, each in a fresh load: at first sight (the moment the widget is on screen,
// before any script ran it: the worst case) and once the widget is live. One load each.
import { launchForMeasurements } from './chromium.mjs';
import { PHONE, SLOWDOWN, asOnAPhone, widgetLive } from './main-thread.mjs';

/** Each part: what a visitor does (a Playwright action on the page) and what shows that the
 *  widget answered (a predicate on the shadow root, evaluated in the page). */
const PARTS = {
  "a card's button": {
    act: (page) => page.locator('pricing-widget .pw-card').nth(2).locator('button').first().click(),
    answered: () => window.__pwChosen === true,
  },
  'the interval switch': {
    act: (page) => page.locator('pricing-widget .pw-controls input[value=annual]').click(),
    answered: (shadow, before) => [...shadow.querySelectorAll('.pw-card .pw-amount')].map((e) => e.textContent).join() !== before.amounts,
  },
  'the calculator': {
    act: async (page) => {
      const plans = page.locator('pricing-widget .pw-calc-inputs select').first();
      await plans.selectOption({ index: (await plans.locator('option').count()) - 1 });
    },
    answered: (shadow, before) => shadow.querySelector('.pw-calc-result').textContent !== before.calculator,
  },
  'the plan finder': {
    act: (page) => page.locator('pricing-widget .pw-finder-line input[type=number]').first().fill('300'),
    answered: (shadow, before) => shadow.querySelector('.pw-finder-answer').textContent !== before.finder,
  },
  'the FAQ': {
    act: (page) => page.locator('pricing-widget .pw-faq summary').first().click(),
    answered: (shadow) => shadow.querySelector('.pw-faq details').open,
  },
};

/** Arms the page: notes the first input event's time and, each frame, whether `answered`. */
function arm(page, answered) {
  return page.evaluate((answered) => {
    const shadow = document.querySelector('pricing-widget').shadowRoot;
    const text = (selector) => shadow.querySelector(selector)?.textContent;
    const before = { amounts: [...shadow.querySelectorAll('.pw-card .pw-amount')].map((e) => e.textContent).join(), calculator: text('.pw-calc-result'), finder: text('.pw-finder-answer') };
    document.addEventListener('pricing-widget:plan-chosen', () => (window.__pwChosen = true));
    const check = new Function('shadow', 'before', `return (${answered})(shadow, before)`);
    window.__pwAnswer = new Promise((resolve) => {
      let input;
      for (const type of ['pointerdown', 'keydown', 'input', 'change']) {
        window.addEventListener(type, (event) => (input ??= event.timeStamp), { capture: true, once: true });
      }
      const frame = () => requestAnimationFrame(() => {
        if (input !== undefined && check(shadow, before)) setTimeout(() => resolve(performance.now() - input));
        else if (performance.now() < 60_000) frame();
        else resolve(NaN);
      });
      frame();
    });
  }, answered.toString());
}

async function timeOnce(browser, url, part, live) {
  const page = await browser.newPage({ viewport: PHONE });
  await asOnAPhone(page);
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator('pricing-widget .pw-card').first().waitFor();
  if (live) await widgetLive(page);
  await arm(page, PARTS[part].answered);
  await PARTS[part].act(page);
  const ms = await page.evaluate(() => window.__pwAnswer);
  await page.close();
  return ms;
}

/** Prints, for each page of `variants` but the static copy, each part's first interaction. */
export async function printFirstInteractions(variants) {
  const pages = Object.entries(variants).filter(([name]) => name !== 'static');
  const browser = await launchForMeasurements();
  console.log(`First interaction to the paint of its answer at ${SLOWDOWN}× CPU slowdown, phone viewport (ms; at first sight / once live), one load each`);
  console.log(`  ${''.padEnd(24)}${pages.map(([n]) => n.padStart(20)).join('')}`);
  try {
    for (const part of Object.keys(PARTS)) {
      const cells = [];
      for (const [, url] of pages) {
        const [first, live] = [await timeOnce(browser, url, part, false), await timeOnce(browser, url, part, true)];
        cells.push(`${first.toFixed(0)} / ${live.toFixed(0)}`.padStart(20));
      }
      console.log(`  ${part.padEnd(24)}${cells.join('')}`);
    }
  } finally {
    await browser.close();
  }
}
