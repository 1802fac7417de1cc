// The 适老化 tools of the reading-aids toolbar: 特大鼠标, 十字线, 大字幕, 指读 and 连读. Each on and
// off by mouse and by keyboard, remembered and applied before the first paint; speech through a
// recorded speechSynthesis (the utterances, their order and rate, the highlighted sentence,
// pause / resume / stop, stop on navigation, the no-voice message); axe with every tool on in
// every reading mode; nothing of them printed.

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
  liveRegionText,
  newPage,
  poll,
  waitForApp,
  waitForNotice,
} from './helpers.mjs';
import { MODES, assertNoAxeViolations, storeSettings } from './reading-helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

const NOTICE = () => at(BASE_URL, `notice/${REFERENCE_ID}`);
const ALL_ON = {
  'bulletin.cursor': 'on',
  'bulletin.crosshair': 'on',
  'bulletin.caption': 'on',
  'bulletin.point-read': 'on',
};

/**
 * A recorded speechSynthesis, installed before the page's scripts: every utterance is kept (text,
 * lang, rate, voice) and ends when the test says so (`window.__speech.finish()`), as a real
 * voice would after speaking it. `voices` are the system's voices it reports.
 */
async function recordSpeech(page, voices = [{ lang: 'zh-CN', name: '中文', default: true }]) {
  await page.addInitScript((voices) => {
    const log = [];
    let current = null;
    const state = { paused: false, cancelled: 0 };
    class Utterance {
      constructor(text) {
        this.text = text;
        this.lang = '';
        this.rate = 1;
        this.voice = null;
        this.onend = null;
        this.onerror = null;
      }
    }
    const end = (u, kind) => {
      if (!u) return;
      const handler = kind === 'end' ? u.onend : u.onerror;
      if (handler) handler({ type: kind });
    };
    const synth = {
      getVoices: () => voices.map((v) => ({ ...v, voiceURI: v.name, localService: true })),
      speak(u) {
        log.push({ text: u.text, lang: u.lang, rate: u.rate, voice: u.voice?.lang ?? null });
        current = u;
      },
      cancel() {
        state.cancelled += 1;
        const u = current;
        current = null;
        end(u, 'error');
      },
      pause() {
        state.paused = true;
      },
      resume() {
        state.paused = false;
      },
      addEventListener() {},
      removeEventListener() {},
    };
    Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
    window.SpeechSynthesisUtterance = Utterance;
    window.__speech = {
      log,
      state,
      finish() {
        const u = current;
        current = null;
        end(u, 'end');
      },
      highlighted() {
        const h = window.CSS?.highlights?.get('bulletin-reading');
        if (!h) return null;
        return [...h].map((r) => r.toString()).join('');
      },
    };
  }, voices);
}

async function pressed(page, name) {
  return page.getByRole('button', { name, exact: true }).getAttribute('aria-pressed');
}

describe('特大鼠标', () => {
  test('on and off by mouse and keyboard, remembered, before the first paint, on links, buttons and text', async () => {
    const page = await newPage(browser);
    await page.goto(NOTICE());
    await waitForApp(page);
    const cursorOf = (selector) => page.locator(selector).first().evaluate((e) => getComputedStyle(e).cursor);
    assert.doesNotMatch(await cursorOf('.notice-body p'), /cursors/);

    await page.getByRole('button', { name: '特大鼠标' }).click();
    assert.equal(await pressed(page, '特大鼠标'), 'true');
    assert.match(await cursorOf('.notice-body p'), /cursors\/text\.svg.*text$/);
    assert.match(await cursorOf('.site-nav a'), /cursors\/hand\.svg.*pointer$/);
    assert.match(await cursorOf('button.aid-cursor'), /cursors\/hand\.svg/);
    assert.match(await cursorOf('.site-footer'), /cursors\/arrow\.svg/);
    // The pointer files are the site's own, served.
    for (const name of ['arrow', 'hand', 'text']) {
      const r = await fetch(at(BASE_URL, `cursors/${name}.svg`));
      assert.equal(r.status, 200);
      assert.match(await r.text(), /^<svg[^>]+width="64" height="64"/);
    }
    assert.match(await liveRegionText(page), /特大鼠标已开启/);

    // Remembered: applied by the boot script before the app starts.
    await page.route(/_bg\.wasm$/, () => {});
    await page.mainFrame().goto(NOTICE(), { waitUntil: 'load' });
    assert.equal(await page.locator('html').getAttribute('data-app'), null, 'before the app');
    assert.equal(await page.locator('html').getAttribute('data-cursor'), 'on');
    assert.match(await cursorOf('.notice-body p'), /cursors\/text\.svg/);
    await page.unroute(/_bg\.wasm$/);

    // Off by the keyboard shortcut.
    await page.goto(NOTICE());
    await waitForApp(page);
    await page.keyboard.press('Alt+Shift+KeyM');
    await poll(async () => (await page.locator('html').getAttribute('data-cursor')) === 'off');
    assert.equal(await pressed(page, '特大鼠标'), 'false');
    assert.doesNotMatch(await cursorOf('.notice-body p'), /cursors/);
    assert.equal(await page.evaluate(() => localStorage.getItem('bulletin.cursor')), 'off');
    assert.equal(await page.getByRole('button', { name: '特大鼠标' }).getAttribute('aria-keyshortcuts'), 'Alt+Shift+M');
    assertClean(page);
  });
});

describe('十字线 and 大字幕', () => {
  test('the guides and the caption follow the pointer and the focus; the page keeps room for the caption', async () => {
    const page = await newPage(browser);
    await page.goto(NOTICE());
    await waitForApp(page);
    assert.equal(await page.locator('.crosshair, .caption-bar').count(), 0, 'off by default');

    await page.keyboard.press('Alt+Shift+KeyX');
    await page.getByRole('button', { name: '大字幕' }).click();
    assert.equal(await pressed(page, '十字线'), 'true');
    assert.equal(await pressed(page, '大字幕'), 'true');
    await page.locator('.caption-bar').waitFor();
    assert.equal(await page.locator('.caption-bar').getAttribute('aria-hidden'), 'true');

    const paragraph = page.locator('.notice-body p').nth(1);
    await paragraph.scrollIntoViewIfNeeded();
    const box = await paragraph.boundingBox();
    const x = Math.round(box.x + 40);
    const y = Math.round(box.y + box.height / 2);
    await page.mouse.move(x, y);
    const guides = () =>
      page.evaluate(() => {
        const h = document.getElementById('crosshair-h').getBoundingClientRect();
        const v = document.getElementById('crosshair-v').getBoundingClientRect();
        return { y: h.top + h.height / 2, x: v.left + v.width / 2, width: h.width, height: v.height };
      });
    await poll(async () => {
      const g = await guides();
      return Math.abs(g.x - x) <= 1 && Math.abs(g.y - y) <= 1;
    });
    const g = await guides();
    assert.ok(g.width >= 1280 - 20 && g.height >= 780, `guides across the viewport: ${JSON.stringify(g)}`);
    const text = (await paragraph.innerText()).replace(/\s+/g, ' ').trim();
    await poll(async () => (await page.locator('.caption-text').innerText()).length > 0);
    const caption = await page.locator('.caption-text').innerText();
    assert.ok(text.startsWith(caption.replace(/…$/, '')), `caption "${caption}" from "${text.slice(0, 40)}"`);
    const size = await page.locator('.caption-text').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    assert.ok(size >= 36, `caption type ${size}px`);

    // The focus: the caption shows the focused control's name; the guides cross on it.
    await page.getByRole('link', { name: '首页' }).first().focus();
    await poll(async () => (await page.locator('.caption-text').innerText()) === '首页');
    const home = await page.getByRole('link', { name: '首页' }).first().boundingBox();
    await poll(async () => {
      const f = await guides();
      return Math.abs(f.x - (home.x + home.width / 2)) <= 1 && Math.abs(f.y - (home.y + home.height / 2)) <= 1;
    });

    // The page keeps room for the bar: the footer's end scrolls clear of it.
    const padding = await page.evaluate(() => parseFloat(getComputedStyle(document.body).paddingBottom));
    const bar = await page.locator('.caption-bar').boundingBox();
    assert.ok(padding >= bar.height, `body padding ${padding} for a ${bar.height}px bar`);

    // Remembered, and the room is there before the app starts.
    await page.route(/_bg\.wasm$/, () => {});
    await page.mainFrame().goto(NOTICE(), { waitUntil: 'load' });
    assert.equal(await page.locator('html').getAttribute('data-caption'), 'on');
    assert.equal(await page.locator('html').getAttribute('data-crosshair'), 'on');
    assert.equal(await page.evaluate(() => parseFloat(getComputedStyle(document.body).paddingBottom)), padding);
    await page.unroute(/_bg\.wasm$/);

    // Off again: by keyboard and by 恢复默认.
    await page.goto(NOTICE());
    await waitForApp(page);
    await page.locator('.caption-bar').waitFor();
    await page.keyboard.press('Alt+Shift+KeyC');
    await poll(async () => (await page.locator('.caption-bar').count()) === 0);
    await page.getByRole('button', { name: '十字线' }).click();
    assert.equal(await pressed(page, '十字线'), 'false');
    assert.equal(await page.locator('.crosshair').count(), 0);
    await page.getByRole('button', { name: '十字线' }).click();
    await page.locator('.crosshair').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: '恢复默认' }).click();
    assert.equal(await page.locator('.crosshair').count(), 0);
    assert.equal(await page.evaluate(() => localStorage.getItem('bulletin.crosshair')), null);
    assertClean(page);
  });

  test('nothing of the tools is printed', async () => {
    const page = await newPage(browser);
    await storeSettings(page, ALL_ON);
    await page.goto(NOTICE());
    await waitForApp(page);
    await page.locator('.caption-bar').waitFor();
    await page.emulateMedia({ media: 'print' });
    await poll(async () => (await page.locator('.caption-bar').evaluate((e) => getComputedStyle(e).display)) === 'none');
    assert.equal(await page.locator('.crosshair').evaluate((e) => getComputedStyle(e).display), 'none');
    assertClean(page);
  });
});

describe('语音朗读', () => {
  test('连读 reads the notice sentence by sentence, highlighted, with pause, resume, rate and stop', async () => {
    const page = await newPage(browser);
    await recordSpeech(page);
    await page.goto(NOTICE());
    await waitForNotice(page, REFERENCE_TITLE);
    await waitForApp(page);
    const log = () => page.evaluate(() => window.__speech.log);

    await page.getByRole('button', { name: '连读' }).click();
    await poll(async () => (await log()).length === 1);
    let said = await log();
    assert.equal(said[0].text, REFERENCE_TITLE, 'from the title');
    assert.equal(said[0].lang, 'zh-CN');
    assert.equal(said[0].voice, 'zh-CN');
    assert.equal(said[0].rate, 1);
    assert.equal(await page.locator('h1.reading-now').count(), 1, 'the title is marked');
    assert.equal(await page.evaluate(() => window.__speech.highlighted()), REFERENCE_TITLE);
    assert.equal(await page.getByRole('button', { name: '暂停' }).getAttribute('aria-keyshortcuts'), 'Alt+Shift+R');

    // Each ended utterance brings the next sentence, in order, from the body.
    const body = (await page.locator('.notice-body').innerText()).replace(/\s+/g, '');
    for (let i = 0; i < 4; i++) {
      await page.evaluate(() => window.__speech.finish());
      await poll(async () => (await log()).length === i + 2);
    }
    said = await log();
    let at = 0;
    for (const u of said.slice(1)) {
      const flat = u.text.replace(/\s+/g, '');
      const found = body.indexOf(flat, at);
      assert.ok(found >= at, `"${u.text}" follows in the body`);
      assert.match(u.text, /[。！？；]$|[^。！？；]$/);
      at = found + flat.length;
    }
    const last = said.at(-1).text;
    assert.equal(await page.evaluate(() => window.__speech.highlighted()), last, 'the sentence read is highlighted');
    // 大字幕 on: it shows the sentence being read.
    await page.keyboard.press('Alt+Shift+KeyC');
    await page.locator('.caption-bar').waitFor();
    await page.evaluate(() => window.__speech.finish());
    await poll(async () => (await log()).length === said.length + 1);
    const next = (await log()).at(-1).text;
    await poll(async () => (await page.locator('.caption-text').innerText()) === next.replace(/\s+/g, ' ').trim());
    said = await log();
    assert.equal(await page.locator('.notice-body .reading-now').count(), 1);
    const inView = await page.locator('.notice-body .reading-now').evaluate((e) => {
      const r = e.getBoundingClientRect();
      return r.bottom > 0 && r.top < innerHeight;
    });
    assert.ok(inView, 'the block read is in view');

    // Pause and resume by keyboard; 语速 by keyboard (the sentence said again at the new rate).
    await page.keyboard.press('Alt+Shift+KeyR');
    await poll(() => page.evaluate(() => window.__speech.state.paused));
    assert.match(await liveRegionText(page), /已暂停朗读/);
    await page.getByRole('button', { name: '继续' }).click();
    await poll(async () => !(await page.evaluate(() => window.__speech.state.paused)));
    const before = (await log()).length;
    await page.keyboard.press('Alt+Shift+Period');
    await poll(async () => (await log()).length === before + 1);
    said = await log();
    assert.equal(said.at(-1).text, next, 'the same sentence again');
    assert.equal(said.at(-1).rate, 1.25);
    assert.match(await page.locator('.aid-group').filter({ hasText: '语速' }).innerText(), /语速\s*1\.25×/);
    await page.getByRole('button', { name: '减慢语速' }).click();
    await page.getByRole('button', { name: '减慢语速' }).click();
    await poll(async () => (await log()).at(-1).rate === 0.75);
    assert.equal(await page.evaluate(() => localStorage.getItem('bulletin.speech-rate')), '75');

    // Stop: no more utterances, no highlight.
    await page.keyboard.press('Alt+Shift+KeyS');
    await poll(async () => (await page.locator('.reading-now').count()) === 0);
    const stopped = (await log()).length;
    await page.evaluate(() => window.__speech.finish());
    await page.waitForTimeout(200);
    assert.equal((await log()).length, stopped, 'nothing said after 停止');
    assert.equal(await page.evaluate(() => window.__speech.highlighted()), null);
    assert.equal(await page.getByRole('button', { name: '停止' }).getAttribute('aria-disabled'), 'true');
    assert.match(await liveRegionText(page), /已停止朗读/);
    assertClean(page);
  });

  test('连读 starts at the paragraph in view and stops on navigation; 指读 reads what is pointed at or focused', async () => {
    const page = await newPage(browser);
    await recordSpeech(page);
    await page.goto(NOTICE());
    await waitForApp(page);
    const log = () => page.evaluate(() => window.__speech.log);
    // Scrolled past the title: reading starts at the first of the page's blocks in view.
    await page.setViewportSize({ width: 1280, height: 500 });
    const below = await page.locator('main h1').evaluate((e) => e.getBoundingClientRect().bottom + scrollY + 60);
    await page.evaluate((y) => scrollTo(0, y), below);
    assert.ok(
      await page.evaluate(() => document.querySelector('main h1').getBoundingClientRect().bottom < 0),
      'the title is out of view',
    );
    // (By its shortcut: the toolbar's button is at the top of the page.)
    await page.keyboard.press('Alt+Shift+KeyR');
    await poll(async () => (await log()).length === 1);
    const start = (await log())[0].text.replace(/\s+/g, '');
    const visible = await page.evaluate(() => {
      // The page's text blocks after its title, in document order, outermost only.
      const h1 = document.querySelector('main h1');
      const all = [...document.querySelectorAll('main :is(h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, caption, figcaption)')];
      const blocks = all.filter(
        (e) =>
          (e === h1 || h1.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING) &&
          !all.some((o) => o !== e && o.contains(e)) &&
          e.getClientRects().length &&
          e.innerText.trim(),
      );
      return blocks.find((e) => e.getBoundingClientRect().bottom > 0).innerText.replace(/\s+/g, '');
    });
    assert.notEqual(start, REFERENCE_TITLE.replace(/\s+/g, ''));
    assert.ok(visible.startsWith(start), `"${start}" starts the block in view ("${visible.slice(0, 30)}")`);
    await page.setViewportSize({ width: 1280, height: 800 });

    // Another page: reading stops.
    const cancelled = await page.evaluate(() => window.__speech.state.cancelled);
    await page.getByRole('link', { name: '首页' }).first().click();
    await page.waitForURL(at(BASE_URL, ''));
    await poll(async () => (await page.evaluate(() => window.__speech.state.cancelled)) > cancelled);
    await poll(async () => (await page.getByRole('button', { name: '连读' }).count()) === 1);
    await page.evaluate(() => window.__speech.finish());
    await page.waitForTimeout(200);
    assert.equal((await log()).length, 1, 'nothing more after leaving the page');

    // 指读: the pointer rests on a link, then the focus moves to a button.
    await page.getByRole('button', { name: '指读' }).click();
    assert.equal(await pressed(page, '指读'), 'true');
    const link = page.locator('.site-nav a').nth(1);
    const name = (await link.innerText()).trim();
    await link.hover();
    await poll(async () => (await log()).at(-1).text === name);
    await page.getByRole('button', { name: '特大鼠标' }).focus();
    await poll(async () => (await log()).at(-1).text === '特大鼠标');
    // Remembered across a reload, like every tool.
    await page.reload();
    await waitForApp(page);
    assert.equal(await page.locator('html').getAttribute('data-point-read'), 'on');
    assert.equal(await pressed(page, '指读'), 'true');
    await page.keyboard.press('Alt+Shift+KeyZ');
    assert.equal(await pressed(page, '指读'), 'false');
    const count = (await log()).length;
    await page.locator('.site-nav a').nth(2).hover();
    await page.waitForTimeout(500);
    assert.equal((await log()).length, count, 'nothing read with 指读 off');
    assertClean(page);
  });

  test('without a voice for the page the toolbar says so plainly', async () => {
    const page = await newPage(browser);
    await recordSpeech(page, [{ lang: 'en-US', name: 'English', default: true }]);
    await page.goto(NOTICE());
    await waitForApp(page);
    await page.getByRole('button', { name: '连读' }).click();
    const note = page.locator('.aid-note[role="status"]');
    await note.waitFor();
    assert.match(await note.innerText(), /本机没有可用的中文语音，无法朗读/);
    assert.equal((await page.evaluate(() => window.__speech.log)).length, 0, 'nothing read in another language');
    assert.equal(await page.getByRole('button', { name: '连读' }).count(), 1, 'not reading');
    assertClean(page);
  });
});

describe('axe-core with every tool on', () => {
  for (const [mode, { storage, contextOptions }] of Object.entries(MODES)) {
    test(mode, async () => {
      const page = await newPage(browser, contextOptions);
      await recordSpeech(page);
      await storeSettings(page, { ...storage, ...ALL_ON });
      await page.goto(NOTICE());
      await waitForApp(page);
      await page.locator('.caption-bar').waitFor();
      await page.mouse.move(300, 400);
      await page.getByRole('button', { name: '连读' }).click();
      await page.locator('.reading-now').waitFor();
      await assertNoAxeViolations(page, `notice, ${mode}, every tool on`);
      assertClean(page);
    });
  }
});
