// A new deploy behind the service worker: a reader who opened a notice on deploy 1 (the worker
// installed) visits again after deploy 2 went live and gets deploy 2's app and deploy 2's text
// (never a stale app with new data); once deploy 2's worker activates, none of deploy 1's hashed
// files is left in Cache Storage; the notice still reopens offline, on deploy 2's app.
//
// Deploy 1 is a copy of the root release build; deploy 2 is that copy with a new app (glue and
// wasm with different bytes, hence new hashed names, integrity values and loader, as a new build
// has), a changed notice text, and its own stamp in sw.js. Both are served in turn, at the same
// origin, by a small static server in this file (127.0.0.1, port E2E_UPDATE_PORT, by default the
// nginx port + 13): `/x` is the file x, `/x/` and `/x` without an extension fall back to
// `x/index.html`, as on nginx with try_files.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  REFERENCE_ID,
  REFERENCE_TITLE,
  allowOrigin,
  at,
  closeAll,
  launchBrowser,
  newPage,
  poll,
  problems,
  waitForApp,
  waitForNotice,
} from './helpers.mjs';

const ROOT_DIST = process.env.E2E_ROOT_DIST;
const PORT = Number(process.env.E2E_UPDATE_PORT || Number(process.env.E2E_NGINX_PORT || 18080) + 13);
const BASE = `http://127.0.0.1:${PORT}/`;
const V2_MARK = '（第二版）';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.txt': 'text/plain',
};
const HASHED = /-[0-9a-f]{16}(?:_[a-z0-9]+)?\.[a-z0-9]+$/;

let browser;
let server;
let work;
let served = null;
let v1;
let v2;

/** Answers GET requests from the folder `served` points at. */
function startServer() {
  server = createServer((req, res) => {
    const url = new URL(req.url, BASE);
    let file = path.join(served, decodeURIComponent(url.pathname));
    if (!file.startsWith(served)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    else if (!existsSync(file) && !path.extname(file)) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'Content-Type': TYPES['.html'] }).end(readFileSync(path.join(served, '404.html')));
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
      'Cache-Control': HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(PORT, '127.0.0.1', resolve));
}

const sha384 = (data) => `sha384-${createHash('sha384').update(data).digest('base64')}`;
const hex16 = (data) => createHash('sha256').update(data).digest('hex').slice(0, 16);

/** Every file under `dir` (relative paths). */
function walk(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

/** Replaces every occurrence of each [from, to] pair in the text files of `dir`. */
function replaceInTextFiles(dir, pairs, filter = () => true) {
  for (const rel of walk(dir).filter((f) => /\.(html|js|json)$/.test(f) && filter(f))) {
    const file = path.join(dir, rel);
    const text = readFileSync(file, 'utf8');
    let out = text;
    for (const [from, to] of pairs) out = out.split(from).join(to);
    if (out !== text) writeFileSync(file, out);
  }
}

/** Deploy 2: deploy 1 with a new app (new glue, wasm and loader names), new notice text, new sw.js stamp. */
function makeDeploy2(from, to) {
  cpSync(from, to, { recursive: true });
  const names = readdirSync(to);
  const glue = names.find((n) => /^bulletin-web-[0-9a-f]{16}\.js$/.test(n));
  const wasm = glue.replace(/\.js$/, '_bg.wasm');
  const loader = names.find((n) => /^loader-[0-9a-f]{16}\.js$/.test(n));
  assert.ok(glue && names.includes(wasm) && loader, `deploy 1 has glue, wasm and loader (${names})`);

  const glueBytes = Buffer.concat([readFileSync(path.join(to, glue)), Buffer.from('\n// deploy 2\n')]);
  // A custom wasm section (id 0, size, name "v2", no payload) changes the bytes, not the code.
  const wasmBytes = Buffer.concat([readFileSync(path.join(to, wasm)), Buffer.from([0, 3, 2, 0x76, 0x32])]);
  const newGlue = `bulletin-web-${hex16(glueBytes)}.js`;
  const newWasm = newGlue.replace(/\.js$/, '_bg.wasm');
  writeFileSync(path.join(to, newGlue), glueBytes);
  writeFileSync(path.join(to, newWasm), wasmBytes);
  rmSync(path.join(to, glue));
  rmSync(path.join(to, wasm));

  let loaderText = readFileSync(path.join(to, loader), 'utf8');
  const oldLoaderIntegrity = sha384(readFileSync(path.join(to, loader)));
  loaderText = loaderText
    .split(glue).join(newGlue)
    .split(wasm).join(newWasm)
    .split(sha384(readFileSync(path.join(from, glue)))).join(sha384(glueBytes))
    .split(sha384(readFileSync(path.join(from, wasm)))).join(sha384(wasmBytes));
  assert.ok(loaderText.includes(sha384(wasmBytes)), 'the loader names the new wasm with its integrity');
  const newLoader = `loader-${hex16(loaderText)}.js`;
  writeFileSync(path.join(to, newLoader), loaderText);
  rmSync(path.join(to, loader));
  replaceInTextFiles(to, [
    [loader, newLoader],
    [oldLoaderIntegrity, sha384(Buffer.from(loaderText))],
    ['2月11日', `2月11日${V2_MARK}`],
  ]);
  const sw = path.join(to, 'sw.js');
  const swText = readFileSync(sw, 'utf8');
  assert.match(swText, /^const DEPLOY = '[0-9a-f]{16}';$/m, 'the build stamped sw.js');
  writeFileSync(sw, swText.replace(/^const DEPLOY = '[0-9a-f]{16}';$/m, `const DEPLOY = '${hex16(newLoader)}';`));
  return { glue: newGlue, wasm: newWasm, loader: newLoader, old: { glue, wasm, loader } };
}

before(async () => {
  assert.ok(ROOT_DIST, 'E2E_ROOT_DIST names the root release build (tests/e2e/run.sh sets it)');
  work = mkdtempSync(path.join(tmpdir(), 'bulletin-deploy-'));
  v1 = path.join(work, 'v1');
  v2 = path.join(work, 'v2');
  cpSync(ROOT_DIST, v1, { recursive: true });
  served = v1;
  allowOrigin(BASE);
  await startServer();
  browser = await launchBrowser();
});
afterEach(closeAll);
after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The hashed files in this origin's Cache Storage (file names), all caches. */
function cachedHashedFiles(page) {
  return page.evaluate(async (pattern) => {
    const hashed = new RegExp(pattern);
    const names = [];
    for (const key of await caches.keys()) {
      for (const request of await (await caches.open(key)).keys()) {
        const file = new URL(request.url).pathname.split('/').pop();
        if (hashed.test(file)) names.push(file);
      }
    }
    return names.sort();
  }, HASHED.source);
}

/** The wasm files the page loaded (file names). */
function loadedWasm(page) {
  return page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname.split('/').pop())
      .filter((f) => f.endsWith('.wasm')),
  );
}

test('a new deploy is picked up on the next visit; the old hashed files leave the cache; offline still works', async () => {
  const deploy2 = makeDeploy2(v1, v2);
  const page = await newPage(browser, { serviceWorkers: 'allow' });
  const noticeUrl = at(BASE, `notice/${REFERENCE_ID}`);

  // Deploy 1: read the notice with the worker installed.
  await page.goto(at(BASE, 'list/gzdt/1'));
  await waitForApp(page);
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 10_000 });
  await page.locator('main ul.notice-list').getByRole('link', { name: REFERENCE_TITLE }).click();
  await waitForNotice(page, REFERENCE_TITLE);
  await page.waitForFunction(async (u) => !!(await caches.match(u)), noticeUrl, { timeout: 10_000 });
  await poll(async () => (await cachedHashedFiles(page)).includes(deploy2.old.wasm), { timeout: 10_000 });
  assert.ok((await cachedHashedFiles(page)).includes(deploy2.old.wasm), 'deploy 1 wasm cached');

  // Deploy 2 goes live; the reader comes back.
  served = v2;
  await page.goto(noticeUrl);
  await waitForNotice(page, REFERENCE_TITLE);
  await waitForApp(page);
  assert.equal(await page.locator('html').getAttribute('data-app'), 'ready', 'the app runs');
  const first = page.locator('.notice-body p').first();
  assert.ok((await first.textContent()).includes(V2_MARK), 'deploy 2 text');
  assert.deepEqual(await loadedWasm(page), [deploy2.wasm], 'deploy 2 app (its wasm), not the cached one');

  // Deploy 2's worker takes over and drops deploy 1's hashed files.
  const old = Object.values(deploy2.old);
  await poll(async () => !(await cachedHashedFiles(page)).some((f) => old.includes(f)), { timeout: 15_000 }).catch(() => {});
  const cached = await cachedHashedFiles(page);
  for (const old of Object.values(deploy2.old)) {
    assert.ok(!cached.includes(old), `deploy 1's ${old} left the cache (cached: ${cached.join(', ')})`);
  }
  for (const current of [deploy2.glue, deploy2.wasm, deploy2.loader]) {
    assert.ok(cached.includes(current), `deploy 2's ${current} is cached (cached: ${cached.join(', ')})`);
  }

  // Offline: the notice reopens, with deploy 2's text and app.
  await page.context().setOffline(true);
  await page.goto(noticeUrl);
  await waitForNotice(page, REFERENCE_TITLE);
  await waitForApp(page);
  assert.equal(await page.locator('html').getAttribute('data-app'), 'ready', 'the app ran from the cache');
  assert.ok((await page.locator('.notice-body p').first().textContent()).includes(V2_MARK));
  await page.locator('.offline-note').waitFor();
  const unexpected = problems(page).filter((p) => !/ERR_INTERNET_DISCONNECTED|net::ERR_FAILED/.test(p));
  assert.deepEqual(unexpected, []);
});
