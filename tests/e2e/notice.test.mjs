// The notice page: the reference notice word for word, its time in any time zone, print, 返回顶部,
// 关闭窗口 and 字号.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL,
  REFERENCE_ID,
  REFERENCE_TITLE,
  SITE_NAME,
  assertClean,
  at,
  closeAll,
  launchBrowser,
  liveRegionText,
  markWindow,
  newPage,
  newTabAt,
  poll,
  referenceFixture,
  waitForHome,
  waitForNotice,
  windowMarkerSurvives,
} from './helpers.mjs';

const NOTICE_URL = at(BASE_URL, `notice/${REFERENCE_ID}`);
const LIST_URL = at(BASE_URL, 'list/gzdt/1');
const SUMMARY =
  '浙江省通信管理局召开2026年工作会议，总结2025年工作，部署2026年信息通信监管重点任务，推动“十五五”良好开局。';

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

async function openReference(contextOptions) {
  const page = await newPage(browser, contextOptions);
  await page.goto(NOTICE_URL);
  await waitForNotice(page, REFERENCE_TITLE);
  return page;
}

describe('reference notice /notice/2026-work-conference', () => {
  test('title, meta line, breadcrumb and the six paragraphs word for word', async () => {
    const fixture = referenceFixture();
    assert.equal(fixture.title, REFERENCE_TITLE, 'fixture title');
    assert.equal(fixture.paragraphs.length, 6, 'fixture has six paragraphs');
    assert.match(fixture.chrome, /返回顶部/, 'the last fixture line is the page chrome, not body text');

    const page = await openReference();
    assert.equal(await page.locator('h1').count(), 1, 'one h1');
    assert.equal(await page.locator('h1.notice-title').textContent(), REFERENCE_TITLE);
    assert.equal(await page.title(), `${REFERENCE_TITLE} - ${SITE_NAME}`);

    const meta = page.locator('.notice-meta');
    assert.equal(await meta.locator('.meta-published').innerText(), '发布时间：2026-02-12 17:29');
    assert.equal(await meta.locator('.meta-published time').textContent(), '2026-02-12 17:29');
    assert.equal(await meta.locator('.meta-source').innerText(), '来源：浙江省通信管理局');

    const crumbs = await page.locator('nav.breadcrumb ol > li').allInnerTexts();
    assert.deepEqual(crumbs.map((c) => c.trim()), ['首页', '工作动态', '正文']);
    const crumbLinks = page.locator('nav.breadcrumb ol a');
    assert.equal(await crumbLinks.nth(0).getAttribute('href'), '/');
    assert.equal(await crumbLinks.nth(1).getAttribute('href'), '/list/gzdt/1');
    assert.equal(
      await page.locator('nav.breadcrumb [aria-current="page"]').textContent(),
      '正文',
    );

    const paragraphs = await page.locator('.notice-body p').allTextContents();
    assert.deepEqual(paragraphs, fixture.paragraphs);

    assertClean(page);
  });

  test('government meta tags and the notice’s own description', async () => {
    const page = await openReference();
    const metas = await page.evaluate(() =>
      [...document.head.querySelectorAll('meta[name]')].map((m) => [m.name, m.content]),
    );
    const one = (name) => {
      const found = metas.filter(([n]) => n === name).map(([, c]) => c);
      assert.equal(found.length, 1, `exactly one <meta name="${name}">, found ${JSON.stringify(found)}`);
      return found[0];
    };
    assert.equal(one('ArticleTitle'), REFERENCE_TITLE);
    assert.equal(one('PubDate'), '2026-02-12 17:29');
    assert.equal(one('ContentSource'), '浙江省通信管理局');
    assert.equal(one('ColumnName'), '工作动态');
    // Crawlers read one description: it must be this notice's summary, not the site's.
    assert.equal(one('description'), SUMMARY);
    assertClean(page);
  });

  test('shows 17:29 (the notice’s own offset) in America/New_York too', async () => {
    const page = await openReference({ timezoneId: 'America/New_York' });
    assert.equal(
      await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
      'America/New_York',
    );
    assert.equal(await page.locator('.notice-meta .meta-published time').textContent(), '2026-02-12 17:29');
    assert.match(await page.locator('.notice-meta').innerText(), /发布时间：2026-02-12 17:29/);
    assertClean(page);
  });
});

describe('打印本页', () => {
  test('calls window.print once; print media hides the chrome and shows the URL', async () => {
    const page = await newPage(browser);
    await page.addInitScript(() => {
      window.__printCalls = 0;
      window.print = () => {
        window.__printCalls += 1;
      };
    });
    await page.goto(NOTICE_URL);
    await waitForNotice(page, REFERENCE_TITLE);
    await page.getByRole('button', { name: '打印本页' }).click();
    assert.equal(await poll(() => page.evaluate(() => window.__printCalls)), 1);
    await page.waitForTimeout(100);
    assert.equal(await page.evaluate(() => window.__printCalls), 1, 'print called exactly once');

    // On screen the printed URL line is not shown.
    assert.equal(await page.locator('.print-url').isVisible(), false);

    await page.emulateMedia({ media: 'print' });
    for (const selector of [
      'header.site-header nav.site-nav',
      'nav.breadcrumb',
      '.notice-actions',
      '.font-switch',
      '.site-footer',
    ]) {
      assert.ok((await page.locator(selector).count()) > 0, `${selector} exists`);
      assert.equal(await page.locator(selector).first().isVisible(), false, `${selector} hidden in print`);
    }
    assert.ok(await page.locator('h1.notice-title').isVisible(), 'title printed');
    assert.ok(await page.locator('.notice-body').isVisible(), 'body printed');
    assert.ok(await page.locator('.notice-body p').first().isVisible(), 'paragraphs printed');
    const printUrl = page.locator('.print-url');
    assert.ok(await printUrl.isVisible(), '.print-url printed');
    assert.ok((await printUrl.innerText()).includes(page.url()), `.print-url contains ${page.url()}`);
    assert.equal(page.url(), NOTICE_URL);
    assertClean(page);
  });

  test('page.pdf() in print media produces a PDF', async () => {
    const page = await newPage(browser);
    await page.goto(NOTICE_URL);
    await waitForNotice(page, REFERENCE_TITLE);
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    assert.ok(pdf.length > 1000, `PDF has ${pdf.length} bytes`);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assertClean(page);
  });
});

describe('返回顶部', () => {
  async function scrolledToBottom(contextOptions) {
    const page = await openReference(contextOptions);
    await page.evaluate(() => window.scrollTo(0, document.scrollingElement.scrollHeight));
    await poll(() => page.evaluate(() => window.scrollY > 0));
    assert.ok((await page.evaluate(() => window.scrollY)) > 0, 'the page scrolled down');
    return page;
  }

  test('scrolls back to the top and moves focus to #top', async () => {
    const page = await scrolledToBottom();
    await page.getByRole('button', { name: '返回顶部' }).click();
    const atTop = await poll(() => page.evaluate(() => window.scrollY === 0), { timeout: 5_000 });
    assert.ok(atTop, `window.scrollY reached 0 (is ${await page.evaluate(() => window.scrollY)})`);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'top');
    assertClean(page);
  });

  test('under reduced motion it jumps to the top at once', async () => {
    const page = await scrolledToBottom({ reducedMotion: 'reduce' });
    assert.ok(await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches));
    const [immediately, afterFrame] = await page.evaluate(async () => {
      const button = [...document.querySelectorAll('.notice-actions button')].find((b) =>
        b.textContent.includes('返回顶部'),
      );
      button.click();
      const now = window.scrollY;
      await new Promise((r) => requestAnimationFrame(() => r()));
      return [now, window.scrollY];
    });
    assert.equal(afterFrame, 0, `scrollY after one frame (right after the click: ${immediately})`);
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'top');
    assertClean(page);
  });
});

describe('关闭窗口', () => {
  test('after in-app navigation the window stays open and goes back to the list', async () => {
    const page = await newPage(browser);
    await page.goto(at(BASE_URL, ''));
    await waitForHome(page);
    await markWindow(page);
    await page.locator('nav.site-nav').getByRole('link', { name: '工作动态', exact: true }).click();
    await page.waitForURL(LIST_URL);
    await page.locator('main ul.notice-list').getByRole('link', { name: REFERENCE_TITLE }).click();
    await page.waitForURL(NOTICE_URL);
    await waitForNotice(page, REFERENCE_TITLE);

    let closed = false;
    page.on('close', () => {
      closed = true;
    });
    await page.getByRole('button', { name: '关闭窗口' }).click();
    await page.waitForURL(LIST_URL);
    await page.locator('h1.list-title').waitFor();
    assert.equal(closed, false, 'the window stays open');
    assert.ok(await windowMarkerSurvives(page), 'went back inside the app');
    assert.equal(
      await poll(() => liveRegionText(page).then((t) => (t.includes('已返回上一页') ? t : ''))),
      '浏览器不允许关闭此窗口，已返回上一页。',
    );
    assertClean(page);
  });

  test('after a full page load (no in-app history) it opens the channel list', async () => {
    const page = await newPage(browser);
    await page.goto(at(BASE_URL, ''));
    await waitForHome(page);
    await page.goto(NOTICE_URL);
    await waitForNotice(page, REFERENCE_TITLE);
    await markWindow(page);
    assert.ok((await page.evaluate(() => history.length)) > 1, 'the tab has earlier history entries');

    let closed = false;
    page.on('close', () => {
      closed = true;
    });
    await page.getByRole('button', { name: '关闭窗口' }).click();
    await page.waitForURL(LIST_URL);
    await page.locator('h1.list-title').waitFor();
    assert.equal(await page.locator('h1.list-title').textContent(), '工作动态');
    assert.equal(closed, false, 'the window stays open');
    assert.ok(await windowMarkerSurvives(page), 'a client-side navigation, not a reload');
    assert.equal(
      await poll(() => liveRegionText(page).then((t) => (t.includes('已转到栏目列表') ? t : ''))),
      '浏览器不允许关闭此窗口，已转到栏目列表。',
    );
    assertClean(page);
  });

  test('in a window whose only history entry is the notice, the window closes', async () => {
    const page = await newTabAt(browser, NOTICE_URL);
    await waitForNotice(page, REFERENCE_TITLE);
    assert.equal(await page.evaluate(() => history.length), 1, 'the notice is the only history entry');
    assert.equal(await page.evaluate(() => window.opener), null, 'no opener');
    const closing = page.waitForEvent('close', { timeout: 5_000 });
    // The window may close before the click's own bookkeeping ends: that is the success.
    await page
      .getByRole('button', { name: '关闭窗口' })
      .click()
      .catch((e) => {
        if (!page.isClosed()) throw e;
      });
    await closing;
    assert.ok(page.isClosed(), 'Chromium let the script close the window');
    assertClean(page);
  });
});

describe('字号', () => {
  const bodySize = (page) =>
    page.evaluate(() => getComputedStyle(document.querySelector('.notice-body')).fontSize);
  const pressed = (page, name) =>
    page.getByRole('button', { name, exact: true }).getAttribute('aria-pressed');

  test('大 / 小 / 中 set the body size, and the choice survives a reload', async () => {
    const page = await openReference();
    assert.equal(await bodySize(page), '18px', 'default 中');
    assert.equal(await pressed(page, '中号字'), 'true');

    await page.getByRole('button', { name: '大号字', exact: true }).click();
    assert.equal(await bodySize(page), '20px');
    assert.equal(await pressed(page, '大号字'), 'true');
    assert.equal(await pressed(page, '中号字'), 'false');
    assert.equal(await pressed(page, '小号字'), 'false');
    assert.equal(await page.locator('.font-switch button[aria-pressed="true"]').textContent(), '大');

    await page.reload();
    await waitForNotice(page, REFERENCE_TITLE);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.fontSize), 'l');
    assert.equal(await bodySize(page), '20px', 'still 大 after the reload, before any click');
    assert.equal(await pressed(page, '大号字'), 'true');

    await page.getByRole('button', { name: '小号字', exact: true }).click();
    assert.equal(await bodySize(page), '16px');
    assert.equal(await pressed(page, '小号字'), 'true');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.fontSize), 's');

    await page.getByRole('button', { name: '中号字', exact: true }).click();
    assert.equal(await bodySize(page), '18px');
    assert.equal(await pressed(page, '中号字'), 'true');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.fontSize), 'm');
    assertClean(page);
  });
});

test('相关信息 lists the related notices written by the content tool, and they open in the app', async () => {
  const page = await openReference();
  const related = page.locator('section.related');
  assert.equal(await related.locator('h2').textContent(), '相关信息');
  const links = related.locator('a');
  const count = await links.count();
  assert.ok(count >= 1 && count <= 5, `1 to 5 related notices, got ${count}`);
  const titles = await links.allTextContents();
  assert.ok(!titles.includes(REFERENCE_TITLE), 'a notice is never related to itself');
  await markWindow(page);
  const first = titles[0];
  await links.first().click();
  await waitForNotice(page, first);
  assert.ok(await windowMarkerSurvives(page), 'client-side navigation');
  assertClean(page);
});
