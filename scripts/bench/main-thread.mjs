// The main thread while each page loads, as on Lighthouse's phone (4× CPU slowdown, its
// viewport), traced from navigation until the widget is live and a second has passed: the
// longest task of the widget (a task its timeline measures overlap: `pricing-widget compile`
// from the entry, `check`, `decode`, `hydrate` and each part `hydrate later` from the wasm)
// with its share by phase, the page's longest task, the time until the widget is live, and the
// bytes the page fetched until then (brotli, as served). Median over the runs; the phases are
// the run with the median longest task's.
import { median } from './median.mjs';
import { launchForMeasurements } from './chromium.mjs';

export const PHONE = { width: 412, height: 823 };
export const SLOWDOWN = 4;
const LONG_TASK_MS = 50;

/** Sets the page's CPU slowdown and notes when the widget says it is live. */
export async function asOnAPhone(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN });
  await page.addInitScript(() => {
    document.addEventListener('pricing-widget:ready', () => (window.__pwLive ??= performance.now()), true);
  });
  return cdp;
}

/** Waits until the widget on `page` is live (or, for a page without a widget script, loaded). */
export async function widgetLive(page) {
  await page.waitForFunction(() => window.__pwLive !== undefined || !document.querySelector('script[type=module]'), null, { timeout: 60_000 });
  return page.evaluate(() => window.__pwLive ?? performance.timing.loadEventEnd - performance.timing.navigationStart);
}

/** The complete trace events recorded while `load()` runs. */
async function traced(cdp, load) {
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing', transferMode: 'ReportEvents' });
  const loaded = await load();
  await cdp.send('Tracing.end');
  await complete;
  return { events, loaded };
}

/** The renderer main thread's tasks and the widget's measures, in ms from navigation. */
function tasksAndMeasures(events) {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' &&
    events.some((t) => t.pid === e.pid && t.name === 'navigationStart'));
  const start = events.find((e) => e.pid === main.pid && e.name === 'navigationStart').ts;
  const ms = (ts) => (ts - start) / 1000;
  const tasks = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.name === 'RunTask' && e.ph === 'X' && e.ts >= start)
    .map((e) => ({ start: ms(e.ts), end: ms(e.ts + e.dur) }));
  const begun = new Map();
  const measures = [];
  for (const e of events.filter((e) => e.cat === 'blink.user_timing' && e.name.startsWith('pricing-widget '))) {
    const key = `${e.name} ${e.id ?? e.id2?.local}`;
    if (e.ph === 'b') begun.set(key, ms(e.ts));
    if (e.ph === 'e' && begun.has(key)) measures.push({ name: e.name.slice('pricing-widget '.length), start: begun.get(key), end: ms(e.ts) });
  }
  return { tasks, measures };
}

const overlap = (a, b) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

/** One load of `url`: the figures of its main thread. */
async function loadOnce(browser, url) {
  const page = await browser.newPage({ viewport: PHONE });
  const cdp = await asOnAPhone(page);
  const { events, loaded: live } = await traced(cdp, async () => {
    await page.goto(url);
    const live = await widgetLive(page);
    await page.waitForTimeout(1000);
    return live;
  });
  const bytes = await page.evaluate((until) => [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]
    .filter((r) => r.responseEnd <= until).reduce((sum, r) => sum + r.transferSize, 0), live);
  await page.close();
  const { tasks, measures } = tasksAndMeasures(events);
  const duration = (t) => t.end - t.start;
  const longest = (list) => list.reduce((a, b) => (duration(b) > duration(a) ? b : a), { start: 0, end: 0 });
  const widgetTasks = tasks.filter((t) => measures.some((m) => overlap(t, m) > 0));
  const phasesOf = (task) => {
    const phases = {};
    for (const m of measures) if (overlap(task, m) > 0) phases[m.name] = (phases[m.name] ?? 0) + overlap(task, m);
    return Object.entries(phases).map(([phase, ms]) => `${phase} ${ms.toFixed(0)}`).join(', ');
  };
  const longTasks = widgetTasks.filter((t) => duration(t) > LONG_TASK_MS);
  return {
    widgetTask: duration(longest(widgetTasks)), pageTask: duration(longest(tasks)), live, bytes, widgetLongTasks: longTasks.length,
    phases: longTasks.map((t) => `${duration(t).toFixed(0)} ms at ${t.start.toFixed(0)} (${phasesOf(t)})`).join('; '),
  };
}

/** Prints the table for `variants` (name → URL), `runs` loads of each. */
export async function printMainThread(variants, runs) {
  const browser = await launchForMeasurements();
  const figures = {};
  try {
    for (const [name, url] of Object.entries(variants)) {
      const loads = [];
      for (let i = 0; i < runs; i++) loads.push(await loadOnce(browser, url));
      loads.sort((a, b) => a.widgetTask - b.widgetTask);
      figures[name] = { ...Object.fromEntries(['widgetTask', 'widgetLongTasks', 'pageTask', 'live', 'bytes'].map((k) => [k, median(loads.map((l) => l[k]))])), phases: loads[Math.floor(runs / 2)].phases };
    }
  } finally {
    await browser.close();
  }
  const names = Object.keys(figures);
  console.log(`Main thread at ${SLOWDOWN}× CPU slowdown, phone viewport, navigation until the widget is live + 1 s, median of ${runs} loads`);
  console.log(`  ${''.padEnd(44)}${names.map((n) => n.padStart(14)).join('')}`);
  const rows = [['longest widget task (ms)', 'widgetTask'], [`widget tasks over ${LONG_TASK_MS} ms`, 'widgetLongTasks'], ['longest task on the page (ms)', 'pageTask'],
    ['widget live after navigation (ms)', 'live'], ['bytes fetched until live (brotli, KB)', 'bytes', (b) => b / 1024]];
  for (const [label, key, scale = (x) => x] of rows) console.log(`  ${label.padEnd(44)}${names.map((n) => scale(figures[n][key]).toFixed(key === 'bytes' ? 1 : 0).padStart(14)).join('')}`);
  console.log(`  The widget's tasks over ${LONG_TASK_MS} ms in the median load, each with the ms of its phases in it (the rest is the browser's and the glue's):`);
  for (const n of names.filter((n) => figures[n].phases)) console.log(`    ${n}: ${figures[n].phases}`);
}
