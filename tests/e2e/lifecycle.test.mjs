// A notice's life after publication, in the browser: 有效期 and 截止时间 pass between two visits
// (Playwright's clock) and the page says 已失效 / 已截止 without a rebuild (the prerendered page
// is corrected at takeover), the marks in lists and search results, both directions of the
// 解读 and 替代 links, the 更正说明 note, the preview banner, and axe-core on the new marks in
// every reading mode.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL,
  assertClean,
  at,
  closeAll,
  launchBrowser,
  newPage,
  routeData,
  waitForApp,
  waitForNotice,
  withoutPrerender,
} from './helpers.mjs';
import { MODES, assertNoAxeViolations, storeSettings } from './reading-helpers.mjs';

const POLICY_ID = 'business-environment-measures-2026';
const POLICY_TITLE = '浙江省通信管理局关于印发《进一步优化信息通信行业营商环境若干措施》的通知';
const READING_ID = 'business-environment-measures-2026-interpretation';
const GRAPHIC_ID = 'business-environment-measures-2026-graphic';
const GRAPHIC_TITLE = '图解：一图读懂《进一步优化信息通信行业营商环境若干措施》';
const OLD_ID = 'phone-user-real-name-registration-2023';
const OLD_TITLE = '浙江省通信管理局关于做好电话用户真实身份信息登记工作的通知';
const NEW_ID = 'phone-user-real-name-registration';
const NEW_TITLE = '浙江省通信管理局关于进一步加强电话用户真实身份信息登记管理工作的通知';
const CONSULTATION_ID = 'business-environment-measures-consultation';
const CORRECTED_ID = '2026-warm-service-case-collection';

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

/** The text of the validity badge by the title (as a screen reader reads it), or null. */
function badge(page) {
  return page.evaluate(() => document.querySelector('.notice-life [data-validity]')?.textContent ?? null);
}

/** The 有效性 row of the 信息公开 table. */
function validityRow(page) {
  return page.evaluate(() => {
    const th = [...document.querySelectorAll('table.disclosure th')].find((t) => t.textContent === '有效性');
    return th?.nextElementSibling?.textContent ?? null;
  });
}

describe('validity and deadlines follow the reader\'s clock', () => {
  test('有效期 passes between two visits: 现行有效, then 已失效, without a rebuild', async () => {
    const page = await newPage(browser);
    // 23:59 on the last day, in the notice's own offset (+08:00).
    await page.clock.setFixedTime(new Date('2027-12-31T23:59:00+08:00'));
    await page.goto(at(BASE_URL, `notice/${POLICY_ID}`));
    await waitForNotice(page, POLICY_TITLE);
    assert.equal(await badge(page), '有效性：现行有效');
    assert.equal(await validityRow(page), '现行有效');
    const until = await page.evaluate(() => {
      const th = [...document.querySelectorAll('table.disclosure th')].find((t) => t.textContent === '有效期至');
      return th?.nextElementSibling?.textContent;
    });
    assert.equal(until, '2027-12-31');

    // The next visit, a minute later, is on the next day in +08:00.
    await page.clock.setFixedTime(new Date('2028-01-01T00:00:30+08:00'));
    await page.reload();
    await waitForNotice(page, POLICY_TITLE);
    assert.equal(await badge(page), '有效性：已失效');
    assert.equal(await validityRow(page), '已失效');
    assertClean(page);
  });

  test('the prerendered page is corrected at takeover', async () => {
    // The sample site is built today, before 2028: the page as served says 现行有效, the app
    // (with the reader's clock in 2028) says 已失效.
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(at(BASE_URL, `notice/${POLICY_ID}`));
    assert.equal(await badge(page), '有效性：现行有效');
    const reader = await newPage(browser);
    await reader.clock.setFixedTime(new Date('2028-03-01T10:00:00+08:00'));
    await reader.goto(at(BASE_URL, `notice/${POLICY_ID}`));
    await waitForNotice(reader, POLICY_TITLE);
    assert.equal(await badge(reader), '有效性：已失效');
    assertClean(reader);
  });

  test('a deadline passes: 截止时间 near the title, then 已截止', async () => {
    const page = await newPage(browser);
    await page.clock.setFixedTime(new Date('2025-12-18T16:59:00+08:00'));
    await page.goto(at(BASE_URL, `notice/${CONSULTATION_ID}`));
    await waitForNotice(page);
    const line = page.locator('.notice-header .notice-deadline');
    assert.equal(await line.textContent(), '截止时间：2025-12-18 17:00');
    await page.clock.setFixedTime(new Date('2025-12-18T17:00:30+08:00'));
    await page.reload();
    await waitForNotice(page);
    assert.equal(await line.textContent(), '截止时间：2025-12-18 17:00已截止');
    assert.equal(await line.locator('.life-mark').textContent(), '已截止');
    assertClean(page);
  });
});

describe('marks in lists and search results', () => {
  test('list rows mark 已废止 and 已截止 as text', async () => {
    const page = await newPage(browser);
    await page.goto(at(BASE_URL, 'list/zcwj/1'));
    await waitForApp(page);
    const row = page.locator('main ul.notice-list > li', { hasText: OLD_TITLE });
    assert.equal(await row.locator('.life-mark').textContent(), '已废止');
    // A policy in force carries no mark in a list.
    const current = page.locator('main ul.notice-list > li', { hasText: POLICY_TITLE });
    assert.equal(await current.locator('.life-mark').count(), 0);

    await page.goto(at(BASE_URL, 'list/tzgg/1'));
    await waitForApp(page);
    const consultation = page.locator('main ul.notice-list > li', { hasText: '征求意见稿' });
    assert.equal(await consultation.locator('.life-mark').textContent(), '已截止');
    assertClean(page);
  });

  test('the home page marks a list row when its validity ends, by the reader\'s clock', async () => {
    const page = await newPage(browser);
    await page.clock.setFixedTime(new Date('2028-01-02T09:00:00+08:00'));
    await page.goto(at(BASE_URL, 'list/zcwj/1'));
    await waitForApp(page);
    const row = page.locator('main ul.notice-list > li', { hasText: POLICY_TITLE });
    assert.equal(await row.locator('.life-mark').textContent(), '已失效');
    assertClean(page);
  });

  test('search results mark 已废止', async () => {
    const page = await newPage(browser);
    await page.goto(at(BASE_URL, `search?${new URLSearchParams({ q: '真实身份信息登记' })}`));
    await page.locator('.search-results').waitFor();
    const result = page.locator('.search-result', { hasText: OLD_TITLE });
    await result.waitFor();
    assert.equal(await result.locator('.life-mark').textContent(), '已废止');
    const current = page.locator('.search-result', { hasText: NEW_TITLE });
    assert.equal(await current.locator('.life-mark').count(), 0);
    assertClean(page);
  });
});

describe('typed links go both ways', () => {
  test('政策解读 on the policy, 原文件 on the 图解', async () => {
    const page = await newPage(browser);
    await page.goto(at(BASE_URL, `notice/${POLICY_ID}`));
    await waitForNotice(page, POLICY_TITLE);
    const section = page.locator('section.interpretations');
    assert.equal(await section.locator('h2').textContent(), '政策解读');
    const items = await section.locator('li').allTextContents();
    assert.deepEqual(items, [
      '【文字解读】《进一步优化信息通信行业营商环境若干措施》政策解读',
      `【图解】${GRAPHIC_TITLE}`,
    ]);
    assert.ok(
      (await section.locator('a').first().getAttribute('href')).endsWith(`notice/${READING_ID}`),
    );
    // 相关信息 keeps its keyword matching beside them.
    assert.ok((await page.locator('section.related li').count()) > 0);

    await section.getByRole('link', { name: GRAPHIC_TITLE }).click();
    await waitForNotice(page, GRAPHIC_TITLE);
    assert.ok(page.url().endsWith(`notice/${GRAPHIC_ID}`));
    const original = page.locator('section.life-links li.original');
    assert.equal(await original.textContent(), `原文件：${POLICY_TITLE}`);
    await original.getByRole('link').click();
    await waitForNotice(page, POLICY_TITLE);
    assertClean(page);
  });

  test('替代: the abolished policy links to the new one, and back', async () => {
    const page = await newPage(browser);
    await page.goto(at(BASE_URL, `notice/${OLD_ID}`));
    await waitForNotice(page, OLD_TITLE);
    assert.equal(await badge(page), '有效性：已废止');
    const replaced = page.locator('section.life-links li.replaced-by');
    assert.equal(await replaced.textContent(), `已被替代，现行文件：${NEW_TITLE}`);
    await replaced.getByRole('link').click();
    await waitForNotice(page, NEW_TITLE);
    const replaces = page.locator('section.life-links li.replaces');
    assert.equal(await replaces.textContent(), `本文件替代了：${OLD_TITLE}`);
    await replaces.getByRole('link').click();
    await waitForNotice(page, OLD_TITLE);
    assertClean(page);
  });

  test('更正说明 above the body and 更新时间 in the meta line', async () => {
    const page = await newPage(browser);
    await page.goto(at(BASE_URL, `notice/${CORRECTED_ID}`));
    await waitForNotice(page);
    const note = page.locator('aside.correction');
    assert.equal(await note.locator('h2').textContent(), '更正说明');
    assert.match(await note.locator('p').textContent(), /已更正为“2026年4月30日”/);
    // The note comes before the body.
    const order = await page.evaluate(() => {
      const note = document.querySelector('aside.correction');
      const body = document.querySelector('.notice-body');
      return note.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    assert.ok(order);
    assert.equal(await page.locator('.meta-updated').textContent(), '更新时间：2026-03-12 09:30');
    assertClean(page);
  });
});

describe('a preview build', () => {
  test('every page carries the 预览 banner and noindex', async () => {
    const page = await newPage(browser);
    await withoutPrerender(page);
    const site = await (await fetch(at(BASE_URL, 'data/site.json'))).json();
    await routeData(page, '**/data/site.json', { body: JSON.stringify({ ...site, preview: true }) });
    for (const route of ['', `notice/${POLICY_ID}`, 'list/tzgg/1']) {
      await page.goto(at(BASE_URL, route));
      await waitForApp(page);
      const banner = page.locator('.preview-banner');
      await banner.waitFor();
      assert.match(await banner.textContent(), /^预览：/);
      assert.equal(
        await page.evaluate(() => document.querySelector('meta[name="robots"]')?.content),
        'noindex',
        route,
      );
    }
    await assertNoAxeViolations(page, 'a preview page');
    assertClean(page);
  });

  test('a normal build has neither', async () => {
    const page = await newPage(browser);
    await page.goto(at(BASE_URL, `notice/${POLICY_ID}`));
    await waitForNotice(page, POLICY_TITLE);
    assert.equal(await page.locator('.preview-banner').count(), 0);
    assert.equal(await page.evaluate(() => document.querySelector('meta[name="robots"]')), null);
    assertClean(page);
  });
});

describe('axe-core: the new marks in every reading mode', () => {
  for (const [mode, { storage, contextOptions }] of Object.entries(MODES)) {
    test(mode, async () => {
      const page = await newPage(browser, contextOptions);
      await storeSettings(page, storage);
      // A day on which the consultation is closed and the policy still in force.
      await page.clock.setFixedTime(new Date('2026-12-06T10:00:00+08:00'));
      for (const [route, mark] of [
        [`notice/${POLICY_ID}`, '有效性：现行有效'],
        [`notice/${OLD_ID}`, '有效性：已废止'],
        [`notice/${CONSULTATION_ID}`, '已截止'],
        [`notice/${CORRECTED_ID}`, '更正说明'],
        ['list/zcwj/1', '已废止'],
      ]) {
        await page.goto(at(BASE_URL, route));
        await waitForApp(page);
        await page.getByText(mark, { exact: true }).first().waitFor();
        await assertNoAxeViolations(page, `${route} (${mode})`);
      }
      // The marks are text a screen reader reads, not colour alone.
      await page.goto(at(BASE_URL, `notice/${OLD_ID}`));
      await waitForApp(page);
      const name = await page.locator('.notice-life .life-mark').evaluate((e) => e.innerText);
      assert.equal(name.replace(/\s+/g, ''), '有效性：已废止');
      assertClean(page);
    });
  }
});
