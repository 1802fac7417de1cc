// Search under the site's service worker (public/sw.js): the search worker's requests (the index
// files and the notices it cuts snippets from) are left to the browser, so a search writes nothing
// to Cache Storage and fetches no notice page; a notice the reader opens from the results is still
// kept and reopens offline. Root and /notices/ builds.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL,
  SUB_URL,
  assertClean,
  at,
  closeAll,
  launchBrowser,
  newPage,
  poll,
  problems,
  waitForApp,
  waitForHome,
  waitForNotice,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

/** Every URL held in this origin's Cache Storage, whatever the cache. */
function cachedUrls(page) {
  return page.evaluate(async () => {
    const urls = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls;
  });
}

/** The notice ids of the results shown, in order. */
function resultIds(page) {
  return page
    .locator('.search-result-title a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href').split('/notice/')[1]));
}

for (const [name, base] of [
  ['root', BASE_URL],
  ['/notices/', SUB_URL],
]) {
  test(`${name}: a search under the service worker caches no index file and no result's notice; an opened result reopens offline`, async () => {
    const page = await newPage(browser, { serviceWorkers: 'allow' });
    // Every request the service worker itself makes (Playwright sees them as the worker's).
    const swFetched = [];
    page.context().on('request', (r) => {
      if (r.serviceWorker()) swFetched.push(new URL(r.url()).pathname);
    });
    await page.goto(at(base, ''));
    await waitForHome(page);
    await waitForApp(page);
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 10_000 });

    // Search from the header box, as a reader does (a route change inside the controlled page).
    const box = page.locator('#site-search-input');
    await box.fill('信息通信');
    await box.press('Enter');
    await page.locator('.search-results').waitFor();
    assert.ok(
      await poll(async () => (await page.locator('.search-result-snippet:has(mark)').count()) === 10),
      'ten results with highlighted snippets',
    );
    for (const m of await page.locator('.search-result mark').allTextContents()) assert.equal(m, '信息通信');
    const ids = await resultIds(page);
    assert.equal(ids.length, 10);

    // The reader opens the last result: its data and its page are kept for offline reading.
    const opened = ids[ids.length - 1];
    const openedPage = at(base, `notice/${opened}`);
    await page.locator(`.search-result-title a[href$="/notice/${opened}"]`).click();
    await waitForNotice(page);
    await page.waitForFunction(async (u) => !!(await caches.match(u)), openedPage, { timeout: 10_000 });
    assert.ok(
      await poll(async () => (await cachedUrls(page)).some((u) => u.endsWith(`/data/notices/${opened}.json`))),
      "the opened notice's data is kept",
    );

    // By now the service worker would have kept the other results too, had it seen them.
    const urls = await cachedUrls(page);
    assert.deepEqual(
      urls.filter((u) => u.includes('/data/search/')),
      [],
      'no index file in Cache Storage',
    );
    for (const id of ids.slice(0, -1)) {
      assert.ok(
        !urls.some((u) => u.includes(`/notice/${id}`) || u.includes(`/notices/${id}.json`)),
        `result ${id} only shown, not kept`,
      );
      assert.ok(!swFetched.some((p) => p.endsWith(`/notice/${id}`)), `the service worker fetched no page of ${id}`);
    }
    assert.ok(!swFetched.some((p) => p.includes('/data/search/')), 'the service worker fetched no index file');

    // A second search still works under the worker.
    await page.goBack();
    await page.locator('.search-results').waitFor();
    await box.fill('5G');
    await box.press('Enter');
    await page.waitForFunction(() => document.title.includes('5G'));
    await page.locator('.search-result-title').first().waitFor();
    assertClean(page);

    // Offline: the opened result reopens from the cache.
    await page.context().setOffline(true);
    const response = await page.goto(openedPage);
    assert.ok(response, 'the page answered while offline');
    await waitForNotice(page);
    await page.locator('.offline-note').waitFor();
    const unexpected = problems(page).filter((p) => !/ERR_INTERNET_DISCONNECTED|net::ERR_FAILED/.test(p));
    assert.deepEqual(unexpected, []);
  });
}
