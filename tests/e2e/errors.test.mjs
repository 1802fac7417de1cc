// What a reader sees when content cannot be shown: missing, malformed, server error, offline,
// no answer, unknown address, a list page past the end. The site stays usable afterwards.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL,
  REFERENCE_ID,
  REFERENCE_TITLE,
  assertClean,
  at,
  backHomeThroughNav,
  closeAll,
  expectFailure,
  launchBrowser,
  newPage,
  routeData,
  waitForNotice,
} from './helpers.mjs';

const NOTICE_URL = at(BASE_URL, `notice/${REFERENCE_ID}`);
const NOTICE_DATA = `**/data/notices/${REFERENCE_ID}.json`;
const NOTICE_DATA_PATH = `/data/notices/${REFERENCE_ID}.json`;

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

async function h1Text(page, expected, timeout) {
  await page.waitForFunction(
    (t) => [...document.querySelectorAll('main h1')].some((h) => h.textContent === t),
    expected,
    { timeout },
  );
  return page.locator('main h1').textContent();
}

/**
 * Opens the reference notice the way its data is fetched: from its channel list, client-side.
 * (Loading the notice's URL directly gets its prerendered page, which carries the notice's data
 * and makes no request that could fail.)
 */
async function openNoticeInApp(page) {
  await page.goto(at(BASE_URL, 'list/gzdt/1'));
  await page.locator('main ul.notice-list').getByRole('link', { name: REFERENCE_TITLE }).click();
  await page.waitForURL(NOTICE_URL);
}

async function assertHomeLink(page) {
  const home = page.locator('main .status-links').getByRole('link', { name: '首页', exact: true });
  assert.equal(await home.count(), 1, 'a link home in the message');
  assert.equal(await home.getAttribute('href'), '/');
}

test('a missing notice (HTTP 404) says 该信息不存在或已删除 with a link home', async () => {
  const page = await newPage(browser);
  await routeData(page, NOTICE_DATA, { status: 404, body: 'Not Found', contentType: 'text/plain' });
  await openNoticeInApp(page);
  assert.equal(await h1Text(page, '该信息不存在或已删除'), '该信息不存在或已删除');
  assert.ok((await page.locator('main').innerText()).includes('您访问的页面不存在'));
  await assertHomeLink(page);
  assert.equal(await page.locator('.notice-body').count(), 0);
  await backHomeThroughNav(page, BASE_URL);
  assertClean(page);
});

test('a malformed notice file says 内容格式有误 and names the file; details stay collapsed', async () => {
  const page = await newPage(browser);
  await routeData(page, NOTICE_DATA, { body: '{"id": "x", "title": ' });
  await openNoticeInApp(page);
  assert.equal(await h1Text(page, '内容格式有误'), '内容格式有误');
  const main = await page.locator('main').innerText();
  assert.ok(main.includes(NOTICE_DATA_PATH), `the file ${NOTICE_DATA_PATH} is named in:\n${main}`);
  assert.equal(await page.locator('main code.file-name').textContent(), NOTICE_DATA_PATH);
  const details = page.locator('main details');
  assert.equal(await details.count(), 1);
  assert.equal(await details.evaluate((d) => d.open), false, '<details> is collapsed');
  assert.equal(await details.locator('pre').isVisible(), false, 'the technical detail is hidden');
  assert.ok(await details.locator('summary').isVisible());
  await assertHomeLink(page);
  await backHomeThroughNav(page, BASE_URL);
  assertClean(page);
});

test('HTTP 500 says 暂时无法获取内容; 重试 shows the notice once the server is back', async () => {
  const page = await newPage(browser);
  const unroute = await routeData(page, NOTICE_DATA, { status: 500, body: 'oops', contentType: 'text/plain' });
  await openNoticeInApp(page);
  assert.equal(await h1Text(page, '暂时无法获取内容'), '暂时无法获取内容');
  assert.ok((await page.locator('main').innerText()).includes('网络连接或服务器出现问题'));
  const retry = page.getByRole('button', { name: '重试', exact: true });
  assert.ok(await retry.isVisible(), 'a 重试 button');
  await unroute();
  await retry.click();
  await waitForNotice(page, REFERENCE_TITLE);
  assert.equal(await page.locator('.notice-body p').count(), 6);
  await backHomeThroughNav(page, BASE_URL);
  assertClean(page);
});

test('offline says 暂时无法获取内容; 重试 recovers', async () => {
  const page = await newPage(browser);
  const unroute = await routeData(page, NOTICE_DATA, { abort: 'internetdisconnected' });
  await openNoticeInApp(page);
  assert.equal(await h1Text(page, '暂时无法获取内容'), '暂时无法获取内容');
  const retry = page.getByRole('button', { name: '重试', exact: true });
  assert.ok(await retry.isVisible(), 'a 重试 button');
  await unroute();
  await retry.click();
  await waitForNotice(page, REFERENCE_TITLE);
  await backHomeThroughNav(page, BASE_URL);
  assertClean(page);
});

test('no answer within 10 s says 暂时无法获取内容 (timeout); 重试 recovers', { timeout: 30_000 }, async () => {
  const page = await newPage(browser);
  const unroute = await routeData(page, NOTICE_DATA, { hang: true });
  await openNoticeInApp(page);
  // The load (and its 10 s limit) begins with the route change, not with the list's page load.
  const started = Date.now();
  assert.equal(await h1Text(page, '暂时无法获取内容', 15_000), '暂时无法获取内容');
  const waited = Date.now() - started;
  assert.ok(waited >= 9_000, `gave up after ${waited} ms, not before the 10 s limit`);
  assert.ok(waited < 14_000, `gave up after ${waited} ms`);
  assert.ok(
    (await page.locator('main').innerText()).includes('服务器长时间没有响应'),
    'the timeout explanation is shown',
  );
  await unroute();
  await page.getByRole('button', { name: '重试', exact: true }).click();
  await waitForNotice(page, REFERENCE_TITLE);
  await backHomeThroughNav(page, BASE_URL);
  assertClean(page);
});

test('an unknown address shows the not-found page with a link home', async () => {
  const page = await newPage(browser);
  await page.goto(at(BASE_URL, 'no/such/page'));
  assert.equal(await h1Text(page, '该信息不存在或已删除'), '该信息不存在或已删除');
  await assertHomeLink(page);
  await page.locator('main .status-links').getByRole('link', { name: '首页', exact: true }).click();
  await page.waitForURL(at(BASE_URL, ''));
  await page.locator('.home-latest .notice-list li').first().waitFor();
  await page.goto(at(BASE_URL, 'no/such/page'));
  await h1Text(page, '该信息不存在或已删除');
  await backHomeThroughNav(page, BASE_URL);
  assertClean(page);
});

test('a list page past the end says 该信息不存在或已删除 with a link to the channel list', async () => {
  const page = await newPage(browser);
  // The server really answers 404 for the missing list file: that is the case under test.
  expectFailure(page, at(BASE_URL, 'data/lists/gzdt/9.json'));
  await page.goto(at(BASE_URL, 'list/gzdt/9'));
  assert.equal(await h1Text(page, '该信息不存在或已删除'), '该信息不存在或已删除');
  const toList = page.locator('main .status-links a', { hasText: '返回栏目列表' });
  assert.equal(await toList.count(), 1, 'a link back to the channel list');
  assert.equal((await toList.innerText()).trim(), '返回栏目列表：工作动态');
  assert.equal(await toList.getAttribute('href'), '/list/gzdt/1');
  await assertHomeLink(page);
  await toList.click();
  await page.waitForURL(at(BASE_URL, 'list/gzdt/1'));
  await page.locator('h1.list-title').waitFor();
  assert.equal(await page.locator('main ul.notice-list > li').count(), 10);
  await backHomeThroughNav(page, BASE_URL);
  assertClean(page);
});
