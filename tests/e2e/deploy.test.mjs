// Deployments: the sub-path build under /notices/ on nginx, and the root build on a plain file
// server with no rewrites (python3 -m http.server).

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PLAIN_URL,
  REFERENCE_ID,
  REFERENCE_TITLE,
  SUB_URL,
  assertClean,
  at,
  closeAll,
  expectFailure,
  launchBrowser,
  markWindow,
  newPage,
  waitForHome,
  waitForNotice,
  windowMarkerSurvives,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

/** Every in-app link's href attribute on the page (fragments and other sites left out). */
function internalHrefs(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('a[href]')]
      .map((a) => a.getAttribute('href'))
      .filter((h) => !h.startsWith('#') && !/^[a-z][a-z0-9+.-]*:/i.test(h) && !h.startsWith('//')),
  );
}

/** Clicks through home → 工作动态 → the reference notice under `base`, client-side. */
async function homeListNotice(page, base, check = async () => {}) {
  await page.goto(base);
  assert.ok((await waitForHome(page)) > 0, 'home lists notices');
  await markWindow(page);
  await check('home');
  await page.locator('nav.site-nav').getByRole('link', { name: '工作动态', exact: true }).click();
  await page.waitForURL(at(base, 'list/gzdt/1'));
  await page.locator('h1.list-title').waitFor();
  assert.equal(await page.locator('main ul.notice-list > li').count(), 10);
  await check('list');
  await page.locator('main ul.notice-list').getByRole('link', { name: REFERENCE_TITLE }).click();
  await page.waitForURL(at(base, `notice/${REFERENCE_ID}`));
  await waitForNotice(page, REFERENCE_TITLE);
  assert.equal(await page.locator('.notice-body p').count(), 6);
  await check('notice');
  assert.ok(await windowMarkerSurvives(page), 'client-side navigation throughout');
}

test('sub-path build: everything stays under /notices/, deep links refresh', async () => {
  const page = await newPage(browser);
  const prefix = new URL(SUB_URL).pathname; // "/notices/"
  const origin = new URL(SUB_URL).origin;
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));

  await homeListNotice(page, SUB_URL, async (where) => {
    const hrefs = await internalHrefs(page);
    assert.ok(hrefs.length > 0, `${where}: has links`);
    const outside = hrefs.filter((h) => !h.startsWith(prefix));
    assert.deepEqual(outside, [], `${where}: every in-app link starts with ${prefix}`);
  });
  const crumbs = page.locator('nav.breadcrumb ol a');
  assert.equal(await crumbs.nth(0).getAttribute('href'), prefix);
  assert.equal(await crumbs.nth(1).getAttribute('href'), `${prefix}list/gzdt/1`);

  // The home page came with its data (prerendered: the site and page 1 of every list, which the
  // list page reuses); the notice was fetched from /notices/data/.
  const dataRequests = requests.filter((u) => new URL(u).pathname.includes('/data/'));
  assert.ok(dataRequests.includes(`${origin}${prefix}data/notices/${REFERENCE_ID}.json`));
  const outside = requests.filter((u) => {
    const url = new URL(u);
    return url.origin !== origin || !url.pathname.startsWith(prefix);
  });
  assert.deepEqual(outside, [], `no request outside ${prefix}`);

  // Deep-link refresh: nginx answers the route with the sub-path index.html.
  const response = await page.reload();
  assert.equal(response.status(), 200);
  await waitForNotice(page, REFERENCE_TITLE);
  assert.equal(page.url(), at(SUB_URL, `notice/${REFERENCE_ID}`));
  assert.equal(await page.locator('.notice-body p').count(), 6);
  assert.equal(await page.locator('.notice-meta .meta-published time').textContent(), '2026-02-12 17:29');
  assertClean(page);
});

test('plain file server: the app works from the home page; a deep-link refresh is the page', async () => {
  const page = await newPage(browser);
  await homeListNotice(page, PLAIN_URL);

  // Every route is a real file (notice/<id>/index.html): the plain server redirects the deep
  // link to its folder and answers 200 with the prerendered notice, which the app takes over.
  const response = await page.reload();
  assert.equal(response.status(), 200, 'the plain server answers a deep link with its page');
  assert.equal(page.url(), at(PLAIN_URL, `notice/${REFERENCE_ID}/`));
  await waitForNotice(page, REFERENCE_TITLE);
  assert.equal(await page.locator('.notice-body p').count(), 6);
  // An unknown path is still the server's own 404.
  const missing = at(PLAIN_URL, 'notice/no-such-notice');
  expectFailure(page, missing);
  expectFailure(page, at(PLAIN_URL, 'favicon.ico')); // asked for by the server's own error page
  assert.equal((await page.goto(missing)).status(), 404);
  assertClean(page);
});
