// Accessibility (axe-core, WCAG 2.1 A/AA + best practice) and the phone layout.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import {
  BASE_URL,
  REFERENCE_ID,
  REFERENCE_TITLE,
  assertClean,
  at,
  closeAll,
  launchBrowser,
  newPage,
  waitForHome,
  waitForNotice,
} from './helpers.mjs';

const TABLE_NOTICE_ID = '2025-zhejiang-ict-industry-review';
const TABLE_NOTICE_TITLE = '2025年浙江省信息通信业发展情况';

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      ${n.target.join(' ')}\n        ${(n.failureSummary || '').replace(/\n/g, '\n        ')}`)
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} node(s))\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

async function assertNoAxeViolations(page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  assert.equal(
    results.violations.length,
    0,
    `axe found ${results.violations.length} violation(s) on ${page.url()}:\n${describeViolations(results.violations)}`,
  );
}

describe('axe-core: no violations', () => {
  test('home', async () => {
    const page = await newPage(browser);
    await page.goto(at(BASE_URL, ''));
    await waitForHome(page);
    await assertNoAxeViolations(page);
    assertClean(page);
  });

  test('list page /list/gzdt/1', async () => {
    const page = await newPage(browser);
    await page.goto(at(BASE_URL, 'list/gzdt/1'));
    await page.locator('main ul.notice-list > li').first().waitFor();
    await assertNoAxeViolations(page);
    assertClean(page);
  });

  test('reference notice', async () => {
    const page = await newPage(browser);
    await page.goto(at(BASE_URL, `notice/${REFERENCE_ID}`));
    await waitForNotice(page, REFERENCE_TITLE);
    await assertNoAxeViolations(page);
    assertClean(page);
  });

  test('notice with a table, lists, headings and a link', async () => {
    const page = await newPage(browser);
    await page.goto(at(BASE_URL, `notice/${TABLE_NOTICE_ID}`));
    await waitForNotice(page, TABLE_NOTICE_TITLE);
    const body = page.locator('.notice-body');
    assert.ok((await body.locator('table').count()) > 0, 'has a table');
    assert.ok((await body.locator('ul, ol').count()) > 0, 'has a list');
    assert.ok((await body.locator('h2, h3, h4').count()) > 0, 'has headings');
    assert.ok((await body.locator('a[href]').count()) > 0, 'has a link');
    await assertNoAxeViolations(page);
    assertClean(page);
  });
});

describe('phone 360×740', () => {
  for (const [id, title] of [
    [REFERENCE_ID, REFERENCE_TITLE],
    [TABLE_NOTICE_ID, TABLE_NOTICE_TITLE],
  ]) {
    test(`/notice/${id}: no horizontal scroll, 2em indent, line-height ≥ 1.8`, async () => {
      const page = await newPage(browser, {
        viewport: { width: 360, height: 740 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      });
      await page.goto(at(BASE_URL, `notice/${id}`));
      await waitForNotice(page, title);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.scrollingElement.scrollWidth,
        clientWidth: document.scrollingElement.clientWidth,
      }));
      assert.ok(scrollWidth <= clientWidth, `no horizontal scroll: scrollWidth ${scrollWidth} > clientWidth ${clientWidth}`);

      const paragraphs = await page.evaluate(() =>
        [...document.querySelectorAll('.notice-body > p')].map((p) => {
          const s = getComputedStyle(p);
          return {
            text: p.textContent.slice(0, 20),
            fontSize: parseFloat(s.fontSize),
            indent: parseFloat(s.textIndent),
            lineHeight: s.lineHeight,
          };
        }),
      );
      assert.ok(paragraphs.length > 0, 'has body paragraphs');
      for (const p of paragraphs) {
        assert.ok(Math.abs(p.indent - 2 * p.fontSize) < 0.5, `text-indent ${p.indent}px = 2 × ${p.fontSize}px («${p.text}»)`);
        const lineHeight = parseFloat(p.lineHeight);
        assert.ok(
          Number.isFinite(lineHeight) && lineHeight >= 1.8 * p.fontSize - 0.01,
          `line-height ${p.lineHeight} ≥ 1.8 × ${p.fontSize}px («${p.text}»)`,
        );
      }
      assertClean(page);
    });
  }
});
