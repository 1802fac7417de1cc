// The keyboard-only journey: home → channel → page 2 → notice → 字号 → print with Tab
// and Enter alone, visible focus all along, focus on the new page's heading after every route
// change (announced in the live region), and no keyboard trap.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL,
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

/** What has the focus, and whether it shows: its outline. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    const s = getComputedStyle(el);
    return {
      tag: el.tagName,
      text: (el.textContent || '').trim(),
      name: el.getAttribute('aria-label') || '',
      href: el.getAttribute('href') || '',
      outline: s.outlineStyle !== 'none' ? parseFloat(s.outlineWidth) : 0,
      inView: (() => {
        const r = el.getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight;
      })(),
    };
  });
}

/** Presses Tab until `match(focused)` holds (at most `limit` times); every stop shows its focus. */
async function tabTo(page, match, what, { limit = 80, key = 'Tab' } = {}) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press(key);
    const f = await focused(page);
    if (f.tag !== 'BODY') {
      assert.ok(f.outline >= 2, `visible focus on ${f.tag} «${f.text.slice(0, 20)}» (outline ${f.outline}px)`);
      assert.ok(f.inView, `the focused ${f.tag} «${f.text.slice(0, 20)}» is scrolled into view`);
    }
    if (match(f)) return f;
  }
  assert.fail(`Tab never reached ${what}`);
}

async function assertHeadingFocusedAndAnnounced(page, heading) {
  const f = await poll(async () => {
    const now = await focused(page);
    return now.tag === 'H1' && now.text === heading ? now : null;
  });
  assert.ok(f, `focus moved to the <h1> «${heading}»`);
  assert.ok(await poll(async () => (await liveRegionText(page)).includes(heading)), `«${heading}» announced`);
  assert.match(await liveRegionText(page), /页面已加载/);
}

test('home → 工作动态 → page 2 → notice → 大号字 → 打印本页 by keyboard alone', async () => {
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.__printCalls = 0;
    window.print = () => {
      window.__printCalls += 1;
    };
  });
  await page.goto(at(BASE_URL, ''));
  await waitForHome(page);
  assert.equal(await liveRegionText(page), '', 'nothing announced on the first page');

  // The first Tab stop is the skip link; it moves the focus to <main>.
  await page.keyboard.press('Tab');
  let f = await focused(page);
  assert.equal(f.text, '跳转到主要内容');
  assert.ok(f.outline >= 2, 'the skip link shows its focus');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');

  // Back from <main> into the navigation, to the channel.
  await tabTo(page, (x) => x.tag === 'A' && x.text === '工作动态', 'the 工作动态 link', { key: 'Shift+Tab' });
  await page.keyboard.press('Enter');
  await page.waitForURL(at(BASE_URL, 'list/gzdt/1'));
  await assertHeadingFocusedAndAnnounced(page, '工作动态');

  await tabTo(page, (x) => x.tag === 'A' && x.href.endsWith('list/gzdt/2') && x.text === '2', 'page 2');
  await page.keyboard.press('Enter');
  await page.waitForURL(at(BASE_URL, 'list/gzdt/2'));
  await assertHeadingFocusedAndAnnounced(page, '工作动态');
  assert.match(await liveRegionText(page), /第2页/);

  const notice = await tabTo(page, (x) => x.tag === 'A' && x.href.includes('notice/'), 'a notice');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname.includes('/notice/'));
  await waitForNotice(page, notice.text);
  await assertHeadingFocusedAndAnnounced(page, notice.text);

  await tabTo(page, (x) => x.tag === 'BUTTON' && x.name === '大号字', '大号字');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.notice-body')).fontSize), '20px');
  assert.equal(await page.getAttribute('html', 'data-font-size'), 'l');

  await tabTo(page, (x) => x.tag === 'BUTTON' && x.text.includes('打印本页'), '打印本页');
  await page.keyboard.press('Enter');
  assert.equal(await poll(() => page.evaluate(() => window.__printCalls)), 1, 'print dialog requested');

  // No trap: Tab keeps moving until it leaves the page's last control.
  const seen = new Set();
  let left = false;
  for (let i = 0; i < 60 && !left; i += 1) {
    await page.keyboard.press('Tab');
    const x = await focused(page);
    if (x.tag === 'BODY' || x.text === '跳转到主要内容') left = true;
    seen.add(`${x.tag}${x.text}`);
  }
  assert.ok(left, `Tab leaves the page after its last control (visited ${seen.size})`);
  assertClean(page);
});

test('Shift+Tab walks back through the toolbar to the skip link', async () => {
  const page = await newPage(browser);
  await page.goto(at(BASE_URL, 'list/gzdt/1'));
  await page.locator('main ul.notice-list > li').first().waitFor();
  await tabTo(page, (x) => x.text === '首页' && x.tag === 'A', 'the first navigation link');
  const order = [];
  for (let i = 0; i < 20; i += 1) {
    await page.keyboard.press('Shift+Tab');
    const x = await focused(page);
    order.push(x.text);
    if (x.text === '跳转到主要内容') break;
  }
  assert.equal(order.at(-1), '跳转到主要内容');
  for (const name of ['恢复默认', '高对比度', '适老模式', '放大页面', '缩小页面', '增大字号', '减小字号']) {
    assert.ok(order.includes(name), `${name} is reachable by keyboard`);
  }
  assertClean(page);
});
