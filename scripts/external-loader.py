#!/usr/bin/env python3
"""Makes a Trunk build's index.html run under the strict Content-Security-Policy (no inline script).

Trunk 0.21 injects the app's loader as an inline `<script type="module">…</script>` that names the
hashed glue and wasm files. This moves it into its own hashed file, `loader-<16 hex>.js`, next to
index.html, and loads it with `<script type="module" src=… integrity="sha384-…">`, so that
`script-src 'self' 'wasm-unsafe-eval'` suffices and the policy never changes between builds.

Under `trunk serve` Trunk also injects its live-reload script inline, with placeholders that its
server fills in per request; that script is left alone and the CSP `<meta>` is removed from the
served page (development only), since an inline script cannot run under the policy.

Any other inline script, inline `<style>` or `style=` attribute fails the build: the policy would
block it in the reader's browser.

    external-loader.py <staging-dir> <public-url>
"""

import base64
import hashlib
import re
import sys
from pathlib import Path

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
CSP_META = re.compile(r"\s*<meta\s+http-equiv=\"Content-Security-Policy\"[^>]*>", re.I)


def fail(message: str) -> None:
    print(f"external-loader: {message}", file=sys.stderr)
    sys.exit(1)


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
    loaders = 0

    def replace(match: re.Match) -> str:
        nonlocal dev_reload, loaders
        attrs, body = match.group("attrs"), match.group("body")
        if re.search(r"\bsrc\s*=", attrs, re.I):
            return match.group(0)
        if "__TRUNK_ADDRESS__" in body:
            dev_reload = True
            return match.group(0)
        if not re.fullmatch(r'\s*type="module"\s*', attrs) or "import init" not in body:
            fail(f"an inline <script{attrs}> in index.html would be blocked by the CSP")
        loaders += 1
        data = body.strip().encode("utf-8") + b"\n"
        name = f"loader-{hashlib.sha256(data).hexdigest()[:16]}.js"
        (staging / name).write_bytes(data)
        sri = base64.b64encode(hashlib.sha384(data).digest()).decode()
        return (
            f'<script type="module" src="{public_url}{name}" '
            f'integrity="sha384-{sri}" crossorigin="anonymous"></script>'
        )

    html = INLINE_SCRIPT.sub(replace, html)
    if loaders != 1:
        fail(f"expected Trunk's one inline module loader in index.html, found {loaders}")
    markup = INLINE_SCRIPT.sub("", html)
    if re.search(r"<style[\s>]", markup, re.I) or re.search(r"\sstyle\s*=", markup, re.I):
        fail("inline CSS in index.html would be blocked by the CSP (style-src 'self')")
    if not CSP_META.search(html):
        fail("index.html has no Content-Security-Policy <meta>")
    if dev_reload:
        html = CSP_META.sub("", html, count=1)
        print("external-loader: trunk serve: CSP <meta> left out for Trunk's inline live-reload script")
    index.write_text(html, encoding="utf-8")


if __name__ == "__main__":
    main()
