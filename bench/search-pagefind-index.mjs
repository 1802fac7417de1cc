// Benchmark helper (not a test): indexes the notices of a built Bulletin site with Pagefind's Node
// API, one custom record per notice (title, 文号, body text, keywords, attachment names: the text
// Bulletin indexes), language zh, filter `channel`.
//
//   node bench/search-pagefind-index.mjs <site-dir> <out-dir>
// Pagefind comes from target/bench/pagefind (npm --prefix, installed by scripts/bench-search.sh).

import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [site, out] = process.argv.slice(2);
const pagefind = await import(
  pathToFileURL(resolve('target/bench/pagefind/node_modules/pagefind/lib/index.js')).href
);

const inline = (c) => (c || []).map((i) => (typeof i === 'string' ? i : i.text)).join('');
function text(n) {
  const parts = [n.doc_number, n.subtitle, n.publisher, n.source];
  for (const b of n.body || []) {
    if (b.type === 'paragraph' || b.type === 'heading' || b.type === 'quote') parts.push(inline(b.content));
    else if (b.type === 'list') for (const i of b.items) parts.push(inline(i));
    else if (b.type === 'image') parts.push(b.alt, b.caption);
    else if (b.type === 'table') {
      parts.push(b.caption);
      for (const c of b.header || []) parts.push(inline(c));
      for (const r of b.rows || []) for (const c of r) parts.push(inline(c));
    }
  }
  parts.push(...(n.keywords || []), ...(n.attachments || []).map((a) => a.name));
  return parts.filter(Boolean).join('\n');
}

const started = performance.now();
const { index, errors } = await pagefind.createIndex({ forceLanguage: 'zh' });
if (errors.length) throw new Error(errors.join('\n'));
const dir = join(site, 'data/notices');
let count = 0;
for (const file of readdirSync(dir)) {
  const n = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const r = await index.addCustomRecord({
    url: `/notice/${n.id}`,
    content: `${n.title}\n${text(n)}`,
    language: 'zh',
    meta: { title: n.title, date: n.published.slice(0, 10) },
    filters: { channel: [n.channel] },
  });
  if (r.errors.length) throw new Error(r.errors.join('\n'));
  count += 1;
}
const w = await index.writeFiles({ outputPath: out });
if (w.errors.length) throw new Error(w.errors.join('\n'));
await pagefind.close();
console.log(`pagefind: indexed ${count} notices in ${((performance.now() - started) / 1000).toFixed(1)} s`);
