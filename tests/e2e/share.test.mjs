// Sharing a notice: 复制链接 (Clipboard API and its fallback, with a live-region
// confirmation), 扫一扫 (a QR code decoded back to the page URL), the printed URL and QR code (print
// media and the PDF), and the Open Graph / canonical head.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BASE_URL,
  REFERENCE_ID,
  REFERENCE_TITLE,
  SITE_NAME,
  SUB_URL,
  assertClean,
  at,
  closeAll,
  launchBrowser,
  liveRegionText,
  newPage,
  poll,
  waitForNotice,
} from './helpers.mjs';
import { decodeQr } from './reading-helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

async function openNotice(base = BASE_URL, contextOptions = {}) {
  const page = await newPage(browser, contextOptions);
  await page.goto(at(base, `notice/${REFERENCE_ID}`));
  await waitForNotice(page, REFERENCE_TITLE);
  return page;
}

describe('复制链接', () => {
  test('copies the page URL with the Clipboard API and confirms it in the live region', async () => {
    const page = await openNotice(BASE_URL, { permissions: ['clipboard-read', 'clipboard-write'] });
    await page.getByRole('button', { name: '复制链接' }).click();
    assert.equal(await poll(() => page.evaluate(() => navigator.clipboard.readText())), page.url());
    assert.equal(await poll(async () => (await liveRegionText(page)) === '链接已复制'), true);
    assert.match(await page.locator('.share-feedback').innerText(), /链接已复制/);
    assertClean(page);
  });

  test('without the Clipboard API it copies with the fallback', async () => {
    const page = await newPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    await page.addInitScript(() => {
      window.__clipboard = navigator.clipboard;
      Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
      window.__execCommands = [];
      const exec = Document.prototype.execCommand;
      Document.prototype.execCommand = function (command, ...rest) {
        window.__execCommands.push(command);
        return exec.call(this, command, ...rest);
      };
    });
    await page.goto(at(BASE_URL, `notice/${REFERENCE_ID}`));
    await waitForNotice(page, REFERENCE_TITLE);
    const button = page.getByRole('button', { name: '复制链接' });
    await button.focus();
    await page.keyboard.press('Enter');
    assert.equal(await poll(async () => (await liveRegionText(page)) === '链接已复制'), true);
    assert.deepEqual(await page.evaluate(() => window.__execCommands), ['copy']);
    assert.equal(await page.evaluate(() => window.__clipboard.readText()), page.url());
    assert.equal(await page.evaluate(() => document.activeElement.textContent), '复制链接', 'focus stays on the button');
    assert.equal(await page.locator('textarea').count(), 0, 'the helper field is gone');
    assertClean(page);
  });

  test('when the browser refuses to copy, the URL is shown to copy by hand', async () => {
    const page = await newPage(browser);
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined, configurable: true });
      Document.prototype.execCommand = () => false;
    });
    await page.goto(at(BASE_URL, `notice/${REFERENCE_ID}`));
    await waitForNotice(page, REFERENCE_TITLE);
    await page.getByRole('button', { name: '复制链接' }).click();
    await page.locator('.share-manual').waitFor();
    assert.equal(await page.locator('.share-manual code').innerText(), page.url());
    assert.match(await liveRegionText(page), /请手动复制/);
    assertClean(page);
  });
});

describe('扫一扫', () => {
  for (const [where, base] of [
    ['site root', BASE_URL],
    ['/notices/ sub-path', SUB_URL],
  ]) {
    test(`${where}: the QR code decodes to the page URL`, async () => {
      const page = await openNotice(base);
      const toggle = page.getByRole('button', { name: '扫一扫' });
      assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      assert.equal(await page.locator('#share-qr').isVisible(), false);
      await toggle.click();
      assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
      const qr = page.getByRole('img', { name: '本文网址的二维码' });
      await qr.waitFor();
      assert.equal(await qr.evaluate((svg) => svg.namespaceURI), 'http://www.w3.org/2000/svg');
      assert.ok((await qr.locator('path').getAttribute('d')).startsWith('M'), 'drawn as an SVG path');
      const decoded = decodeQr(await qr.screenshot());
      assert.equal(decoded, page.url(), 'the QR code holds the page URL');
      assert.match(await page.locator('#share-qr figcaption').innerText(), /扫描二维码/);
      await toggle.click();
      assert.equal(await page.locator('#share-qr').isVisible(), false, '扫一扫 closes again');
      assertClean(page);
    });
  }

  test('the QR code follows in-app navigation to another notice', async () => {
    const page = await openNotice();
    await page.locator('.prev-next .prev a').click();
    await page.waitForURL((url) => !url.href.endsWith(REFERENCE_ID));
    await waitForNotice(page);
    await page.getByRole('button', { name: '扫一扫' }).click();
    const qr = page.getByRole('img', { name: '本文网址的二维码' });
    await qr.waitFor();
    assert.equal(decodeQr(await qr.screenshot()), page.url());
    assertClean(page);
  });
});

describe('the printed notice', () => {
  test('print media shows the URL with its QR code beside it, and nothing of the toolbar', async () => {
    const page = await openNotice();
    await page.emulateMedia({ media: 'print' });
    const printUrl = page.locator('.print-url');
    assert.ok(await printUrl.isVisible());
    assert.ok((await printUrl.innerText()).includes(page.url()));
    const qr = printUrl.locator('svg.print-qr');
    assert.ok(await qr.isVisible(), 'the QR code is printed');
    assert.equal(decodeQr(await qr.screenshot()), page.url());
    const [text, code] = [await printUrl.locator('.print-url-text').boundingBox(), await qr.boundingBox()];
    assert.ok(code.x >= text.x + text.width - 1, 'the QR code sits beside the URL');
    for (const selector of ['.reading-aids', '.share-bar']) {
      assert.equal(await page.locator(selector).isVisible(), false, `${selector} not printed`);
    }
    assertClean(page);
  });

  test('paper is black on white even from the dark scheme with 高对比度 and 适老模式 on', async () => {
    const page = await newPage(browser, { colorScheme: 'dark' });
    await page.addInitScript(() => {
      if (sessionStorage.getItem('stored')) return;
      sessionStorage.setItem('stored', '1');
      localStorage.setItem('bulletin.contrast', 'on');
      localStorage.setItem('bulletin.elder', 'on');
      localStorage.setItem('bulletin.zoom', '200');
    });
    await page.goto(at(BASE_URL, `notice/${REFERENCE_ID}`));
    await waitForNotice(page, REFERENCE_TITLE);
    const colours = () =>
      page.evaluate(() =>
        ['body', 'h1.notice-title', '.notice-body p', '.notice-meta', '.print-url-text', '.site-name'].map((s) => {
          const el = document.querySelector(s);
          return `${s}: ${getComputedStyle(el).color}`;
        }),
      );
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).color), 'rgb(0, 0, 0)', 'light text on screen');
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    for (const c of await colours()) assert.match(c, /rgb\(0, 0, 0\)$/, c);
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)');
    assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize), '16px', 'no 页面缩放 on paper');
    assert.equal(decodeQr(await page.locator('svg.print-qr').screenshot()), page.url());
    assertClean(page);
  });

  test('the PDF carries the URL as text and a QR code that decodes to it', async () => {
    const page = await openNotice();
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    const dir = mkdtempSync(join(tmpdir(), 'bulletin-pdf-'));
    try {
      writeFileSync(join(dir, 'notice.pdf'), pdf);
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'notice.pdf'), '-'], { encoding: 'utf8' });
      assert.ok(text.replace(/\s+/g, '').includes(page.url()), `the PDF text has ${page.url()}`);
      assert.match(text, /本页网址/);
      // Rasterize every page and look for the QR code.
      execFileSync('pdftoppm', ['-r', '150', '-png', join(dir, 'notice.pdf'), join(dir, 'page')]);
      const pages = readdirSync(dir).filter((f) => f.endsWith('.png')).sort();
      assert.ok(pages.length >= 1, 'rasterized the PDF');
      const decoded = pages.map((f) => decodeQr(readFileSync(join(dir, f)))).filter(Boolean);
      assert.deepEqual(decoded, [page.url()], 'one QR code in the PDF, holding the page URL');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assertClean(page);
  });
});

describe('link previews', () => {
  test('Open Graph title, description, URL and canonical link on a notice; gone on other pages', async () => {
    const page = await openNotice();
    const meta = (property) => page.locator(`meta[property="${property}"]`).getAttribute('content');
    assert.equal(await meta('og:title'), REFERENCE_TITLE);
    assert.equal(await meta('og:type'), 'article');
    assert.equal(await meta('og:site_name'), SITE_NAME);
    assert.equal(await meta('og:url'), page.url());
    const description = await page.locator('meta[name="description"]').getAttribute('content');
    assert.ok(description.length > 20);
    assert.equal(await meta('og:description'), description);
    assert.equal(await page.locator('link[rel="canonical"]').getAttribute('href'), page.url());

    await page.locator('nav.breadcrumb a').last().click();
    await page.locator('main ul.notice-list > li').first().waitFor();
    assert.equal(await page.locator('meta[property^="og:"]').count(), 0, 'no stale Open Graph');
    assert.equal(await page.locator('link[rel="canonical"]').count(), 0, 'no stale canonical');
    assertClean(page);
  });
});
