// Lighthouse 12.2.3 (npm, pinned) with Debian Chromium against the release build on nginx:
// home, a channel list and the reference notice, mobile and desktop. Asserts Accessibility 100 and
// SEO ≥ 95; reports Performance and Best Practices (printed, and written to
// target/lighthouse/summary.json with every report). Run by tests/lighthouse/run.sh.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const BASE = (process.env.LIGHTHOUSE_URL || 'http://127.0.0.1:18082/').replace(/\/?$/, '/');
const OUT = process.env.LIGHTHOUSE_OUT || 'target/lighthouse';
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
].join(' ');

const PAGES = [
  ['home', ''],
  ['list', 'list/gzdt/1'],
  ['notice', 'notice/2026-work-conference'],
];
const FORM_FACTORS = ['mobile', 'desktop'];
const summary = [];
mkdirSync(OUT, { recursive: true });

/** The audits of a category that lost points, for the failure message. */
function lostPoints(lhr, category) {
  return lhr.categories[category].auditRefs
    .filter((ref) => ref.weight > 0 && lhr.audits[ref.id].score !== null && lhr.audits[ref.id].score < 1)
    .map((ref) => `${ref.id} (${lhr.audits[ref.id].score}): ${lhr.audits[ref.id].title}`);
}

for (const [name, route] of PAGES) {
  for (const formFactor of FORM_FACTORS) {
    test(`Lighthouse ${name} (${formFactor}): Accessibility 100, SEO ≥ 95`, { timeout: 180_000 }, async () => {
      const url = new URL(route, BASE).href;
      const report = join(OUT, `${name}-${formFactor}.json`);
      const args = [
        url,
        '--quiet',
        '--output=json',
        `--output-path=${report}`,
        '--only-categories=performance,accessibility,best-practices,seo',
        `--chrome-flags=${CHROME_FLAGS}`,
        '--max-wait-for-load=30000',
      ];
      if (formFactor === 'desktop') args.push('--preset=desktop');
      await run('lighthouse', args, {
        env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH || '/usr/bin/chromium' },
        maxBuffer: 64 * 1024 * 1024,
      });
      const lhr = JSON.parse(readFileSync(report, 'utf8'));
      assert.equal(lhr.lighthouseVersion, '12.2.3');
      assert.equal(lhr.runtimeError, undefined, `runtime error: ${JSON.stringify(lhr.runtimeError)}`);
      assert.equal(lhr.finalDisplayedUrl, url, 'Lighthouse audited the page asked for');
      const scores = Object.fromEntries(
        Object.entries(lhr.categories).map(([id, c]) => [id, c.score === null ? null : Math.round(c.score * 100)]),
      );
      summary.push({ page: name, formFactor, url, ...scores });
      console.log(
        `lighthouse ${name} ${formFactor}: performance ${scores.performance}, accessibility ${scores.accessibility}, ` +
          `best-practices ${scores['best-practices']}, seo ${scores.seo}`,
      );
      writeFileSync(join(OUT, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
      assert.equal(scores.accessibility, 100, `Accessibility ${scores.accessibility}:\n  ${lostPoints(lhr, 'accessibility').join('\n  ')}`);
      assert.ok(scores.seo >= 95, `SEO ${scores.seo}:\n  ${lostPoints(lhr, 'seo').join('\n  ')}`);
    });
  }
}
