// Hostile content: every XSS payload of tests/fixtures/xss-payloads.json in every string field of
// every data file kind (site.json, list pages, a notice with every block type, its metadata,
// attachments and links). Each page must show the payloads as inert text, or drop the link, and
// no foreign code may run: no dialog, no navigation away, no request to another origin, no CSP
// violation, no console error (helpers.mjs records all of these on every page), no element or
// attribute that can run script.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  BASE_URL,
  assertClean,
  at,
  closeAll,
  expectFailure,
  launchBrowser,
  newPage,
  withoutPrerender,
} from './helpers.mjs';

const corpus = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/xss-payloads.json', import.meta.url)), 'utf8'),
);
/** The payloads, `repeat` expanded. */
export const PAYLOADS = corpus.payloads.map((p) => p.payload.repeat(p.repeat ?? 1));

const PUBLISHED = '2026-02-12T17:29:00+08:00';

/** site.json with the payload in every string field a reader can see (ids must stay valid ids). */
function site(p) {
  return {
    name: p,
    description: p,
    lang: p,
    channels: [
      { id: 'tzgg', name: p },
      { id: 'gzdt', name: `${p}2` },
    ],
    footer: { organizer: p, icp: p, site_code: p, contact: p },
    page_size: 10,
  };
}

function list(channel, p) {
  return {
    channel,
    page: 1,
    pages: 1,
    total: 1,
    items: [{ id: 'xss-notice', title: p, published: PUBLISHED, channel: 'tzgg', validity: p, valid_until: p, deadline: p }],
  };
}

/** A notice with the payload in every string field and every inline position of every block. */
function notice(p) {
  const link = (text) => ({ text, href: p });
  return {
    id: 'xss-notice',
    title: p,
    subtitle: p,
    published: PUBLISHED,
    channel: 'tzgg',
    source: p,
    publisher: p,
    doc_number: p,
    index_number: p,
    written: p,
    topic: p,
    keywords: [p, p],
    summary: p,
    body: [
      { type: 'heading', level: 2, content: [p] },
      { type: 'paragraph', content: [p, { text: p, strong: true }, { text: p, em: true, href: p }, link('链接')] },
      { type: 'quote', content: [p, link(p)] },
      { type: 'list', ordered: true, items: [[p], [link(p)]] },
      { type: 'image', src: p, alt: p, caption: p },
      { type: 'table', caption: p, header: [[p], [link(p)]], rows: [[[p], [{ text: p, strong: true, href: p }]]] },
      { type: p, content: [p], src: p },
    ],
    attachments: [{ name: p, href: p, type: p, size: 1024 }],
    prev: { id: 'xss-prev', title: p },
    next: { id: 'xss-next', title: p },
    related: [{ id: 'xss-related', title: p }],
    // The fields of a notice's life: a state or kind the app does not know reads as none.
    validity: p,
    valid_from: p,
    valid_until: p,
    deadline: p,
    updated: p,
    correction: p,
    replaced_by: { id: 'xss-new', title: p },
    interpretations: [{ id: 'xss-reading', title: p, kind: p }],
  };
}

/** The number of string fields above that carry the payload (for the closing report). */
export const FIELDS = {
  'site.json': 9, // name, description, lang, 2 channel names, 4 footer fields
  'list page': 1 * 3, // item title in lists/all, lists/tzgg, lists/gzdt
  // metadata 11 (keywords twice); body 25: heading 1, paragraph 5, quote 3, list 3, image 3,
  // table 7, unknown block 3; attachment 3 (name, href, type); prev/next/related titles 3
  notice: 11 + 25 + 3 + 3,
};

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

/** Everything in the live DOM that could run script or load from elsewhere. */
async function inspect() {
  const found = [];
  // The page's own inline blocks (the build's stylesheet and boot script) are named by their
  // sha256 in the page's Content-Security-Policy <meta>; any other inline <style> or <script> is not.
  const policy = document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content || '';
  const hashed = async (el) => {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(el.textContent));
    const b64 = btoa(String.fromCharCode(...new Uint8Array(digest)));
    return el.parentElement === document.head && policy.includes(`'sha256-${b64}'`);
  };
  const own = new Set();
  for (const el of document.querySelectorAll('style, script:not([src]):not([type="application/json"])')) {
    if (await hashed(el)) own.add(el);
  }
  const origin = location.origin;
  // The app's own search forms (site search) are real forms: their one allowed `action` is the
  // site's search page (`<base>search/`, same origin), sent with GET.
  const ownForms = 'form[role="search"].search-box, form[role="search"].search-form';
  const searchPage = new URL('search/', document.baseURI).href;
  const ownAction = (el, attr) =>
    attr.name.toLowerCase() === 'action' && el.matches(ownForms) && el.action === searchPage
    && el.getAttribute('method') === 'get';
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push(`${el.tagName} has ${attr.name}`);
      if (['srcdoc', 'formaction', 'xlink:href', 'action'].includes(attr.name.toLowerCase()) && !ownAction(el, attr)) {
        found.push(`${el.tagName} has ${attr.name}`);
      }
    }
  }
  // (The app's own inline SVG icons, if any, are fine; script inside SVG or MathML is not.)
  const FORBIDDEN = ['iframe', 'frame', 'object', 'embed', 'form', 'style', 'body style', 'svg script',
    'svg foreignObject', 'svg animate', 'svg set', 'math', 'meta[http-equiv="refresh"]', 'link[rel="import"]'];
  // The app's own search forms are not injected content.
  for (const sel of FORBIDDEN) {
    const n = [...document.querySelectorAll(sel)].filter((el) => !el.matches(ownForms) && !own.has(el)).length;
    if (n) found.push(`${n} <${sel}>`);
  }
  if (document.querySelectorAll('base').length !== 1) found.push('a second <base>');
  if (document.querySelectorAll('meta[http-equiv]').length !== 1) found.push('a second <meta http-equiv>');
  for (const s of document.querySelectorAll('script')) {
    if (own.has(s)) continue;
    if (!s.src || new URL(s.src).origin !== origin) found.push(`script ${s.src || '(inline)'}`);
  }
  for (const a of document.querySelectorAll('[href]')) {
    const href = a.href ?? a.getAttribute('href');
    const { protocol } = new URL(href, document.baseURI);
    if (!['http:', 'https:', 'mailto:', 'tel:'].includes(protocol)) found.push(`href ${href}`);
  }
  for (const img of document.querySelectorAll('img')) {
    if (new URL(img.src).origin !== origin) found.push(`img ${img.src}`);
  }
  if (window.__pwned !== undefined) found.push(`window.__pwned = ${window.__pwned}`);
  return found;
}

test(`${PAYLOADS.length} XSS payloads in every field of every file kind render inert on home, list and notice pages`, { timeout: 240_000 }, async () => {
  const page = await withoutPrerender(await newPage(browser));
  const origin = new URL(BASE_URL).origin;
  const navigations = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) navigations.push(frame.url());
  });
  // A payload that reads as a relative URL is a (harmless) image on this site: the server
  // answers it with index.html, 404 or 414 (too long). Those answers are not problems;
  // inspect() checks that no image is requested from anywhere else.
  const images = new Set();
  page.on('request', (r) => {
    if (r.resourceType() === 'image') images.add(r.url());
  });
  expectFailure(page, (url) => images.has(url));
  // Reloading page after page may cut the icon's download short.
  expectFailure(page, at(BASE_URL, 'favicon.svg'));
  let p = PAYLOADS[0];
  await page.route('**/data/**', (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^.*\/data\//, '');
    let body;
    if (path === 'site.json') body = site(p);
    else if (path === 'notices/xss-notice.json') body = notice(p);
    else {
      const m = path.match(/^lists\/([a-z]+)\/1\.json$/);
      if (m) body = list(m[1], p);
    }
    if (!body) return route.fulfill({ status: 404, body: 'not found', contentType: 'text/plain' });
    return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
  });

  let checked = 0;
  for (const [i, payload] of PAYLOADS.entries()) {
    p = payload;
    const label = `payload ${i + 1} (${corpus.payloads[i].family}): ${JSON.stringify(payload.slice(0, 60))}`;
    // Home: site name, channel names, footer, list titles.
    await page.goto(at(BASE_URL, ''));
    await page.locator('.home-latest .notice-list li a').first().waitFor();
    assert.equal(await page.locator('.site-name').textContent(), payload, `${label}: the site name is shown as text`);
    assert.equal(
      await page.locator('.home-latest .notice-list li a').first().textContent(),
      payload,
      `${label}: the list title is shown as text`,
    );
    assert.ok((await page.locator('.site-footer').textContent()).includes(payload), `${label}: footer`);
    assert.deepEqual(await page.evaluate(inspect), [], `${label}: home page`);

    // The notice, reached in the app.
    await page.locator('.home-latest .notice-list li a').first().click();
    await page.waitForURL(at(BASE_URL, 'notice/xss-notice'));
    await page.locator('h1.notice-title').waitFor();
    assert.equal(await page.locator('h1.notice-title').textContent(), payload, `${label}: notice title`);
    assert.equal(await page.locator('.notice-body h2').textContent(), payload, `${label}: heading`);
    assert.equal(await page.locator('.notice-body figcaption').textContent(), payload, `${label}: caption`);
    // A relative payload is an image URL on this site (inert); anything else is withheld and
    // its alt text shown. inspect() checks that every image is on this site.
    const alt = await page
      .locator('.notice-body figure')
      .evaluate((f) => f.querySelector('img')?.alt ?? f.querySelector('p').textContent);
    assert.equal(alt, payload, `${label}: image alt`);
    assert.deepEqual(await page.evaluate(inspect), [], `${label}: notice page`);

    // A channel list, through the header navigation.
    await page.locator('nav.site-nav a').nth(1).click();
    await page.waitForURL(at(BASE_URL, 'list/tzgg/1'));
    await page.locator('main ul.notice-list > li').first().waitFor();
    assert.equal(await page.locator('main ul.notice-list > li a').first().textContent(), payload, `${label}: list row`);
    assert.deepEqual(await page.evaluate(inspect), [], `${label}: list page`);
    checked += 1;
  }
  assert.equal(checked, PAYLOADS.length);
  const away = navigations.filter((u) => new URL(u).origin !== origin);
  assert.deepEqual(away, [], 'no navigation away from the site');
  assertClean(page);
  const perPayload = FIELDS['site.json'] + FIELDS['list page'] + FIELDS.notice;
  console.log(
    `hostile content: ${PAYLOADS.length} payloads x ${perPayload} fields = ${PAYLOADS.length * perPayload} placements, ` +
      '0 dialogs, 0 foreign requests, 0 CSP violations, 0 console errors',
  );
});
