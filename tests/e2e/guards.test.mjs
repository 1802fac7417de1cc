// The guards every e2e page carries (helpers.mjs) do catch what they are for: a Rust panic
// printed to the console, a CSP violation, a dialog, a request to another origin. Without this,
// a guard that silently stopped working would let every other test pass.

import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, assertClean, closeAll, launchBrowser, newPage, problems, waitForHome } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
afterEach(closeAll);
after(() => browser?.close());

async function home() {
  const page = await newPage(browser);
  await page.goto(BASE_URL);
  await waitForHome(page);
  assertClean(page);
  return page;
}

async function recorded(page, pattern) {
  for (let i = 0; i < 40 && !problems(page).some((p) => pattern.test(p)); i += 1) {
    await new Promise((r) => setTimeout(r, 50));
  }
  return problems(page).filter((p) => pattern.test(p));
}

test('console text of a Rust panic is a problem', async () => {
  const page = await home();
  await page.evaluate(() => console.log("panicked at src/app.rs:1:1:\nindex out of bounds"));
  assert.equal((await recorded(page, /^panic/)).length, 1);
  assert.throws(() => assertClean(page));
});

test('a CSP violation is a problem (inline script and foreign image blocked)', async () => {
  const page = await home();
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__ran = 1';
    document.body.append(s);
    const img = document.createElement('img');
    img.src = 'https://evil.example/x.png';
    document.body.append(img);
  });
  assert.ok((await recorded(page, /^CSP violation: .*script-src/)).length >= 1, problems(page).join('\n'));
  assert.ok((await recorded(page, /^CSP violation: .*img-src/)).length >= 1, problems(page).join('\n'));
  assert.equal(await page.evaluate(() => window.__ran), undefined, 'the inline script did not run');
  assert.throws(() => assertClean(page));
});

test('a dialog is a problem', async () => {
  const page = await home();
  await page.evaluate(() => setTimeout(() => alert('xss'), 0));
  assert.equal((await recorded(page, /^dialog \(alert\): xss/)).length, 1);
  assert.throws(() => assertClean(page));
});

test('a request to another origin is a problem', async () => {
  const page = await home();
  // The CSP blocks it (connect-src 'self'); either record is enough to fail the test.
  await page.evaluate(() => fetch('http://127.0.0.2:9/').catch(() => {}));
  assert.ok((await recorded(page, /foreign origin|CSP violation: .*connect-src/)).length >= 1, problems(page).join('\n'));
  assert.throws(() => assertClean(page));
});
