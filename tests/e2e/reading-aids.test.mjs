// Reading aids: axe-core in every mode, the toolbar, settings before first paint,
// 适老模式 sizes, 高对比度 contrast, 320 px / 200 % reflow and WCAG 1.4.12 text spacing.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL,
  REFERENCE_ID,
  REFERENCE_TITLE,
  assertClean,
  at,
  closeAll,
  launchBrowser,
  newPage,
  poll,
  routeData,
  liveRegionText,
  waitForHome,
  waitForNotice,
  withoutPrerender,
} from './helpers.mjs';
import {
  EVERY_BLOCK_ID,
  MODES,
  assertNoAxeViolations,
  contrastRatio,
  horizontalOverflow,
  serveEveryBlockNotice,
  storeSettings,
  textContrasts,
} from './reading-helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

/** The five page kinds the audits cover: how to open each and what shows it is ready. */
const PAGES = {
  home: {
    open: (page) => page.goto(at(BASE_URL, '')),
    ready: (page) => waitForHome(page),
  },
  list: {
    open: (page) => page.goto(at(BASE_URL, 'list/gzdt/1')),
    ready: (page) => page.locator('main ul.notice-list > li').first().waitFor(),
  },
  'notice with every block type': {
    open: async (page) => {
      // A routed notice file: served as the bare shell, as a prerendered page carries its data.
      await withoutPrerender(page);
      await serveEveryBlockNotice(page);
      await page.goto(at(BASE_URL, `notice/${EVERY_BLOCK_ID}`));
    },
    ready: async (page) => {
      await waitForNotice(page);
      await page.locator('.notice-body table').waitFor();
      await page.locator('.attachments').waitFor();
      // The image loads lazily: bring it into view, wait for it, then go back to the top.
      await page.locator('.notice-body img').scrollIntoViewIfNeeded();
      await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
      await page.evaluate(() => window.scrollTo(0, 0));
    },
  },
  'not found': {
    open: (page) => page.goto(at(BASE_URL, 'no/such/page')),
    ready: (page) => page.getByRole('heading', { level: 1, name: '该信息不存在或已删除' }).waitFor(),
  },
  'error (HTTP 500)': {
    open: async (page) => {
      await withoutPrerender(page);
      await routeData(page, `**/data/notices/${REFERENCE_ID}.json`, { status: 500, body: 'down' });
      await page.goto(at(BASE_URL, `notice/${REFERENCE_ID}`));
    },
    ready: (page) => page.getByRole('heading', { level: 1, name: '暂时无法获取内容' }).waitFor(),
  },
};

async function openIn(mode, pageKind, contextOptions = {}) {
  const page = await newPage(browser, { ...MODES[mode].contextOptions, ...contextOptions });
  await storeSettings(page, MODES[mode].storage);
  await PAGES[pageKind].open(page);
  await PAGES[pageKind].ready(page);
  return page;
}

describe('axe-core (WCAG 2.1 A/AA + best practice): 0 violations in every mode', () => {
  for (const mode of Object.keys(MODES)) {
    for (const pageKind of Object.keys(PAGES)) {
      test(`${pageKind}, ${mode}`, async () => {
        const page = await openIn(mode, pageKind);
        if (mode === 'elder') assert.equal(await page.getAttribute('html', 'data-elder'), 'on');
        if (mode === 'high contrast') assert.equal(await page.getAttribute('html', 'data-contrast'), 'on');
        if (mode === 'dark') {
          assert.ok(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches));
          assert.notEqual(
            await page.evaluate(() => getComputedStyle(document.body).backgroundColor),
            'rgb(255, 255, 255)',
            'the dark theme is in force',
          );
        }
        await assertNoAxeViolations(page, `${pageKind} (${mode})`);
        assertClean(page);
      });
    }
  }
});

describe('the toolbar', () => {
  test('is on every page kind, inside a named region, before the header', async () => {
    for (const pageKind of Object.keys(PAGES)) {
      const page = await openIn('normal', pageKind);
      const toolbar = page.getByRole('region', { name: '阅读辅助' });
      assert.ok(await toolbar.isVisible(), `toolbar on ${pageKind}`);
      for (const name of ['减小字号', '增大字号', '缩小页面', '放大页面', '适老模式', '高对比度', '恢复默认']) {
        assert.equal(await toolbar.getByRole('button', { name, exact: true }).count(), 1, `${name} on ${pageKind}`);
      }
      assertClean(page);
    }
  });

  test('on a phone it folds behind one button, opened and closed by touch or keyboard', async () => {
    const AID_NAMES = ['减小字号', '增大字号', '缩小页面', '放大页面', '适老模式', '高对比度', '恢复默认'];
    const page = await newPage(browser, {
      viewport: { width: 360, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    await page.goto(at(BASE_URL, `notice/${REFERENCE_ID}`));
    await waitForNotice(page, REFERENCE_TITLE);
    const toolbar = page.getByRole('region', { name: '阅读辅助' });
    const toggle = toolbar.getByRole('button', { name: '阅读辅助（字号、适老模式）' });
    const aids = () => Promise.all(AID_NAMES.map((name) => toolbar.getByRole('button', { name, exact: true }).count()));
    const closedBox = await toolbar.boundingBox();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await toggle.getAttribute('aria-controls'), 'reading-aids-panel');
    assert.deepEqual(await aids(), AID_NAMES.map(() => 0), 'closed: no aid button is shown or in the accessibility tree');
    assert.ok(closedBox.height <= 56, `closed, the toolbar is one row: ${closedBox.height} px high`);
    const toggleBox = await toggle.boundingBox();
    assert.ok(toggleBox.width >= 44 && toggleBox.height >= 44, 'a 44 × 44 px target at least');
    await assertNoAxeViolations(page, 'phone, reading aids closed');

    await toggle.tap();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.deepEqual(await aids(), AID_NAMES.map(() => 1), 'open: every aid button is there');
    assert.ok((await toolbar.boundingBox()).height > closedBox.height + 44, 'the panel opens under the button');
    await toolbar.getByRole('button', { name: '增大字号', exact: true }).tap();
    assert.equal(await page.getAttribute('html', 'data-font-size'), 'l');
    assert.match(await liveRegionText(page), /字号：大/);
    const { scrollWidth, clientWidth } = await horizontalOverflow(page);
    assert.ok(scrollWidth <= clientWidth, `open: no sideways scrolling (${scrollWidth} > ${clientWidth})`);
    await assertNoAxeViolations(page, 'phone, reading aids open');

    // Keyboard: the panel follows its button, so Tab goes from the button into it.
    await toggle.tap();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), '减小字号');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Space');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.deepEqual(await aids(), AID_NAMES.map(() => 0));

    // On a wide screen the button is gone and the groups are always shown.
    await page.setViewportSize({ width: 1280, height: 800 });
    assert.equal(await page.locator('.aids-toggle').isVisible(), false);
    assert.deepEqual(await aids(), AID_NAMES.map(() => 1));
    assertClean(page);
  });

  test('字号 and 页面缩放 change the whole page, are announced, and survive a reload', async () => {
    const page = await openIn('normal', 'list');
    const sizes = () =>
      page.evaluate(() => ({
        root: parseFloat(getComputedStyle(document.documentElement).fontSize),
        body: parseFloat(getComputedStyle(document.body).fontSize),
        nav: parseFloat(getComputedStyle(document.querySelector('.site-nav a')).fontSize),
        list: parseFloat(getComputedStyle(document.querySelector('.notice-list a')).fontSize),
      }));
    const before = await sizes();
    assert.equal(before.root, 16);
    const toolbar = page.getByRole('region', { name: '阅读辅助' });

    await toolbar.getByRole('button', { name: '增大字号' }).click();
    const larger = await sizes();
    assert.ok(larger.list > before.list, `list text grows with 字号: ${before.list} → ${larger.list}`);
    assert.equal(larger.root, 16, '字号 is not zoom');
    assert.match(await liveRegionText(page), /字号：大/);
    assert.equal(await toolbar.getByRole('button', { name: '增大字号' }).getAttribute('aria-disabled'), 'true');

    await toolbar.getByRole('button', { name: '放大页面' }).click();
    await toolbar.getByRole('button', { name: '放大页面' }).click();
    const zoomed = await sizes();
    assert.equal(zoomed.root, 24, '150 % zoom: the root font is 24 px');
    assert.ok(Math.abs(zoomed.nav - larger.nav * 1.5) < 0.1, `the navigation scales too: ${larger.nav} → ${zoomed.nav}`);
    assert.match(await liveRegionText(page), /页面缩放 150%/);
    assert.match(await toolbar.innerText(), /页面缩放 150%/);

    await page.reload();
    await PAGES.list.ready(page);
    assert.deepEqual(await sizes(), zoomed, 'the same sizes after a reload');
    assert.equal(await page.getAttribute('html', 'data-zoom'), '150');
    assert.equal(await page.getAttribute('html', 'data-font-size'), 'l');

    await page.getByRole('button', { name: '恢复默认' }).click();
    assert.deepEqual(await sizes(), before, '恢复默认 restores the default sizes');
    assert.equal(await page.evaluate(() => localStorage.getItem('bulletin.zoom')), null);
    assert.match(await liveRegionText(page), /已恢复默认阅读设置/);
    assertClean(page);
  });

  test('适老模式 and 高对比度 toggle, combine, and are remembered', async () => {
    const page = await openIn('normal', 'home');
    const elder = page.getByRole('button', { name: '适老模式' });
    const contrast = page.getByRole('button', { name: '高对比度' });
    assert.equal(await elder.getAttribute('aria-pressed'), 'false');
    await elder.click();
    await contrast.click();
    assert.equal(await elder.getAttribute('aria-pressed'), 'true');
    assert.equal(await contrast.getAttribute('aria-pressed'), 'true');
    assert.match(await liveRegionText(page), /高对比度已开启/);
    await page.reload();
    await waitForHome(page);
    assert.equal(await page.getAttribute('html', 'data-elder'), 'on');
    assert.equal(await page.getAttribute('html', 'data-contrast'), 'on');
    assert.equal(await page.getByRole('button', { name: '适老模式' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).color), 'rgb(0, 0, 0)');
    await page.getByRole('button', { name: '高对比度' }).click();
    assert.equal(await page.getAttribute('html', 'data-contrast'), 'off');
    assert.equal(await page.getAttribute('html', 'data-elder'), 'on', 'the other setting stays');
    assertClean(page);
  });

  test('remembered settings apply before the app runs (no flash)', async () => {
    const page = await newPage(browser);
    await storeSettings(page, {
      'bulletin.elder': 'on',
      'bulletin.contrast': 'on',
      'bulletin.zoom': '125',
      'bulletin.font-size': 'l',
    });
    // The app never starts: what is styled is what prefs.js and the stylesheet did alone.
    await routeData(page, '**/*.wasm', { hang: true });
    await page.goto(at(BASE_URL, ''), { waitUntil: 'domcontentloaded' });
    const seen = await page.evaluate(() => ({
      attrs: ['data-elder', 'data-contrast', 'data-zoom', 'data-font-size'].map((a) =>
        document.documentElement.getAttribute(a),
      ),
      root: getComputedStyle(document.documentElement).fontSize,
      body: getComputedStyle(document.body).fontSize,
      color: getComputedStyle(document.body).color,
      appStarted: document.documentElement.dataset.app === 'ready',
      prerendered: document.querySelector('main') !== null,
    }));
    assert.equal(seen.appStarted, false, 'the app has not started');
    assert.equal(seen.prerendered, true, 'the prerendered page is shown, styled as remembered');
    assert.deepEqual(seen.attrs, ['on', 'on', '125', 'l']);
    assert.equal(seen.root, '20px', '125 % of 16 px');
    assert.ok(parseFloat(seen.body) >= 18 * 1.25, `elder text at 125 %: ${seen.body}`);
    assert.equal(seen.color, 'rgb(0, 0, 0)');
  });

  test('unknown stored values are ignored', async () => {
    const page = await newPage(browser);
    await storeSettings(page, { 'bulletin.zoom': '900', 'bulletin.elder': '"><script>', 'bulletin.contrast': 'maybe' });
    await page.goto(at(BASE_URL, ''));
    await waitForHome(page);
    for (const a of ['data-zoom', 'data-elder', 'data-contrast']) {
      assert.equal(await page.getAttribute('html', a), null, a);
    }
    assertClean(page);
  });

  test('prefers-contrast: more turns 高对比度 on until the reader switches it off', async () => {
    const page = await newPage(browser, { contrast: 'more' });
    await page.goto(at(BASE_URL, 'list/gzdt/1'));
    await PAGES.list.ready(page);
    const button = page.getByRole('button', { name: '高对比度' });
    assert.equal(await button.getAttribute('aria-pressed'), 'true');
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).color), 'rgb(0, 0, 0)');
    await button.click();
    assert.equal(await button.getAttribute('aria-pressed'), 'false');
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).color), 'rgb(0, 0, 0)');
    assertClean(page);
  });

  test('prefers-reduced-motion and 适老模式: 返回顶部 jumps at once', async () => {
    const page = await newPage(browser);
    await storeSettings(page, { 'bulletin.elder': 'on' });
    await page.goto(at(BASE_URL, `notice/${REFERENCE_ID}`));
    await waitForNotice(page, REFERENCE_TITLE);
    await page.evaluate(() => window.scrollTo(0, document.scrollingElement.scrollHeight));
    await poll(() => page.evaluate(() => window.scrollY > 0));
    await page.getByRole('button', { name: '返回顶部' }).click();
    // A smooth scroll would still be under way right after the click.
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    assertClean(page);
  });
});

describe('适老模式: computed sizes', () => {
  for (const pageKind of Object.keys(PAGES)) {
    test(`${pageKind}: text ≥ 18 px, line height ≥ 1.8, paragraph spacing ≥ 1.3 × line height, targets ≥ 60 × 60 px`, async () => {
      const page = await openIn('elder', pageKind);
      const found = await page.evaluate(() => {
        const visible = (el) =>
          !el.closest('.visually-hidden, svg, [hidden]') &&
          el.getClientRects().length > 0 &&
          getComputedStyle(el).visibility === 'visible';
        const text = [];
        for (const el of document.body.querySelectorAll('*')) {
          if (!visible(el)) continue;
          if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
          const s = getComputedStyle(el);
          text.push({ what: `${el.tagName} «${el.textContent.trim().slice(0, 16)}»`, size: parseFloat(s.fontSize) });
        }
        const lines = [...document.querySelectorAll('main :is(p, li, td, th)')].filter(visible).map((el) => {
          const s = getComputedStyle(el);
          return { what: `${el.tagName} «${el.textContent.trim().slice(0, 16)}»`, size: parseFloat(s.fontSize), lineHeight: parseFloat(s.lineHeight) };
        });
        const paragraphs = [...document.querySelectorAll('main p')].filter(visible).map((el) => {
          const s = getComputedStyle(el);
          return { what: `«${el.textContent.trim().slice(0, 16)}»`, lineHeight: parseFloat(s.lineHeight), after: parseFloat(s.marginBottom) };
        });
        const targets = [...document.querySelectorAll('a[href], button, summary, input, select, textarea')]
          .filter((el) => visible(el) && !el.closest('.notice-body'))
          .map((el) => {
            const r = el.getBoundingClientRect();
            return { what: `${el.tagName} «${(el.textContent || '').trim().slice(0, 16)}»`, w: r.width, h: r.height };
          });
        return { text, lines, paragraphs, targets };
      });
      assert.ok(found.text.length > 10 && found.targets.length > 5, 'measured the page');
      const small = found.text.filter((t) => t.size < 18 - 0.01);
      assert.deepEqual(small, [], 'every text ≥ 18 px');
      const tight = found.lines.filter((l) => !(l.lineHeight >= 1.8 * l.size - 0.01));
      assert.deepEqual(tight, [], 'line height ≥ 1.8 × font size');
      const close = found.paragraphs.filter((p) => !(p.after >= 1.3 * p.lineHeight - 0.01));
      assert.deepEqual(close, [], 'paragraph spacing ≥ 1.3 × line height');
      const tiny = found.targets.filter((t) => t.w < 60 - 0.01 || t.h < 60 - 0.01);
      assert.deepEqual(tiny, [], 'every target ≥ 60 × 60 px');
      assertClean(page);
    });
  }
});

describe('高对比度: contrast computed from the styles', () => {
  for (const [pageKind, scheme] of [
    ['home', 'light'],
    ['list', 'light'],
    ['notice with every block type', 'light'],
    ['not found', 'light'],
    ['error (HTTP 500)', 'light'],
    ['home', 'dark'],
    ['notice with every block type', 'dark'],
  ]) {
    test(`${pageKind} (${scheme}): text ≥ 7:1, focus indicators ≥ 3:1 and ≥ 2 px`, async () => {
      const page = await openIn('high contrast', pageKind, { colorScheme: scheme });
      const texts = await textContrasts(page);
      assert.ok(texts.length > 10, `measured ${texts.length} texts`);
      const low = texts.filter((t) => t.ratio < 7);
      assert.deepEqual(low, [], 'every text at 7:1 or more');

      // Tab through the page: each focused control has a solid ring ≥ 2 px at ≥ 3:1 against what
      // is around it.
      const rings = [];
      for (let i = 0; i < 40; i += 1) {
        await page.keyboard.press('Tab');
        rings.push(
          await page.evaluate(() => {
            const el = document.activeElement;
            const s = getComputedStyle(el);
            let around = 'rgb(255, 255, 255)';
            for (let e = el.parentElement; e; e = e.parentElement) {
              const bg = getComputedStyle(e).backgroundColor;
              if (!/rgba\(.*, 0\)$/.test(bg) && bg !== 'transparent') {
                around = bg;
                break;
              }
            }
            return {
              what: `${el.tagName} «${(el.textContent || '').trim().slice(0, 16)}»`,
              style: s.outlineStyle,
              width: parseFloat(s.outlineWidth),
              color: s.outlineColor,
              around,
            };
          }),
        );
      }
      const weak = rings.filter(
        (r) => r.what.startsWith('BODY') === false && (r.style === 'none' || r.width < 2 || contrastRatio(r.color, r.around) < 3),
      );
      assert.deepEqual(weak, [], 'every focus indicator ≥ 2 px and ≥ 3:1');
      assertClean(page);
    });
  }

  test('dark scheme without high contrast: text ≥ 4.5:1', async () => {
    for (const pageKind of ['home', 'notice with every block type']) {
      const page = await openIn('dark', pageKind);
      const low = (await textContrasts(page)).filter((t) => t.ratio < 4.5);
      assert.deepEqual(low, [], `${pageKind}: every text at 4.5:1 or more`);
      assertClean(page);
    }
  });
});

describe('reflow', () => {
  const cases = [
    ['320 px', { viewport: { width: 320, height: 640 } }, {}],
    ['320 px, 适老模式', { viewport: { width: 320, height: 640 } }, { 'bulletin.elder': 'on' }],
    ['1280 px at 页面缩放 200 %', { viewport: { width: 1280, height: 800 } }, { 'bulletin.zoom': '200' }],
    ['640 px at device scale 2 (browser zoom 200 %)', { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 }, {}],
  ];
  for (const [what, contextOptions, storage] of cases) {
    test(`${what}: no horizontal scrolling; tables scroll in their own region`, async () => {
      for (const pageKind of ['home', 'list', 'notice with every block type', 'not found']) {
        const page = await newPage(browser, contextOptions);
        await storeSettings(page, storage);
        await PAGES[pageKind].open(page);
        await PAGES[pageKind].ready(page);
        const { scrollWidth, clientWidth } = await horizontalOverflow(page);
        assert.ok(scrollWidth <= clientWidth, `${pageKind}: scrollWidth ${scrollWidth} > clientWidth ${clientWidth}`);
        if (pageKind === 'notice with every block type') {
          const region = page.getByRole('region', { name: /表格|Table|2025/ }).first();
          assert.equal(await region.getAttribute('tabindex'), '0', 'the table region takes the keyboard');
          assert.equal(await region.evaluate((e) => getComputedStyle(e).overflowX), 'auto');
          const box = await region.boundingBox();
          assert.ok(box.width <= clientWidth, 'the table region fits the screen');
        }
        assertClean(page);
        await page.context().close();
      }
    });
  }
});

describe('WCAG 1.4.12 text spacing', () => {
  const override = `
    * { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
    p { margin-bottom: 2em !important; }
  `;
  for (const width of [1280, 320]) {
    test(`${width} px: the override loses no content`, async () => {
      for (const pageKind of ['home', 'list', 'notice with every block type', 'error (HTTP 500)']) {
        const page = await newPage(browser, { viewport: { width, height: 800 }, bypassCSP: true });
        await PAGES[pageKind].open(page);
        await PAGES[pageKind].ready(page);
        await page.addStyleTag({ content: override });
        const applied = await page.evaluate(() => getComputedStyle(document.querySelector('main p, main li')).letterSpacing);
        assert.notEqual(applied, 'normal', 'the override is in force');
        const clipped = await page.evaluate(() => {
          const out = [];
          for (const el of document.body.querySelectorAll('*')) {
            if (el.closest('.visually-hidden, svg, [hidden]')) continue;
            if (!el.textContent.trim() || el.getClientRects().length === 0) continue;
            const s = getComputedStyle(el);
            const clipsX = ['hidden', 'clip'].includes(s.overflowX);
            const clipsY = ['hidden', 'clip'].includes(s.overflowY);
            if ((clipsX && el.scrollWidth > el.clientWidth + 1) || (clipsY && el.scrollHeight > el.clientHeight + 1)) {
              out.push(`${el.tagName}.${el.className} «${el.textContent.trim().slice(0, 20)}»`);
            }
          }
          return out;
        });
        assert.deepEqual(clipped, [], `${pageKind}: no clipped text`);
        const { scrollWidth, clientWidth } = await horizontalOverflow(page);
        assert.ok(scrollWidth <= clientWidth, `${pageKind}: no horizontal scroll (${scrollWidth} > ${clientWidth})`);
        assertClean(page);
        await page.context().close();
      }
    });
  }
});

describe('structure', () => {
  for (const pageKind of Object.keys(PAGES)) {
    test(`${pageKind}: lang, skip link, landmarks, one h1, headings in order`, async () => {
      const page = await openIn('normal', pageKind);
      const found = await page.evaluate(() => ({
        lang: document.documentElement.lang,
        first: document.querySelector('a[href], button')?.textContent,
        banner: document.querySelectorAll('header.site-header').length,
        nav: document.querySelectorAll('nav').length,
        main: document.querySelectorAll('main').length,
        footer: document.querySelectorAll('footer').length,
        h1: document.querySelectorAll('h1').length,
        levels: [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1])),
        outsideLandmarks: [...document.body.querySelectorAll('a[href], button')]
          .filter((e) => !e.closest('header, nav, main, footer, section[aria-label], .skip-link') && !e.matches('.skip-link'))
          .map((e) => e.textContent),
      }));
      assert.equal(found.lang, 'zh-CN');
      assert.equal(found.first, '跳转到主要内容', 'the skip link comes first');
      assert.equal(found.banner, 1, 'one header');
      assert.ok(found.nav >= 1, 'a navigation landmark');
      assert.equal(found.main, 1, 'one main');
      assert.equal(found.footer, 1, 'one footer');
      assert.equal(found.h1, 1, 'one h1');
      assert.equal(found.levels[0], 1, 'the h1 comes first');
      for (let i = 1; i < found.levels.length; i += 1) {
        assert.ok(found.levels[i] <= found.levels[i - 1] + 1, `heading levels in order: ${found.levels.join(' ')}`);
      }
      assert.deepEqual(found.outsideLandmarks, [], 'every control is inside a landmark');
      if (pageKind === 'notice with every block type') {
        const tables = await page.evaluate(() => ({
          disclosureHeaders: document.querySelectorAll('table.disclosure th[scope="row"]').length,
          bodyHeaders: document.querySelectorAll('.notice-body table th').length,
          lists: document.querySelectorAll('.notice-body :is(ul, ol) > li, .attachments ol > li').length,
        }));
        assert.ok(tables.disclosureHeaders >= 3, 'the 信息公开 table has row header cells');
        assert.ok(tables.bodyHeaders >= 1, 'the body table has header cells');
        assert.ok(tables.lists >= 4, 'lists are lists');
      }
      if (pageKind === 'home' || pageKind === 'list') {
        assert.ok((await page.locator('main ul.notice-list > li').count()) > 0, 'the notices are a list');
      }
      assertClean(page);
    });
  }
});
