// Benchmark helper (not a test): where a results page's time goes in the app, query by query.
//
//   node bench/search-breakdown.mjs <base-url> <app-dir>
//
// A root build only. <app-dir> is the build served at <base-url> (e.g. target/bench/search/app after
// scripts/bench-search.sh, served by nginx as that script does). Its search worker script is
// patched for the run (and restored): it reports when each of its fetches started and ended and
// when it posted its replies. Two fresh contexts, service workers blocked: A follows a link to
// /search?q=… in the app (as bench/search.mjs does), B posts the same search straight to its own
// app's worker (the engine alone, in an app page); queries alternate between them. Prints the
// medians of: click to the message posted, the worker's own time, the messages' transit, reply to
// the list in the DOM; then app and engine-alone times (median / p90). VERBOSE=1 prints each
// query's timeline; WATCH_MAIN=1 also the main thread's busy spans (watching costs CPU);
// DIRECT_PUSH=1 has B also push a history entry and set the title right after posting, as a
// route change does, without the app rendering anything.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../tests/e2e/helpers.mjs';

const [baseArg, appDir] = process.argv.slice(2);
if (!baseArg || !appDir) {
  console.error('usage: node bench/search-breakdown.mjs <base-url> <app-dir>');
  process.exit(2);
}
const workerFile = path.join(appDir, readdirSync(appDir).find((f) => /^search-worker-[0-9a-f]{16}\.js$/.test(f)));
const original = readFileSync(workerFile, 'utf8');
const PATCH = `const F = self.fetch.bind(self);
let T = [];
let tin = 0;
self.addEventListener('message', (e) => { if (String(e.data).startsWith('{"Search')) { tin = performance.now(); T = []; } });
self.fetch = async (u, o) => { const s = performance.now(); const r = await F(u, o); T.push([String(u.url || u).replace(location.origin, ''), +(s - tin).toFixed(1), +(performance.now() - tin).toFixed(1)]); return r; };
const P = self.postMessage.bind(self);
self.postMessage = (m) => { const now = performance.now(); P(m); const s = String(m); if (s.startsWith('{"Results') || s.startsWith('{"Snippets')) P('T' + JSON.stringify({ at: +(now - tin).toFixed(1), t: T })); };
`;
writeFileSync(workerFile, PATCH + original);
process.on('exit', () => writeFileSync(workerFile, original));
process.on('SIGINT', () => process.exit(130));
// The 50 queries of bench/search.mjs (which reads its arguments when imported).
const LATENCY_QUERIES = [
  '信息通信', '网络安全', '5G', '督导', '算力', '电信诈骗', '工业互联网', '数据安全', '宽带', '千兆',
  '应急通信', '安全生产', '营商环境', '申诉', '个人信息保护', '反诈', '基站', '光纤', 'IPv6', '卫星',
  '人工智能', '双万兆', '暖心服务', '乡村', '防汛', '春节', '国庆', '亚运', '乌镇', '峰会',
  '许可', '年报', '实名', '骚扰电话', '短信', '数字经济', '云计算', '物联网', '车联网', '互联网',
  '信息通', '通信管', '21号', '用算', '浙通管〔2026〕21号', '70EFLOPS', 'FTTR', '算力网络', '电话用户', '真实身份',
];
const base = baseArg.endsWith('/') ? baseArg : `${baseArg}/`;
const browser = await launchBrowser();
const initScript = () => {
  const W = window.Worker;
  window.__log = [];
  window.Worker = class extends W {
    constructor(...a) {
      super(...a);
      window.__appWorker = this;
      this.addEventListener('message', (e) => {
        const d = String(e.data);
        if (d.startsWith('T')) { window.__log.push(['T', performance.now(), d.slice(1), 0]); return; }
        window.__log.push(['in', performance.now(), d.slice(0, 30), d.length]);
      });
    }
    postMessage(m, ...r) {
      window.__log.push(['out', performance.now(), String(m).slice(0, 40)]);
      return super.postMessage(m, ...r);
    }
  };
};
async function mk() {
const context = await browser.newContext({ serviceWorkers: 'block' });
await context.addInitScript(initScript);
const page = await context.newPage();
await page.goto(base);
await page.locator('.home-latest .notice-list li').first().waitFor();
await page.waitForLoadState('networkidle');
const run = (q) => page.evaluate(async ([q, watch]) => {
  window.__log = [];
  performance.clearResourceTimings();
  const a = document.createElement('a');
  a.href = `/search?q=${encodeURIComponent(q)}`;
  document.body.append(a);
  const t0 = performance.now();
  const gaps = []; let last = t0; let stop = false;
  const ch = new MessageChannel(); ch.port1.onmessage = () => { const n = performance.now(); if (n - last > 2) gaps.push([+(last - t0).toFixed(1), +(n - last).toFixed(1)]); last = n; if (!stop) ch.port2.postMessage(0); };
  // Watching the main thread keeps it running (it slows the worker): only on demand.
  if (watch) ch.port2.postMessage(0);
  a.click();
  a.remove();
  const when = (done) => new Promise((resolve) => {
    if (done()) return resolve(performance.now());
    const o = new MutationObserver(() => { if (done()) { o.disconnect(); resolve(performance.now()); } });
    o.observe(document, { subtree: true, childList: true, characterData: true });
  });
  const shown = await when(() => document.title.startsWith(`站内搜索：${q} `) && document.querySelector('.search-results, .search-none'));
  const complete = await when(() => document.querySelectorAll('.search-result-snippet').length === document.querySelectorAll('.search-result').length);
  stop = true;
  await new Promise((r) => setTimeout(r, 300));
  const res = performance.getEntriesByType('resource').map((e) => [e.name.replace(location.origin, ''), +(e.startTime - t0).toFixed(1), +e.duration.toFixed(1)]);
  return { gaps, shown: shown - t0, complete: complete - t0, log: window.__log.map(([k, t, d, n]) => [k, +(t - t0).toFixed(1), d, n]), res };
}, [q, !!process.env.WATCH_MAIN]);
const direct = (q) => page.evaluate(async ([q, push]) => {
  const w = window.__appWorker;
  const id = 100000 + Math.floor(Math.random() * 1e6);
  const params = { q, channel: null, from: null, to: null, sort: 'Relevance', page: 1 };
  const got = (pred) => new Promise((res) => { const f = (e) => { if (String(e.data).startsWith('T')) return; const m = JSON.parse(e.data); if (pred(m)) { w.removeEventListener('message', f); res(performance.now()); } }; w.addEventListener('message', f); });
  window.__log = [];
  const r = got((m) => m.Results && m.Results.id === id);
  const s = got((m) => m.Snippets && m.Snippets.id === id);
  const t0 = performance.now();
  w.postMessage(JSON.stringify({ Search: { id, slot: 'bench', base: '/', params, per_page: 10, snippets: true } }));
  // What a route change costs the browser besides the app's own work: a same-document navigation
  // (history entry) and a new title, without the app rendering anything.
  if (push) {
    history.pushState(null, '', `/search?q=${encodeURIComponent(q)}`);
    document.title = q;
  }
  const t1 = await r; const t2 = await Promise.race([s, new Promise((ok) => setTimeout(() => ok(t1), 300))]);
  await new Promise((ok) => setTimeout(ok, 50));
  return { results: t1 - t0, complete: t2 - t0, T: window.__log.filter((l) => l[0] === 'T').map((l) => l[2])[0] };
}, [q, !!process.env.DIRECT_PUSH]);
return { run, direct };
}
const A = await mk(); const B = await mk();
for (const X of [A, B]) { await X.run('信息通'); await X.run('浙通管〔2026〕21号'); }
const ta = [], tb = [], sa = [], c = { out: [], work: [], msg: [], dom: [] };
let i = 0;
for (const q of LATENCY_QUERIES) {
  let t;
  let d;
  if (i++ % 2) { t = await A.run(q); d = await B.direct(q); } else { d = await B.direct(q); t = await A.run(q); }
  tb.push(d.complete);
  if (process.env.VERBOSE) console.log(q, 'engine alone', d.complete.toFixed(1), d.T);
  ta.push(t.complete); sa.push(t.shown);
  if (process.env.VERBOSE) console.log(q, JSON.stringify({ shown: t.shown, log: t.log, mainThreadBusy: t.gaps }));
  const out = t.log.find((l) => l[0] === 'out'); const inn = t.log.find((l) => l[0] === 'in'); const T = t.log.find((l) => l[0] === 'T');
  if (out && inn && T) { const at = JSON.parse(T[2]).at; c.out.push(out[1]); c.work.push(at); c.msg.push(inn[1] - out[1] - at); c.dom.push(t.shown - inn[1]); }
}
const m2 = (xs) => { xs = [...xs].sort((x, y) => x - y); return xs[Math.floor(xs.length / 2)].toFixed(1); };
console.log('components (median): click->post', m2(c.out), 'worker', m2(c.work), 'messages', m2(c.msg), 'reply->DOM', m2(c.dom));
const med = (xs) => { xs = [...xs].sort((x, y) => x - y); return `${xs[25].toFixed(1)} / ${xs[45].toFixed(1)}`; };
console.log('app complete', med(ta), 'app shown', med(sa), 'direct (engine alone, app page)', med(tb));
await browser.close();
