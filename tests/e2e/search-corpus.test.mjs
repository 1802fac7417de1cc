// Site search over a generated corpus, in the browser: tools/gen-corpus.py writes 400 notices, the
// content tool builds them into a copy of the root build, python3 -m http.server serves it, and
// each query's results must be exactly the notices whose text holds the query — computed here by
// a plain scan of the notices' JSON, which shares no code with the index.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { allowOrigin, assertClean, closeAll, launchBrowser, newPage, poll, waitForHome } from './helpers.mjs';

const ROOT_DIST = resolve(process.env.E2E_ROOT_DIST || 'target/e2e/dist-root');
const PORT = Number(process.env.E2E_PLAIN_PORT || 18081) + 1;
const BASE = `http://127.0.0.1:${PORT}/`;

let browser;
let server;
let work;
const notices = [];

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'bulletin-search-corpus-'));
  const corpus = join(work, 'corpus');
  const site = join(work, 'site');
  let r = spawnSync('python3', ['tools/gen-corpus.py', '--count', '400', '--out', corpus, '--quiet'], { stdio: 'inherit' });
  assert.equal(r.status, 0, 'gen-corpus');
  cpSync(ROOT_DIST, site, { recursive: true });
  r = spawnSync('target/tool/bulletin', ['build', corpus, '--out', site], { stdio: 'inherit' });
  assert.equal(r.status, 0, 'bulletin build');
  for (const file of readdirSync(join(site, 'data/notices'))) {
    notices.push(JSON.parse(readFileSync(join(site, 'data/notices', file), 'utf8')));
  }
  server = spawn('python3', ['-m', 'http.server', String(PORT), '--bind', '127.0.0.1', '--directory', site], {
    stdio: 'ignore',
  });
  const up = await poll(async () => {
    try {
      return (await fetch(BASE)).ok;
    } catch {
      return false;
    }
  }, { timeout: 10_000 });
  assert.ok(up, `http.server on ${BASE}`);
  allowOrigin(BASE);
  browser = await launchBrowser();
});
afterEach(closeAll);
after(async () => {
  await browser?.close();
  server?.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Full-width ASCII to half-width, U+3000 to a space, lower case. */
function fold(s) {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .toLowerCase();
}

function kind(c) {
  if (/[0-9]/.test(c)) return 1;
  if (/[a-z]/.test(c)) return 2;
  return 0;
}

/** Whether `text` holds `term`, not inside a longer number or word. */
function holds(text, term) {
  for (let i = text.indexOf(term); i >= 0; i = text.indexOf(term, i + 1)) {
    const before = i > 0 ? kind(text[i - 1]) : 0;
    const after = i + term.length < text.length ? kind(text[i + term.length]) : 0;
    if ((before === 0 || before !== kind(term[0])) && (after === 0 || after !== kind(term[term.length - 1]))) return true;
  }
  return false;
}

const inline = (c) => (c || []).map((i) => (typeof i === 'string' ? i : i.text)).join('');
function pieces(n) {
  const out = [n.title, n.doc_number, n.subtitle, n.publisher, n.source];
  for (const b of n.body) {
    if (b.type === 'list') out.push(...b.items.map(inline));
    else if (b.type === 'table') {
      out.push(b.caption, ...(b.header || []).map(inline));
      for (const row of b.rows) out.push(...row.map(inline));
    } else if (b.type === 'image') out.push(b.alt, b.caption);
    else out.push(inline(b.content));
  }
  out.push(...(n.keywords || []), ...(n.attachments || []).map((a) => a.name));
  return out.filter(Boolean).map(fold);
}

function expected(q) {
  const terms = fold(q).split(/\s+/).filter(Boolean);
  return notices.filter((n) => {
    const ps = pieces(n);
    return terms.every((t) => ps.some((p) => holds(p, t)));
  });
}

/** Searches through the header box (the plain server has no SPA fallback for /search). */
async function search(page, q) {
  await page.locator('#site-search-input').fill(q);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === q);
  await page.waitForFunction((q) => document.title.startsWith(`站内搜索：${q}`), q);
  await page.locator('.search-results, .search-none').first().waitFor();
}

async function shownIds(page) {
  return page
    .locator('.search-result-title a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href').split('/notice/')[1]));
}

describe('search over 400 generated notices', () => {
  test('every query finds exactly the notices that hold it', async () => {
    const page = await newPage(browser);
    await page.goto(BASE);
    await waitForHome(page);
    const queries = ['信息通', '通信管', '21号', '浙通管〔2026〕21号', '浙通管〔2026〕121号', '70EFLOPS', 'EFLOPS', '5G', '进一步', '电信 诈骗'];
    let checked = 0;
    for (const q of queries) {
      const want = expected(q);
      if (want.length === 0) continue;
      await search(page, q);
      const total = Number(await page.locator('.search-summary strong').textContent());
      assert.equal(total, want.length, `${q}: count`);
      const ids = await shownIds(page);
      const wantIds = new Set(want.map((n) => n.id));
      assert.equal(ids.length, Math.min(10, want.length), `${q}: first page`);
      for (const id of ids) assert.ok(wantIds.has(id), `${q}: ${id} does not hold it`);
      // A 文号 query ranks the notice whose own 文号 it is first.
      const own = want.filter((n) => n.doc_number === q);
      if (own.length === 1) assert.equal(ids[0], own[0].id, `${q}: its own notice first`);
      checked += 1;
    }
    assert.ok(checked >= 6, `enough queries occur in the corpus (${checked})`);
    assertClean(page);
  });

  test('a typo in a Latin word finds the word', async () => {
    const page = await newPage(browser);
    await page.goto(BASE);
    await waitForHome(page);
    const want = expected('FTTR');
    assert.ok(want.length > 0);
    await search(page, 'FTRR');
    assert.equal(Number(await page.locator('.search-summary strong').textContent()), want.length);
    assertClean(page);
  });
});
