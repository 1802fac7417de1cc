// Prerendered entry pages: every URL is a real file. Deep-link refresh on hosts without any
// fallback (nginx without try_files, python3 -m http.server; root and /notices/), every notice
// readable and every link followable without JavaScript, and the app taking a prerendered page
// over without a visible change (no skeleton, CLS 0, scroll and focus kept, no data requests).

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PLAIN_SUB_URL,
  PLAIN_URL,
  REFERENCE_ID,
  REFERENCE_TITLE,
  SITE_NAME,
  STRICT_URL,
  assertClean,
  at,
  closeAll,
  expectFailure,
  holdWasm,
  launchBrowser,
  markWindow,
  newPage,
  waitForApp,
  waitForNotice,
  windowMarkerSurvives,
} from './helpers.mjs';

const STRICT_SUB_URL = at(STRICT_URL, 'notices/');

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

/** A data file of the build served at `base`, parsed. */
async function data(base, file) {
  const response = await fetch(at(base, `data/${file}`));
  assert.equal(response.status, 200, `data/${file}`);
  return response.json();
}

/** Every notice id of the site, newest first. */
async function allNoticeIds(base) {
  const first = await data(base, 'lists/all/1.json');
  const ids = first.items.map((i) => i.id);
  for (let p = 2; p <= first.pages; p += 1) {
    ids.push(...(await data(base, `lists/all/${p}.json`)).items.map((i) => i.id));
  }
  return ids;
}

/** The plain text of a notice block's inlines. */
function inlineText(content = []) {
  return content.map((i) => (typeof i === 'string' ? i : i.text)).join('');
}

/** The texts a reader must find in a notice page: title, each block's text, attachments. */
function expectedTexts(notice) {
  const texts = [notice.title];
  for (const block of notice.body) {
    if (['paragraph', 'heading', 'quote'].includes(block.type)) texts.push(inlineText(block.content));
    if (block.type === 'list') texts.push(...block.items.map(inlineText));
    if (block.type === 'table') {
      for (const row of block.rows) texts.push(...row.map(inlineText));
    }
  }
  for (const a of notice.attachments || []) texts.push(a.name);
  return texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter((t) => t !== '');
}

const HOSTS = [
  ['nginx without fallback, root', STRICT_URL],
  ['nginx without fallback, /notices/', STRICT_SUB_URL],
  ['python3 -m http.server, root', PLAIN_URL],
  ['python3 -m http.server, /notices/', PLAIN_SUB_URL],
];

describe('deep-link refresh on hosts without rewrites', () => {
  for (const [name, base] of HOSTS) {
    test(`${name}: notice and list deep links answer 200 with the right page`, async () => {
      const page = await newPage(browser);
      await page.goto(base);
      await waitForApp(page);
      await markWindow(page);
      await page.locator('nav.site-nav').getByRole('link', { name: '工作动态', exact: true }).click();
      await page.waitForURL(at(base, 'list/gzdt/1'));
      await page.locator('main ul.notice-list').getByRole('link', { name: REFERENCE_TITLE }).click();
      await page.waitForURL(at(base, `notice/${REFERENCE_ID}`));
      await waitForNotice(page, REFERENCE_TITLE);
      assert.ok(await windowMarkerSurvives(page), 'client-side navigation before the refresh');

      const response = await page.reload();
      assert.equal(response.status(), 200, 'the refreshed deep link is a real file');
      await waitForNotice(page, REFERENCE_TITLE);
      assert.equal(await page.locator('.notice-body p').count(), 6);
      assert.equal(await page.title(), `${REFERENCE_TITLE} - ${SITE_NAME}`);
      assert.ok(
        page.url().startsWith(at(base, `notice/${REFERENCE_ID}`)),
        `stays on the notice (${page.url()})`,
      );

      const list = await page.goto(at(base, 'list/gzdt/2'));
      assert.equal(list.status(), 200);
      await page.locator('h1.list-title').waitFor();
      assert.equal(
        await page.locator('.pager [aria-current="page"]').textContent(),
        '2',
        'page 2 of the list',
      );

      const search = await page.goto(at(base, 'search'));
      assert.equal(search.status(), 200, 'the search page is a real file too');
      await page.locator('main form.search-form').waitFor();
      assertClean(page);
    });
  }

  test('nginx without fallback: an unknown URL is a 404 with the app\'s not-found page', async () => {
    for (const base of [STRICT_URL, STRICT_SUB_URL]) {
      const page = await newPage(browser);
      const url = at(base, 'no/such/page');
      expectFailure(page, url);
      const response = await page.goto(url);
      assert.equal(response.status(), 404);
      await page.locator('.status-not-found h1').waitFor();
      assert.equal(await page.locator('.status-not-found h1').textContent(), '该信息不存在或已删除');
      await waitForApp(page);
      assert.equal(await page.locator('html').getAttribute('data-app'), 'ready');
      const home = page.locator('.status-not-found').getByRole('link', { name: '首页' });
      assert.equal(await home.getAttribute('href'), new URL(base).pathname);
      assertClean(page);
    }
  });
});

describe('without JavaScript', () => {
  test('every notice shows its full text and metadata; every in-app link is a real page', async () => {
    const base = STRICT_URL;
    const page = await newPage(browser, { javaScriptEnabled: false });
    const ids = await allNoticeIds(base);
    assert.ok(ids.length >= 20, `the sample site has its notices (${ids.length})`);
    const hrefs = new Set();
    const collect = async () => {
      for (const href of await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.href))) {
        const url = new URL(href);
        if (url.origin === new URL(base).origin) hrefs.add(url.href.replace(/#.*$/, ''));
      }
    };
    for (const route of ['', 'list/all/1', 'list/tzgg/1', '404.html']) {
      await page.goto(at(base, route));
      await collect();
    }
    for (const id of ids) {
      const notice = await data(base, `notices/${id}.json`);
      const response = await page.goto(at(base, `notice/${id}`));
      assert.equal(response.status(), 200, id);
      assert.equal(await page.locator('h1.notice-title').textContent(), notice.title, id);
      assert.equal(await page.title(), `${notice.title} - ${SITE_NAME}`);
      assert.equal(
        await page.locator('.notice-meta .meta-published time').getAttribute('datetime'),
        notice.published,
        `${id}: publication time`,
      );
      if (notice.updated) {
        assert.equal(
          await page.locator('.notice-meta .meta-updated time').getAttribute('datetime'),
          notice.updated,
          `${id}: 更新时间`,
        );
      }
      if (notice.source) {
        assert.match(await page.locator('.notice-meta .meta-source').textContent(), new RegExp(notice.source));
      }
      const text = (await page.locator('article.notice').textContent()).replace(/\s+/g, ' ');
      for (const expected of expectedTexts(notice)) {
        assert.ok(text.includes(expected), `${id}: the page holds "${expected.slice(0, 40)}…"`);
      }
      const description = await page.locator('meta[name="description"]').getAttribute('content');
      assert.ok(description.length > 0, `${id}: meta description`);
      assert.equal(await page.locator('meta[name="ArticleTitle"]').getAttribute('content'), notice.title);
      assert.equal(
        await page.locator('link[rel="canonical"]').getAttribute('href'),
        `https://www.example.gov.cn/notice/${id}`,
      );
      assert.equal(await page.locator('meta[property="og:type"]').getAttribute('content'), 'article');
      // (The head's <noscript> holds the print stylesheet's link for readers without JavaScript.)
      assert.equal(await page.locator('body noscript').count(), 0, 'no "needs JavaScript" note');
      // Buttons that need scripts are not offered.
      assert.equal(await page.locator('.notice-actions').isVisible(), false, 'footer actions hidden');
      assert.equal(await page.locator('.font-switch').isVisible(), false, '字号 hidden');
      await collect();
    }
    // Every in-app link (navigation, breadcrumbs, lists, pagers, 上一篇/下一篇, 相关信息,
    // attachments) leads to a real file on a host without fallback.
    const broken = [];
    for (const href of hrefs) {
      const response = await fetch(href, { redirect: 'follow' });
      if (response.status !== 200) broken.push(`${response.status} ${href}`);
    }
    assert.ok(hrefs.size > 25, `links were collected (${hrefs.size})`);
    assert.deepEqual(broken, [], 'every in-app link answers 200');
  });
});

/** Installs, before any page script, recorders for layout shifts and for skeletons shown. */
async function recordTakeover(page) {
  await page.addInitScript(() => {
    window.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) window.__shifts.push(entry.value);
      }
    }).observe({ type: 'layout-shift', buffered: true });
    window.__skeletons = 0;
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (n.nodeType === 1 && (n.matches('.skeleton') || n.querySelector('.skeleton'))) {
            window.__skeletons += 1;
          }
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
}

describe('takeover of a prerendered page', () => {
  for (const route of ['', 'list/gzdt/1', `notice/${REFERENCE_ID}`, 'search']) {
    test(`/${route}: no skeleton, no layout shift, no data request, no console error`, async () => {
      const page = await newPage(browser, { viewport: { width: 1280, height: 600 } });
      await recordTakeover(page);
      const dataRequests = [];
      page.on('request', (r) => {
        if (new URL(r.url()).pathname.includes('/data/')) dataRequests.push(r.url());
      });
      await page.goto(at(STRICT_URL, route));
      await waitForApp(page);
      assert.equal(await page.locator('html').getAttribute('data-app'), 'ready');
      await page.waitForTimeout(300);
      assert.equal(await page.evaluate(() => window.__skeletons), 0, 'no loading placeholder');
      const shifts = await page.evaluate(() => window.__shifts);
      assert.equal(shifts.reduce((a, b) => a + b, 0), 0, `CLS 0 (shifts: ${shifts})`);
      assert.deepEqual(dataRequests, [], 'the page data came with the page');
      assert.equal(await page.locator('main#main').count(), 1, 'one page, not two');
      assert.equal(await page.locator('#bulletin-data').count(), 1);
      assertClean(page);
    });
  }

  test('scroll position and focus survive the takeover; then navigation is client-side', async () => {
    const page = await newPage(browser, { viewport: { width: 1280, height: 500 } });
    await recordTakeover(page);
    // Hold the wasm back until the reader has scrolled and focused a link.
    const release = await holdWasm(page);
    await page.goto(at(STRICT_URL, `notice/${REFERENCE_ID}`), { waitUntil: 'domcontentloaded' });
    await page.locator('.notice-body p').first().waitFor();
    assert.equal(await page.locator('html').getAttribute('data-app'), null, 'the app has not started');
    await page.evaluate(() => window.scrollTo({ top: 700, behavior: 'instant' }));
    await page.locator('nav.prev-next a').first().focus();
    const focused = await page.evaluate(() => document.activeElement.getAttribute('href'));
    const y = await page.evaluate(() => window.scrollY);
    assert.ok(y > 600, `scrolled (${y})`);
    release();
    await waitForApp(page);
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => window.scrollY), y, 'scroll kept');
    assert.equal(
      await page.evaluate(() => document.activeElement?.getAttribute('href')),
      focused,
      'focus kept on the same link',
    );
    assert.equal(
      await page.evaluate(() => document.activeElement?.closest('nav')?.className),
      'prev-next',
    );
    assert.equal(await page.evaluate(() => window.__skeletons), 0);
    const shifts = await page.evaluate(() => window.__shifts);
    assert.equal(shifts.reduce((a, b) => a + b, 0), 0, `CLS 0 (shifts: ${shifts})`);

    // The app now drives navigation: the breadcrumb goes to the list without a page load.
    await markWindow(page);
    await page.locator('nav.breadcrumb').getByRole('link', { name: '工作动态' }).click();
    await page.waitForURL(at(STRICT_URL, 'list/gzdt/1'));
    await page.locator('h1.list-title').waitFor();
    assert.ok(await windowMarkerSurvives(page), 'client-side navigation after the takeover');
    assert.equal(await page.locator('link[rel="canonical"]').count(), 0, 'the notice\'s canonical URL is gone');
    // 字号 works after the takeover.
    await page.goBack();
    await waitForNotice(page, REFERENCE_TITLE);
    await page.getByRole('button', { name: '大号字' }).click();
    assert.equal(await page.locator('html').getAttribute('data-font-size'), 'l');
    assertClean(page);
  });
});
