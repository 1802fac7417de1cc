// A panic in the release build is caught: the page shows a clear message with a reload button,
// and the reload brings the page back. The panic is a real one inside the app's rendering: a
// broken browser environment (here `document.createElement('figcaption')` throws, as a faulty
// extension or a hostile embedder might make it) makes Leptos unwrap an error while it builds
// the notice's figure.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, at, closeAll, launchBrowser, newPage, problems, waitForNotice } from './helpers.mjs';

const NOTICE = '5g-base-stations-exceed-300000';

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

test('a panic shows 页面出现错误 with 重新加载, and the reload recovers', async () => {
  const page = await newPage(browser);
  // Break createElement for one tag, on the first load only.
  await page.addInitScript(() => {
    if (sessionStorage.getItem('broken-once')) return;
    sessionStorage.setItem('broken-once', '1');
    const create = Document.prototype.createElement;
    Document.prototype.createElement = function (tag, ...rest) {
      if (String(tag).toLowerCase() === 'figcaption') throw new DOMException('broken', 'NotSupportedError');
      return create.call(this, tag, ...rest);
    };
  });
  await page.goto(at(BASE_URL, `notice/${NOTICE}`));
  const notice = page.locator('#crash-notice[role="alert"]');
  await notice.waitFor();
  assert.equal(await notice.locator('p').textContent(), '页面出现错误，请重新加载。');
  const reload = notice.getByRole('button', { name: '重新加载', exact: true });
  assert.ok(await reload.isVisible(), 'the reload button is visible');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), '重新加载', 'focus is on the button');
  // The suite's own guard saw the panic (any other test would fail on it).
  assert.ok(problems(page).some((p) => p.startsWith('panic') && p.includes('panicked')), problems(page).join('\n'));

  const loaded = page.waitForEvent('load');
  await reload.click();
  await loaded;
  await waitForNotice(page);
  assert.equal(await page.locator('#crash-notice').count(), 0, 'no crash notice after the reload');
  assert.equal(await page.locator('.notice-body figure figcaption').count(), 1, 'the figure is shown');
});
