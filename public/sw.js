// Bulletin's service worker: repeat visits without waiting, and notices already read open offline.
// Registered by prefs.js for the site's base path (its scope). Same-origin GET requests only.
//
//   * Pages (navigations) and data files (data/*.json): network first, so a new deploy is picked
//     up on the next visit and the app and its data always come from the same deploy; the answer
//     is kept, and used only when the network fails (offline), with the page marking itself
//     offline (the app shows 离线).
//   * Hashed build files (name-<16 hex>[_bg].js|wasm|css): cache first; a new deploy has new names.
//     The shell's files are cached at install, read from the base's index.html.
//   * A notice read through the app (its data/notices/<id>.json) also gets its page cached, so
//     reopening /notice/<id> offline shows the prerendered notice.
//   * Everything else (prefs.js, favicon, attachments): network, falling back to the cache.
'use strict';

const CACHE = 'bulletin-v1';
const HASHED = /-[0-9a-f]{16}(?:_bg)?\.(?:js|wasm|css)$/;
const SCOPE = new URL(self.registration.scope);

/** The cache key of a page: its URL without query, fragment or trailing slash. */
function pageKey(url) {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  if (u.pathname.length > SCOPE.pathname.length) u.pathname = u.pathname.replace(/\/+$/, '');
  return u.href;
}

async function put(key, response) {
  if (!response || !response.ok || response.type === 'opaque') return;
  const cache = await caches.open(CACHE);
  await cache.put(key, response);
}

async function cacheShell() {
  const index = await fetch(SCOPE.href, { cache: 'no-cache' });
  if (!index.ok) return;
  await put(pageKey(SCOPE.href), index.clone());
  const html = await index.text();
  const urls = new Set();
  for (const m of html.matchAll(/(?:href|src)="([^"]+)"/g)) {
    const url = new URL(m[1], SCOPE.href);
    // Files of the shell (scripts, styles, wasm, icons), not the links to pages or data.
    const file = /\.(?:js|css|wasm|svg|ico|png)$/.test(url.pathname) && !url.pathname.includes('/data/');
    if (url.origin === SCOPE.origin && file) {
      urls.add(url.href);
    }
  }
  // The wasm is named after the loader script: <name>-<hash>.js -> <name>-<hash>_bg.wasm.
  for (const u of [...urls]) {
    if (/-[0-9a-f]{16}\.js$/.test(u) && !u.includes('loader')) urls.add(u.replace(/\.js$/, '_bg.wasm'));
  }
  await Promise.all(
    [...urls].map((u) => fetch(u).then((r) => put(u, r)).catch(() => {})),
  );
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().catch(() => {}).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
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
            put(url.href, response.clone());
            return response;
          }),
      ),
    );
    return;
  }
  const notice = url.pathname.slice(SCOPE.pathname.length).match(/^data\/notices\/([a-z0-9-]+)\.json$/);
  if (notice) {
    // A notice the reader opens: keep its page too, for reopening it offline.
    const page = new URL(`notice/${notice[1]}`, SCOPE.href).href;
    event.waitUntil(
      caches.match(page).then((hit) => hit || fetch(page).then((r) => put(page, r)).catch(() => {})),
    );
  }
  event.respondWith(networkFirst(request, url.href));
});
