// First paint: until the page's text is on the screen the browser lays out only what is
// near the viewport (style/main.css: the notice's paragraphs from the third on and the parts under
// the notice are `content-visibility: auto` while <html> has data-js and no data-painted); the boot
// script (public/prefs.js) sets data-painted right after the first paint, before it starts the app.
// What a reader must never notice: nothing moves when the rest is laid out (also when they scrolled
// before), the app takes over a fully laid-out page, printing and reading without JavaScript get
// every part. Properties only: no absolute times are asserted.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  REFERENCE_ID,
  REFERENCE_TITLE,
  STRICT_URL,
  assertClean,
  at,
  closeAll,
  holdWasm,
  launchBrowser,
  newPage,
  waitForApp,
  waitForNotice,
} from './helpers.mjs';

/** The parts style/main.css lets wait, beside the notice's paragraphs from the third on. */
const LOWER_PARTS = ['.notice-keywords', '.share-bar', '.related', '.notice-actions', '.site-footer'];

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

/** Records, from before any page script: which skipped states each waiting part went through,
 * layout shifts, the first contentful paint, and when data-painted and data-app="ready" came. */
async function record(page) {
  await page.addInitScript(() => {
    const r = (window.__fold = { states: {}, shifts: [], fcp: null, paintedAt: null, readyAt: null });
    const key = (el) =>
      el.parentElement?.classList.contains('notice-body')
        ? `p${[...el.parentElement.children].indexOf(el)}`
        : `.${el.classList[0]}`;
    document.addEventListener(
      'contentvisibilityautostatechange',
      (e) => (r.states[key(e.target)] ??= []).push({ skipped: e.skipped, at: performance.now() }),
      true,
    );
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) r.shifts.push({ value: e.value, at: e.startTime });
    }).observe({ type: 'layout-shift', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') r.fcp = e.startTime;
    }).observe({ type: 'paint', buffered: true });
    new MutationObserver(() => {
      const root = document.documentElement;
      if (r.paintedAt === null && root.hasAttribute('data-painted')) r.paintedAt = performance.now();
      if (r.readyAt === null && root.dataset.app === 'ready') r.readyAt = performance.now();
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-painted', 'data-app'] });
  });
}

/** Keeps the boot script's data-painted back until `window.__releasePainted()`, as on a slow
 * device where the reader acts before the first paint's work is done. */
async function holdPainted(page) {
  await page.addInitScript(() => {
    const setAttribute = Element.prototype.setAttribute;
    let held = true;
    Element.prototype.setAttribute = function (name, value) {
      if (held && name === 'data-painted' && this === document.documentElement) {
        window.__paintedHeld = true;
        return undefined;
      }
      return setAttribute.call(this, name, value);
    };
    window.__releasePainted = () => {
      held = false;
      document.documentElement.setAttribute('data-painted', '');
    };
  });
}

const frames = (page, n = 3) =>
  page.evaluate(
    (count) =>
      new Promise((resolve) => {
        const step = (left) => (left ? requestAnimationFrame(() => step(left - 1)) : resolve());
        step(count);
      }),
    n,
  );

/** Whether the browser skips the rendering of each of `keys`' contents now (see `record`). */
const skipped = (page, keys) =>
  page.evaluate((ks) => ks.map((k) => window.__fold.states[k]?.at(-1)?.skipped ?? null), keys);

test('the first paint lays out what is near the screen; the whole page follows before the app', async () => {
  // Chromium lays out a `content-visibility: auto` box that is within 1.5 viewports of the screen
  // at once: with a low window the reference notice's lower paragraphs are beyond that.
  const page = await newPage(browser, { viewport: { width: 1280, height: 500 } });
  await record(page);
  await page.goto(at(STRICT_URL, `notice/${REFERENCE_ID}`));
  await waitForNotice(page, REFERENCE_TITLE);
  await waitForApp(page);
  await page.waitForTimeout(200);
  const r = await page.evaluate(() => window.__fold);
  const paragraphs = await page.locator('.notice-body > p').count();
  assert.ok(paragraphs >= 4, `the reference notice has paragraphs below the fold (${paragraphs})`);

  // On the first paint the paragraphs from the third on and the lower parts were skipped ...
  for (let i = 2; i < paragraphs; i++) {
    assert.equal(r.states[`p${i}`]?.[0]?.skipped, true, `paragraph ${i + 1} waited (${JSON.stringify(r.states)})`);
  }
  for (const part of LOWER_PARTS) {
    assert.equal(r.states[part]?.[0]?.skipped, true, `${part} waited (${JSON.stringify(r.states)})`);
  }
  // ... the first two paragraphs never were: the first paint shows them.
  assert.equal(r.states.p0, undefined, 'the first paragraph is laid out at once');
  assert.equal(r.states.p1, undefined, 'the second paragraph is laid out at once');
  // The rest is laid out after the first paint and before the app takes over.
  assert.ok(typeof r.fcp === 'number', 'a first contentful paint');
  assert.ok(r.paintedAt !== null && r.paintedAt > r.fcp, `data-painted (${r.paintedAt}) after the paint (${r.fcp})`);
  assert.ok(r.readyAt !== null && r.readyAt > r.paintedAt, `takeover (${r.readyAt}) after data-painted (${r.paintedAt})`);
  const selectors = [`.notice-body > p:nth-child(${paragraphs})`, ...LOWER_PARTS];
  assert.deepEqual(
    await page.evaluate((sels) => sels.map((s) => getComputedStyle(document.querySelector(s)).contentVisibility), selectors),
    selectors.map(() => 'visible'),
    'nothing waits any more',
  );
  assert.deepEqual(r.shifts, [], 'CLS 0');
  assertClean(page);
});

test('a reader who scrolled before the rest was laid out sees nothing move, nor at the takeover', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 500 } });
  await record(page);
  await holdPainted(page);
  const releaseWasm = await holdWasm(page);
  // The page's own goto (helpers' page.goto waits for the app, which is held here).
  await page.mainFrame().goto(at(STRICT_URL, `notice/${REFERENCE_ID}`), { waitUntil: 'load' });
  await page.waitForFunction(() => window.__paintedHeld === true);
  // Jump to the end (as a link to an anchor down the page would): the paragraphs passed over stay
  // skipped, at their estimated height.
  await page.evaluate(() => window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' }));
  await frames(page);
  assert.deepEqual(await skipped(page, ['p2']), [true], 'a paragraph above the screen still waits');
  const seen = () =>
    page.evaluate(() => {
      const el = document.querySelector('.related h2');
      return { top: Math.round(el.getBoundingClientRect().top), height: document.documentElement.scrollHeight };
    });
  const before = await seen();
  assert.ok(before.top > 0 && before.top < 500, `相关信息 on the screen (${JSON.stringify(before)})`);

  const releasedAt = await page.evaluate(() => {
    window.__releasePainted();
    return performance.now();
  });
  await frames(page);
  const laidOut = await seen();
  assert.equal(
    await page.evaluate(() => getComputedStyle(document.querySelector('.notice-body > p:nth-child(3)')).contentVisibility),
    'visible',
    'the paragraph is laid out now',
  );
  assert.notEqual(laidOut.height, before.height, 'the page\'s height changed: the estimate was replaced');
  assert.equal(laidOut.top, before.top, 'what the reader sees stays where it was');

  releaseWasm();
  await waitForApp(page);
  await frames(page);
  assert.equal(await page.locator('html').getAttribute('data-app'), 'ready');
  assert.equal((await seen()).top, before.top, 'the takeover moves nothing either');
  const r = await page.evaluate(() => window.__fold);
  const later = r.shifts.filter((s) => s.at >= releasedAt - 1);
  assert.deepEqual(later, [], 'no layout shift from laying out the rest or from the takeover');
  assertClean(page);
});

test('printing, and reading without JavaScript, lay out every part', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 500 } });
  await record(page);
  await holdPainted(page);
  await holdWasm(page);
  await page.mainFrame().goto(at(STRICT_URL, `notice/${REFERENCE_ID}`), { waitUntil: 'load' });
  await page.waitForFunction(() => window.__paintedHeld === true);
  const parts = ['.notice-body > p:last-of-type', ...LOWER_PARTS];
  const visibility = (p) =>
    p.evaluate((sels) => sels.map((s) => getComputedStyle(document.querySelector(s)).contentVisibility), parts);
  assert.deepEqual(await skipped(page, ['.site-footer']), [true], 'on screen, the footer waits');
  assert.deepEqual(await visibility(page), parts.map(() => 'auto'), 'on screen, the lower parts may wait');
  await page.emulateMedia({ media: 'print' });
  assert.deepEqual(await visibility(page), parts.map(() => 'visible'), 'printed, every part is laid out');

  const noJs = await newPage(browser, { viewport: { width: 1280, height: 500 }, javaScriptEnabled: false });
  await noJs.goto(at(STRICT_URL, `notice/${REFERENCE_ID}`));
  await waitForNotice(noJs, REFERENCE_TITLE);
  assert.deepEqual(await visibility(noJs), parts.map(() => 'visible'), 'without JavaScript nothing waits');
});
