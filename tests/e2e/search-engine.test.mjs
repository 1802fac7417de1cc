// The search engine loads only when the reader starts searching: its own wasm, in a Web Worker,
// named by the page's <meta name="bulletin-search">. Nothing of it (nor of the index) is fetched
// while a reader browses; the first focus, pointer press or input in the search box, or opening a
// /search?q=… page, loads it; the root and /notices/ builds and the plain file server.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL,
  PLAIN_URL,
  REFERENCE_ID,
  SUB_URL,
  assertClean,
  at,
  closeAll,
  launchBrowser,
  newPage,
  poll,
  waitForHome,
  waitForNotice,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

const ENGINE_FILE = /\/search-(worker-)?[0-9a-f]{16}\.(js|wasm)$/;
const ENGINE_WASM = /\/search-[0-9a-f]{16}\.wasm$/;
const INDEX_FILE = /\/data\/search\//;

/** Every search engine or search index URL the page (and its workers) requested, in order. */
function searchFiles(page) {
  const urls = [];
  page.on('request', (r) => {
    const { pathname, search } = new URL(r.url());
    if (ENGINE_FILE.test(pathname) || INDEX_FILE.test(pathname)) urls.push(pathname + search);
  });
  return urls;
}

/** Waits until the engine's script, glue and wasm and the index manifest have been requested. */
async function engineLoaded(urls) {
  await poll(
    () =>
      urls.some((u) => /\/search-worker-[0-9a-f]{16}\.js$/.test(u)) &&
      urls.some((u) => /\/search-[0-9a-f]{16}\.js$/.test(u)) &&
      urls.some((u) => ENGINE_WASM.test(u)) &&
      urls.some((u) => u.endsWith('/data/search/manifest.json')),
    { timeout: 10_000 },
  );
}

describe('search engine on demand', () => {
  test('nothing of search loads while browsing; the first focus of the box loads the engine', async () => {
    const page = await newPage(browser);
    const urls = searchFiles(page);
    await page.goto(at(BASE_URL, ''));
    await waitForHome(page);
    const meta = await page.locator('meta[name="bulletin-search"]').getAttribute('content');
    assert.match(meta, /^search-worker-[0-9a-f]{16}\.js$/);
    // Browse: a notice, then back home, with the pointer over the box but not in it.
    await page.locator(`a[href$="/notice/${REFERENCE_ID}"]`).first().click();
    await waitForNotice(page);
    await page.goBack();
    await waitForHome(page);
    await page.locator('#site-search-input').hover();
    await page.waitForTimeout(500);
    assert.deepEqual(urls, [], 'no search engine or index file before the reader searches');

    await page.locator('#site-search-input').focus();
    await engineLoaded(urls);
    await poll(() => urls.some((u) => u.endsWith('/data/search/manifest.json')));
    await page.waitForTimeout(300);
    assert.deepEqual(
      urls.filter((u) => u.includes('/data/search/') && !u.endsWith('/manifest.json')),
      [],
      'nothing but the manifest before a query',
    );
    assert.equal(urls.filter((u) => ENGINE_WASM.test(u)).length, 1);

    // The engine answers: type-ahead results, highlighted.
    await page.keyboard.type('智算总规模');
    const options = page.locator('#site-search-list [role="option"]');
    await poll(async () => (await options.count()) > 1);
    assert.ok(urls.some((u) => u.includes('/data/search/shards/')));
    // Still one engine: a second search reuses the worker and its caches.
    await page.locator('#site-search-input').fill('');
    await page.locator('#site-search-input').fill('eflops');
    await poll(async () => (await options.count()) > 1);
    assert.equal(urls.filter((u) => ENGINE_WASM.test(u)).length, 1);
    assert.equal(urls.filter((u) => u.endsWith('/manifest.json')).length, 1);
    assertClean(page);
  });

  test('a pointer press on the box loads the engine (before any key)', async () => {
    const page = await newPage(browser);
    const urls = searchFiles(page);
    await page.goto(at(BASE_URL, `notice/${REFERENCE_ID}`));
    await waitForNotice(page);
    assert.deepEqual(urls, []);
    await page.locator('#site-search-input').click();
    await engineLoaded(urls);
    assertClean(page);
  });

  test('opening /search?q=… loads the engine at once and shows results and snippets', async () => {
    const page = await newPage(browser);
    const urls = searchFiles(page);
    await page.goto(at(BASE_URL, `search?q=${encodeURIComponent('智算总规模')}`));
    await page.locator('.search-result-snippet mark').first().waitFor();
    await engineLoaded(urls);
    const ids = await page
      .locator('.search-result-title a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href').split('/notice/')[1]));
    assert.deepEqual(ids, [REFERENCE_ID]);
    assert.deepEqual(await page.locator('.search-result-snippet mark').allTextContents(), ['智算总规模']);
    // The warm-up and the search start together and share one manifest; the one result needs one
    // id chunk. Every other index file is fetched at the version of its own bytes.
    assert.equal(urls.filter((u) => u.endsWith('/data/search/manifest.json')).length, 1);
    assert.equal(urls.filter((u) => u.includes('/data/search/ids/')).length, 1);
    const index = urls.filter((u) => u.includes('/data/search/') && !u.endsWith('/manifest.json'));
    // (gloo-net's request builder adds a `&` after a query string.)
    assert.ok(index.every((u) => /\?v=[0-9a-f]{8}&?$/.test(u)), index.join(' '));
    // After the shards, the shown notice itself gives the result and its snippet: no docs/ chunk.
    assert.ok(urls.some((u) => u.includes('/data/search/shards/')), urls.join(' '));
    assert.deepEqual(urls.filter((u) => u.includes('/data/search/docs/')), []);
    // Hashed engine files are cached for a year, like the app's own.
    const wasm = urls.find((u) => ENGINE_WASM.test(u));
    const response = await page.request.get(new URL(wasm, BASE_URL).href);
    assert.equal(response.status(), 200);
    assert.match(response.headers()['cache-control'] || '', /immutable/);
    assertClean(page);
  });

  test('the /notices/ build loads the engine from under /notices/', async () => {
    const page = await newPage(browser);
    const urls = searchFiles(page);
    await page.goto(at(SUB_URL, ''));
    await waitForHome(page);
    assert.deepEqual(urls, []);
    await page.locator('#site-search-input').fill('智算总规模');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/notices\/search\?q=/);
    await page.locator('.search-result-snippet mark').first().waitFor();
    await engineLoaded(urls);
    assert.ok(urls.every((u) => u.startsWith('/notices/')), urls.join(' '));
    assertClean(page);
  });

  test('a plain file server (python3 -m http.server) serves the engine too', async () => {
    const page = await newPage(browser);
    const urls = searchFiles(page);
    await page.goto(at(PLAIN_URL, `search?q=${encodeURIComponent('eflops')}`));
    await page.locator('.search-result-snippet mark').first().waitFor();
    await engineLoaded(urls);
    assertClean(page);
  });
});
