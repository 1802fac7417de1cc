// Bulletin's service worker: repeat visits without waiting, and notices already read open offline.
// Registered by the page's boot script (public/prefs.js, inline in every page) once the app has
// started, for the site's base path (its scope). Same-origin GET requests only.
//
//   * Pages (navigations) and data files (data/*.json): network first, so a new deploy is picked
//     up on the next visit and the app and its data always come from the same deploy; the answer
//     is kept (cache PAGES), and used only when the network fails (offline), with the page marking
//     itself offline (the app shows 离线).
//   * Content-hashed build files (any name-<16 hex>[_suffix].ext: the app's js and wasm, the
//     loader, the stylesheets, a search worker's files): cache first; a new deploy has new names.
//     The shell's files (those index.html and its loader name) are cached at install, in the
//     deploy's own cache (SHELL).
//   * A new deploy: the build stamps DEPLOY into this file (src/tool/shell/trunk.rs), so the
//     browser installs the new worker on the next visit; once it activates, the previous deploy's
//     hashed files are deleted (every other shell cache, and hashed files left in older caches).
//   * A notice read through the app (its data/notices/<id>.json) also gets its page cached, so
//     reopening /notice/<id> offline shows the prerendered notice.
//   * The search worker's requests (its index files under data/search/, and the notices it fetches
//     only to cut the results' snippets, told apart by their referrer, the worker's script) are
//     left to the browser: not kept, no notice page fetched for them. Search needs the network
//     (offline it says it cannot load); keeping a search's files would cost a cache write per
//     request and, for each result, its notice's page: about twice the engine's time and +100 KB
//     for a first query, to keep files no offline reader would use.
//   * Everything else (favicon, attachments): network, falling back to the cache.
'use strict';

// This build's id, written by the build (`dev` when sw.js is served straight from public/).
const DEPLOY = 'dev';
const HASHED = /-[0-9a-f]{16}(?:_[a-z0-9]+)?\.[a-z0-9]+$/;
const SCOPE = new URL(self.registration.scope);
/** A search worker's script: its requests carry it as their referrer (trunk serve: no hash). */
const SEARCH_WORKER = /\/search-worker(?:-[0-9a-f]{16})?\.js$/;
// Cache Storage is shared by every site of the origin (e.g. / and /notices/): names carry the scope.
const PREFIX = `bulletin:${SCOPE.pathname}:`;
const SHELL = `${PREFIX}shell-${DEPLOY}`;
const PAGES = `${PREFIX}pages`;
/** The single cache of the first worker version (deleted). */
const LEGACY = 'bulletin-v1';

/** The cache key of a page: its URL without query, fragment or trailing slash. */
function pageKey(url) {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  if (u.pathname.length > SCOPE.pathname.length) u.pathname = u.pathname.replace(/\/+$/, '');
  return u.href;
}

async function put(key, response, cacheName = PAGES) {
  if (!response || !response.ok || response.type === 'opaque') return;
  const cache = await caches.open(cacheName);
  await cache.put(key, response);
}

/** The same-origin build files a text (index.html, the loader) names, as absolute URLs. */
function shellFiles(text, base) {
  const urls = new Set();
  for (const m of text.matchAll(/(?:href|src)="([^"]+)"|"(\/[^"\s]+)"|'(\/[^'\s]+)'/g)) {
    let url;
    try {
      url = new URL(m[1] || m[2] || m[3], base);
    } catch (_) {
      continue;
    }
    // Files of the shell (scripts, styles, wasm, icons), not the links to pages or data.
    const file = /\.(?:js|mjs|css|wasm|svg|ico|png)$/.test(url.pathname) && !url.pathname.includes('/data/');
    if (url.origin === SCOPE.origin && url.pathname.startsWith(SCOPE.pathname) && file) urls.add(url.href);
  }
  return urls;
}

async function cacheShell() {
  const index = await fetch(SCOPE.href, { cache: 'no-cache' });
  if (!index.ok) return;
  await put(pageKey(SCOPE.href), index.clone());
  const urls = shellFiles(await index.text(), SCOPE.href);
  // The loader names the app's glue and wasm (it requests them once the page has painted).
  for (const u of [...urls]) {
    if (/\/loader-[0-9a-f]{16}\.js$/.test(u)) {
      const loader = await fetch(u);
      if (!loader.ok) continue;
      await put(u, loader.clone(), SHELL);
      for (const f of shellFiles(await loader.text(), u)) urls.add(f);
    }
  }
  await Promise.all(
    [...urls].map((u) =>
      caches
        .match(u)
        .then((hit) => hit || fetch(u))
        .then((r) => put(u, r, HASHED.test(new URL(u).pathname) ? SHELL : PAGES))
        .catch(() => {}),
    ),
  );
}

/** Drops what earlier deploys of this scope left: their shell caches and any hashed file kept
 *  elsewhere; and the single cache of the first worker version. */
async function prune() {
  await caches.delete(LEGACY);
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === SHELL) continue;
    if (name !== PAGES) {
      await caches.delete(name);
      continue;
    }
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      if (HASHED.test(new URL(request.url).pathname)) await cache.delete(request);
    }
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().catch(() => {}).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(prune().catch(() => {}).then(() => self.clients.claim()));
});

// The page that registered the worker asks for itself to be kept (it loaded before the worker).
self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type === 'keep' && typeof data.url === 'string') {
    const url = new URL(data.url);
    if (url.origin === SCOPE.origin) {
      event.waitUntil(fetch(url.href).then((r) => put(pageKey(url.href), r)).catch(() => {}));
    }
  }
});

/** Network first; the cached answer when the network fails. */
async function networkFirst(request, key) {
  try {
    const response = await fetch(request);
    if (response.ok) put(key, response.clone());
    return response;
  } catch (error) {
    const cached = await caches.match(key);
    if (cached) return cached;
    // The page gave the request up itself (a prefetch that its own load superseded): answer it
    // quietly, rather than report an error to a page that no longer waits for it (Firefox does).
    if (request.signal && request.signal.aborted) {
      return new Response(null, { status: 499, statusText: 'Client Closed Request' });
    }
    throw error;
  }
}

/** Offline page answer: the page if it was kept, else the home page (the app then loads the
 *  route's data from the cache, if read before). */
async function offlinePage(key) {
  return (await caches.match(key)) || (await caches.match(pageKey(SCOPE.href))) || Response.error();
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  const path = url.pathname.slice(SCOPE.pathname.length);

  if (request.mode === 'navigate') {
    const key = pageKey(url.href);
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) put(key, response.clone());
          return response;
        })
        .catch(() => offlinePage(key)),
    );
    return;
  }
  if (HASHED.test(url.pathname)) {
    event.respondWith(
      caches.match(url.href).then(
        (cached) =>
          cached ||
          fetch(request).then((response) => {
            put(url.href, response.clone(), SHELL);
            return response;
          }),
      ),
    );
    return;
  }
  // The search worker's requests go to the browser as if there were no service worker: its index
  // files (versioned by `?v=<build>`) and the notices it cuts snippets from are not pages being
  // read, and keeping them would cost a write, and for a notice a page fetch, per request.
  if (path.startsWith('data/search/') || SEARCH_WORKER.test(request.referrer)) return;
  const notice = path.match(/^data\/notices\/([a-z0-9-]+)\.json$/);
  if (notice) {
    // A notice the reader opens: keep its page too, for reopening it offline.
    const page = new URL(`notice/${notice[1]}`, SCOPE.href).href;
    event.waitUntil(
      caches.match(page).then((hit) => hit || fetch(page).then((r) => put(page, r)).catch(() => {})),
    );
  }
  event.respondWith(networkFirst(request, url.href));
});
