// Bulletin in-app navigation benchmark (run by scripts/bench.sh after bench/load.mjs):
//   * list → notice: from the prerendered list page /list/gzdt/1, taken over by the app, a click
//     on the reference notice's link until its first paragraph is in a frame (rAF after it
//     appears): with the link pointed at first (the app prefetches the notice's JSON on hover,
//     100 ms before the click, as a reader's pointer rests on a link) and without;
//   * a 2,000-paragraph notice (bench content, see scripts/bench.sh): the same, until its last
//     paragraph is in a frame, the JSON prefetched (render time) and not (fetch + render).
//
// Environment: BENCH_URL (default http://127.0.0.1:18090/), BENCH_NAV_RUNS (default 10),
// CHROMIUM_PATH. Prints a table and one line `BENCH_NAV_JSON {...}`.

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { CHROMIUM_ARGS } from '../tests/e2e/helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { chromium } = require(path.join(here, '..', 'node_modules', 'playwright-core'));

const BASE = (process.env.BENCH_URL || 'http://127.0.0.1:18090/').replace(/\/?$/, '/');
const RUNS = Number(process.env.BENCH_NAV_RUNS || 10);
const REFERENCE = { list: 'list/gzdt/1', id: '2026-work-conference', paragraphs: 6 };
const HUGE = { list: 'list/all/1', id: 'bench-2000-paragraphs', paragraphs: 2000 };

/** In the page: clicks the link to notice `id` and resolves with the ms until the notice's
 *  `count`-th body paragraph exists and a frame has run after it. */
function clickAndTime({ id, count, hover }) {
  return new Promise((resolve, reject) => {
    const link = [...document.querySelectorAll('main a[href]')].find((a) =>
      a.getAttribute('href').endsWith(`notice/${id}`),
    );
    if (!link) return reject(new Error(`no link to ${id}`));
    const go = () => {
      const t0 = performance.now();
      const done = () => {
        const ps = document.querySelectorAll('.notice-body > p');
        return ps.length >= count && document.querySelector('h1.notice-title');
      };
      const finish = () => requestAnimationFrame(() => resolve(performance.now() - t0));
      const observer = new MutationObserver(() => {
        if (done()) {
          observer.disconnect();
          finish();
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
      link.click();
      if (done()) {
        observer.disconnect();
        finish();
      }
    };
    if (hover) {
      link.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
      // Wait until the prefetch answered (or 2 s), then 100 ms more, as a resting pointer.
      const started = performance.now();
      const wait = () => {
        const got = performance
          .getEntriesByType('resource')
          .some((e) => e.name.endsWith(`notices/${id}.json`) && e.responseEnd > 0);
        if (got || performance.now() - started > 2000) setTimeout(go, 100);
        else setTimeout(wait, 10);
      };
      wait();
    } else {
      go();
    }
  });
}

async function measure(browser, target, hover) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(BASE + target.list);
    await page.waitForFunction(() => document.documentElement.dataset.app === 'ready');
    return await page.evaluate(clickAndTime, { id: target.id, count: target.paragraphs, hover });
  } finally {
    await context.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return +(s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2).toFixed(1);
};

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const result = {};
  try {
    for (const [name, target] of [['listToNotice', REFERENCE], ['notice2000', HUGE]]) {
      for (const hover of [true, false]) {
        await measure(browser, target, hover); // warm-up
        const times = [];
        for (let i = 0; i < RUNS; i++) times.push(await measure(browser, target, hover));
        result[`${name}${hover ? 'Prefetched' : 'Cold'}Ms`] = { median: median(times), runs: times.map((t) => +t.toFixed(1)) };
        console.error(`  ${name} ${hover ? 'prefetched' : 'not prefetched'}: ${times.map((t) => t.toFixed(1)).join(' ')}`);
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`In-app navigation, median of ${RUNS} (click → text in a frame):`);
  console.log(`  list → notice, JSON prefetched on hover     ${result.listToNoticePrefetchedMs.median} ms`);
  console.log(`  list → notice, not prefetched               ${result.listToNoticeColdMs.median} ms`);
  console.log(`  2,000-paragraph notice, prefetched (render) ${result.notice2000PrefetchedMs.median} ms`);
  console.log(`  2,000-paragraph notice, not prefetched      ${result.notice2000ColdMs.median} ms`);
  console.log(`BENCH_NAV_JSON ${JSON.stringify(result)}`);
}

main().catch((e) => {
  console.error(`nav.mjs: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
