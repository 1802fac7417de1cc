// Broken data, per file kind (site.json, a list page, a notice): truncated JSON, wrong types,
// missing required fields, extra unknown fields, an unknown block type, an empty file, bytes that
// are not UTF-8, a host's HTML error page with status 200, a 10 MB notice, a 10,000-item list
// page, page numbers past the end and ids with `../` or encoded tricks. Each gives its message
// (内容格式有误 naming the file, or 该信息不存在或已删除), nothing panics or hangs, and the app
// keeps navigating afterwards.

import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE_URL,
  REFERENCE_ID,
  REFERENCE_TITLE,
  assertClean,
  at,
  backHomeThroughNav,
  closeAll,
  expectFailure,
  launchBrowser,
  newPage,
  waitForHome,
  waitForNotice,
} from './helpers.mjs';

const MALFORMED = '内容格式有误';
const NOT_FOUND = '该信息不存在或已删除';

let browser;
const real = {};
before(async () => {
  browser = await launchBrowser();
  for (const [kind, file] of Object.entries(FILES)) {
    real[kind] = await (await fetch(at(BASE_URL, `data/${file}`))).text();
  }
});
afterEach(closeAll);
after(() => browser?.close());

/** The file of each kind under test and the page that shows it. */
const FILES = {
  site: 'site.json',
  list: 'lists/gzdt/1.json',
  notice: `notices/${REFERENCE_ID}.json`,
};
const PAGES = { site: '', list: 'list/gzdt/1', notice: `notice/${REFERENCE_ID}` };

/** Waits until the page the kind's file feeds is shown in full. */
async function shown(page, kind) {
  if (kind === 'site') return waitForHome(page);
  if (kind === 'list') return page.locator('main ul.notice-list > li').first().waitFor();
  return waitForNotice(page, REFERENCE_TITLE);
}

async function h1(page, text) {
  await page.waitForFunction(
    (t) => [...document.querySelectorAll('main h1')].some((h) => h.textContent === t),
    text,
  );
}

const edit = (json, f) => {
  const value = JSON.parse(json);
  f(value);
  return JSON.stringify(value);
};

/** The broken variants of a kind's file: [name, body (string or Buffer), expected]. */
function cases(kind) {
  const text = real[kind];
  const wrongType = {
    site: (v) => (v.name = 5),
    list: (v) => (v.page = '1'),
    notice: (v) => (v.title = ['x']),
  }[kind];
  const missing = {
    site: (v) => delete v.channels,
    list: (v) => delete v.items[0].title,
    notice: (v) => delete v.title,
  }[kind];
  const extra = (v) => {
    v.x_unknown = { nested: [1, { deep: true }] };
    for (const item of v.items ?? v.channels ?? v.body ?? []) item.x_unknown = 'ignored';
  };
  // The site name or the title in GBK (浙江), as a legacy editor would save it: not UTF-8.
  const [head, tail] = edit(text, (v) => {
    if (kind === 'list') v.items[0].title = '@@GBK@@';
    else if (kind === 'site') v.name = '@@GBK@@';
    else v.title = '@@GBK@@';
  }).split('@@GBK@@');
  const gbk = Buffer.concat([Buffer.from(head), Buffer.from([0xd5, 0xe3, 0xbd, 0xad]), Buffer.from(tail)]);
  const list = [
    ['truncated JSON', text.slice(0, Math.floor(text.length / 2)), MALFORMED],
    ['a wrong type', edit(text, wrongType), MALFORMED],
    ['a missing required field', edit(text, missing), MALFORMED],
    ['extra unknown fields', edit(text, extra), 'shown'],
    ['an empty file', '', MALFORMED],
    ['bytes that are not UTF-8', gbk, MALFORMED],
    ['an HTML error page with status 200', '<!DOCTYPE html><html><body><h1>系统维护中</h1></body></html>', MALFORMED],
    ['JSON null', 'null', MALFORMED],
  ];
  if (kind === 'notice') {
    list.push(['an unknown block type', edit(text, (v) => v.body.splice(1, 0, { type: 'video', src: 'x.mp4', content: 5 })), 'shown']);
    list.push(['an empty body', edit(text, (v) => (v.body = [])), MALFORMED]);
  }
  return list;
}

for (const kind of Object.keys(FILES)) {
  describe(`broken ${FILES[kind]}`, () => {
    test('each broken variant gives its message; the app keeps navigating', { timeout: 60_000 }, async () => {
      const page = await newPage(browser);
      const url = at(BASE_URL, `data/${FILES[kind]}`);
      let body = '';
      await page.route(url, (route) =>
        route.fulfill({ status: 200, contentType: 'application/json', body }),
      );
      let done = 0;
      for (const [name, broken, expected] of cases(kind)) {
        body = broken;
        await page.goto(at(BASE_URL, PAGES[kind]));
        if (expected === 'shown') {
          await shown(page, kind);
        } else {
          await h1(page, expected);
          assert.equal(await page.locator('main code.file-name').textContent(), new URL(url).pathname, `${name}: names the file`);
          if (name.includes('UTF-8')) {
            assert.match(await page.locator('main details pre').textContent(), /not UTF-8/, name);
          }
        }
        // The app keeps working: home through the link on the page or in the header.
        body = real[kind];
        if (kind === 'site') {
          await page.locator('main .status-links a, nav.site-nav a').first().click();
          await page.reload();
          await waitForHome(page);
        } else {
          await backHomeThroughNav(page, BASE_URL);
        }
        done += 1;
      }
      assertClean(page);
      console.log(`broken ${FILES[kind]}: ${done} variants, each with its message and the app still navigating`);
    });
  });
}

describe('huge files', () => {
  test('a 10 MB notice is shown in full without hanging', { timeout: 60_000 }, async () => {
    const page = await newPage(browser);
    const notice = JSON.parse(real.notice);
    const para = '浙江省通信管理局召开工作会议，部署全年重点任务。'.repeat(20);
    notice.body = [];
    while (notice.body.length * (para.length * 3 + 40) < 10 * 1024 * 1024) {
      notice.body.push({ type: 'paragraph', content: [`${notice.body.length + 1}. ${para}`] });
    }
    const body = JSON.stringify(notice);
    assert.ok(body.length > 3_500_000 && Buffer.byteLength(body) >= 10 * 1024 * 1024);
    await page.route(at(BASE_URL, `data/${FILES.notice}`), (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body }),
    );
    const started = Date.now();
    await page.goto(at(BASE_URL, PAGES.notice));
    await page.locator('.notice-body p').last().waitFor({ timeout: 30_000 });
    const count = await page.locator('.notice-body p').count();
    assert.equal(count, notice.body.length);
    console.log(`10 MB notice: ${Buffer.byteLength(body)} bytes, ${count} paragraphs shown in ${Date.now() - started} ms`);
    await backHomeThroughNav(page, BASE_URL);
    assertClean(page);
  });

  test('a list page with 10,000 items is shown without hanging', { timeout: 60_000 }, async () => {
    const page = await newPage(browser);
    const list = JSON.parse(real.list);
    const item = list.items[0];
    list.items = Array.from({ length: 10_000 }, (_, i) => ({ ...item, title: `${item.title}（${i + 1}）` }));
    list.total = 10_000;
    await page.route(at(BASE_URL, `data/${FILES.list}`), (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(list) }),
    );
    const started = Date.now();
    await page.goto(at(BASE_URL, PAGES.list));
    await page.locator('main ul.notice-list > li').first().waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('main ul.notice-list > li').count(), 10_000);
    console.log(`10,000-item list page shown in ${Date.now() - started} ms`);
    await backHomeThroughNav(page, BASE_URL);
    assertClean(page);
  });
});

describe('addresses that name nothing', () => {
  // Each is refused before any request for it is made, whether opened directly or followed from a
  // link inside the app. (nginx itself answers 400 to a full load of the ones with an encoded
  // `/..`, before the app runs; they are followed in the app only.)
  const ROUTES = [
    'notice/..%2F..%2Fdata%2Fsite',
    'notice/%2e%2e%2f%2e%2e%2fsite',
    'notice/..%252f..%252fsite',
    'notice/a%00b',
    'notice/%E2%80%AEevil',
    'notice/ABC',
    'notice/a.json',
    'notice/a%5C..%5Csite',
    'notice/%20a',
    `notice/${'a'.repeat(5000)}`,
    'list/..%2Fall/1',
    'list/gzdt/1%2F..%2F..',
    'list/gzdt/0',
    'list/gzdt/01',
    'list/gzdt/-1',
    'list/gzdt/99999999999',
    'list/gzdt/1e3',
    'list/nosuch/1',
  ];
  const SERVER_REJECTS = new Set(['notice/..%2F..%2Fdata%2Fsite', 'notice/%2e%2e%2f%2e%2e%2fsite', 'notice/a%00b']);

  test(`${ROUTES.length} tricky ids and page numbers say ${NOT_FOUND} without a request`, { timeout: 60_000 }, async () => {
    const page = await newPage(browser);
    const requested = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/data/') && path !== '/data/site.json') requested.push(path);
    });
    for (const route of ROUTES.filter((r) => !SERVER_REJECTS.has(r))) {
      requested.length = 0;
      await page.goto(at(BASE_URL, route));
      await h1(page, NOT_FOUND).catch(() => assert.fail(`${route}: not ${NOT_FOUND}`));
      assert.deepEqual(requested, [], `${route}: no data request`);
    }
    // Followed from a link inside the app (as a link in a notice would be).
    await page.goto(at(BASE_URL, ''));
    await waitForHome(page);
    for (const route of ROUTES) {
      requested.length = 0;
      await page.evaluate((href) => {
        const a = document.createElement('a');
        a.href = href;
        a.textContent = 'x';
        document.querySelector('main').append(a);
        a.click();
        a.remove();
      }, route);
      await h1(page, NOT_FOUND).catch(() => assert.fail(`${route} (in the app): not ${NOT_FOUND}`));
      assert.deepEqual(requested, [], `${route} (in the app): no data request`);
      await backHomeThroughNav(page, BASE_URL);
    }
    assertClean(page);
  });

  test('a page number past the end (the file is missing) says 该信息不存在或已删除', async () => {
    const page = await newPage(browser);
    await page.route(at(BASE_URL, 'data/lists/gzdt/3.json'), (route) =>
      route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not Found' }),
    );
    expectFailure(page, at(BASE_URL, 'data/lists/gzdt/3.json'));
    await page.goto(at(BASE_URL, 'list/gzdt/3'));
    await h1(page, NOT_FOUND);
    await backHomeThroughNav(page, BASE_URL);
    assertClean(page);
  });
});
