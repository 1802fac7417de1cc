// Repeat visits and offline reading with the service worker (public/sw.js): the shell is cached
// at install, a notice the reader opened reopens offline with a 离线 note, and pages and data
// come from the network whenever it answers (a new deploy is seen on the next visit).

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL,
  REFERENCE_ID,
  REFERENCE_TITLE,
  SUB_URL,
  at,
  closeAll,
  launchBrowser,
  newPage,
  problems,
  waitForApp,
  waitForNotice,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

/** Opens `base`'s gzdt list, waits for the worker to control the page, reads the reference notice. */
async function readReferenceWithWorker(page, base) {
  await page.goto(at(base, 'list/gzdt/1'));
  await waitForApp(page);
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 10_000 });
  await page.locator('main ul.notice-list').getByRole('link', { name: REFERENCE_TITLE }).click();
  await waitForNotice(page, REFERENCE_TITLE);
  const key = at(base, `notice/${REFERENCE_ID}`);
  await page.waitForFunction(async (u) => !!(await caches.match(u)), key, { timeout: 10_000 });
  return key;
}

for (const [name, base] of [
  ['root', BASE_URL],
  ['/notices/', SUB_URL],
]) {
  test(`${name}: a notice read before reopens offline, with a 离线 note`, async () => {
    const page = await newPage(browser, { serviceWorkers: 'allow' });
    const noticeUrl = await readReferenceWithWorker(page, base);
    assert.equal(await page.locator('.offline-note').count(), 0, 'no 离线 note online');
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.equal(scope, base, 'the worker is scoped to the base path');

    await page.context().setOffline(true);
    const response = await page.goto(noticeUrl);
    assert.ok(response, 'the page answered while offline');
    await waitForNotice(page, REFERENCE_TITLE);
    assert.equal(await page.locator('.notice-body p').count(), 6, 'the whole notice');
    await waitForApp(page);
    assert.equal(await page.locator('html').getAttribute('data-app'), 'ready', 'the app ran from the cache');
    const note = page.locator('.offline-note');
    await note.waitFor();
    assert.match(await note.textContent(), /离线/);

    // A notice never opened: the saved home page starts the app, which cannot get the notice.
    await page.goto(at(base, 'notice/2025-q4-telecom-complaints-report'));
    await page.waitForFunction(
      () => [...document.querySelectorAll('main h1')].some((h) => h.textContent === '暂时无法获取内容'),
    );
    assert.equal(await page.locator('.offline-note').count(), 1);

    // Back online: the note goes, and pages come from the network again.
    await page.context().setOffline(false);
    await note.waitFor({ state: 'detached' });
    const online = await page.goto(at(base, 'list/gzdt/2'));
    assert.equal(online.status(), 200);
    await page.locator('h1.list-title').waitFor();
    // Offline, the failed network requests are expected; nothing else may go wrong.
    const unexpected = problems(page).filter((p) => !/ERR_INTERNET_DISCONNECTED|net::ERR_FAILED/.test(p));
    assert.deepEqual(unexpected, []);
  });
}

test('pages and data are fetched from the network first (a new deploy is seen on the next visit)', async () => {
  const page = await newPage(browser, { serviceWorkers: 'allow' });
  await readReferenceWithWorker(page, BASE_URL);
  // Plant a stale copy of the notice page in the worker's cache, then reload online.
  await page.evaluate(async (u) => {
    // The worker's cache of pages and data for the scope `/` (public/sw.js: PAGES).
    const cache = await caches.open('bulletin:/:pages');
    await cache.put(u, new Response('<!DOCTYPE html><title>stale</title><p>stale copy</p>', {
      headers: { 'Content-Type': 'text/html' },
    }));
  }, at(BASE_URL, `notice/${REFERENCE_ID}`));
  await page.goto(at(BASE_URL, `notice/${REFERENCE_ID}`));
  await waitForNotice(page, REFERENCE_TITLE);
  assert.notEqual(await page.title(), 'stale', 'the network answer wins while online');
  // And the network answer replaced the stale copy.
  const cached = await page.evaluate(
    async (u) => (await (await caches.match(u)).text()).includes('stale copy'),
    at(BASE_URL, `notice/${REFERENCE_ID}`),
  );
  assert.equal(cached, false);
});
