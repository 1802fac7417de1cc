// Benchmark (not a test): Bulletin's search against Pagefind 1.6 on the same notices, in Debian
// Chromium through nginx (gzip as in docs/deploy.md). Run by scripts/bench-search.sh, which builds
// both indexes and starts the server.
//
//   node bench/search.mjs <base-url> <query-set.jsonl>
// <base-url>/               the Bulletin app with the generated site's data tree
// <base-url>/pf/harness.html  a blank page that imports /pf/pagefind/pagefind.js
// <query-set.jsonl>         bench/search_query_set.rs output: per query the expected notice ids
//                           (plain substring scan) and the ids Bulletin's index finds
//
// Prints, per engine: bytes downloaded (encoded, i.e. as sent) for a first and a second query
// after the page is loaded, browser latency of 50 queries (median, p90, first), recall on the
// query set, and the rank of the one notice that holds a 文号.

import { readFileSync, statSync } from 'node:fs';
import { launchBrowser } from '../tests/e2e/helpers.mjs';

const [base, setFile] = process.argv.slice(2);
const querySet = readFileSync(setFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

/** 50 queries a reader might type: words, phrases, 文号, Latin and mixed tokens. */
export const LATENCY_QUERIES = [
  '信息通信', '网络安全', '5G', '督导', '算力', '电信诈骗', '工业互联网', '数据安全', '宽带', '千兆',
  '应急通信', '安全生产', '营商环境', '申诉', '个人信息保护', '反诈', '基站', '光纤', 'IPv6', '卫星',
  '人工智能', '双万兆', '暖心服务', '乡村', '防汛', '春节', '国庆', '亚运', '乌镇', '峰会',
  '许可', '年报', '实名', '骚扰电话', '短信', '数字经济', '云计算', '物联网', '车联网', '互联网',
  '信息通', '通信管', '21号', '用算', '浙通管〔2026〕21号', '70EFLOPS', 'FTTR', '算力网络', '电话用户', '真实身份',
];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
}
function p90(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * 0.9))] : NaN;
}

/**
 * Records the encoded bytes of every response; `take()` returns and resets the sum. With
 * BENCH_ACCESS_LOG (nginx's access log, `$bytes_sent $request_uri` per line, as
 * scripts/bench-search.sh writes it), the server's count is used: it also sees the requests of
 * workers (Bulletin's search engine runs in one), which the page's own request events report
 * without sizes; `parts` then splits the bytes into the engine's files, the index files and the
 * notices.
 */
function byteCounter(page) {
  const log = process.env.BENCH_ACCESS_LOG;
  if (log) {
    let offset = statSync(log).size;
    return {
      async take() {
        await new Promise((r) => setTimeout(r, 300));
        const text = readFileSync(log).subarray(offset).toString('utf8');
        offset += Buffer.byteLength(text);
        const lines = text.split('\n').filter((l) => l.trim() !== '');
        const parts = { engine: 0, index: 0, indexRequests: 0, notices: 0, other: 0 };
        for (const l of lines) {
          const [n, uri = ''] = l.split(' ');
          const bytes = Number(n);
          if (/\/search-(worker-)?[0-9a-f]{16}\.(js|wasm)$/.test(uri)) parts.engine += bytes;
          else if (uri.includes('/data/search/')) {
            parts.index += bytes;
            parts.indexRequests += 1;
          } else if (uri.includes('/data/notices/')) parts.notices += bytes;
          else parts.other += bytes;
        }
        const bytes = lines.reduce((sum, l) => sum + Number(l.split(' ')[0]), 0);
        return { bytes, count: lines.length, parts };
      },
    };
  }
  let bytes = 0;
  let count = 0;
  const pending = [];
  page.on('requestfinished', (req) => {
    pending.push(
      req.sizes().then((s) => {
        bytes += s.responseBodySize + s.responseHeadersSize;
        count += 1;
      }),
    );
  });
  return {
    async take() {
      await new Promise((r) => setTimeout(r, 300));
      await Promise.all(pending.splice(0));
      const out = { bytes, count };
      bytes = 0;
      count = 0;
      return out;
    },
  };
}

/** Opens the app's home page and waits until the app (not only the prerendered page) runs. */
async function openApp(context) {
  const page = await context.newPage();
  const counter = byteCounter(page);
  await page.goto(`${base}`);
  await page.locator('.home-latest .notice-list li').first().waitFor();
  await page.waitForLoadState('networkidle');
  return { page, counter };
}

async function bulletin(browser, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const { page, counter } = await openApp(context);
  const app = await counter.take();
  // One query: follow a link to /search?q=… inside the app and wait until its results are shown.
  const run = (q) =>
    page.evaluate(async (q) => {
      const a = document.createElement('a');
      a.href = `/search?q=${encodeURIComponent(q)}`;
      document.body.append(a);
      const t0 = performance.now();
      a.click();
      a.remove();
      // Shown when the new results (or the no-results panel) are in the DOM and the title names
      // the query; complete when every result shown has its snippet. A MutationObserver sees
      // both as soon as they happen.
      const when = (done) =>
        new Promise((resolve) => {
          if (done()) return resolve(performance.now());
          const observer = new MutationObserver(() => {
            if (done()) {
              observer.disconnect();
              resolve(performance.now());
            }
          });
          observer.observe(document, { subtree: true, childList: true, characterData: true });
        });
      const shown = await when(
        () =>
          document.title.startsWith(`站内搜索：${q} `) &&
          document.querySelector('.search-results, .search-none'),
      );
      const complete = await when(
        () =>
          document.querySelectorAll('.search-result-snippet').length ===
          document.querySelectorAll('.search-result').length,
      );
      return { shown: shown - t0, complete: complete - t0 };
    }, q);
  const first = await run('信息通');
  const firstBytes = await counter.take();
  const second = await run('浙通管〔2026〕21号');
  const secondBytes = await counter.take();
  const shown = [];
  const times = [];
  for (const q of LATENCY_QUERIES) {
    const t = await run(q);
    shown.push(t.shown);
    times.push(t.complete);
  }
  await context.close();
  return { app, first: first.complete, firstShown: first.shown, firstBytes, second, secondBytes, shown, times };
}

/**
 * The engine alone, as Pagefind's figure is its API alone: in a fresh context, the app's page
 * starts its own instance of the search worker (the same files), fetches the manifest, then each
 * query is timed from posting the search message to receiving the results and
 * their snippets (what a results page shows), without rendering.
 */
async function bulletinEngine(browser, contextOptions = {}, checkLastPages = false) {
  const context = await browser.newContext(contextOptions);
  const { page } = await openApp(context);
  await page.evaluate(async () => {
    const script = document.querySelector('meta[name=bulletin-search]').content;
    const worker = new Worker(new URL(script, document.baseURI), { type: 'module' });
    let waiting = [];
    worker.onmessage = (e) => {
      const m = JSON.parse(e.data);
      waiting = waiting.filter((w) => !w(m));
    };
    const wait = (pred) => new Promise((resolve) => waiting.push((m) => pred(m) && (resolve(m), true)));
    await wait((m) => m === 'Ready');
    worker.postMessage(JSON.stringify({ Warm: { base: '/' } }));
    let id = 0;
    /** The last page of `q` without snippets: its total and whether more may match. */
    window.benchLastPage = async (q) => {
      id += 1;
      const mine = id;
      const results = wait((m) => m.Results && m.Results.id === mine);
      const params = { q, channel: null, from: null, to: null, sort: 'Relevance', page: 1_000_000 };
      worker.postMessage(JSON.stringify({ Search: { id: mine, slot: 'last', base: '/', params, per_page: 10, snippets: false } }));
      const r = (await results).Results.results.Ok;
      return r ? { total: r.total, more: r.more, page: r.page } : null;
    };
    window.benchSearch = async (q) => {
      id += 1;
      const mine = id;
      const results = wait((m) => m.Results && m.Results.id === mine);
      const snippets = wait((m) => m.Snippets && m.Snippets.id === mine);
      const params = { q, channel: null, from: null, to: null, sort: 'Relevance', page: 1 };
      const t0 = performance.now();
      worker.postMessage(JSON.stringify({ Search: { id: mine, slot: 'bench', base: '/', params, per_page: 10, snippets: true } }));
      const r = await results;
      const t1 = performance.now();
      if (r.Results.results.Ok && r.Results.results.Ok.items.length > 0) await snippets;
      return { results: t1 - t0, complete: performance.now() - t0 };
    };
  });
  // What the warm-up fetches (the manifest) is in before the first query.
  await page.waitForTimeout(1000);
  const run = (q) => page.evaluate((q) => window.benchSearch(q), q);
  const first = await run('信息通');
  await run('浙通管〔2026〕21号');
  const times = [];
  for (const q of LATENCY_QUERIES) times.push((await run(q)).complete);
  // Paging to the end in the browser: the last page of each query of the query set loads every
  // block, and its total must be the plain scan's count.
  const last = [];
  if (checkLastPages) {
    for (const { q, expected } of querySet) {
      const r = await page.evaluate((q) => window.benchLastPage(q), q);
      last.push({ q, expected: expected.length, total: r ? r.total : -1, more: r ? r.more : true });
    }
  }
  await context.close();
  return { first: first.complete, times, last };
}

async function pagefind(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const counter = byteCounter(page);
  await page.goto(`${base}pf/harness.html`);
  await page.waitForFunction(() => window.pagefindReady === true);
  const harness = await counter.take();
  // One query: search, then load the data (URL, title, excerpt) of the first 10 results, which is
  // what a results page shows.
  const run = (q) =>
    page.evaluate(async (q) => {
      const t0 = performance.now();
      const r = await window.pf.search(q);
      await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
      return performance.now() - t0;
    }, q);
  const first = await run('信息通');
  const firstBytes = await counter.take();
  const second = await run('浙通管〔2026〕21号');
  const secondBytes = await counter.take();
  const times = [];
  for (const q of LATENCY_QUERIES) times.push(await run(q));
  // Recall: every result's URL (loads every fragment; not counted above).
  const found = {};
  for (const { q } of querySet) {
    found[q] = await page.evaluate(async (q) => {
      const r = await window.pf.search(q);
      const data = await Promise.all(r.results.map((x) => x.data()));
      return data.map((d) => d.url.replace(/^.*\/notice\//, '').replace(/\/$/, ''));
    }, q);
  }
  await context.close();
  return { harness, first, firstBytes, second, secondBytes, times, found };
}

function recall(expected, found) {
  const f = new Set(found);
  const hit = expected.filter((id) => f.has(id)).length;
  return { hit, of: expected.length, pct: expected.length ? (100 * hit) / expected.length : 100 };
}

const browser = await launchBrowser();
try {
  const ours = await bulletin(browser);
  const engine = await bulletinEngine(browser, {}, true);
  // Without the site's service worker (public/sw.js), which every request of the app and of the
  // search worker goes through (Pagefind's harness page has none).
  const oursNoSw = await bulletin(browser, { serviceWorkers: 'block' });
  const engineNoSw = await bulletinEngine(browser, { serviceWorkers: 'block' });
  const none = { bytes: NaN, count: NaN };
  const pf = process.env.BENCH_SKIP_PAGEFIND
    ? { harness: none, first: NaN, firstBytes: none, second: NaN, secondBytes: none, times: [], found: {} }
    : await pagefind(browser);
  const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
  console.log('\n| measure | Bulletin | Pagefind 1.6 |\n|---|---|---|');
  console.log(`| loaded before the first query (app / harness page) | ${kb(ours.app.bytes)} (the app itself) | ${kb(pf.harness.bytes)} |`);
  console.log(`| first query 信息通 (cold): bytes, requests | ${kb(ours.firstBytes.bytes)}, ${ours.firstBytes.count} | ${kb(pf.firstBytes.bytes)}, ${pf.firstBytes.count} |`);
  const split = (b) =>
    b.parts
      ? `engine ${kb(b.parts.engine)}, index ${kb(b.parts.index)} in ${b.parts.indexRequests} requests, notices ${kb(b.parts.notices)}, other ${kb(b.parts.other)}`
      : '';
  console.log(`| first query 信息通 (cold), of which | ${split(ours.firstBytes)} | |`);
  console.log(`| second query 浙通管〔2026〕21号: bytes, requests | ${kb(ours.secondBytes.bytes)}, ${ours.secondBytes.count} | ${kb(pf.secondBytes.bytes)}, ${pf.secondBytes.count} |`);
  console.log(`| first query latency (Bulletin: list shown / with snippets) | ${ours.firstShown.toFixed(1)} / ${ours.first.toFixed(1)} ms | ${pf.first.toFixed(1)} ms |`);
  console.log(`| 50 queries: median latency, results with snippets | ${median(ours.times).toFixed(1)} ms | ${median(pf.times).toFixed(1)} ms |`);
  console.log(`| 50 queries: p90 latency, results with snippets | ${p90(ours.times).toFixed(1)} ms | ${p90(pf.times).toFixed(1)} ms |`);
  console.log(`| 50 queries: median / p90 until the result list is shown | ${median(ours.shown).toFixed(1)} / ${p90(ours.shown).toFixed(1)} ms | (no list: not rendered) |`);
  console.log(`| 50 queries, engine alone (message to results with snippets, no rendering): median / p90 | ${median(engine.times).toFixed(1)} / ${p90(engine.times).toFixed(1)} ms | ${median(pf.times).toFixed(1)} / ${p90(pf.times).toFixed(1)} ms (its API alone) |`);
  console.log(`| without the service worker: first query, list / with snippets | ${oursNoSw.firstShown.toFixed(1)} / ${oursNoSw.first.toFixed(1)} ms, ${kb(oursNoSw.firstBytes.bytes)}, ${oursNoSw.firstBytes.count} requests | (none) |`);
  console.log(`| without the service worker: 50 queries, list shown median / p90 | ${median(oursNoSw.shown).toFixed(1)} / ${p90(oursNoSw.shown).toFixed(1)} ms | |`);
  console.log(`| without the service worker: 50 queries, with snippets median / p90 | ${median(oursNoSw.times).toFixed(1)} / ${p90(oursNoSw.times).toFixed(1)} ms | |`);
  console.log(`| without the service worker: engine alone median / p90 | ${median(engineNoSw.times).toFixed(1)} / ${p90(engineNoSw.times).toFixed(1)} ms | |`);
  const lastOk = engine.last.filter((l) => l.total === l.expected && !l.more);
  console.log(
    `\nThe engine in the browser, last page of each query of the query set: total equal to the plain scan for ${lastOk.length} of ${engine.last.length} queries${
      lastOk.length === engine.last.length ? '' : ` (differ: ${engine.last.filter((l) => !lastOk.includes(l)).map((l) => `${l.q} ${l.total}/${l.expected}${l.more ? ' more' : ''}`).join(', ')})`
    }`,
  );
  console.log('\nRecall on the query set (expected: notices whose text holds the query, by a plain scan):\n');
  console.log('| query | notices | Bulletin | Pagefind 1.6 |\n|---|---|---|---|');
  let oursHit = 0, pfHit = 0, all = 0;
  for (const { q, expected, found, typo_of } of querySet) {
    const a = recall(expected, found);
    const b = recall(expected, pf.found[q] || []);
    oursHit += a.hit; pfHit += b.hit; all += expected.length;
    const rankNote = (list) => {
      if (expected.length !== 1) return `${list.length} results`;
      const i = list.indexOf(expected[0]);
      return `${list.length} results, the one notice ${i < 0 ? 'missing' : `ranked ${i + 1}`}`;
    };
    console.log(`| ${typo_of ? `${q} (typo of ${typo_of})` : q} | ${expected.length} | ${a.pct.toFixed(0)} % (${rankNote(found)}) | ${b.pct.toFixed(0)} % (${rankNote(pf.found[q] || [])}) |`);
  }
  console.log(`| all | ${all} | ${((100 * oursHit) / all).toFixed(1)} % | ${((100 * pfHit) / all).toFixed(1)} % |`);
  console.log(
    `\nBENCH_SEARCH_JSON ${JSON.stringify({
      bulletin: { firstBytes: ours.firstBytes, secondBytes: ours.secondBytes, first: ours.first, median: median(ours.times), p90: p90(ours.times), shownMedian: median(ours.shown), shownP90: p90(ours.shown), engineMedian: median(engine.times), engineP90: p90(engine.times), recall: oursHit / all },
      bulletinWithoutServiceWorker: { firstBytes: oursNoSw.firstBytes, secondBytes: oursNoSw.secondBytes, median: median(oursNoSw.times), p90: p90(oursNoSw.times), shownMedian: median(oursNoSw.shown), shownP90: p90(oursNoSw.shown), engineMedian: median(engineNoSw.times), engineP90: p90(engineNoSw.times) },
      pagefind: { harness: pf.harness, firstBytes: pf.firstBytes, secondBytes: pf.secondBytes, first: pf.first, median: median(pf.times), p90: p90(pf.times), recall: pfHit / all },
    })}`,
  );
} finally {
  await browser.close();
}
