// The boot script (public/prefs.js, inline in every page) adds the app's loader once the
// prerendered text has painted: after the `load` event, a contentful paint and two quiet animation
// frames. Two other paths must also start the app, or a reader would be left with a page whose
// buttons do nothing:
//   * a page opened in a background tab (hidden: browsers run no animation frames there) starts
//     the app at once after `load`;
//   * when animation frames never come (a throttled or busy tab), the app starts 3 s after `load`.
// The tests take the frames away (and, for the first, report the page hidden) until the loader
// is added, and time that moment against the `load` event.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, REFERENCE_ID, assertClean, at, closeAll, launchBrowser, newPage } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

/**
 * Runs before the page's own scripts and records when the loader's <script> is added. With
 * `frames: false` no animation frame is delivered (and with `hidden` the document reports itself
 * hidden) until then; both are restored at that moment, so the app itself runs normally.
 */
const watchLoader = ({ frames, hidden }) => {
  const raf = window.requestAnimationFrame.bind(window);
  if (!frames) window.requestAnimationFrame = () => 0;
  if (hidden) {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
  }
  new MutationObserver((records, observer) => {
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (node.tagName === 'SCRIPT' && /\/loader-[0-9a-f]{16}\.js$/.test(node.src)) {
          window.__loaderAddedAt = performance.now();
          window.requestAnimationFrame = raf;
          if (hidden) {
            delete document.visibilityState;
            delete document.hidden;
          }
          observer.disconnect();
        }
      }
    }
  }).observe(document, { childList: true, subtree: true });
};

/** Milliseconds from the `load` event to the loader's addition, once the app has taken over. */
async function loaderDelay(page) {
  // Polled on a timer: these tests hold back animation frames.
  await page.waitForFunction(() => document.documentElement.dataset.app === 'ready', null, {
    timeout: 15_000,
    polling: 100,
  });
  return page.evaluate(
    () => window.__loaderAddedAt - performance.getEntriesByType('navigation')[0].loadEventStart,
  );
}

describe('the boot script starts the app on every path', () => {
  test('a page opened hidden (background tab) starts the app at once after load', async () => {
    const page = await newPage(browser);
    await page.addInitScript(watchLoader, { frames: false, hidden: true });
    await page.goto(at(BASE_URL, `notice/${REFERENCE_ID}`));
    const delay = await loaderDelay(page);
    // At once: far from the 3 s fallback, with room for a slow machine.
    assert.ok(delay >= 0 && delay < 2_000, `loader added ${delay} ms after load`);
    assertClean(page);
  });

  test('without animation frames the app starts 3 s after load', async () => {
    const page = await newPage(browser);
    await page.addInitScript(watchLoader, { frames: false, hidden: false });
    await page.goto(at(BASE_URL, `notice/${REFERENCE_ID}`));
    const delay = await loaderDelay(page);
    assert.ok(delay >= 2_900 && delay < 6_000, `loader added ${delay} ms after load`);
    assertClean(page);
  });

  test('normally the app starts after the paint, well before the 3 s fallback', async () => {
    const page = await newPage(browser);
    await page.addInitScript(watchLoader, { frames: true, hidden: false });
    await page.goto(at(BASE_URL, `notice/${REFERENCE_ID}`));
    const delay = await loaderDelay(page);
    assert.ok(delay >= 0 && delay < 2_500, `loader added ${delay} ms after load`);
    assertClean(page);
  });
});
