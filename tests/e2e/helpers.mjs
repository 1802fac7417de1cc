// Shared helpers for the Bulletin end-to-end tests (node:test + playwright-core + Debian Chromium).
//
// Every page made with newPage() records what a reader (or a developer with DevTools open) would
// call a problem: console errors, uncaught page errors, Rust panics printed to the console, failed
// requests and HTTP error answers, Content-Security-Policy violations (the `securitypolicyviolation`
// event), dialogs (alert / confirm / prompt: the app never opens one, so one means foreign code
// ran) and requests to any origin other than the test servers'. assertClean(page) fails the test
// when any were recorded, except for requests the test itself blocked or broke on purpose (see
// routeData / expectFailure).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** Ensures a trailing slash. */
function withSlash(url) {
  return url.endsWith('/') ? url : `${url}/`;
}

/** nginx, root build. */
export const BASE_URL = withSlash(process.env.BULLETIN_URL || 'http://127.0.0.1:18080/');
/** nginx, build with --public-url /notices/. */
export const SUB_URL = withSlash(process.env.BULLETIN_SUB_URL || 'http://127.0.0.1:18080/notices/');
/** python3 -m http.server, root build, no rewrites. */
export const PLAIN_URL = withSlash(process.env.BULLETIN_PLAIN_URL || 'http://127.0.0.1:18081/');
/** nginx without any fallback (only real files), root build; the sub-path build is at notices/. */
export const STRICT_URL = withSlash(process.env.BULLETIN_STRICT_URL || 'http://127.0.0.1:18090/');
/** python3 -m http.server, the sub-path build under /notices/. */
export const PLAIN_SUB_URL = withSlash(
  process.env.BULLETIN_PLAIN_SUB_URL || 'http://127.0.0.1:18091/notices/',
);

export const SITE_NAME = '浙江省通信管理局';
export const REFERENCE_ID = '2026-work-conference';
export const REFERENCE_TITLE = '浙江省通信管理局召开2026年工作会议';

/** An absolute URL for an app route (`notice/x`, `/list/gzdt/1`) under a base URL. */
export function at(base, route = '') {
  return new URL(route.replace(/^\//, ''), base).href;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches headless Debian Chromium. */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** The paragraphs of the reference page, from tests/fixtures/reference-notice.txt. */
export function referenceFixture() {
  const path = fileURLToPath(new URL('../fixtures/reference-notice.txt', import.meta.url));
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.replace(/^[\s\u3000]+/, '').replace(/\s+$/, ''))
    .filter((l) => l !== '');
  // lines[0]: title, lines[1]: 发布时间 line, lines[2..8]: the six paragraphs, last: 【返回顶部】… chrome.
  return { title: lines[0], published: lines[1], paragraphs: lines.slice(2, 8), chrome: lines.at(-1) };
}

// ---------------------------------------------------------------------------------------------
// Problem recording

const records = new WeakMap();
const openContexts = new Set();

/** Origins the app may talk to: the test servers (and extra ones a test registers). */
const allowedOrigins = new Set(
  [BASE_URL, SUB_URL, PLAIN_URL, STRICT_URL, PLAIN_SUB_URL, process.env.BULLETIN_FAULT_URL]
    .filter(Boolean)
    .map((u) => new URL(u).origin),
);

/** Lets pages talk to one more origin (e.g. a test's own fault-injecting server). */
export function allowOrigin(url) {
  allowedOrigins.add(new URL(url).origin);
}

/** Whether a request URL leaves the test servers (data: and blob: URLs stay in the page). */
function isForeign(url) {
  if (/^(data|blob|about):/.test(url)) return false;
  try {
    return !allowedOrigins.has(new URL(url).origin);
  } catch {
    return true;
  }
}

/**
 * Runs in every document before its own scripts: reports each Content-Security-Policy violation
 * through the `__bulletinCsp` binding (with the directive and the blocked URL).
 */
const CSP_WATCH = `(() => {
  const report = (e) => {
    try {
      window.__bulletinCsp(JSON.stringify({
        directive: e.effectiveDirective || e.violatedDirective,
        blocked: e.blockedURI,
        source: e.sourceFile,
        line: e.lineNumber,
        sample: e.sample,
      }));
    } catch (_) {}
  };
  document.addEventListener('securitypolicyviolation', report, true);
})();`;

/** Installs the CSP watch and its binding on a context (once). */
async function watchContext(context) {
  if (context.__bulletinWatched) return;
  context.__bulletinWatched = true;
  await context.exposeBinding('__bulletinCsp', ({ page }, json) => {
    if (page) record(page).problems.push(`CSP violation: ${json}`);
  });
  await context.addInitScript({ content: CSP_WATCH });
}

/** The known Chromium warning about `integrity` on a preload link (a warning, never an error). */
function isAllowedConsole(text) {
  return /preload/i.test(text) && /integrity/i.test(text);
}

/** The document (a count of main-frame navigations) each request began in. */
const documentOf = new WeakMap();

function record(page) {
  let rec = records.get(page);
  if (!rec) {
    rec = { problems: [], expected: [], documents: 0, leaving: false };
    records.set(page, rec);
  }
  return rec;
}

function isExpected(page, url) {
  if (!url) return false;
  return record(page).expected.some((m) => (typeof m === 'function' ? m(url) : m === url));
}

/**
 * Declares that requests to `urlOrPredicate` (an exact URL or a predicate on the URL) fail on
 * purpose in this test: their failure, HTTP error status and the console line Chromium prints
 * about them are not problems.
 */
export function expectFailure(page, urlOrPredicate) {
  record(page).expected.push(urlOrPredicate);
}

function track(page) {
  const rec = record(page);
  if (rec.tracked) return;
  rec.tracked = true;
  page.on('dialog', (dialog) => {
    rec.problems.push(`dialog (${dialog.type()}): ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('request', (request) => {
    // Each main-frame navigation starts a new document; a request belongs to the one it began in.
    // Until the new document commits, requests still come from the one being left.
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
      rec.documents += 1;
      rec.leaving = true;
      documentOf.set(request, rec.documents);
    } else {
      documentOf.set(request, rec.leaving ? rec.documents - 1 : rec.documents);
    }
    if (isForeign(request.url())) rec.problems.push(`request to a foreign origin: ${request.method()} ${request.url()}`);
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) rec.leaving = false;
  });
  page.on('console', (msg) => {
    const text = msg.text();
    const where = msg.location()?.url || '';
    if (/panicked/.test(text)) {
      rec.problems.push(`panic (console.${msg.type()}): ${text}`);
      return;
    }
    if (msg.type() !== 'error') return;
    if (isAllowedConsole(text)) return;
    // "Failed to load resource: …" is reported at the resource's URL.
    if (isExpected(page, where)) return;
    rec.problems.push(`console.error: ${text}${where ? ` (at ${where})` : ''}`);
  });
  page.on('pageerror', (error) => {
    rec.problems.push(`page error: ${error.stack || error.message || String(error)}`);
  });
  page.on('requestfailed', (request) => {
    if (isExpected(page, request.url())) return;
    // Only cancellations (ERR_ABORTED) are ever let through, never another network error.
    if (/ERR_ABORTED/.test(request.failure()?.errorText || '')) {
      // A prefetch (a hovered link's notice) that the page's own load of the file superseded.
      if (request.headers().purpose === 'prefetch') return;
      // A data file the app or the search worker stopped reading on purpose: the search in flight
      // is aborted when the reader types on (type-ahead) or starts another search, and a page's
      // load when the reader navigates away. What the reader then sees is asserted by the tests;
      // an app file cancelled while its page is shown is still a problem.
      if (/\/data\/[^?#]+\.(json|bin)(\?|#|$)/.test(request.url())) return;
      // A request of a page the browser has since left (page.goto, reload, a full load): the new
      // document's navigation cancels it, as it does for any reader who moves on. Seen in CI: the
      // favicon, the browser's own request after `load`, cancelled by a test's next page.goto.
      if ((documentOf.get(request) ?? Infinity) < rec.documents) return;
    }
    rec.problems.push(
      `request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`,
    );
  });
  page.on('response', (response) => {
    if (response.status() < 400 || isExpected(page, response.url())) return;
    rec.problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
}

/** A new page in its own browser context (fresh storage), recording problems. */
export async function newPage(browser, contextOptions = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    // The service worker would answer requests that tests route (page.route does not see a
    // worker's fetches); the offline tests allow it explicitly.
    serviceWorkers: 'block',
    ...contextOptions,
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  await watchContext(context);
  openContexts.add(context);
  context.on('close', () => openContexts.delete(context));
  const page = await context.newPage();
  track(page);
  if (contextOptions.javaScriptEnabled !== false) awaitTakeoverOnLoad(page);
  return page;
}

/**
 * Waits until the app has taken over a prerendered page (`<html data-app="ready">`), or there is
 * nothing to take over. A prerendered page shows its content before the wasm runs; a test that
 * clicks a button must wait for the app, as a reader's click before it would do nothing.
 */
export async function waitForApp(page, timeout = 10_000) {
  await page
    .waitForFunction(
      () => document.documentElement.dataset.app === 'ready' || !document.getElementById('bulletin-data'),
      null,
      // Polled on a timer: a test may hold back animation frames (Playwright's default polling).
      { timeout, polling: 100 },
    )
    .catch(() => {});
}

/**
 * Serves this page's documents as the bare app shell: the prerendered content and the embedded
 * data (see src/tool/prerender.rs) are cut out of every HTML answer, so the app fetches its data as it
 * does on a client-side navigation. For tests of what readers see when data files are broken,
 * missing or slow: a prerendered page carries its data and makes no request that could fail.
 */
export async function withoutPrerender(page) {
  await page.route('**/*', async (route) => {
    if (route.request().resourceType() !== 'document') return route.fallback();
    const response = await route.fetch();
    const body = (await response.text())
      .replace(/<!--bulletin-prerender-->[\s\S]*<!--\/bulletin-prerender-->/, '')
      .replace(/<script type="application\/json" id="bulletin-data"[^>]*>[\s\S]*?<\/script>/, '');
    await route.fulfill({ response, body });
  });
  return page;
}

/** Makes page.goto and page.reload also wait for the app to take over (see waitForApp). */
function awaitTakeoverOnLoad(page) {
  for (const name of ['goto', 'reload']) {
    const original = page[name].bind(page);
    page[name] = async (...args) => {
      const response = await original(...args);
      await waitForApp(page);
      return response;
    };
  }
}

/**
 * A brand-new tab whose first and only history entry is `url` (no about:blank before it, no
 * opener), as when a reader opens a link in a new tab. Playwright's newPage() always starts at
 * about:blank, which would count as a history entry, so the tab is made with CDP
 * Target.createTarget in a fresh context.
 */
export async function newTabAt(browser, url, contextOptions = {}) {
  const helper = await newPage(browser, contextOptions);
  const context = helper.context();
  const session = await context.newCDPSession(helper);
  const { targetInfo } = await session.send('Target.getTargetInfo');
  await session.detach();
  const browserSession = await browser.newBrowserCDPSession();
  const opened = context.waitForEvent('page');
  await browserSession.send('Target.createTarget', {
    url,
    browserContextId: targetInfo.browserContextId,
  });
  const page = await opened;
  track(page);
  await browserSession.detach();
  await helper.close();
  return page;
}

/** Starts recording problems on a page made some other way (e.g. a popup). */
export function trackPage(page) {
  track(page);
  return page;
}

/** The problems recorded so far on `page`. */
export function problems(page) {
  return [...record(page).problems];
}

/**
 * Fails unless the page had no console errors, page errors, panics, CSP violations, dialogs,
 * foreign requests or unexpected failed requests.
 */
export function assertClean(page) {
  const found = problems(page).map((p) => (p.length > 400 ? `${p.slice(0, 400)}… (${p.length} chars)` : p));
  assert.deepEqual(found, [], `the page reported problems:\n  ${found.join('\n  ')}`);
}

/** Closes every context newPage() opened (for afterEach). */
export async function closeAll() {
  await Promise.all([...openContexts].map((c) => c.close().catch(() => {})));
  openContexts.clear();
}

// ---------------------------------------------------------------------------------------------
// Request interception

/**
 * Intercepts requests matching `pattern` (a glob or RegExp for page.route) and answers them as
 * `behaviour` says:
 *   { status, body?, contentType? }  fulfil (an error status marks the URL as expected)
 *   { body }                         fulfil 200 with this body (as application/json)
 *   { abort: 'internetdisconnected' } abort with that error code (expected)
 *   { hang: true }                   never answer (expected)
 * Returns an async function that removes the interception.
 */
export async function routeData(page, pattern, behaviour) {
  const handler = async (route) => {
    const url = route.request().url();
    if (behaviour.abort) {
      expectFailure(page, url);
      await route.abort(behaviour.abort);
    } else if (behaviour.hang) {
      expectFailure(page, url);
      // Never answer: the app's own timeout has to give up on it.
    } else {
      const status = behaviour.status ?? 200;
      if (status >= 400) expectFailure(page, url);
      await route.fulfill({
        status,
        contentType: behaviour.contentType ?? 'application/json; charset=utf-8',
        body: behaviour.body ?? '',
      });
    }
  };
  await page.route(pattern, handler);
  return () => page.unroute(pattern, handler);
}

/** Holds the app's wasm back (the page stays as prerendered) until the returned function is called. */
export async function holdWasm(page) {
  let release;
  const held = new Promise((r) => {
    release = r;
  });
  await page.route(/_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

// ---------------------------------------------------------------------------------------------
// Reading the page

/** Marks the window, to tell a client-side navigation from a full page load later. */
export async function markWindow(page) {
  await page.evaluate(() => {
    window.__bulletinE2eMarker = 'same-document';
  });
}

/** Whether the window marked by markWindow() is still the same document. */
export function windowMarkerSurvives(page) {
  return page.evaluate(() => window.__bulletinE2eMarker === 'same-document');
}

/** Waits until the home page shows its latest-notices list; returns how many rows it has. */
export async function waitForHome(page) {
  await page.locator('.home-latest .notice-list li').first().waitFor();
  await waitForApp(page);
  return page.locator('.home-latest .notice-list li').count();
}

/** Waits until a notice page shows its title. */
export async function waitForNotice(page, title) {
  const h1 = page.locator('h1.notice-title');
  await h1.waitFor();
  if (title !== undefined) await page.waitForFunction((t) => document.querySelector('h1.notice-title')?.textContent === t, title);
  await page.locator('.notice-body p').first().waitFor();
  await waitForApp(page);
}

/** Polls `fn` (in Node) until it returns a truthy value or `timeout` ms pass; returns the last value. */
export async function poll(fn, { timeout = 10_000, interval = 50 } = {}) {
  const end = Date.now() + timeout;
  let value = await fn();
  while (!value && Date.now() < end) {
    await new Promise((r) => setTimeout(r, interval));
    value = await fn();
  }
  return value;
}

/** The text of the polite live region. */
export function liveRegionText(page) {
  return page.locator('[role="status"][aria-live="polite"]').textContent();
}

/** Clicks 首页 in the header navigation and checks that the home page lists notices again. */
export async function backHomeThroughNav(page, base) {
  await page.locator('nav.site-nav').getByRole('link', { name: '首页', exact: true }).click();
  await page.waitForURL(at(base, ''));
  const rows = await waitForHome(page);
  assert.ok(rows > 0, 'the home page lists notices after navigating home');
}
