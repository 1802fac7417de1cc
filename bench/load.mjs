// Bulletin load benchmark: the reference notice as Bulletin prerenders it (`prerendered`), as the
// client-rendered app without prerendered content (`csr`, the same page stripped by bench.sh) and
// as one hand-written static HTML page (`static`).
//
//   node bench/load.mjs            (normally run by scripts/bench.sh, which starts nginx first)
//
// Environment:
//   BENCH_URL     server base URL (default http://127.0.0.1:18090/)
//   BENCH_RUNS    cold loads per page (default 10)
//   BENCH_SIZES   JSON object of build sizes from scripts/bench.sh, copied into BENCH_JSON
//   CHROMIUM_PATH (default /usr/bin/chromium)
//
// Each load runs in a NEW browser context (empty HTTP cache) with the cache also disabled over
// CDP (Network.setCacheDisabled). Loads alternate app/static; one discarded warm-up load of each
// page comes first (it only warms the browser process, nginx and the OS file cache: every measured
// load still starts with an empty browser cache).
//
// "First paragraph visible" = performance.now() (ms since navigation start) in the first
// requestAnimationFrame callback after an element matching the page's first-paragraph selector
// exists with non-empty text (the frame meant to paint it). Chromium may run several such frames
// before it presents the first one, so the probe also tags that element with
// elementtiming="bench-first-paragraph" and records its Element Timing renderTime (when the frame
// painting it was presented), plus FCP and LCP (largest-contentful-paint, the last candidate
// before we read it). Transferred bytes = sum of transferSize and
// of encodedBodySize over the navigation entry and all resource entries.
//
// Prints a table and one line `BENCH_JSON {...}` with every figure. Exits non-zero on failure.

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { CHROMIUM_ARGS } from '../tests/e2e/helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { chromium } = require(path.join(here, '..', 'node_modules', 'playwright-core'));

const BASE = (process.env.BENCH_URL || 'http://127.0.0.1:18090/').replace(/\/?$/, '/');
const RUNS = Number(process.env.BENCH_RUNS || 10);
const LOAD_TIMEOUT_MS = 20_000;
// Quiet time after `load` before the harness calls into the page (see loadOnce).
const SETTLE_MS = 600;
const WATCHDOG_MS = 170_000;
const EXPECTED_START = '2月11日,浙江省通信管理局召开2026年工作会议';

const PAGES = {
  prerendered: { path: 'notice/2026-work-conference', selector: '.notice-body p' },
  csr: { path: 'notice/2026-work-conference?csr=1', selector: '.notice-body p' },
  static: { path: 'static/notice.html', selector: '[data-bench="first-paragraph"]' },
};
const KINDS = Object.keys(PAGES);


// Runs in the page before any of its scripts. `selector` is passed as the argument.
function probe(selector) {
  const b = (window.__bench = {
    fp: null, fpText: null, seenAt: null, fpPaint: null, fcp: null, lcp: null, lcpElement: null,
    ready: null,
  });
  // When the app has started (taken the prerendered page over, or mounted): <html data-app>.
  new MutationObserver(() => {
    if (b.ready === null && document.documentElement?.dataset.app === 'ready') b.ready = performance.now();
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-app'] });
  const observe = (type, onEntry) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(onEntry)).observe({ type, buffered: true });
      return true;
    } catch (_) {
      return false;
    }
  };
  if (!observe('largest-contentful-paint', (e) => {
    b.lcp = e.renderTime || e.startTime || e.loadTime;
    b.lcpElement = e.element ? e.element.tagName.toLowerCase() + (e.element.className ? '.' + e.element.className : '') : null;
  })) b.lcp = 'unsupported';
  observe('paint', (e) => {
    if (e.name === 'first-contentful-paint') b.fcp = e.startTime;
  });
  // Element Timing: when the frame that paints the paragraph was actually presented.
  if (!observe('element', (e) => {
    if (e.identifier === 'bench-first-paragraph' && b.fpPaint === null) b.fpPaint = e.renderTime || e.startTime;
  })) b.fpPaint = 'unsupported';
  let observer = null;
  const check = () => {
    if (b.seenAt !== null) return;
    const el = document.querySelector(selector);
    if (!el || !el.textContent || !el.textContent.trim()) return;
    b.seenAt = performance.now();
    // Set before the element's first paint (mutation callbacks run before the next frame).
    if (!el.hasAttribute('elementtiming')) el.setAttribute('elementtiming', 'bench-first-paragraph');
    if (observer) observer.disconnect();
    requestAnimationFrame(() => {
      b.fp = performance.now();
      b.fpText = el.textContent.trim().slice(0, 40);
    });
  };
  observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true });
  check();
}

function collectEntries() {
  const nav = performance.getEntriesByType('navigation');
  const res = performance.getEntriesByType('resource');
  const all = [...nav, ...res];
  return {
    transferSize: all.reduce((s, e) => s + (e.transferSize || 0), 0),
    encodedBodySize: all.reduce((s, e) => s + (e.encodedBodySize || 0), 0),
    decodedBodySize: all.reduce((s, e) => s + (e.decodedBodySize || 0), 0),
    requests: all.length,
    files: all.map((e) => ({
      name: new URL(e.name).pathname,
      transfer: e.transferSize,
      encoded: e.encodedBodySize,
      decoded: e.decodedBodySize,
    })),
  };
}

async function loadOnce(browser, kind) {
  const page_ = PAGES[kind];
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    await context.addInitScript(probe, page_.selector);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const resp = await page.goto(BASE + page_.path, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
    if (!resp || !resp.ok()) throw new Error(`${kind}: HTTP ${resp ? resp.status() : 'no response'} for ${page_.path}`);
    // Touch nothing in the page while it may still be painting: Playwright's waitForFunction
    // first compiles its injected script in the page (~35 ms of main-thread work on this machine),
    // which lands right after `load` and so before a paint that follows `load`.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    try {
      await page.waitForFunction(() => window.__bench && window.__bench.fp !== null, null, {
        timeout: LOAD_TIMEOUT_MS,
      });
    } catch (e) {
      throw new Error(`${kind}: first paragraph never appeared (${page_.selector})${errors.length ? '; page errors: ' + errors.join(' | ') : ''}`);
    }
    // The paint entry arrives after the frame is presented; tolerate its absence.
    await page
      .waitForFunction(() => window.__bench.fpPaint !== null, null, { timeout: 5_000 })
      .catch(() => {});
    // Let late requests (data JSON, etc.) finish so the resource entries are complete.
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
    if (kind !== 'static') {
      await page.waitForFunction(() => window.__bench.ready !== null, null, { timeout: LOAD_TIMEOUT_MS });
    }
    const r = await page.evaluate(() => ({ ...window.__bench }));
    if (!r.fpText.startsWith(EXPECTED_START.slice(0, 20))) {
      throw new Error(`${kind}: first paragraph is not the reference text: ${JSON.stringify(r.fpText)}`);
    }
    const sizes = await page.evaluate(collectEntries);
    return {
      fp: r.fp,
      fpPaint: typeof r.fpPaint === 'number' ? r.fpPaint : null,
      fcp: r.fcp,
      lcp: typeof r.lcp === 'number' ? r.lcp : null,
      lcpElement: r.lcpElement,
      ready: r.ready,
      ...sizes,
    };
  } finally {
    await context.close().catch(() => {});
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs) => {
  const v = xs.filter((x) => typeof x === 'number');
  if (!v.length) return null;
  return { median: +median(v).toFixed(1), min: +Math.min(...v).toFixed(1), max: +Math.max(...v).toFixed(1), n: v.length };
};

async function main() {
  const watchdog = setTimeout(() => {
    console.error(`load.mjs: gave up after ${WATCHDOG_MS / 1000} s`);
    process.exit(3);
  }, WATCHDOG_MS);
  watchdog.unref();

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
  const runs = Object.fromEntries(KINDS.map((k) => [k, []]));
  try {
    const version = browser.version();
    // Warm-up (discarded).
    for (const kind of KINDS) await loadOnce(browser, kind);
    for (let i = 0; i < RUNS; i++) {
      for (const kind of i % 2 ? [...KINDS].reverse() : KINDS) {
        const r = await loadOnce(browser, kind);
        runs[kind].push(r);
        console.error(`  run ${i + 1}/${RUNS} ${kind.padEnd(6)} first-paragraph rAF ${r.fp.toFixed(1)} ms, paint ${r.fpPaint === null ? '-' : r.fpPaint.toFixed(1) + ' ms'}, FCP ${r.fcp === null ? '-' : r.fcp.toFixed(1) + ' ms'}, LCP ${r.lcp === null ? '-' : r.lcp.toFixed(1) + ' ms'}, ${r.transferSize} B transferred`);
      }
    }

    const summary = {};
    for (const kind of KINDS) {
      const rs = runs[kind];
      const last = rs[rs.length - 1];
      summary[kind] = {
        url: BASE + PAGES[kind].path,
        selector: PAGES[kind].selector,
        firstParagraphMs: stats(rs.map((r) => r.fp)),
        firstParagraphPaintMs: stats(rs.map((r) => r.fpPaint)),
        fcpMs: stats(rs.map((r) => r.fcp)),
        lcpMs: stats(rs.map((r) => r.lcp)),
        lcpElement: last.lcpElement,
        appReadyMs: stats(rs.map((r) => r.ready)),
        transferSize: last.transferSize,
        encodedBodySize: last.encodedBodySize,
        decodedBodySize: last.decodedBodySize,
        requests: last.requests,
        files: last.files,
        rawFirstParagraphMs: rs.map((r) => +r.fp.toFixed(1)),
        rawFirstParagraphPaintMs: rs.map((r) => (r.fpPaint === null ? null : +r.fpPaint.toFixed(1))),
      };
    }
    const ratio = (a, b) => (a && b ? +(a.median / b.median).toFixed(2) : null);
    const ratios = (kind) => ({
      firstParagraph: ratio(summary[kind].firstParagraphMs, summary.static.firstParagraphMs),
      firstParagraphPaint: ratio(summary[kind].firstParagraphPaintMs, summary.static.firstParagraphPaintMs),
      fcp: ratio(summary[kind].fcpMs, summary.static.fcpMs),
      lcp: ratio(summary[kind].lcpMs, summary.static.lcpMs),
      transfer: +(summary[kind].transferSize / summary.static.transferSize).toFixed(1),
    });
    const result = {
      runs: RUNS,
      chromium: version,
      base: BASE,
      ...summary,
      ratioPrerenderedToStatic: ratios('prerendered'),
      ratioCsrToStatic: ratios('csr'),
      sizes: process.env.BENCH_SIZES ? JSON.parse(process.env.BENCH_SIZES) : undefined,
    };

    const fmt = (s) => (s ? `${s.median.toFixed(1)} (${s.min.toFixed(1)}–${s.max.toFixed(1)})` : 'n/a');
    const row = (label, get, r) => [label, ...KINDS.map((k) => get(summary[k])), String(result.ratioPrerenderedToStatic[r] ?? ''), String(result.ratioCsrToStatic[r] ?? '')];
    const bytesRatio = (field) => [(summary.prerendered[field] / summary.static[field]).toFixed(1), (summary.csr[field] / summary.static[field]).toFixed(1)];
    const rows = [
      ['', ...KINDS, 'prerendered/static', 'csr/static'],
      row('first paragraph visible (rAF) ms, median (min–max)', (s) => fmt(s.firstParagraphMs), 'firstParagraph'),
      row('first paragraph painted (Element Timing) ms', (s) => fmt(s.firstParagraphPaintMs), 'firstParagraphPaint'),
      row('FCP ms, median (min–max)', (s) => fmt(s.fcpMs), 'fcp'),
      row('LCP ms, median (min–max)', (s) => fmt(s.lcpMs), 'lcp'),
      row('app started (data-app=ready) ms', (s) => fmt(s.appReadyMs), 'none'),
      row('transferSize bytes (sum)', (s) => String(s.transferSize), 'transfer'),
      ['encodedBodySize bytes (sum)', ...KINDS.map((k) => String(summary[k].encodedBodySize)), ...bytesRatio('encodedBodySize')],
      ['decodedBodySize bytes (sum)', ...KINDS.map((k) => String(summary[k].decodedBodySize)), ...bytesRatio('decodedBodySize')],
      ['requests (nav + resources)', ...KINDS.map((k) => String(summary[k].requests)), '', ''],
    ];
    const w = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    console.log(`Cold loads: ${RUNS} per page, alternating, new context + cache disabled each (Chromium ${version})`);
    for (const r of rows) console.log(r.map((cell, c) => (c ? cell.padStart(w[c]) : cell.padEnd(w[c]))).join('  '));
    console.log('Per-file (last prerendered load):');
    for (const f of summary.prerendered.files) console.log(`  ${f.name.padEnd(48)} transfer ${String(f.transfer).padStart(7)}  encoded ${String(f.encoded).padStart(7)}  decoded ${String(f.decoded).padStart(7)}`);
    console.log(`BENCH_JSON ${JSON.stringify(result)}`);
  } finally {
    await browser.close().catch(() => {});
    clearTimeout(watchdog);
  }
}

main().catch((e) => {
  console.error(`load.mjs: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
