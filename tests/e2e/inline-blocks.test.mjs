// The first paint waits for no request: every page carries its screen stylesheet and its boot
// script (public/prefs.js) inline, each allowed by its sha256 hash in the page's
// Content-Security-Policy <meta> (never 'unsafe-inline'), so the browser paints from the HTML alone.
// An inline script or style that the build did not write is refused by the same policy.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  REFERENCE_ID,
  REFERENCE_TITLE,
  STRICT_URL,
  SUB_URL,
  assertClean,
  at,
  closeAll,
  launchBrowser,
  newPage,
  problems,
  waitForApp,
  waitForNotice,
} from './helpers.mjs';

const STRICT_SUB_URL = at(STRICT_URL, 'notices/');
const ROUTES = ['', 'list/all/1', 'list/tzgg/1', `notice/${REFERENCE_ID}`, 'search/', '404.html'];

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

const sha256 = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The policy of a page's CSP <meta>, as directive name → sources. */
function metaPolicy(html) {
  const m = html.match(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/);
  assert.ok(m, 'the page has a CSP <meta>');
  return Object.fromEntries(
    m[1]
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

async function waitFor(page, pattern) {
  for (let i = 0; i < 40 && !problems(page).some((p) => pattern.test(p)); i += 1) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return problems(page).filter((p) => pattern.test(p));
}

test("every page's inline script and style are the build's own, named by hash in its CSP", async () => {
  for (const base of [STRICT_URL, STRICT_SUB_URL]) {
    for (const route of ROUTES) {
      const url = at(base, route);
      const response = await fetch(url);
      const html = await response.text();
      const policy = metaPolicy(html);
      const all = Object.values(policy).flat();
      assert.ok(!all.includes("'unsafe-inline'") && !all.includes("'unsafe-eval'"), `${url}: strict policy`);
      // Outside <noscript>: no stylesheet link and no script file the parser would wait for.
      const live = html.replace(/<noscript>[\s\S]*?<\/noscript>/g, '');
      assert.equal(live.match(/<link\b[^>]*rel="stylesheet"/g), null, `${url}: no stylesheet request`);
      assert.equal(live.match(/<script\b[^>]*\bsrc=/g), null, `${url}: no script request`);
      const scripts = [...live.matchAll(/<script(?![^>]*type="application\/json")([^>]*)>([\s\S]*?)<\/script>/g)];
      const styles = [...live.matchAll(/<style>([\s\S]*?)<\/style>/g)];
      assert.equal(scripts.length, 1, `${url}: one inline script (the boot script)`);
      assert.equal(styles.length, 1, `${url}: one inline stylesheet`);
      assert.ok(/bulletin\.font-size/.test(scripts[0][2]), `${url}: the inline script is prefs.js`);
      assert.ok(policy['script-src'].includes(sha256(scripts[0][2])), `${url}: script hash in script-src`);
      assert.ok(policy['style-src'].includes(sha256(styles[0][1])), `${url}: style hash in style-src`);
      assert.deepEqual(
        policy['script-src'].filter((s) => s.startsWith("'sha256-")),
        [sha256(scripts[0][2])],
        `${url}: no other script hash`,
      );
      assert.match(live, /<meta name="bulletin-loader" content="[^"]*\/loader-[0-9a-f]{16}\.js" data-integrity="sha384-[^"]+"/);
    }
  }
});

test('the prerendered notice requests nothing before its text is painted', async () => {
  for (const base of [STRICT_URL, STRICT_SUB_URL]) {
    const page = await newPage(browser);
    await page.addInitScript(() => {
      window.__lcp = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__lcp.push(e.renderTime || e.startTime);
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    await page.goto(at(base, `notice/${REFERENCE_ID}`));
    await waitForApp(page);
    const { lcp, early, ready } = await page.evaluate(() => {
      const first = Math.min(...window.__lcp);
      return {
        lcp: first,
        ready: document.documentElement.dataset.app,
        // Every request but the favicon's (the browser's own, after the paint as a rule).
        early: performance
          .getEntriesByType('resource')
          .filter((e) => !/favicon/.test(e.name) && e.startTime <= first)
          .map((e) => `${new URL(e.name).pathname} at ${e.startTime.toFixed(1)} ms`),
      };
    });
    assert.ok(Number.isFinite(lcp), 'a largest contentful paint was reported');
    assert.deepEqual(early, [], `requested before the text's paint (${lcp.toFixed(1)} ms)`);
    assert.equal(ready, 'ready', 'the app took over afterwards');
    assertClean(page);
  }
});

test('an inline script or style the build did not write is refused by the CSP', async () => {
  const page = await newPage(browser);
  await page.route('**/*', async (route) => {
    if (route.request().resourceType() !== 'document') return route.fallback();
    const response = await route.fetch();
    const body = (await response.text()).replace(
      '</head>',
      '<script>window.__foreign = 1;</script><style>html { background: rgb(1, 2, 3) !important; }</style></head>',
    );
    await route.fulfill({ response, body });
  });
  await page.goto(at(SUB_URL, `notice/${REFERENCE_ID}`));
  await waitForNotice(page, REFERENCE_TITLE);
  assert.ok((await waitFor(page, /^CSP violation: .*script-src/)).length >= 1, problems(page).join('\n'));
  assert.ok((await waitFor(page, /^CSP violation: .*style-src/)).length >= 1, problems(page).join('\n'));
  const state = await page.evaluate(() => ({
    foreign: window.__foreign,
    background: getComputedStyle(document.documentElement).backgroundColor,
    js: document.documentElement.hasAttribute('data-js'),
    app: document.documentElement.dataset.app,
    titleColor: getComputedStyle(document.querySelector('h1.notice-title')).color,
  }));
  assert.equal(state.foreign, undefined, 'the foreign script did not run');
  assert.notEqual(state.background, 'rgb(1, 2, 3)', 'the foreign style was not applied');
  // The page's own inline blocks still ran and applied.
  assert.ok(state.js, 'the boot script ran');
  assert.equal(state.app, 'ready', 'the app started');
  assert.notEqual(state.titleColor, 'rgb(0, 0, 0)', 'the inline stylesheet styles the title');
});

test('without JavaScript the print stylesheet still applies (from <noscript>)', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false });
  await page.goto(at(STRICT_URL, `notice/${REFERENCE_ID}`));
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-nav').isVisible(), false, 'navigation hidden in print');
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await page.locator('.site-nav').isVisible(), true, 'navigation shown on screen');
  assertClean(page);
});
