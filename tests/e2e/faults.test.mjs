// Bad networks and broken hosts: every fault gives its message, 重试 (or going back to the page)
// recovers, a load the reader walked away from is aborted and never overwrites the new page.
// The faults a browser-side route cannot fake (stall after headers, slow drip, redirect loop) come
// from a real misbehaving server (fault-server.mjs) in front of the nginx test server.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  REFERENCE_ID,
  REFERENCE_TITLE,
  allowOrigin,
  assertClean,
  at,
  backHomeThroughNav,
  closeAll,
  expectFailure,
  launchBrowser,
  newPage,
  poll,
  withoutPrerender,
  waitForNotice,
} from './helpers.mjs';
import { FAULT_URL, redirectLoop, slowDrip, stallAfterHeaders, startFaultServer } from './fault-server.mjs';

allowOrigin(FAULT_URL);
const NOTICE_PATH = `/data/notices/${REFERENCE_ID}.json`;
const NOTICE_URL = at(FAULT_URL, `notice/${REFERENCE_ID}`);

let browser;
let server;
let noticeJson;
before(async () => {
  browser = await launchBrowser();
  server = await startFaultServer();
  noticeJson = await (await fetch(new URL(NOTICE_PATH, FAULT_URL))).text();
});
afterEach(async () => {
  server.faults.clear();
  await closeAll();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function h1(page, text, timeout = 10_000) {
  await page.waitForFunction(
    (t) => [...document.querySelectorAll('main h1')].some((h) => h.textContent === t),
    text,
    { timeout },
  );
}

/** The fault, its message, and 重试 (with the fault gone) shows the notice. */
async function faultThenRetry(page, fault, { message = '暂时无法获取内容', hint, timeout } = {}) {
  server.faults.set(NOTICE_PATH, fault);
  expectFailure(page, new URL(NOTICE_PATH, FAULT_URL).href);
  await page.goto(NOTICE_URL);
  await h1(page, message, timeout);
  if (hint) assert.equal(await page.locator('main .status-panel > p').first().textContent(), hint);
  const retry = page.getByRole('button', { name: '重试', exact: true });
  assert.ok(await retry.isVisible(), 'a 重试 button');
  server.faults.delete(NOTICE_PATH);
  await retry.click();
  await waitForNotice(page, REFERENCE_TITLE);
  await backHomeThroughNav(page, FAULT_URL);
  assertClean(page);
}

test('HTTP 500: 暂时无法获取内容, 重试 recovers', async () => {
  const page = await withoutPrerender(await newPage(browser));
  await faultThenRetry(page, (req, res) => {
    res.writeHead(500, { 'content-type': 'text/html' });
    res.end('<h1>Internal Server Error</h1>');
  });
});

test('HTTP 503 with Retry-After: 暂时无法获取内容 says how long to wait, 重试 recovers', async () => {
  const page = await withoutPrerender(await newPage(browser));
  await faultThenRetry(
    page,
    (req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '120' });
      res.end('Service Unavailable');
    },
    { hint: '服务器暂时繁忙，请约2分钟后重试。' },
  );
});

test('a redirect loop: 暂时无法获取内容, 重试 recovers', async () => {
  const page = await withoutPrerender(await newPage(browser));
  await faultThenRetry(page, redirectLoop());
});

test('a response that stalls after its headers gives up at the 10 s limit; 重试 recovers', { timeout: 40_000 }, async () => {
  const page = await withoutPrerender(await newPage(browser));
  const started = Date.now();
  await faultThenRetry(page, stallAfterHeaders(noticeJson), { timeout: 16_000 });
  assert.ok(Date.now() - started >= 9_000, 'not before the limit');
});

test('a slow drip that completes in time shows the whole notice', async () => {
  const page = await withoutPrerender(await newPage(browser));
  server.faults.set(NOTICE_PATH, slowDrip(noticeJson, { chunks: 25, every: 80 }));
  await page.goto(NOTICE_URL);
  await waitForNotice(page, REFERENCE_TITLE);
  assert.equal(await page.locator('.notice-body p').count(), 6, 'all six paragraphs, nothing cut');
  await backHomeThroughNav(page, FAULT_URL);
  assertClean(page);
});

test('HTTP 404: 该信息不存在或已删除; the notice shows once it is back', async () => {
  const page = await withoutPrerender(await newPage(browser));
  server.faults.set(NOTICE_PATH, (req, res) => {
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<h1>404 Not Found</h1>');
  });
  expectFailure(page, new URL(NOTICE_PATH, FAULT_URL).href);
  await page.goto(NOTICE_URL);
  await h1(page, '该信息不存在或已删除');
  server.faults.delete(NOTICE_PATH);
  await backHomeThroughNav(page, FAULT_URL);
  await page.locator('.home-latest .notice-list a', { hasText: REFERENCE_TITLE }).first().click();
  await waitForNotice(page, REFERENCE_TITLE);
  assertClean(page);
});

test('offline, then online: 暂时无法获取内容, then 重试 recovers', async () => {
  const page = await withoutPrerender(await newPage(browser));
  await page.goto(at(FAULT_URL, ''));
  await page.locator('.home-latest .notice-list li').first().waitFor();
  // Offline, every request fails: the data file and the icon Chromium asks for again.
  expectFailure(page, (url) => url.includes('/data/') || url.endsWith('/favicon.svg'));
  await page.context().setOffline(true);
  await page.locator('.home-latest .notice-list a', { hasText: REFERENCE_TITLE }).first().click();
  await h1(page, '暂时无法获取内容');
  await page.context().setOffline(false);
  await page.getByRole('button', { name: '重试', exact: true }).click();
  await waitForNotice(page, REFERENCE_TITLE);
  assertClean(page);
});

test('a load abandoned by navigating away is aborted and its late answer never shows', async () => {
  const page = await withoutPrerender(await newPage(browser));
  let aborted = false;
  let answered = false;
  server.faults.set(NOTICE_PATH, (req, res) => {
    req.on('close', () => {
      if (!res.writableEnded) aborted = true;
    });
    setTimeout(() => {
      if (res.destroyed) return;
      answered = true;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(noticeJson);
    }, 5_000);
  });
  expectFailure(page, new URL(NOTICE_PATH, FAULT_URL).href);
  await page.goto(at(FAULT_URL, ''));
  await page.locator('.home-latest .notice-list li').first().waitFor();
  await page.locator('.home-latest .notice-list a', { hasText: REFERENCE_TITLE }).first().click();
  await page.waitForURL(NOTICE_URL);
  // Move on while the notice is still loading.
  await page.locator('nav.site-nav a', { hasText: '通知公告' }).click();
  await page.waitForURL(at(FAULT_URL, 'list/tzgg/1'));
  await page.locator('h1.list-title').waitFor();
  // The server would answer 5 s after the request (a slow machine still moves on well before).
  await poll(() => aborted, { timeout: 4_000 });
  assert.ok(aborted, 'the browser aborted the abandoned request');
  assert.ok(!answered, 'no answer was sent on the aborted request');
  assert.equal(await page.locator('h1.notice-title').count(), 0, 'the notice never replaced the list');
  assert.equal(page.url(), at(FAULT_URL, 'list/tzgg/1'));
  assert.ok((await page.locator('main ul.notice-list > li').count()) > 0);
  assertClean(page);
});
