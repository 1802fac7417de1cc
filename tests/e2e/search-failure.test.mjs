// When the search engine cannot be loaded (its worker script or its wasm does not arrive), the
// reader gets the page-level "暂时无法获取内容" panel with 重试 instead of an endless wait, and
// 重试 starts the engine again once it can be loaded: search is not broken for the rest of the
// visit by one failed download.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL,
  assertClean,
  at,
  closeAll,
  launchBrowser,
  liveRegionText,
  newPage,
  routeData,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

const WORKER_SCRIPT = /\/search-worker-[0-9a-f]{16}\.js$/;
const ENGINE_WASM = /\/search-[0-9a-f]{16}\.wasm$/;
const QUERY = '智算总规模';

/** The error panel's heading, or the first result's title, whichever the page shows first. */
async function outcome(page, timeout) {
  const panel = page.locator('.status-unavailable h1');
  const result = page.locator('.search-result-title a').first();
  await panel.or(result).first().waitFor({ timeout });
  return (await panel.count()) > 0 ? `panel: ${(await panel.textContent()).trim()}` : 'results';
}

describe('search engine that cannot be loaded', () => {
  test('type-ahead says suggestions are unavailable (not "no suggestions"); Enter shows the panel', async () => {
    const page = await newPage(browser);
    await routeData(page, WORKER_SCRIPT, { status: 503, body: 'unavailable' });
    await page.goto(at(BASE_URL, ''));
    const input = page.locator('#site-search-input');
    await input.fill(QUERY);
    await page.locator('#site-search-list:not([aria-busy])').waitFor({ state: 'attached', timeout: 15_000 });
    assert.equal(await liveRegionText(page), '暂时无法获取搜索建议，按回车键搜索');
    assert.equal(await input.getAttribute('aria-expanded'), 'false', 'no list of nothing');
    await input.press('Enter');
    assert.equal(await outcome(page, 15_000), 'panel: 暂时无法获取内容');
    assertClean(page);
  });


  test('worker script unreachable: the error panel with 重试, then 重试 shows the results', async () => {
    const page = await newPage(browser);
    const unroute = await routeData(page, WORKER_SCRIPT, { status: 503, body: 'unavailable' });
    await page.goto(at(BASE_URL, `search?q=${encodeURIComponent(QUERY)}`));
    // The search (and the 10 s limit of a stalled request) begins once the page has loaded.
    const started = Date.now();
    assert.equal(await outcome(page, 15_000), 'panel: 暂时无法获取内容');
    // A failed worker script is reported at once (the worker's error event), not after the
    // 10 s timeout of a stalled request.
    assert.ok(Date.now() - started < 8_000, `panel after ${Date.now() - started} ms`);
    assert.equal(await page.locator('.search-result').count(), 0, 'no results without the engine');
    assert.match(await page.title(), /暂时无法获取内容/);

    await unroute();
    await page.getByRole('button', { name: '重试' }).click();
    assert.equal(await outcome(page, 10_000), 'results');
    // Snippets come in the engine's second message, after the results.
    const first = page.locator('.search-result').first();
    await first.locator('.search-result-snippet mark').first().waitFor();
    assert.ok((await first.locator('.search-result-snippet mark').count()) > 0, 'the snippet highlights the query');
    assertClean(page);
  });

  test('engine wasm unreachable: the panel appears, and 重试 recovers once the wasm can load', async () => {
    const page = await newPage(browser);
    // The worker's own request for the wasm is what fails (dedicated workers' requests go
    // through the page's routes in Chromium).
    const unroute = await routeData(page, ENGINE_WASM, { status: 404, body: 'missing' });
    await page.goto(at(BASE_URL, `search?q=${encodeURIComponent(QUERY)}`));
    assert.equal(await outcome(page, 20_000), 'panel: 暂时无法获取内容');
    assert.equal(await page.locator('.search-result').count(), 0);

    await unroute();
    await page.getByRole('button', { name: '重试' }).click();
    assert.equal(await outcome(page, 15_000), 'results');
    assertClean(page);
  });
});
