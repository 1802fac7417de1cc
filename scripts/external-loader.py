#!/usr/bin/env python3
"""Makes a Trunk build's index.html run under the strict Content-Security-Policy (no inline script)
and keeps the app's download out of the page's first paint.

Trunk 0.21 injects the app's loader as an inline `<script type="module">…</script>` that imports the
hashed glue and starts the hashed wasm, and puts `<link rel="modulepreload">` / `<link
rel="preload">` tags (with `integrity`) for them into `<head>`. This hook

  * moves the loader into its own hashed file, `loader-<16 hex>.js`, next to index.html, loaded
    with `<script type="module" src=… integrity="sha384-…">`, so `script-src 'self'
    'wasm-unsafe-eval'` suffices and the policy never changes between builds;
  * takes the preload tags out of the HTML and lets the loader add them (same attributes, same
    `integrity`) itself: on a prerendered page (one carrying `#bulletin-data`) only once the page
    has loaded and painted, so the ~300 KB of wasm never competes with the text the reader is
    waiting for (nor enters Lighthouse's estimate of it); on a page without prerendered content
    (the bare shell) at once. The glue is imported after its `modulepreload` (which checks its
    integrity) and the wasm is fetched with its `integrity`, so both stay verified;
  * marks the print stylesheet (`print-<hash>.css`, all of it under `@media print`)
    `media="print"`, so it no longer blocks the first paint;
  * stamps the service worker (`sw.js`) with this build's id, so a new deploy installs a new
    worker, which drops the previous deploy's hashed files from its cache.

Under `trunk serve` Trunk also injects its live-reload script inline, with placeholders that its
server fills in per request; that script is left alone and the CSP `<meta>` is removed from the
served page (development only), since an inline script cannot run under the policy.

Any other inline script, inline `<style>` or `style=` attribute fails the build: the policy would
block it in the reader's browser.

    external-loader.py <staging-dir> <public-url>
"""

import base64
import hashlib
import html as htmllib
import json
import re
import sys
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
CSP_META = re.compile(r"\s*<meta\s+http-equiv=\"Content-Security-Policy\"[^>]*>", re.I)
PRELOAD_LINK = re.compile(r"<link\b(?P<attrs>[^>]*\brel=\"(?:modulepreload|preload)\"[^>]*)/?>", re.I)
ATTRIBUTE = re.compile(r"([a-zA-Z-]+)(?:=\"([^\"]*)\")?")
# Trunk 0.21's loader: `import init, * as bindings from '<glue>';` first, then
# `const wasm = await init({ module_or_path: '<wasm>' });`.
TRUNK_IMPORT = re.compile(r"^import init, \* as bindings from '(?P<glue>[^']+)';$", re.M)
TRUNK_INIT = re.compile(r"await init\(\{ module_or_path: '(?P<wasm>[^']+)' \}\)")
PRINT_CSS = re.compile(r"(<link rel=\"stylesheet\" href=\"[^\"]*/print-[0-9a-f]{16}\.css\")")
SW_DEPLOY = re.compile(r"^const DEPLOY = '[^']*';$", re.M)

# The loader's start: after the page's first paint on a prerendered page, at once otherwise.
LOADER_HEAD = """\
// Bulletin's app loader, written by scripts/external-loader.py from Trunk's inline loader.
// On a prerendered page (it carries #bulletin-data) the app's files are requested only after the
// page has loaded and painted its text; on the bare shell at once. The preload tags Trunk wrote
// are added here, with their integrity values.
const FILES = {files};
const INTEGRITY = Object.fromEntries(FILES.filter((f) => f.integrity).map((f) => [new URL(f.href, document.baseURI).href, f.integrity]));
const verified = (url) => {{
  const integrity = INTEGRITY[new URL(url, document.baseURI).href];
  return integrity ? fetch(url, {{ integrity, credentials: 'same-origin' }}) : url;
}};
const start = async () => {{
  for (const file of FILES) {{
    const link = document.createElement('link');
    for (const [name, value] of Object.entries(file)) link.setAttribute(name, value);
    document.head.appendChild(link);
  }}
{body}
}};
// Runs `run` once the page's text is on the screen: after `load`, once the browser has reported a
// contentful paint (largest-contentful-paint, else first-contentful-paint: both are reported only
// when the frame was presented) and two more frames passed without a new one. A hidden page
// paints nothing: it starts at once. Never later than 3 s after `load`.
const afterPaint = (run) => {{
  let started = false;
  const once = () => {{
    if (!started) {{
      started = true;
      run();
    }}
  }};
  const painted = () => {{
    if (document.visibilityState === 'hidden') return once();
    document.addEventListener('visibilitychange', once, {{ once: true }});
    setTimeout(once, 3000);
    const types = (typeof PerformanceObserver === 'function' && PerformanceObserver.supportedEntryTypes) || [];
    const type = ['largest-contentful-paint', 'paint'].find((t) => types.includes(t));
    let seen = !type;
    let quiet = 0;
    if (type) {{
      new PerformanceObserver(() => {{
        seen = true;
        quiet = 0;
      }}).observe({{ type, buffered: true }});
    }}
    const frame = () => {{
      if (started) return;
      if (seen && ++quiet > 2) return setTimeout(once, 0);
      requestAnimationFrame(frame);
    }};
    requestAnimationFrame(frame);
  }};
  if (document.readyState === 'complete') painted();
  else addEventListener('load', painted, {{ once: true }});
}};
if (document.getElementById('bulletin-data')) afterPaint(start);
else start();
"""


def fail(message: str) -> None:
    print(f"external-loader: {message}", file=sys.stderr)
    sys.exit(1)


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def loader_source(body: str, files: list) -> str:
    """Trunk's loader body, run by `start` after the preload tags are in (see LOADER_HEAD)."""
    body = body.strip()
    if len(TRUNK_IMPORT.findall(body)) != 1 or len(TRUNK_INIT.findall(body)) != 1:
        fail("Trunk's inline loader has an unknown form (expected `import init, * as bindings "
             "from '…';` and `await init({ module_or_path: '…' })`)")
    body = TRUNK_IMPORT.sub(
        lambda m: f"const bindings = await import({json.dumps(m.group('glue'))});\n"
        "const init = bindings.default;",
        body,
    )
    body = TRUNK_INIT.sub(
        lambda m: f"await init({{ module_or_path: verified({json.dumps(m.group('wasm'))}) }})", body
    )
    body = "\n".join(f"  {line}" if line.strip() else "" for line in body.splitlines())
    return LOADER_HEAD.format(files=json.dumps(files, ensure_ascii=False), body=body)


def main() -> None:
    if len(sys.argv) != 3:
        fail("usage: external-loader.py <staging-dir> <public-url>")
    staging = Path(sys.argv[1])
    public_url = sys.argv[2]
    if not public_url.endswith("/"):
        public_url += "/"
    index = staging / "index.html"
    html = index.read_text(encoding="utf-8")
    dev_reload = False

    # Trunk's preload tags: out of the HTML, into the loader.
    files = []

    def take_preload(match: re.Match) -> str:
        attrs = {}
        for name, value in ATTRIBUTE.findall(match.group("attrs")):
            attrs[name.lower()] = htmllib.unescape(value)
        if "href" not in attrs:
            fail(f"a preload link without href in index.html: {match.group(0)}")
        files.append(attrs)
        return ""

    html = PRELOAD_LINK.sub(take_preload, html)

    bodies = []

    def take_loader(match: re.Match) -> str:
        nonlocal dev_reload
        attrs, body = match.group("attrs"), match.group("body")
        if re.search(r"\bsrc\s*=", attrs, re.I):
            return match.group(0)
        if "__TRUNK_ADDRESS__" in body:
            dev_reload = True
            return match.group(0)
        if not re.fullmatch(r'\s*type="module"\s*', attrs) or "import init" not in body:
            fail(f"an inline <script{attrs}> in index.html would be blocked by the CSP")
        bodies.append(body)
        return "\x00loader\x00"

    html = INLINE_SCRIPT.sub(take_loader, html)
    if len(bodies) != 1:
        fail(f"expected Trunk's one inline module loader in index.html, found {len(bodies)}")
    data = loader_source(bodies[0], files).encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()[:16]
    name = f"loader-{digest}.js"
    (staging / name).write_bytes(data)
    html = html.replace(
        "\x00loader\x00",
        f'<script type="module" src="{public_url}{name}" integrity="{sri(data)}" '
        f'crossorigin="anonymous"></script>',
    )

    markup = INLINE_SCRIPT.sub("", html)
    if re.search(r"<style[\s>]", markup, re.I) or re.search(r"\sstyle\s*=", markup, re.I):
        fail("inline CSS in index.html would be blocked by the CSP (style-src 'self')")
    if not CSP_META.search(html):
        fail("index.html has no Content-Security-Policy <meta>")
    html = PRINT_CSS.sub(r'\1 media="print"', html)
    if dev_reload:
        html = CSP_META.sub("", html, count=1)
        print("external-loader: trunk serve: CSP <meta> left out for Trunk's inline live-reload script")
    index.write_text(html, encoding="utf-8")

    # The service worker learns which deploy it belongs to (the loader names every hashed file).
    sw = staging / "sw.js"
    if sw.exists():
        text = sw.read_text(encoding="utf-8")
        if len(SW_DEPLOY.findall(text)) != 1:
            fail("sw.js has no `const DEPLOY = '…';` line to stamp")
        stylesheets = "".join(sorted(re.findall(r'href="([^"]*-[0-9a-f]{16}\.css)"', html)))
        deploy = hashlib.sha256((name + stylesheets).encode("utf-8")).hexdigest()[:16]
        sw.write_text(SW_DEPLOY.sub(f"const DEPLOY = '{deploy}';", text), encoding="utf-8")


if __name__ == "__main__":
    main()
