// First paint like a static page: on a prerendered page the app's files (glue js, wasm) are
// requested only after the page has painted its text, so they never compete with it (nor enter
// Lighthouse's estimate of the largest paint); the takeover adds no later largest-contentful-paint
// entry and no layout shift; the app's files stay verified by their integrity values and are
// downloaded once; a page without prerendered content starts the app at once. Properties only:
// no absolute times are asserted.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  REFERENCE_ID,
  REFERENCE_TITLE,
  STRICT_URL,
  assertClean,
  at,
  closeAll,
  launchBrowser,
  newPage,
  poll,
  waitForApp,
  waitForNotice,
  withoutPrerender,
} from './helpers.mjs';

const STRICT_SUB_URL = at(STRICT_URL, 'notices/');

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

/** Records, from before any page script, LCP entries, layout shifts and the takeover's time. */
async function recordPaints(page) {
  await page.addInitScript(() => {
    const r = (window.__paint = { lcp: [], shifts: [], readyAt: null });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        r.lcp.push({ time: e.renderTime || e.startTime, size: e.size, tag: e.element?.tagName || null });
      }
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) r.shifts.push(e.value);
    }).observe({ type: 'layout-shift', buffered: true });
    new MutationObserver(() => {
      if (r.readyAt === null && document.documentElement?.dataset.app === 'ready') r.readyAt = performance.now();
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-app'] });
  });
}

/** Start times (ms since navigation) of the requests for the app's glue and wasm. */
function appRequests(page) {
  return page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => /\/bulletin-web-[0-9a-f]{16}(_bg\.wasm|\.js)$/.test(new URL(e.name).pathname))
      .map((e) => ({ file: new URL(e.name).pathname, start: e.startTime })),
  );
}

for (const [name, base] of [
  ['root', STRICT_URL],
  ['/notices/', STRICT_SUB_URL],
]) {
  test(`${name}: the app's files are requested after the page painted its text; no later LCP`, async () => {
    const page = await newPage(browser, { viewport: { width: 1280, height: 800 } });
    await recordPaints(page);
    await page.goto(at(base, `notice/${REFERENCE_ID}`));
    await waitForNotice(page, REFERENCE_TITLE);
    await waitForApp(page);
    assert.equal(await page.locator('html').getAttribute('data-app'), 'ready', 'the app took over');
    await page.waitForTimeout(300);
    const paint = await page.evaluate(() => window.__paint);
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime);
    const requests = await appRequests(page);

    assert.ok(typeof fcp === 'number', 'a first contentful paint');
    assert.ok(paint.lcp.length > 0, 'a largest-contentful-paint entry');
    const lcp = paint.lcp.at(-1);
    assert.equal(lcp.tag, 'P', `the largest paint is a paragraph of the notice (${JSON.stringify(paint.lcp)})`);
    // The glue and the wasm, each requested once, both after the text's paint.
    const files = requests.map((r) => r.file).sort();
    assert.equal(files.length, 2, `glue and wasm requested once each (${JSON.stringify(requests)})`);
    assert.ok(files[0].endsWith('.js') && files[1].endsWith('_bg.wasm'), JSON.stringify(files));
    for (const r of requests) {
      assert.ok(r.start > fcp, `${r.file} requested at ${r.start} ms, after the first paint (${fcp} ms)`);
      assert.ok(r.start > lcp.time, `${r.file} requested at ${r.start} ms, after the LCP (${lcp.time} ms)`);
    }
    // The takeover paints the same page: no LCP entry after it, no layout shift.
    assert.ok(paint.readyAt !== null, 'takeover time recorded');
    for (const e of paint.lcp) {
      assert.ok(e.time <= paint.readyAt, `LCP entry at ${e.time} ms after the takeover (${paint.readyAt} ms)`);
    }
    assert.equal(paint.shifts.reduce((a, b) => a + b, 0), 0, `CLS 0 (${paint.shifts})`);
    assertClean(page);
  });
}

test('the page names no preload of the app; the loader adds them, with integrity; print CSS does not block', async () => {
  for (const base of [STRICT_URL, STRICT_SUB_URL]) {
    const html = await (await fetch(at(base, `notice/${REFERENCE_ID}`))).text();
    assert.ok(!/rel="(module)?preload"/.test(html), 'no preload tag in the HTML');
    // The print stylesheet: only in a <noscript> (readers without JavaScript); the loader adds it.
    const outsideNoscript = html.replace(/<noscript>[\s\S]*?<\/noscript>/g, '');
    assert.ok(/<noscript><link rel="stylesheet" href="[^"]*\/print-[0-9a-f]{16}\.css" media="print" \/><\/noscript>/.test(html), 'print CSS for readers without JavaScript');
    assert.equal(outsideNoscript.match(/<link rel="stylesheet"/g), null, 'no stylesheet link outside <noscript>');
    const page = await newPage(browser);
    await page.goto(at(base, `notice/${REFERENCE_ID}`));
    await waitForApp(page);
    const links = await page.evaluate(() =>
      [...document.querySelectorAll('link[rel="preload"], link[rel="modulepreload"], link[rel="stylesheet"]')].map((l) => ({
        rel: l.rel,
        href: new URL(l.href).pathname,
        media: l.media,
        integrity: l.integrity,
      })),
    );
    assert.equal(links.length, 4, JSON.stringify(links));
    for (const l of links) {
      assert.ok(l.href.startsWith(new URL(base).pathname), `${l.href} under the base`);
      assert.match(l.integrity, /^sha384-/, `${l.href} keeps its integrity`);
    }
    const sheets = links.filter((l) => l.rel === 'stylesheet');
    const print = sheets.find((l) => l.media === 'print');
    assert.ok(print && /\/print-[0-9a-f]{16}\.css$/.test(print.href), JSON.stringify(links));
    // The whole screen stylesheet, for what the app shows later; the page carries its own part.
    const screen = sheets.find((l) => l.media === '');
    assert.ok(screen && /\/main-[0-9a-f]{16}\.css$/.test(screen.href), JSON.stringify(links));
    assertClean(page);
  }
});

test('the page carries the rules it uses; the app starts once the whole stylesheet is in, and what it opens later is styled', async () => {
  const whole = await (async () => {
    const loaderUrl = (await (await fetch(at(STRICT_URL, `notice/${REFERENCE_ID}`))).text())
      .match(/<meta name="bulletin-loader" content="([^"]+)"/)[1];
    const loader = await (await fetch(new URL(loaderUrl, STRICT_URL))).text();
    return loader.match(/"href": "([^"]*main-[0-9a-f]{16}\.css)"/)[1];
  })();
  const wholeText = await (await fetch(new URL(whole, STRICT_URL))).text();
  const html = await (await fetch(at(STRICT_URL, `notice/${REFERENCE_ID}`))).text();
  const own = html.match(/<style>([\s\S]*?)<\/style>/)[1];
  assert.ok(own.length < wholeText.length * 0.9, `the page's ${own.length} B of ${wholeText.length} B`);
  assert.ok(!own.includes('.aids-panel.open'), 'the folded panel opened is not on the page');
  assert.ok(wholeText.includes('.aids-panel.open'), 'it is in the whole stylesheet');

  // A phone; the whole stylesheet held back: the page reads, the app waits for it.
  const page = await newPage(browser, { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  let release;
  const held = new Promise((r) => {
    release = r;
  });
  let asked = false;
  await page.route(/\/main-[0-9a-f]{16}\.css$/, async (route) => {
    asked = true;
    await held;
    await route.continue();
  });
  await page.mainFrame().goto(at(STRICT_URL, `notice/${REFERENCE_ID}`), { waitUntil: 'load' });
  await poll(() => asked);
  await page.waitForTimeout(1500);
  assert.equal(await page.locator('html').getAttribute('data-app'), null, 'no takeover before the stylesheet');
  assert.equal(await page.locator('.aids-panel').evaluate((e) => getComputedStyle(e).display), 'none', 'folded');
  release();
  await waitForApp(page);
  await page.getByRole('button', { name: '阅读辅助（字号、适老模式）' }).click();
  await poll(async () => (await page.locator('.aids-panel').evaluate((e) => getComputedStyle(e).display)) === 'flex');
  assertClean(page);
});

test('a page without prerendered content starts the app at once', async () => {
  const page = await newPage(browser);
  await withoutPrerender(page);
  await recordPaints(page);
  await page.goto(at(STRICT_URL, `notice/${REFERENCE_ID}`));
  await waitForNotice(page, REFERENCE_TITLE);
  const { requests, loader, domReady, load } = await page.evaluate(() => {
    const starts = (pattern) =>
      performance
        .getEntriesByType('resource')
        .filter((e) => pattern.test(e.name))
        .map((e) => e.startTime);
    const navigation = performance.getEntriesByType('navigation')[0];
    return {
      requests: starts(/_bg\.wasm$/),
      loader: starts(/\/loader-[0-9a-f]{16}\.js$/),
      domReady: navigation.domContentLoadedEventEnd,
      load: navigation.loadEventStart,
    };
  });
  assert.equal(requests.length, 1);
  assert.equal(loader.length, 1);
  // The boot script adds the loader as soon as the document is parsed (no prerendered data), not
  // after the load event and a paint as on a prerendered page.
  assert.ok(loader[0] <= domReady, `the loader was requested before DOMContentLoaded ended (${loader[0]} <= ${domReady})`);
  assert.ok(requests[0] < load, `the wasm was requested before the load event (${requests[0]} < ${load})`);
  assertClean(page);
});

for (const [what, options] of [
  ['phone', { viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true }],
  ['desktop', { viewport: { width: 1350, height: 940 } }],
]) {
  test(`${what}: a client-rendered start shifts nothing when the notice arrives (footer kept below)`, async () => {
    const page = await newPage(browser, options);
    await withoutPrerender(page);
    await recordPaints(page);
    await page.goto(at(STRICT_URL, `notice/${REFERENCE_ID}`));
    await waitForNotice(page, REFERENCE_TITLE);
    await page.waitForTimeout(300);
    const { shifts } = await page.evaluate(() => window.__paint);
    const total = shifts.reduce((a, b) => a + b, 0);
    assert.ok(total < 0.01, `layout shift ${total} (${JSON.stringify(shifts)})`);
    assertClean(page);
  });
}

test('a tampered wasm is refused (integrity), and the prerendered page stays readable', async () => {
  const page = await newPage(browser);
  await page.route(/_bg\.wasm$/, async (route) => {
    const response = await route.fetch();
    const body = Buffer.concat([await response.body(), Buffer.from([0, 1, 0])]);
    await route.fulfill({ response, body });
  });
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(at(STRICT_URL, `notice/${REFERENCE_ID}`), { waitUntil: 'load' });
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /_bg\.wasm$/.test(e.name)), null, { timeout: 10_000 }).catch(() => {});
  await poll(() => errors.some((e) => /integrity/i.test(e)));
  assert.equal(await page.locator('html').getAttribute('data-app'), null, 'the app did not start');
  assert.ok(errors.some((e) => /integrity/i.test(e)), `an integrity error (${errors.join(' | ')})`);
  assert.equal(await page.locator('.notice-body p').count(), 6, 'the prerendered notice is still there');
});
