// Helpers for the reading-aids, keyboard and sharing tests: reading settings, axe-core,
// a notice with every block type, colour contrast and QR decoding.

import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { BASE_URL, at, routeData } from './helpers.mjs';

/** The reading settings as prefs.js reads them from localStorage. */
export const MODES = {
  normal: { storage: {}, contextOptions: {} },
  elder: { storage: { 'bulletin.elder': 'on' }, contextOptions: {} },
  'high contrast': { storage: { 'bulletin.contrast': 'on' }, contextOptions: {} },
  dark: { storage: {}, contextOptions: { colorScheme: 'dark' } },
};

/** Stores reading settings before any script of the page runs (as a remembered visit would). */
export async function storeSettings(page, storage) {
  await page.addInitScript((entries) => {
    // Only before the first document of the tab: reloads keep what the app wrote since.
    if (sessionStorage.getItem('bulletin-e2e-stored')) return;
    sessionStorage.setItem('bulletin-e2e-stored', '1');
    for (const [key, value] of Object.entries(entries)) localStorage.setItem(key, value);
  }, storage);
}

/** The notice served as "every block type": the disclosure notice with every block kind added. */
export const EVERY_BLOCK_ID = 'business-environment-measures-2026';

/**
 * Answers the data file of EVERY_BLOCK_ID with a notice holding every block type: paragraphs
 * with links and emphasis, headings of level 2, 3 and 4, a quote, ordered and unordered lists,
 * an image with a caption, a table, the 信息公开 fields and attachments (all taken from the
 * sample notices, so every URL in it exists).
 */
export async function serveEveryBlockNotice(page, base = BASE_URL) {
  const load = async (id) => (await fetch(at(base, `data/notices/${id}.json`))).json();
  const [notice, review, image, quote, attachments] = await Promise.all([
    load(EVERY_BLOCK_ID),
    load('2025-zhejiang-ict-industry-review'),
    load('5g-base-stations-exceed-300000'),
    load('2026-anti-fraud-work-notice'),
    load('2025-q4-telecom-complaints-report'),
  ]);
  const pick = (n, type) => n.body.filter((b) => b.type === type);
  const body = [
    ...notice.body.slice(0, 2),
    { type: 'heading', level: 2, content: ['一、二级标题'] },
    { type: 'heading', level: 3, content: ['（一）三级标题'] },
    { type: 'heading', level: 4, content: ['1. 四级标题'] },
    ...pick(review, 'paragraph').filter((p) => p.content.some((i) => typeof i !== 'string')).slice(0, 1),
    ...pick(quote, 'quote').slice(0, 1),
    ...pick(review, 'list').slice(0, 1),
    { type: 'list', ordered: true, items: [['第一项'], ['第二项'], ['第三项']] },
    ...pick(image, 'image'),
    ...pick(review, 'table').slice(0, 1),
    ...notice.body.slice(2),
  ];
  const types = new Set(body.map((b) => (b.type === 'heading' ? `h${b.level}` : b.type)));
  for (const t of ['paragraph', 'h2', 'h3', 'h4', 'quote', 'list', 'image', 'table']) {
    assert.ok(types.has(t), `the composed notice has a ${t} block`);
  }
  const composed = { ...notice, body, attachments: attachments.attachments };
  await routeData(page, `**/data/notices/${EVERY_BLOCK_ID}.json`, { body: JSON.stringify(composed) });
  return composed;
}

function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      ${n.target.join(' ')}\n        ${(n.failureSummary || '').replace(/\n/g, '\n        ')}`)
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} node(s))\n${nodes}`;
    })
    .join('\n');
}

/** Runs axe-core (WCAG 2.1 A/AA + best practice) and fails on any violation. */
export async function assertNoAxeViolations(page, what = page.url()) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  assert.ok(results.passes.length > 0, 'axe ran its rules');
  assert.equal(
    results.violations.length,
    0,
    `axe found ${results.violations.length} violation(s) on ${what}:\n${describeViolations(results.violations)}`,
  );
}

/**
 * In the page: every visible element with its own text, its computed text colour against the
 * background it is drawn on (the nearest ancestor with an opaque background), as contrast ratios.
 */
export function textContrasts(page) {
  return page.evaluate(() => {
    const parse = (c) => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const lum = ({ r, g, b }) => {
      const f = (v) => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a, b) => {
      const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c.a >= 0.99) return c;
      }
      return { r: 255, g: 255, b: 255, a: 1 };
    };
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest('.visually-hidden, svg, noscript, [hidden]')) continue;
      const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!ownText) continue;
      const s = getComputedStyle(el);
      if (s.visibility !== 'visible' || el.getClientRects().length === 0) continue;
      const fg = parse(s.color);
      const bg = background(el);
      out.push({
        text: el.textContent.trim().slice(0, 24),
        tag: el.tagName.toLowerCase(),
        cls: el.className && typeof el.className === 'string' ? el.className : '',
        ratio: ratio(fg, bg),
        fontSize: parseFloat(s.fontSize),
      });
    }
    return out;
  });
}

/** Contrast ratio of two CSS colours (rgb()/rgba() strings), in Node. */
export function contrastRatio(c1, c2) {
  const parse = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
  const lum = (rgb) =>
    rgb
      .map((v) => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
      })
      .reduce((acc, v, i) => acc + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [a, b] = [lum(parse(c1)), lum(parse(c2))].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

/** Decodes the QR code in a PNG screenshot; returns its text or null. */
export function decodeQr(png) {
  const image = PNG.sync.read(png);
  const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  return code ? code.data : null;
}

/** Whether the page scrolls sideways. */
export function horizontalOverflow(page) {
  return page.evaluate(() => {
    const e = document.scrollingElement;
    return { scrollWidth: e.scrollWidth, clientWidth: e.clientWidth };
  });
}
