#!/usr/bin/env python3
"""Makes a Trunk build's index.html paint from the HTML alone, under the strict
Content-Security-Policy (no 'unsafe-inline'), and keeps the app's download out of the first paint.

Trunk 0.21 injects the app's loader as an inline `<script type="module">…</script>` that imports the
hashed glue and starts the hashed wasm, puts `<link rel="modulepreload">` / `<link
rel="preload">` tags (with `integrity`) for them into `<head>`, and links the stylesheets. This hook

  * writes the screen stylesheet (`main-<hash>.css`, minified) into a `<style>` and the boot script
    (`prefs.js`: reading settings before the first paint, starting the app, the service worker)
    into a `<script>`, where their tags were, removes both files, and adds their `sha256` hashes
    to `style-src` and `script-src` of the page's CSP `<meta>`: the first paint waits for no
    request (nor for a second round trip: the HTML's comments are left out too);
  * moves Trunk's loader into its own hashed file, `loader-<16 hex>.js`, named by
    `<meta name="bulletin-loader" content=… data-integrity="sha384-…">`; the boot script adds it
    as a module script with that integrity: on a prerendered page (one carrying `#bulletin-data`)
    only once the page has loaded and painted, so the ~280 KB of wasm never competes with the
    text the reader is waiting for (nor enters Lighthouse's estimate of it); on a page without
    prerendered content (the bare shell) as soon as it is parsed;
  * takes the preload tags and the print stylesheet (`print-<hash>.css`) out of the HTML and lets
    the loader add them (same attributes, same `integrity`; the stylesheet `media="print"`); a
    `<noscript>` copy of the print stylesheet's link serves readers without JavaScript. The glue
    is imported after its `modulepreload` (which checks its integrity) and the wasm is fetched
    with its `integrity`, so both stay verified;
  * stamps the service worker (`sw.js`) with this build's id, so a new deploy installs a new
    worker, which drops the previous deploy's hashed files from its cache;
  * first of all, gives Trunk's hashed files (glue, wasm, stylesheets) 16-digit hashes: Trunk
    0.21 writes its 64-bit hash without leading zeros, so about one build in sixteen names a file
    with 15 digits (or fewer), which the cache rules of docs/deploy.md, the service worker and
    this hook all expect to be 16. The hash is zero-padded, the file renamed and every mention in
    index.html rewritten (the glue names the wasm only through the loader).

Under `trunk serve` Trunk also injects its live-reload script inline, with placeholders that its
server fills in per request; that script is left alone and the CSP `<meta>` is removed from the
served page (development only), since that script cannot run under the policy.

Any other inline script, inline `<style>` or `style=` attribute fails the build, and so does a
policy with 'unsafe-inline': only the build's own blocks are allowed, by their hashes.

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
PRINT_CSS = re.compile(r"<link(?P<attrs>\s+rel=\"stylesheet\"\s+href=\"[^\"]*/print-[0-9a-f]{16}\.css\"[^>]*?)/?>")
MAIN_CSS = re.compile(r"<link\s+rel=\"stylesheet\"\s+href=\"[^\"]*/(?P<file>main-[0-9a-f]{16}\.css)\"[^>]*>")
PREFS_SCRIPT = re.compile(r"<script src=\"prefs\.js\"></script>")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
SW_DEPLOY = re.compile(r"^const DEPLOY = '[^']*';$", re.M)
# A Trunk output whose hash lost its leading zeros: `<stem>-<1 to 15 hex>[_bg].<js|wasm|css>`.
SHORT_HASH = re.compile(r"^(?P<stem>.+)-(?P<hash>[0-9a-f]{1,15})(?P<tail>(?:_bg)?\.(?:js|wasm|css))$")

# The loader: started by the page's boot script (public/prefs.js, inline in every page) once the
# page's text is on the screen (a prerendered page) or at once (the bare shell).
LOADER_HEAD = """\
// Bulletin's app loader, written by scripts/external-loader.py from Trunk's inline loader. Added
// by the page's boot script (prefs.js, inline in the page): on a prerendered page once its text is
// on the screen, on the bare shell at once. The preload tags Trunk wrote and the print stylesheet
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
start();
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


def minify_css(text: str) -> str:
    """The stylesheet without comments and needless white space (strings and `url()` in it hold
    no comment markers, braces, semicolons or runs of spaces that matter)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*([{};,>])\s*", r"\1", text)
    return text.replace(";}", "}").strip()


def minify_js(text: str) -> str:
    """The script without whole-line comments and indentation (it has no multi-line strings)."""
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//"))


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def pad_hashes(staging: Path, html: str) -> str:
    """Renames every file index.html names whose hash is shorter than 16 digits (see above)."""
    for path in sorted(staging.iterdir()):
        match = SHORT_HASH.match(path.name)
        if not path.is_file() or not match or path.name not in html:
            continue
        name = f"{match.group('stem')}-{match.group('hash').zfill(16)}{match.group('tail')}"
        if (staging / name).exists():
            fail(f"cannot pad the hash of {path.name}: {name} exists")
        path.rename(staging / name)
        html = html.replace(path.name, name)
    return html


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

    html = pad_hashes(staging, html)

    # The shell's comments are for its readers, not for every page's bytes.
    html = HTML_COMMENT.sub("", html)
    html = re.sub(r"\n\s*\n", "\n", html)

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

    # The print stylesheet: added by the loader (after the first paint); without JavaScript, by a
    # <noscript> copy of its link.
    def take_print(match: re.Match) -> str:
        attrs = {}
        for name, value in ATTRIBUTE.findall(match.group("attrs")):
            attrs[name.lower()] = htmllib.unescape(value)
        attrs["media"] = "print"
        files.append(attrs)
        return f'<noscript><link rel="stylesheet" href="{attrs["href"]}" media="print" /></noscript>'

    html, n = PRINT_CSS.subn(take_print, html)
    if n != 1:
        fail(f"expected one print stylesheet (print-<hash>.css) in index.html, found {n}")

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
        return ""

    html = INLINE_SCRIPT.sub(take_loader, html)
    if len(bodies) != 1:
        fail(f"expected Trunk's one inline module loader in index.html, found {len(bodies)}")
    data = loader_source(bodies[0], files).encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()[:16]
    name = f"loader-{digest}.js"
    (staging / name).write_bytes(data)
    loader_meta = (f'<meta name="bulletin-loader" content="{public_url}{name}" '
                   f'data-integrity="{sri(data)}" />')

    # The boot script (public/prefs.js) inline, where its <script src> was.
    prefs_file = staging / "prefs.js"
    if PREFS_SCRIPT.search(html) is None or not prefs_file.is_file():
        fail('index.html has no <script src="prefs.js"></script> (or prefs.js was not copied)')
    boot = minify_js(prefs_file.read_text(encoding="utf-8"))
    if "</" in boot or "<!--" in boot:
        fail("prefs.js holds `</` or `<!--`, which would end its inline <script>")
    html = PREFS_SCRIPT.sub(lambda m: f"{loader_meta}\n    <script>{boot}</script>", html, count=1)
    prefs_file.unlink()

    # The screen stylesheet inline, where its <link> was.
    styles = []

    def take_main_css(match: re.Match) -> str:
        path = staging / match.group("file")
        css = minify_css(path.read_text(encoding="utf-8"))
        if "</" in css or "<!--" in css:
            fail(f"{path.name} holds `</` or `<!--`, which would end its inline <style>")
        path.unlink()
        styles.append(css)
        return f"<style>{css}</style>"

    html, n = MAIN_CSS.subn(take_main_css, html)
    if n != 1:
        fail(f"expected one main stylesheet (main-<hash>.css) in index.html, found {n}")

    # Only the build's own inline blocks: any other inline script or style fails the build (the
    # policy, which names the hashes of these blocks only, would block it in the browser).
    markup = INLINE_SCRIPT.sub(
        lambda m: "" if m.group("body") == boot and not m.group("attrs").strip()
        or re.search(r"\bsrc\s*=", m.group("attrs"), re.I) else m.group(0),
        html,
    )
    if dev_reload:
        markup = INLINE_SCRIPT.sub(lambda m: "" if "__TRUNK_ADDRESS__" in m.group("body") else m.group(0), markup)
    if re.search(r"<script\b", markup.replace("<noscript", ""), re.I):
        fail("an inline <script> in index.html that the build did not write would be blocked by the CSP")
    markup = re.sub(r"<style>.*?</style>", lambda m: "" if m.group(0)[7:-8] in styles else m.group(0), markup, flags=re.S)
    if re.search(r"<style[\s>]", markup, re.I) or re.search(r"\sstyle\s*=", markup, re.I):
        fail("inline CSS in index.html that the build did not write would be blocked by the CSP")

    # The policy names the inline blocks by their hashes ('unsafe-inline' stays out).
    meta = CSP_META.search(html)
    if not meta:
        fail("index.html has no Content-Security-Policy <meta>")
    policy = htmllib.unescape(re.search(r'content="([^"]*)"', meta.group(0)).group(1))
    if "unsafe-inline" in policy:
        fail("the Content-Security-Policy <meta> must not allow 'unsafe-inline'")
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    hashes = {"script-src": [csp_hash(boot)], "style-src": [csp_hash(c) for c in styles]}
    for i, d in enumerate(directives):
        key = d.split()[0]
        if key in hashes:
            directives[i] = " ".join([d] + hashes.pop(key))
    if hashes:
        fail(f"the Content-Security-Policy <meta> has no {', '.join(hashes)} directive")
    new_meta = re.sub(r'content="[^"]*"', lambda m: f'content="{"; ".join(directives)}"', meta.group(0))
    html = html.replace(meta.group(0), new_meta, 1)
    if dev_reload:
        html = CSP_META.sub("", html, count=1)
        print("external-loader: trunk serve: CSP <meta> left out for Trunk's inline live-reload script")
    index.write_text(html, encoding="utf-8")

    # The service worker learns which deploy it belongs to (the loader names every hashed file;
    # the page's inline blocks change with the stylesheet and prefs.js).
    sw = staging / "sw.js"
    if sw.exists():
        text = sw.read_text(encoding="utf-8")
        if len(SW_DEPLOY.findall(text)) != 1:
            fail("sw.js has no `const DEPLOY = '…';` line to stamp")
        deploy = hashlib.sha256("\0".join([name, boot] + styles).encode("utf-8")).hexdigest()[:16]
        sw.write_text(SW_DEPLOY.sub(f"const DEPLOY = '{deploy}';", text), encoding="utf-8")


if __name__ == "__main__":
    main()
