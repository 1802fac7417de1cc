// Usable from the first paint: a prerendered page shows its buttons before the app's wasm has
// arrived. A press on one before the takeover is kept by the page's boot script and acts once when
// the app starts (public/prefs.js, src/web/boot.rs), with the state the reader set kept in the page
// and in storage; presses after the takeover act once each as always. Text typed into the search
// box before the takeover is kept, and the search forms are real forms: sent before the app
// starts, without the search engine or without JavaScript, they open `<base>search/?q=…`. Every
// test that presses before the takeover first checks that the app had not started
// (`<html data-app>` is set by the takeover).

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  BASE_URL,
  PLAIN_URL,
  REFERENCE_ID,
  REFERENCE_TITLE,
  STRICT_URL,
  SUB_URL,
  assertClean,
  at,
  closeAll,
  holdWasm,
  launchBrowser,
  liveRegionText,
  newPage,
  poll,
  routeData,
  waitForApp,
  waitForHome,
  waitForNotice,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

const QUERY = '信息通';

/** Counts the calls of window.print (the dialog itself is the browser's). */
async function countPrints(page) {
  await page.addInitScript(() => {
    window.__prints = 0;
    window.print = () => {
      window.__prints += 1;
    };
  });
}

/** Opens `url` with the app's wasm held back; returns the function that lets it load. */
async function openHeld(page, url) {
  const release = await holdWasm(page);
  // The frame's goto: the page's own goto would wait for the takeover (helpers.mjs).
  await page.mainFrame().goto(url, { waitUntil: 'load' });
  await page.locator('.notice-body p, main').first().waitFor();
  return release;
}

/** Fails unless the app has not taken the page over yet. */
async function assertNotStarted(page, when) {
  assert.equal(await page.locator('html').getAttribute('data-app'), null, `the app had not started ${when}`);
  assert.equal(await page.locator('#bulletin-data').count(), 1, 'a prerendered page');
}

/** The reading settings on <html> and in localStorage. */
function settings(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const out = {};
    for (const [name, key] of [
      ['font-size', 'bulletin.font-size'],
      ['zoom', 'bulletin.zoom'],
      ['elder', 'bulletin.elder'],
      ['contrast', 'bulletin.contrast'],
    ]) {
      out[name] = [root.getAttribute(`data-${name}`), localStorage.getItem(key)];
    }
    return out;
  });
}

for (const [name, base] of [
  ['root', BASE_URL],
  ['/notices/', SUB_URL],
]) {
  describe(`${name}: pressed before the app starts`, () => {
    test('every control of the notice acts once at the takeover, then once per press', async () => {
      const page = await newPage(browser, {
        viewport: { width: 1280, height: 600 },
        reducedMotion: 'reduce',
        permissions: ['clipboard-read', 'clipboard-write'],
      });
      await countPrints(page);
      const url = at(base, `notice/${REFERENCE_ID}`);
      const release = await openHeld(page, url);
      await assertNotStarted(page, 'when the page was shown');

      const aids = page.locator('.reading-aids');
      await page.getByRole('button', { name: '大号字' }).click();
      await aids.getByRole('button', { name: '放大页面' }).click();
      await aids.getByRole('button', { name: '适老模式' }).click();
      await aids.getByRole('button', { name: '高对比度' }).click();
      await page.getByRole('button', { name: '扫一扫' }).click();
      await page.getByRole('button', { name: '复制链接' }).click();
      await page.getByRole('button', { name: '打印本页' }).click();
      await page.getByRole('button', { name: '返回顶部' }).click();
      assert.ok((await page.evaluate(() => window.scrollY)) > 300, 'the page is scrolled down to the footer');
      await assertNotStarted(page, 'when the buttons were pressed');

      const started = Date.now();
      release();
      await waitForApp(page);
      assert.equal(await page.locator('html').getAttribute('data-app'), 'ready', 'the app took over');
      // Each press acted once, as the app acts on a press.
      assert.deepEqual(await settings(page), {
        'font-size': ['l', 'l'],
        zoom: ['125', '125'],
        elder: ['on', 'on'],
        contrast: ['on', 'on'],
      });
      assert.equal(await page.locator('.font-button[data-size="l"]').getAttribute('aria-pressed'), 'true');
      assert.equal(await page.locator('.reading-aids .aid-elder').getAttribute('aria-pressed'), 'true');
      assert.ok(await page.locator('#share-qr').isVisible(), '扫一扫 shows the QR code');
      assert.equal(await page.getByRole('button', { name: '扫一扫' }).getAttribute('aria-expanded'), 'true');
      assert.equal(await poll(() => page.evaluate(() => navigator.clipboard.readText())), url, '复制链接 copied');
      assert.equal(await page.locator('.share-feedback').textContent(), '链接已复制');
      assert.equal(await page.evaluate(() => window.__prints), 1, '打印本页: print called once');
      assert.equal(await poll(() => page.evaluate(() => window.scrollY === 0)), true, '返回顶部: at the top');
      assert.ok(Date.now() - started < 10_000);

      // After the takeover: once per press, nothing replayed again.
      await page.getByRole('button', { name: '打印本页' }).click();
      assert.equal(await page.evaluate(() => window.__prints), 2, 'print called once more');
      // (适老模式 hides the 字号 大/中/小 of the notice; the toolbar has its own.)
      await page.locator('.reading-aids').getByRole('button', { name: '减小字号' }).click();
      await page.locator('.reading-aids').getByRole('button', { name: '放大页面' }).click();
      assert.deepEqual(await settings(page), {
        'font-size': ['m', 'm'],
        zoom: ['150', '150'],
        elder: ['on', 'on'],
        contrast: ['on', 'on'],
      });
      await page.getByRole('button', { name: '扫一扫' }).click();
      assert.equal(await page.locator('#share-qr').isVisible(), false, '扫一扫 closes again');
      await page.locator('.reading-aids').getByRole('button', { name: '恢复默认' }).click();
      const reset = await settings(page);
      for (const [key, value] of Object.entries(reset)) assert.deepEqual(value, [null, null], key);
      assert.equal(await page.evaluate(() => window.__prints), 2);
      assertClean(page);
    });
  });
}

describe('pressed before the app starts', () => {
  test('presses of the same button each act once (two steps of 增大字号 from 小)', async () => {
    const page = await newPage(browser);
    await page.addInitScript(() => {
      if (!sessionStorage.getItem('seeded')) {
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('bulletin.font-size', 's');
      }
    });
    const release = await openHeld(page, at(STRICT_URL, `notice/${REFERENCE_ID}`));
    assert.equal(await page.locator('html').getAttribute('data-font-size'), 's');
    const larger = page.locator('.reading-aids').getByRole('button', { name: '增大字号' });
    await larger.click();
    await larger.click();
    await larger.click();
    await assertNotStarted(page, 'after three presses');
    release();
    await waitForApp(page);
    // 小 → 中 → 大, and the third press is at the end of the scale.
    assert.deepEqual((await settings(page))['font-size'], ['l', 'l']);
    assert.equal(await larger.getAttribute('aria-disabled'), 'true');
    assertClean(page);
  });

  test('关闭窗口 falls back to the channel list (the tab has no in-app history)', async () => {
    const page = await newPage(browser);
    await page.goto(at(BASE_URL, ''));
    await waitForHome(page);
    const release = await openHeld(page, at(BASE_URL, `notice/${REFERENCE_ID}`));
    let closed = false;
    page.on('close', () => {
      closed = true;
    });
    await page.getByRole('button', { name: '关闭窗口' }).click();
    await assertNotStarted(page, 'when 关闭窗口 was pressed');
    release();
    await page.waitForURL(at(BASE_URL, 'list/gzdt/1'));
    await page.locator('h1.list-title').waitFor();
    assert.equal(closed, false, 'the window stays open');
    assert.equal(
      await poll(() => liveRegionText(page).then((t) => (t.includes('已转到栏目列表') ? t : ''))),
      '浏览器不允许关闭此窗口，已转到栏目列表。',
    );
    assertClean(page);
  });

  test('phone: the reading aids unfold, and 增大字号 in them acts once', async () => {
    const page = await newPage(browser, { viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true });
    const release = await openHeld(page, at(BASE_URL, `notice/${REFERENCE_ID}`));
    const toggle = page.locator('.aids-toggle');
    assert.ok(await toggle.isVisible(), 'the fold button is shown on a phone');
    await toggle.tap();
    await assertNotStarted(page, 'when the fold was pressed');
    release();
    await waitForApp(page);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const larger = page.locator('.reading-aids').getByRole('button', { name: '增大字号' });
    assert.ok(await larger.isVisible(), 'the panel is open');
    await larger.tap();
    assert.deepEqual((await settings(page))['font-size'], ['l', 'l']);
    await toggle.tap();
    assert.equal(await larger.isVisible(), false, 'folds again');
    assertClean(page);
  });

  test('text typed into the search box is kept through the takeover; Enter searches it', async () => {
    const page = await newPage(browser);
    const release = await openHeld(page, at(BASE_URL, `notice/${REFERENCE_ID}`));
    const input = page.locator('#site-search-input');
    await input.pressSequentially(QUERY);
    await assertNotStarted(page, 'while typing');
    release();
    await waitForApp(page);
    assert.equal(await input.inputValue(), QUERY);
    await input.press('Enter');
    await page.waitForURL(at(BASE_URL, `search?q=${encodeURIComponent(QUERY)}`));
    await page.locator('.search-result-snippet mark').first().waitFor({ timeout: 15_000 });
    assertClean(page);
  });
});

describe('the search forms are real forms', () => {
  for (const [name, base] of [
    ['root', BASE_URL],
    ['/notices/', SUB_URL],
  ]) {
    test(`${name}: sent before the app starts, the search page shows the results for ?q=`, async () => {
      const page = await newPage(browser);
      const release = await openHeld(page, at(base, `notice/${REFERENCE_ID}`));
      const form = page.locator('form.search-box');
      assert.equal(await form.getAttribute('action'), `${new URL(base).pathname}search/`);
      assert.equal(await form.getAttribute('method'), 'get');
      await page.locator('#site-search-input').fill(QUERY);
      await page.locator('#site-search-input').press('Enter');
      await page.waitForURL(`${at(base, 'search/')}?q=${encodeURIComponent(QUERY)}`);
      await assertNotStarted(page, 'on the search page it opened');
      release();
      await waitForApp(page);
      await page.locator('.search-result-snippet mark').first().waitFor({ timeout: 15_000 });
      const marks = await page.locator('.search-result mark').allTextContents();
      assert.ok(marks.length > 0 && marks.every((m) => m.includes(QUERY)), JSON.stringify(marks.slice(0, 5)));
      assert.equal(await page.locator('#search-page-q').inputValue(), QUERY, 'the query in the page\'s form');
      // The page's own form is a real form too, with its filters as parameters.
      assert.equal(await page.locator('form.search-form').getAttribute('action'), `${new URL(base).pathname}search/`);
      assertClean(page);
    });
  }

  test('with the search engine unreachable, Enter still opens the search page with the query', async () => {
    const page = await newPage(browser);
    await routeData(page, /\/search-worker-[0-9a-f]{16}\.js$/, { abort: 'connectionrefused' });
    await page.goto(at(BASE_URL, `notice/${REFERENCE_ID}`));
    await waitForNotice(page, REFERENCE_TITLE);
    await page.locator('#site-search-input').fill(QUERY);
    await page.locator('#site-search-input').press('Enter');
    await page.waitForURL(at(BASE_URL, `search?q=${encodeURIComponent(QUERY)}`));
    assert.equal(await page.locator('#search-page-q').inputValue(), QUERY);
    await page.locator('.status-unavailable h1').waitFor({ timeout: 15_000 });
  });

  for (const [name, base] of [
    ['root, plain file server', PLAIN_URL],
    ['/notices/', SUB_URL],
  ]) {
    test(`${name}: without JavaScript the form opens the search page with the query; no dead control shown`, async () => {
      const page = await newPage(browser, { javaScriptEnabled: false });
      await page.goto(at(base, `notice/${REFERENCE_ID}`));
      await page.locator('h1.notice-title').waitFor();
      // Buttons that need scripts are hidden; the search form's own button is not.
      const shown = await page.locator('button').evaluateAll((buttons) =>
        buttons.filter((b) => b.getClientRects().length > 0).map((b) => `${b.type}: ${b.textContent}`),
      );
      assert.deepEqual(shown, ['submit: 搜索']);
      await page.locator('#site-search-input').fill(QUERY);
      await page.locator('#site-search-input').press('Enter');
      await page.waitForURL(`${at(base, 'search/')}?q=${encodeURIComponent(QUERY)}`);
      assert.equal(new URL(page.url()).searchParams.get('q'), QUERY);
      await page.locator('form.search-box').waitFor();
      assertClean(page);
    });
  }
});

describe('the header', () => {
  test('搜索 stays on one line from 320 to 1,440 px wide, every 4 px (every 16 px in 适老模式)', async () => {
    const page = await newPage(browser);
    await page.goto(at(BASE_URL, `notice/${REFERENCE_ID}`));
    await waitForNotice(page, REFERENCE_TITLE);
    const lines = () =>
      page.evaluate(() => {
        const button = document.querySelector('.search-box .search-button');
        const range = document.createRange();
        range.selectNodeContents(button);
        // One line: every character's box on the same line as the first.
        const tops = [...range.getClientRects()].map((r) => Math.round(r.top));
        return new Set(tops).size;
      });
    const wrapped = [];
    for (const elder of [false, true]) {
      if (elder) await page.evaluate(() => document.documentElement.setAttribute('data-elder', 'on'));
      for (let width = 320; width <= 1440; width += elder ? 16 : 4) {
        await page.setViewportSize({ width, height: 700 });
        if ((await lines()) !== 1) wrapped.push(`${width}${elder ? ' 适老' : ''}`);
      }
    }
    assert.deepEqual(wrapped, [], `搜索 wraps at ${wrapped.join(', ')} px`);
    assertClean(page);
  });
});

describe('bytes', () => {
  test('the reference notice page fits the first round trip (14,600 B with gzip level 6)', async () => {
    for (const base of [STRICT_URL, at(STRICT_URL, 'notices/')]) {
      const response = await fetch(at(base, `notice/${REFERENCE_ID}/`));
      const body = Buffer.from(await response.arrayBuffer());
      // The answer as the deployment guide's nginx sends it: its headers (the security headers
      // included), the body compressed at level 6 by the system's zlib, which nginx uses (Node's
      // own zlib compresses differently).
      const headers = [...response.headers]
        .filter(([k]) => k !== 'content-length')
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('');
      const gzip = execFileSync('python3', ['-c', 'import gzip, sys; sys.stdout.buffer.write(gzip.compress(sys.stdin.buffer.read(), 6))'], { input: body });
      const total = 'HTTP/1.1 200 OK\r\n'.length + headers.length
        + 'Content-Encoding: gzip\r\nVary: Accept-Encoding\r\nTransfer-Encoding: chunked\r\n\r\n'.length
        + gzip.length;
      assert.ok(total <= 14_600, `${base}: ${total} B transferred (${body.length} B HTML)`);
      console.log(`# ${base}notice/${REFERENCE_ID}/: ${total} B transferred (gzip -6), ${body.length} B HTML`);
    }
  });
});
