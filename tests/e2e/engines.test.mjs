// The other engines readers use: the same journey in Gecko (Debian firefox-esr, driven by
// puppeteer-core over WebDriver BiDi) and in WebKit (Debian webkit2gtk-driver: WebKitWebDriver
// starting MiniBrowser under Xvfb, driven over classic W3C WebDriver; WeChat's and Safari's
// readers are WebKit). Home → 工作动态 → the reference notice (in-app navigation) → 字号 大 →
// 返回顶部 → 打印本页 (window.print counted) → search, with the query highlighted in the results;
// 搜索 on one line at 790 px. Console errors and uncaught errors fail the run: in Firefox as the
// driver reports them, in WebKit (classic WebDriver reports none) as a recorder put into the page
// after it loaded sees them, and a crash notice of the app would fail either.
//
// Ports: WebKitWebDriver on $E2E_WEBKIT_PORT (run.sh: the nginx port + 14); Firefox's BiDi port is
// chosen by the browser; Xvfb picks a free display (-displayfd). Every process started here is
// stopped when the test ends, whatever happens.

import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { BASE_URL, REFERENCE_ID, REFERENCE_TITLE, at } from './helpers.mjs';

const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const WEBKIT_PORT = Number(process.env.E2E_WEBKIT_PORT || 18094);
const QUERY = '信息通';

// Processes this file started (own process groups), stopped at the end and on any exit.
const children = new Set();
function stopChildren() {
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  children.clear();
}
process.on('exit', stopChildren);
after(stopChildren);

function start(command, args, options = {}) {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'], ...options });
  children.add(child);
  let errors = '';
  child.stderr?.on('data', (d) => {
    errors = (errors + d).slice(-4000);
  });
  child.output = () => errors;
  return child;
}

function stop(child) {
  if (!child) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
  children.delete(child);
}

async function until(fn, what, timeout = 15_000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// ---------------------------------------------------------------------------------------------
// What runs in the page (plain functions, serialised by either driver).

function appReady() {
  return document.documentElement.dataset.app === 'ready';
}
function textOf(selector) {
  return document.querySelector(selector)?.textContent ?? null;
}
function markWindow() {
  window.__sameDocument = true;
}
function sameDocument() {
  return window.__sameDocument === true;
}
function countPrints() {
  window.__prints = 0;
  window.print = () => {
    window.__prints += 1;
  };
}
function recordErrors() {
  if (window.__errors) return;
  window.__errors = [];
  window.addEventListener('error', (e) => window.__errors.push(`error: ${e.message}`));
  window.addEventListener('unhandledrejection', (e) => window.__errors.push(`rejection: ${e.reason}`));
  const error = console.error;
  console.error = (...args) => {
    window.__errors.push(`console.error: ${args.join(' ')}`);
    error.apply(console, args);
  };
}
function pageProblems() {
  const found = [...(window.__errors || [])];
  if (document.getElementById('crash-notice')) found.push('the crash notice is shown');
  return found;
}
function scrollToBottom() {
  window.scrollTo(0, document.documentElement.scrollHeight);
  return window.scrollY;
}
function fontSetting() {
  return [document.documentElement.getAttribute('data-font-size'), localStorage.getItem('bulletin.font-size')];
}
function searchButtonLines() {
  const range = document.createRange();
  range.selectNodeContents(document.querySelector('.search-box .search-button'));
  return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
}
function highlights() {
  return [...document.querySelectorAll('.search-result mark')].map((m) => m.textContent);
}

// ---------------------------------------------------------------------------------------------
// The journey, against a small driver interface: goto, run (a function above, with arguments),
// click (a CSS selector), type (text into a field, then Enter), width (the viewport's), url.

async function journey(d) {
  await d.goto(at(BASE_URL, ''));
  await until(() => d.run(appReady), 'the home page to start');
  await until(() => d.run(textOf, '.home-latest .notice-list li a'), 'the latest notices');
  await d.run(recordErrors);
  await d.run(markWindow);

  await d.click('nav.site-nav a[href$="list/gzdt/1"]');
  await until(async () => (await d.run(textOf, 'h1.list-title')) === '工作动态', 'the list 工作动态');
  await d.click(`main ul.notice-list a[href$="notice/${REFERENCE_ID}"]`);
  await until(async () => (await d.run(textOf, 'h1.notice-title')) === REFERENCE_TITLE, 'the notice');
  assert.ok(await d.run(sameDocument), 'home → list → notice inside the app, without a reload');
  assert.equal(await d.url(), at(BASE_URL, `notice/${REFERENCE_ID}`));

  await d.click('.font-switch button[data-size="l"]');
  assert.deepEqual(await until(async () => {
    const s = await d.run(fontSetting);
    return s[0] === 'l' && s;
  }, '字号 大'), ['l', 'l']);

  assert.ok((await d.run(scrollToBottom)) > 200, 'scrolled down');
  await d.click('.notice-actions .action-top');
  await until(async () => (await d.run(() => window.scrollY)) === 0, '返回顶部');

  await d.run(countPrints);
  await d.click('.notice-actions .action-print');
  await until(async () => (await d.run(() => window.__prints)) === 1, '打印本页');

  await d.width(790);
  assert.equal(await d.run(searchButtonLines), 1, '搜索 on one line at 790 px');

  await d.type('#site-search-input', QUERY);
  await until(async () => (await d.url()).includes('/search'), 'the search page');
  const url = new URL(await d.url());
  assert.equal(url.searchParams.get('q'), QUERY);
  const marks = await until(async () => {
    const m = await d.run(highlights);
    return m.length > 0 && m;
  }, 'highlighted results', 20_000);
  assert.ok(marks.every((m) => m.includes(QUERY)), JSON.stringify(marks.slice(0, 5)));
  assert.ok(await d.run(sameDocument), 'the search inside the app');
  assert.deepEqual(await d.run(pageProblems), []);
}

// ---------------------------------------------------------------------------------------------

test('Gecko (firefox-esr over WebDriver BiDi): home → list → notice → 字号 → 返回顶部 → 打印本页 → search', { timeout: 120_000 }, async () => {
  assert.ok(existsSync(FIREFOX), `${FIREFOX} (Debian firefox-esr; scripts/setup.sh installs it)`);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    protocolTimeout: 60_000,
    extraPrefsFirefox: { 'browser.shell.checkDefaultBrowser': false },
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    const problems = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => {
      const error = r.failure()?.errorText || '';
      // As in helpers.mjs: a data file the app stopped reading on purpose (a hovered link's
      // prefetch that the page's own load superseded) is a cancellation, not a failure.
      if (/ABORT/i.test(error) && /\/data\/[^?#]+\.(json|bin)(\?|#|$)/.test(r.url())) return;
      problems.push(`failed request: ${r.url()} (${error})`);
    });
    await journey({
      goto: (url) => page.goto(url, { waitUntil: 'load' }),
      run: (fn, ...args) => page.evaluate(fn, ...args),
      click: async (selector) => {
        await page.waitForSelector(selector, { visible: true });
        await page.click(selector);
      },
      type: async (selector, text) => {
        await page.click(selector);
        await page.type(selector, text);
        await page.keyboard.press('Enter');
      },
      width: (width) => page.setViewport({ width, height: 800 }),
      url: () => page.url(),
    });
    assert.deepEqual(problems, [], 'Firefox reported no console error, page error or failed request');
  } finally {
    await browser.close().catch(() => {});
  }
});

test('WebKit (MiniBrowser over WebDriver, under Xvfb): home → list → notice → 字号 → 返回顶部 → 打印本页 → search', { timeout: 150_000 }, async () => {
  for (const file of [WEBKIT_DRIVER, MINIBROWSER, '/usr/bin/Xvfb']) {
    assert.ok(existsSync(file), `${file} (Debian webkit2gtk-driver, xvfb; scripts/setup.sh installs them)`);
  }
  let xvfb;
  let driver;
  let session;
  const endpoint = `http://127.0.0.1:${WEBKIT_PORT}`;
  const call = async (method, path, body) => {
    const response = await fetch(`${endpoint}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value ?? json).slice(0, 400)}`);
    return json.value;
  };
  try {
    // A free display of Xvfb's own choosing, written to the pipe on fd 3.
    xvfb = start('/usr/bin/Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    const display = await Promise.race([
      new Promise((resolve) => {
        let text = '';
        xvfb.stdio[3].on('data', (d) => {
          text += d;
          if (text.includes('\n')) resolve(text.trim());
        });
      }),
      new Promise((_, reject) => setTimeout(() => reject(new Error('Xvfb chose no display in 10 s')), 10_000)),
    ]);
    driver = start(WEBKIT_DRIVER, [`--port=${WEBKIT_PORT}`, '--host=127.0.0.1'], {
      env: { ...process.env, DISPLAY: `:${display}` },
    });
    await until(() => call('GET', '/status').then((s) => s.ready !== undefined), 'WebKitWebDriver', 10_000);
    const created = await call('POST', '/session', {
      capabilities: {
        alwaysMatch: {
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        },
      },
    });
    session = `/session/${created.sessionId}`;
    await call('POST', `${session}/window/rect`, { width: 1280, height: 800 });
    const element = async (selector) => {
      const found = await until(
        () => call('POST', `${session}/element`, { using: 'css selector', value: selector }),
        selector,
      );
      return Object.values(found)[0];
    };
    const run = (fn, ...args) =>
      call('POST', `${session}/execute/sync`, { script: `return (${fn}).apply(null, arguments);`, args });
    await journey({
      goto: (url) => call('POST', `${session}/url`, { url }),
      run,
      click: async (selector) => {
        const id = await element(selector);
        await call('POST', `${session}/element/${id}/click`, {});
      },
      type: async (selector, text) => {
        const id = await element(selector);
        await call('POST', `${session}/element/${id}/click`, {});
        await call('POST', `${session}/element/${id}/value`, { text: `${text}\uE007` });
      },
      width: async (width) => {
        await call('POST', `${session}/window/rect`, { width, height: 800 });
        // The window's outer width: make the page's own width 790 px.
        const inner = await run(() => window.innerWidth);
        if (inner !== width) await call('POST', `${session}/window/rect`, { width: 2 * width - inner, height: 800 });
        assert.equal(await run(() => window.innerWidth), width);
      },
      url: () => call('GET', `${session}/url`),
    });
  } catch (e) {
    const logs = [xvfb, driver].map((c) => c?.output?.() || '').join('\n').trim();
    if (logs) e.message += `\n--- Xvfb / WebKitWebDriver stderr:\n${logs.slice(-2000)}`;
    throw e;
  } finally {
    if (session) await call('DELETE', session).catch(() => {});
    stop(driver);
    stop(xvfb);
  }
});
