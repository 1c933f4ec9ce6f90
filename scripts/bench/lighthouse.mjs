// Lighthouse's mobile performance run of each page variant (simulated throttling: its default
// mid-range phone on a slow 4G link, where the widget's weight shows most), median of each
// figure over the runs, and what the figures are made of: the LCP element and the layout shifts.
// Lighthouse launches Debian's Chromium itself, so no other Chromium may run meanwhile: two
// browsers at once make its runs fail. A failed run skips the table rather than the benchmark.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../../tests/e2e/support.mjs';
import { median } from './median.mjs';

const FLAGS = '--ignore-certificate-errors --headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync';

/** One Lighthouse run on `url`: its report. Asynchronous on purpose: the pages are served by
 *  this very process. */
async function lighthouseReport(url, out) {
  const bin = join(ROOT, 'node_modules', '.bin', 'lighthouse');
  if (!existsSync(bin)) throw new Error('node_modules/.bin/lighthouse is missing: bash scripts/setup.sh installs it');
  await promisify(execFile)(bin, [url, '--only-categories=performance', '--output=json', `--output-path=${out}`, '--quiet', `--chrome-flags=${FLAGS}`], {
    env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' },
  });
  const report = JSON.parse(readFileSync(out, 'utf8'));
  if (report.runtimeError) throw new Error(`${report.runtimeError.code}: ${report.runtimeError.message}`);
  return report;
}

/** The medians of `runs` runs on `url`, and the last run's LCP element and layout shifts. */
async function lighthouse(url, runs) {
  const scratch = mkdtempSync(join(tmpdir(), 'lighthouse-'));
  try {
    const figures = [];
    let report;
    for (let i = 0; i < runs; i++) {
      report = await lighthouseReport(url, join(scratch, `report-${i}.json`));
      const audit = (id) => report.audits[id].numericValue;
      figures.push({ score: report.categories.performance.score * 100, lcp: audit('largest-contentful-paint'), fcp: audit('first-contentful-paint'),
        tbt: audit('total-blocking-time'), cls: audit('cumulative-layout-shift'), si: audit('speed-index') });
    }
    const lcpNode = report.audits['lcp-breakdown-insight']?.details?.items?.find((item) => item.type === 'node');
    const shifts = report.audits['layout-shifts']?.details?.items ?? [];
    const medians = Object.fromEntries(Object.keys(figures[0]).map((k) => [k, median(figures.map((f) => f[k]))]));
    const perfect = figures.filter((f) => f.score === 100).length;
    return { ...medians, perfect: `${perfect} of ${runs}`, lcpElement: lcpNode ? `${lcpNode.selector} "${lcpNode.nodeLabel}"` : 'none found', shifts: shifts.map((s) => `${s.node?.selector} ${s.score.toFixed(3)}`) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Prints Lighthouse's table for `variants` (name → URL, the static copy named `static`). */
export async function printLighthouse(variants, runs) {
  const names = Object.keys(variants);
  try {
    const scores = {};
    for (const [name, url] of Object.entries(variants)) scores[name] = await lighthouse(url, runs);
    console.log(`Lighthouse mobile (simulated throttling), median of ${runs} runs`);
    console.log(`  ${''.padEnd(36)}${names.map((n) => n.padStart(14)).join('')}`);
    const rows = [['performance score (0-100)', 'score'], ['largest contentful paint (ms)', 'lcp'], ['first contentful paint (ms)', 'fcp'],
      ['total blocking time (ms)', 'tbt'], ['cumulative layout shift (unitless)', 'cls', 3], ['speed index (ms)', 'si']];
    for (const [label, key, digits = 0] of rows) console.log(`  ${label.padEnd(36)}${names.map((n) => scores[n][key].toFixed(digits).padStart(14)).join('')}`);
    console.log(`  ${'runs scoring 100'.padEnd(36)}${names.map((n) => scores[n].perfect.padStart(14)).join('')}`);
    const ratios = names.filter((n) => n !== 'static').map((n) => `${n} ${(scores[n].lcp / scores.static.lcp).toFixed(2)}×`);
    console.log(`  LCP ratio release/static: ${ratios.join(', ')}`);
    for (const n of names) console.log(`  ${n}: LCP element ${scores[n].lcpElement}; layout shifts: ${scores[n].shifts.join(', ') || 'none'}`);
  } catch (error) {
    console.log(`lighthouse: skipped (${error.stderr?.trim().split('\n').at(-1) || error.message.split('\n')[0]})`);
  }
}
