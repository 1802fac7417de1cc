// What every government site carries: the footer's links and badge on every page kind, the
// standalone pages and the 网站地图 (prerendered, reachable from the footer without JavaScript),
// the policy library's facets, their shareable URLs and back/forward, and axe-core in every
// reading mode on the new pages.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL,
  REFERENCE_ID,
  SUB_URL,
  assertClean,
  at,
  closeAll,
  launchBrowser,
  newPage,
} from './helpers.mjs';
import { MODES, assertNoAxeViolations, storeSettings } from './reading-helpers.mjs';

const PAGES = [
  ['statement', '网站声明'],
  ['privacy', '隐私政策'],
  ['about', '关于我们'],
  ['contact', '联系我们'],
  ['accessibility', '无障碍声明'],
];

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

/** The footer as a reader sees it: its links (text, href) and its images. */
async function footer(page) {
  const f = page.locator('footer.site-footer');
  await f.waitFor();
  const links = await f.locator('a').evaluateAll((as) => as.map((a) => [a.textContent.trim(), a.getAttribute('href')]));
  const images = await f.locator('img').evaluateAll((imgs) =>
    imgs.map((img) => ({ alt: img.alt, src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0 })),
  );
  return { text: await f.innerText(), links, images };
}

async function assertFooter(page, base) {
  const path = new URL(base).pathname;
  const { text, links, images } = await footer(page);
  const pageLinks = links.filter(([, href]) => href.startsWith(`${path}page/`));
  assert.deepEqual(
    pageLinks,
    PAGES.map(([id, title]) => [title, `${path}page/${id}`]),
    'the standalone pages in the order site.toml gives',
  );
  assert.ok(links.some(([t, h]) => t === '网站地图' && h === `${path}sitemap`), '网站地图');
  assert.ok(links.some(([t, h]) => t === '浙ICP备05000000号' && h === 'https://beian.miit.gov.cn/'), 'ICP → MIIT');
  assert.ok(
    links.some(([t, h]) => t === '浙公网安备 33010602000000号' && h.startsWith('https://beian.mps.gov.cn/')),
    '公安机关备案号',
  );
  assert.ok(links.some(([t, h]) => t === '我为政府网站找错' && h.startsWith('https://zfwzzc.www.gov.cn/')), '找错');
  assert.ok(links.some(([, h]) => h.startsWith('https://bszs.conac.cn/')), 'the badge links to its registration');
  assert.deepEqual(images.length, 1);
  assert.equal(images[0].alt, '党政机关网站标识');
  assert.equal(images[0].src, `${path}site/badge.svg`, 'a local image');
  for (const words of ['主办单位：浙江省通信管理局', '承办单位：浙江省通信管理局办公室', '网站标识码：BM0000000000', '联系方式：']) {
    assert.ok(text.replace(/\s+/g, '').includes(words.replace(/\s+/g, '')), `${words} in «${text}»`);
  }
  return images[0];
}

describe('footer', () => {
  for (const [kind, route] of [
    ['home', ''],
    ['list', 'list/gzdt/1'],
    ['notice', `notice/${REFERENCE_ID}`],
    ['search', 'search?q=通信'],
    ['standalone page', 'page/privacy'],
    ['网站地图', 'sitemap'],
    ['library', 'library'],
    ['not found', 'no/such/page'],
  ]) {
    test(`${kind}: every item, the badge loaded`, async () => {
      const page = await newPage(browser);
      await page.goto(at(BASE_URL, route));
      const image = await assertFooter(page, BASE_URL);
      await page.waitForFunction(() => {
        const img = document.querySelector('footer img');
        return img && img.complete && img.naturalWidth > 0;
      });
      assert.ok(image);
    });
  }

  test('under a sub-path, without JavaScript', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(at(SUB_URL, `notice/${REFERENCE_ID}`));
    await assertFooter(page, SUB_URL);
  });
});

describe('standalone pages and 网站地图 without JavaScript', () => {
  test('every footer page is prerendered and reachable from the footer', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(at(BASE_URL, ''));
    for (const [id, title] of PAGES) {
      await page.locator('footer').getByRole('link', { name: title, exact: true }).click();
      await page.waitForURL(at(BASE_URL, `page/${id}`));
      assert.equal(await page.locator('main h1').innerText(), title);
      assert.ok((await page.locator('main .notice-body p, main .notice-body li').count()) > 0, `${title} has text`);
      assert.equal(await page.title(), `${title} - 浙江省通信管理局`);
    }
    const privacy = await (await page.request.get(at(BASE_URL, 'page/privacy'))).text();
    assert.match(privacy, /本网站不使用 Cookie/);
  });

  test('the 网站地图 lists the home page, every channel with notices, the library and the pages', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(at(BASE_URL, 'page/about'));
    await page.locator('footer').getByRole('link', { name: '网站地图' }).click();
    await page.waitForURL(at(BASE_URL, 'sitemap'));
    const main = page.locator('main');
    assert.equal(await main.locator('h1').innerText(), '网站地图');
    for (const [name, href] of [
      ['首页', '/'],
      ['政策文件库', '/library'],
      ['工作动态', '/list/gzdt/1'],
      ['通知公告', '/list/tzgg/1'],
      ['政策文件', '/list/zcwj/1'],
      ...PAGES.map(([id, title]) => [title, `/page/${id}`]),
    ]) {
      assert.equal(await main.getByRole('link', { name, exact: true }).first().getAttribute('href'), href, name);
    }
    for (const channel of ['gzdt', 'tzgg', 'zcwj']) {
      const notices = main.locator(`section[aria-labelledby="sitemap-${channel}"] ul.notice-list a`);
      assert.ok((await notices.count()) > 0, `${channel} lists its latest notices`);
    }
  });
});

describe('policy library', () => {
  test('facets with counts, shareable URLs, sort, back and forward', async () => {
    const page = await newPage(browser);
    const requests = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(at(BASE_URL, 'library'));
    const results = page.locator('.library-list > li');
    await results.first().waitFor();
    assert.equal(await results.count(), 4);
    assert.match(await page.locator('#library-count').innerText(), /共\s*4\s*件文件/);
    const year = page.locator('[aria-labelledby="facet-year"]');
    assert.deepEqual(await year.locator('a').allInnerTexts(), ['全部', '2026（2）', '2025（1）', '2023（1）']);
    const code = page.locator('[aria-labelledby="facet-code"]');
    assert.deepEqual(await code.locator('a').allInnerTexts(), ['全部', '浙通管（3）', '浙通管函（1）']);
    assert.equal(await page.locator('[aria-labelledby="facet-publisher"] a').nth(1).innerText(), '浙江省通信管理局（4）');
    // 有效性 at the build's clock: the 2023 registration notice, replaced by the 2025 one, is 已废止.
    const validity = page.locator('[aria-labelledby="facet-validity"]');
    assert.deepEqual(await validity.locator('a').allInnerTexts(), ['全部', '现行有效（2）', '已废止（1）']);
    // Only the facet index and the search index's title chunks: no notice, no list.
    assert.ok(requests.some((p) => p.endsWith('/data/library.json')));
    assert.ok(!requests.some((p) => p.includes('/data/notices/') || p.includes('/data/lists/')), requests.join('\n'));

    await year.getByRole('link', { name: '2026（2）' }).click();
    await page.waitForURL(/library\?year=2026$/);
    await page.waitForFunction(() => document.querySelectorAll('.library-list > li').length === 2);
    assert.equal(await year.locator('a[aria-current="true"]').innerText(), '2026（2）');
    // Counts of the other facets follow the filter.
    assert.deepEqual(await code.locator('a').allInnerTexts(), ['全部', '浙通管（1）', '浙通管函（1）']);

    await code.getByRole('link', { name: '浙通管函（1）' }).click();
    await page.waitForURL(/library\?year=2026&code=%E6%B5%99%E9%80%9A%E7%AE%A1%E5%87%BD$/);
    await page.waitForFunction(() => document.querySelectorAll('.library-list > li').length === 1);
    assert.match(await results.first().innerText(), /防范治理电信网络诈骗/);
    assert.match(await results.first().innerText(), /浙通管函〔2026〕9号/);

    await page.goBack();
    await page.waitForURL(/library\?year=2026$/);
    await page.waitForFunction(() => document.querySelectorAll('.library-list > li').length === 2);
    await page.goForward();
    await page.waitForURL(/code=/);
    await page.waitForFunction(() => document.querySelectorAll('.library-list > li').length === 1);

    // Sort by 成文日期 and a shared URL opened afresh.
    const shared = await newPage(browser);
    await shared.goto(at(BASE_URL, 'library?sort=written&topic=' + encodeURIComponent('工业、交通/信息产业（含电信）')));
    const sharedResults = shared.locator('.library-list > li');
    await sharedResults.first().waitFor();
    assert.equal(await sharedResults.count(), 2);
    const written = await sharedResults.evaluateAll((lis) => lis.map((li) => li.innerText.match(/成文日期\s*：?\s*(\d{4}-\d{2}-\d{2})/)?.[1]));
    assert.deepEqual(written, ['2026-01-20', '2025-10-24']);
    assert.equal(await shared.locator('.library-sort a[aria-current="true"]').innerText(), '按成文日期');
    // A result opens its notice.
    await sharedResults.first().locator('a').first().click();
    await shared.waitForURL(/notice\/business-environment-measures-2026$/);
    assertClean(page);
    assertClean(shared);
  });

  test('under a sub-path', async () => {
    const page = await newPage(browser);
    await page.goto(at(SUB_URL, 'library?year=2025'));
    const results = page.locator('.library-list > li');
    await results.first().waitFor();
    assert.equal(await results.count(), 1);
    assert.equal(await results.first().locator('a').getAttribute('href'), '/notices/notice/phone-user-real-name-registration');
    assertClean(page);
  });
});

describe('the library\'s facets on /search', () => {
  test('a facet filter in the URL and in the form', async () => {
    const page = await newPage(browser);
    await page.goto(at(BASE_URL, 'search?q=通知'));
    await page.locator('.search-results').waitFor();
    const all = Number(await page.locator('.search-summary strong').textContent());
    assert.ok(all > 2, `${all} results without a facet`);
    const year = page.locator('select[name="year"]');
    await year.waitFor();
    assert.deepEqual(await year.locator('option').allTextContents(), ['全部', '2026', '2025', '2023']);
    await year.selectOption('2026');
    await page.locator('button.search-apply').click();
    await page.waitForURL(/search\?q=%E9%80%9A%E7%9F%A5&year=2026$/);
    await page.waitForFunction(() => document.querySelector('.search-summary strong')?.textContent === '2');
    const titles = await page.locator('.search-result-title a').allTextContents();
    assert.deepEqual(titles.length, 2);
    assert.ok(titles.some((t) => t.includes('营商环境')), titles.join('\n'));
    assert.ok(titles.some((t) => t.includes('电信网络诈骗')), titles.join('\n'));
    // Back restores the unfiltered search and the form.
    await page.goBack();
    await page.waitForFunction((n) => document.querySelector('.search-summary strong')?.textContent === String(n), all);
    assert.equal(await year.inputValue(), '');
    // A shared URL with two facets.
    await page.goto(at(BASE_URL, 'search?q=通知&year=2026&code=' + encodeURIComponent('浙通管')));
    await page.waitForFunction(() => document.querySelector('.search-summary strong')?.textContent === '1');
    assert.match(await page.locator('.search-result-title a').first().textContent(), /营商环境/);
    assert.equal(await page.locator('select[name="code"]').inputValue(), '浙通管');
    assertClean(page);
  });
});

describe('axe-core in every reading mode on the new pages', () => {
  for (const mode of Object.keys(MODES)) {
    test(mode, async () => {
      const page = await newPage(browser, MODES[mode].contextOptions);
      await storeSettings(page, MODES[mode].storage);
      for (const [route, ready] of [
        ['page/accessibility', 'main h1'],
        ['page/contact', 'main table'],
        ['sitemap', 'main ul.notice-list'],
        ['library?year=2026', '.library-list > li'],
      ]) {
        await page.goto(at(BASE_URL, route));
        await page.locator(ready).first().waitFor();
        await assertNoAxeViolations(page, `${route} (${mode})`);
      }
      assertClean(page);
    });
  }
});
