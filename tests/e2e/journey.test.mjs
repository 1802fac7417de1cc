// A reader's journey through the site: home → channel 工作动态 → page 2 → a notice, all inside
// one document (client-side navigation).

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL,
  SITE_NAME,
  assertClean,
  at,
  closeAll,
  launchBrowser,
  markWindow,
  newPage,
  waitForHome,
  waitForNotice,
  windowMarkerSurvives,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

test('home → 工作动态 → page 2 → notice, without a full reload', async () => {
  const page = await newPage(browser);
  await page.goto(at(BASE_URL, ''));
  assert.ok((await waitForHome(page)) > 0, 'the home page lists the latest notices');
  assert.equal(await page.title(), SITE_NAME);
  await markWindow(page);

  // The channel in the header navigation.
  const nav = page.locator('nav.site-nav');
  await nav.getByRole('link', { name: '工作动态', exact: true }).click();
  await page.waitForURL(at(BASE_URL, 'list/gzdt/1'));
  await page.locator('h1.list-title').waitFor();
  assert.equal(await page.locator('h1.list-title').textContent(), '工作动态');
  await page.waitForFunction(() => document.title === '工作动态 - 浙江省通信管理局');
  const rows1 = page.locator('main ul.notice-list > li');
  assert.equal(await rows1.count(), 10, 'page 1 shows 10 notices');
  const pager = page.locator('nav.pager');
  assert.equal(await pager.getByRole('link', { name: '第1页' }).getAttribute('aria-current'), 'page');
  assert.equal(await pager.getByRole('link', { name: '第2页' }).getAttribute('aria-current'), null);
  assert.equal(
    await nav.getByRole('link', { name: '工作动态', exact: true }).getAttribute('aria-current'),
    'page',
    'the channel is marked current in the navigation',
  );
  const page1Titles = await rows1.locator('a').allTextContents();

  // 下一页.
  await pager.getByRole('link', { name: '下一页' }).click();
  await page.waitForURL(at(BASE_URL, 'list/gzdt/2'));
  await page.waitForFunction(() => document.title === '工作动态（第2页） - 浙江省通信管理局');
  const rows2 = page.locator('main ul.notice-list > li');
  await page.waitForFunction(() => document.querySelectorAll('main ul.notice-list > li').length === 2);
  const page2Titles = await rows2.locator('a').allTextContents();
  assert.deepEqual(page2Titles, [
    '省通信管理局部署国庆中秋假期信息通信保障工作',
    '省通信管理局部署2025年国家网络安全宣传周信息通信行业活动',
  ]);
  assert.ok(page2Titles.every((t) => !page1Titles.includes(t)), 'page 2 shows the remaining notices');
  assert.equal(await pager.getByRole('link', { name: '第2页' }).getAttribute('aria-current'), 'page');
  assert.equal(await pager.getByRole('link', { name: '第1页' }).getAttribute('aria-current'), null);

  // A notice.
  const first = rows2.first().locator('a');
  const title = await first.textContent();
  await first.click();
  await page.waitForURL(at(BASE_URL, 'notice/2025-national-day-mid-autumn-support'));
  await waitForNotice(page, title);
  await page.waitForFunction((t) => document.title === `${t} - 浙江省通信管理局`, title);
  assert.equal(await page.title(), `${title} - ${SITE_NAME}`);
  assert.ok(await windowMarkerSurvives(page), 'every step was a client-side navigation');

  assertClean(page);
});
