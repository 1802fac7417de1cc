// Site search (站内搜索): the header box with type-ahead, the /search page (query set over the sample
// content, highlights, count, pager, filters, sort, back/forward, no results), nothing loaded for
// search before the reader searches, the sub-path build, and axe-core on the search UI.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import {
  BASE_URL,
  SUB_URL,
  assertClean,
  at,
  closeAll,
  launchBrowser,
  liveRegionText,
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

/** The query set over the sample content: query → the notice ids it must find (any order). */
const QUERY_SET = [
  ['智算总规模', ['2026-work-conference']],
  ['eflops', ['2026-work-conference']],
  ['ＥＦＬＯＰＳ', ['2026-work-conference']],
  ['浙通管〔2026〕5号', ['business-environment-measures-2026']],
  ['浙通管(2026)5号', ['business-environment-measures-2026']],
  ['EFLOSP', ['2026-work-conference']],
  ['网络安全 技能竞赛', ['2025-cybersecurity-skills-competition']],
];

function searchUrl(base, params) {
  return at(base, `search?${new URLSearchParams(params)}`);
}

/** Waits for the results (or the no-results panel) of the current search page. */
async function waitForResults(page) {
  await page.locator('.search-results, .search-none').first().waitFor();
}

/** The notice ids of the results shown, in order. */
async function resultIds(page) {
  return page
    .locator('.search-result-title a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href').split('/notice/')[1]));
}

/** A new page at the home page, and the header's search box. */
async function homeSearchBox() {
  const page = await newPage(browser);
  await page.goto(at(BASE_URL, ''));
  await waitForHome(page);
  return { page, input: page.locator('#site-search-input') };
}

async function total(page) {
  return Number(await page.locator('.search-summary strong').textContent());
}

describe('search page', () => {
  for (const [q, expected] of QUERY_SET) {
    test(`query set: ${q}`, async () => {
      const page = await newPage(browser);
      await page.goto(searchUrl(BASE_URL, { q }));
      await waitForResults(page);
      assert.deepEqual((await resultIds(page)).sort(), [...expected].sort());
      assert.equal(await total(page), expected.length);
      assertClean(page);
    });
  }

  test('every matched term is highlighted as <mark> text; count, pager, back and forward', async () => {
    const page = await newPage(browser);
    await page.goto(searchUrl(BASE_URL, { q: '信息通信' }));
    await waitForResults(page);
    const count = await total(page);
    assert.ok(count > 10, `more than one page (${count})`);
    const first = await resultIds(page);
    assert.equal(first.length, 10);
    // Snippets follow the list (each needs its notice's text).
    await poll(async () => (await page.locator('.search-result-snippet').count()) === 10);
    const marks = await page.locator('.search-result mark').allTextContents();
    assert.ok(marks.length >= 10);
    for (const m of marks) assert.equal(m, '信息通信');
    // Every snippet shows the term (highlighted).
    const snippets = await page.locator('.search-result-snippet').count();
    assert.equal(snippets, 10);
    assert.equal(await page.locator('.search-result-snippet:has(mark)').count(), 10);
    // No HTML from data: a mark holds text only.
    assert.equal(await page.locator('.search-result mark *').count(), 0);
    // Title hits first: the first result's title holds the term.
    assert.ok((await page.locator('.search-result-title').first().textContent()).includes('信息通信'));

    await page.locator('.pager-next a').click();
    await page.waitForURL(/page=2/);
    // While page 2 loads the list is replaced by the searching status (no ids): wait for the
    // new page's ids, not merely for the old ones to go.
    await poll(async () => {
      const ids = await resultIds(page);
      return ids.length > 0 && ids.join() !== first.join();
    });
    const second = await resultIds(page);
    assert.equal(first.length + second.length, count);
    assert.equal(new Set([...first, ...second]).size, count, 'no result twice');

    await page.goBack();
    await page.waitForURL((u) => !u.search.includes('page=2'));
    await poll(async () => (await resultIds(page)).join() === first.join());
    assert.deepEqual(await resultIds(page), first);
    assert.equal(await page.locator('#search-page-q').inputValue(), '信息通信');
    await page.goForward();
    await page.waitForURL(/page=2/);
    await poll(async () => (await resultIds(page)).join() === second.join());
    assert.deepEqual(await resultIds(page), second);
    assert.match(await liveRegionText(page), new RegExp(`共找到${count}条相关结果`));
    assertClean(page);
  });

  test('channel and date filters, sort by date, restored in the form', async () => {
    const page = await newPage(browser);
    await page.goto(searchUrl(BASE_URL, { q: '信息通信' }));
    await waitForResults(page);
    const all = await total(page);
    await page.locator('select[name="channel"]').selectOption('tzgg');
    await page.locator('button.search-apply').click();
    await page.waitForURL(/channel=tzgg/);
    await poll(async () => (await page.locator('.search-summary strong').textContent()) !== String(all));
    const inChannel = await total(page);
    assert.ok(inChannel > 0 && inChannel < all);
    for (const c of await page.locator('.search-result-channel').allTextContents()) assert.equal(c, '通知公告');

    await page.goto(searchUrl(BASE_URL, { q: '信息通信', from: '2026-01-01', sort: 'date' }));
    await waitForResults(page);
    const dates = await page.locator('.search-result-meta time').allTextContents();
    assert.ok(dates.length > 0 && dates.length < all);
    for (const d of dates) assert.ok(d >= '2026-01-01', d);
    assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
    assert.equal(await page.locator('input[name="from"]').inputValue(), '2026-01-01');
    assert.equal(await page.locator('select[name="sort"]').inputValue(), 'date');
    assertClean(page);
  });

  test('no results: a clear page with suggestions, and a way out of the filters', async () => {
    const page = await newPage(browser);
    await page.goto(searchUrl(BASE_URL, { q: '量子引力', channel: 'tzgg' }));
    await waitForResults(page);
    await page.locator('.search-none h2').filter({ hasText: '没有找到相关结果' }).waitFor();
    assert.equal(await page.locator('.search-none-query').textContent(), '量子引力');
    assert.ok((await page.locator('.search-tips li').count()) >= 3);
    const unfilter = page.getByRole('link', { name: '去掉栏目或日期筛选条件；' });
    await unfilter.click();
    await page.waitForURL((u) => !u.search.includes('channel'));
    // The URL changes first; the filtered page's panel (with this tip) goes when the new search
    // runs, and the unfiltered one has no filter to take away.
    await unfilter.waitFor({ state: 'detached' });
    await page.locator('.search-none h2').filter({ hasText: '没有找到相关结果' }).waitFor();
    assert.equal(await page.locator('.search-none-query').textContent(), '量子引力');
    assert.equal(await page.locator('select[name="channel"]').inputValue(), '', 'every channel');
    assertClean(page);
  });

  test('a doc number does not find longer numbers; mixed scripts fold', async () => {
    const page = await newPage(browser);
    await page.goto(searchUrl(BASE_URL, { q: '5号' }));
    await waitForResults(page);
    const ids = await resultIds(page);
    assert.ok(ids.includes('business-environment-measures-2026'));
    for (const m of await page.locator('.search-result mark').allTextContents()) assert.equal(m, '5号');
    assertClean(page);
  });
});

describe('header search box', () => {
  test('loads nothing for search until the reader types; type-ahead by keyboard, announced', async () => {
    const page = await newPage(browser);
    const searchRequests = [];
    page.on('request', (r) => {
      if (r.url().includes('/data/search/')) searchRequests.push(r.url());
    });
    await page.goto(at(BASE_URL, ''));
    await waitForHome(page);
    assert.deepEqual(searchRequests, [], 'no search file before searching');

    const input = page.getByRole('combobox', { name: '搜索关键词' });
    await input.focus();
    await page.keyboard.type('5G基站');
    const list = page.locator('#site-search-list');
    assert.equal(await list.getAttribute('aria-busy'), 'true', 'busy while the lookup is on its way');
    // Each key press started a lookup; the list is settled once the last one has landed.
    await page.locator('#site-search-list:not([aria-busy])').waitFor();
    const options = list.locator('[role="option"]');
    assert.ok((await options.count()) > 1);
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    assert.ok(searchRequests.some((u) => u.includes('/data/search/manifest.json')));
    assert.ok(searchRequests.some((u) => u.includes('/data/search/shards/')));
    const first = (await options.first().textContent()).trim();
    assert.equal(first, '全省5G基站总数突破30万个');
    assert.match(await liveRegionText(page), /条搜索建议/);

    await page.keyboard.press('ArrowDown');
    assert.equal(await input.getAttribute('aria-activedescendant'), 'site-search-option-0');
    assert.equal(await options.first().getAttribute('aria-selected'), 'true');
    await page.keyboard.press('Enter');
    await waitForNotice(page, '全省5G基站总数突破30万个');
    assert.equal(await input.getAttribute('aria-expanded'), 'false');
    assertClean(page);
  });

  test('a query without suggestions is announced as such', async () => {
    const { page, input } = await homeSearchBox();
    await input.fill('量子引力');
    await poll(async () => (await liveRegionText(page)).includes('没有搜索建议'));
    assert.match(await liveRegionText(page), /没有搜索建议/);
    assert.equal(await page.locator('#site-search-list [role="option"]').count(), 1, 'only 查看全部搜索结果');
    assertClean(page);
  });

  test('Escape closes the list; Enter opens the results page', async () => {
    const { page, input } = await homeSearchBox();
    await input.fill('暖心服务');
    await poll(async () => (await input.getAttribute('aria-expanded')) === 'true');
    await page.keyboard.press('Escape');
    assert.equal(await input.getAttribute('aria-expanded'), 'false');
    await page.keyboard.press('Enter');
    await page.waitForURL(searchUrl(BASE_URL, { q: '暖心服务' }).replace(/\+/g, '%20'));
    await waitForResults(page);
    assert.ok((await total(page)) >= 2);
    assertClean(page);
  });

  test('Enter right after typing: the results page, and no late type-ahead list over it', async () => {
    const { page, input } = await homeSearchBox();
    // Typed and submitted within the type-ahead's debounce: its lookup must not land afterwards.
    await input.fill('信息通信');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    await waitForResults(page);
    await poll(async () => (await liveRegionText(page)).includes('共找到'), { timeout: 10_000 });
    // Long enough for the debounce (200 ms) and a lookup on a warm engine, many times over.
    await page.waitForTimeout(1_500);
    assert.equal(await input.getAttribute('aria-expanded'), 'false', 'the suggestion list stays closed');
    assert.equal(await page.locator('#site-search-list').isHidden(), true);
    assert.match(await liveRegionText(page), /共找到\d+条相关结果/, 'the results count stays announced');
    assertClean(page);
  });

  test('Escape while a lookup is on its way: the list stays closed', async () => {
    const { page, input } = await homeSearchBox();
    await input.fill('信息');
    await poll(async () => (await input.getAttribute('aria-expanded')) === 'true', { timeout: 10_000 });
    // One more character starts a new lookup; Escape closes the list before it lands.
    await page.keyboard.type('通');
    await page.keyboard.press('Escape');
    assert.equal(await input.getAttribute('aria-expanded'), 'false');
    assert.equal(await input.inputValue(), '信息通', 'Escape on an open list keeps the text');
    await page.waitForTimeout(1_500);
    assert.equal(await input.getAttribute('aria-expanded'), 'false');
    // Typing on starts type-ahead again.
    await page.keyboard.type('信');
    await poll(async () => (await input.getAttribute('aria-expanded')) === 'true', { timeout: 10_000 });
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    assertClean(page);
  });

  test('sub-path build: links and index files under /notices/', async () => {
    const page = await newPage(browser);
    const files = [];
    page.on('request', (r) => {
      if (r.url().includes('/data/search/')) files.push(new URL(r.url()).pathname);
    });
    await page.goto(at(SUB_URL, ''));
    await waitForHome(page);
    await page.locator('#site-search-input').fill('智算总规模');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/notices\/search\?q=/);
    await waitForResults(page);
    assert.deepEqual(await resultIds(page), ['2026-work-conference']);
    const href = await page.locator('.search-result-title a').getAttribute('href');
    assert.equal(href, '/notices/notice/2026-work-conference');
    assert.ok(files.length > 0 && files.every((f) => f.startsWith('/notices/data/search/')));
    await page.locator('.search-result-title a').click();
    await waitForNotice(page);
    assertClean(page);
  });
});

describe('search page on a phone', () => {
  const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

  test('filters fold behind 筛选和排序: the first results on the first screen', async () => {
    const page = await newPage(browser, PHONE);
    await page.goto(searchUrl(BASE_URL, { q: '信息通信' }));
    await waitForResults(page);
    const toggle = page.getByRole('button', { name: '筛选和排序' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await toggle.getAttribute('aria-controls'), 'search-filters');
    assert.equal(await page.locator('#search-filters').isVisible(), false, 'filters folded');
    const first = await page.locator('.search-result-title').first().boundingBox();
    assert.ok(first.y + first.height <= 844, `the first result on the first screen (${JSON.stringify(first)})`);
    await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze().then((r) =>
      assert.deepEqual(r.violations.map((v) => v.id), []),
    );

    // Open, filter by channel, apply: the results page keeps the panel open with the filter set.
    await toggle.tap();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await page.locator('select[name="channel"]').selectOption('tzgg');
    await page.getByRole('button', { name: '筛选', exact: true }).tap();
    await page.waitForURL((u) => u.searchParams.get('channel') === 'tzgg');
    await waitForResults(page);
    assert.equal(await page.locator('select[name="channel"]').isVisible(), true);
    assert.equal(await page.locator('select[name="channel"]').inputValue(), 'tzgg');
    assertClean(page);
  });

  test('a link with filters opens the page with them shown; wide screens never fold', async () => {
    const page = await newPage(browser, PHONE);
    await page.goto(searchUrl(BASE_URL, { q: '信息通信', sort: 'date' }));
    await waitForResults(page);
    const toggle = page.getByRole('button', { name: '筛选和排序' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await page.locator('select[name="sort"]').isVisible(), true);
    await toggle.tap();
    assert.equal(await page.locator('select[name="sort"]').isVisible(), false, '筛选和排序 folds them again');

    const wide = await newPage(browser);
    await wide.goto(searchUrl(BASE_URL, { q: '信息通信' }));
    await waitForResults(wide);
    await wide.getByRole('button', { name: '适老模式' }).click();
    assert.equal(await wide.getAttribute('html', 'data-elder'), 'on');
    assert.equal(await wide.locator('.search-filters-toggle').isVisible(), false, 'no toggle on a wide screen, 适老模式 too');
    assert.equal(await wide.locator('select[name="channel"]').isVisible(), true);
    assertClean(page);
    assertClean(wide);
  });
});

describe('axe-core on search', () => {
  async function axe(page) {
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    assert.deepEqual(
      results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      [],
    );
  }

  test('results page', async () => {
    const page = await newPage(browser);
    await page.goto(searchUrl(BASE_URL, { q: '信息通信' }));
    await waitForResults(page);
    await axe(page);
    assertClean(page);
  });

  test('no results page', async () => {
    const page = await newPage(browser);
    await page.goto(searchUrl(BASE_URL, { q: '量子引力' }));
    await waitForResults(page);
    await axe(page);
    assertClean(page);
  });

  test('type-ahead open with an active option', async () => {
    const page = await newPage(browser);
    await page.goto(at(BASE_URL, ''));
    await waitForHome(page);
    await page.locator('#site-search-input').fill('信息');
    await poll(async () => (await page.locator('#site-search-list [role="option"]').count()) > 1);
    await page.keyboard.press('ArrowDown');
    await axe(page);
    assertClean(page);
  });
});
