#!/usr/bin/env python3
"""Gives the search engine's worker files content-hashed names and tells the app where they are.

Trunk 0.21 builds the search engine (bin `bulletin-search`, `data-type="worker"` in index.html)
into `bulletin-search.js` (the wasm-bindgen glue), `bulletin-search_bg.wasm` and the module shim
`bulletin-search_loader.js`, without a hash in their names (a worker's name must be known at run
time). This renames them after a digest of their bytes, so that every deploy gets new URLs that
may be cached for a year like the app's other hashed files (docs/deploy.md's `-<16 hex>` rule):

    search-<hash>.js          the glue
    search-<hash>.wasm        the engine
    search-worker-<hash>.js   the worker's script: imports the glue and starts it with the wasm

and writes the worker script's path into index.html as
`<meta name="bulletin-search" content="search-worker-<hash>.js">`, which the app reads (resolved
against its base) when the reader starts searching; the prerendered pages inherit it.

    hash-worker.py <staging-dir>
"""

import hashlib
import re
import sys
from pathlib import Path

NAME = "bulletin-search"
META = re.compile(r'\s*<meta name="bulletin-search"[^>]*>')


def fail(message: str) -> None:
    print(f"hash-worker: {message}", file=sys.stderr)
    sys.exit(1)


def main() -> None:
    if len(sys.argv) != 2:
        fail("usage: hash-worker.py <staging-dir>")
    staging = Path(sys.argv[1])
    glue, wasm, shim = (staging / f"{NAME}{s}" for s in (".js", "_bg.wasm", "_loader.js"))
    missing = [p.name for p in (glue, wasm, shim) if not p.is_file()]
    if missing:
        fail(f"the search worker's files are missing from {staging}: {', '.join(missing)}")
    glue_bytes, wasm_bytes = glue.read_bytes(), wasm.read_bytes()
    if b"module_or_path" not in glue_bytes:
        fail(f"{glue.name} does not take the wasm's URL as `module_or_path` (wasm-bindgen changed?)")
    digest = hashlib.sha256(glue_bytes + b"\0" + wasm_bytes).hexdigest()[:16]
    # Earlier builds' files in the same staging directory (trunk serve) are left out.
    for old in staging.glob("search-*"):
        if re.fullmatch(r"search-(worker-)?[0-9a-f]{16}\.(js|wasm)", old.name):
            old.unlink()
    (staging / f"search-{digest}.js").write_bytes(glue_bytes)
    (staging / f"search-{digest}.wasm").write_bytes(wasm_bytes)
    script = (
        f"import init from './search-{digest}.js';\n"
        f"await init({{ module_or_path: new URL('./search-{digest}.wasm', import.meta.url) }});\n"
    ).encode()
    worker = f"search-worker-{hashlib.sha256(script).hexdigest()[:16]}.js"
    (staging / worker).write_bytes(script)
    for path in (glue, wasm, shim):
        path.unlink()
    index = staging / "index.html"
    html = META.sub("", index.read_text(encoding="utf-8"))
    tag = f'<meta name="bulletin-search" content="{worker}" />'
    html, n = re.subn(r"(<base\b[^>]*>)", lambda m: f"{m.group(1)}\n    {tag}", html, count=1)
    if n != 1:
        fail("index.html has no <base> element to put the search worker's <meta> after")
    index.write_text(html, encoding="utf-8")


if __name__ == "__main__":
    main()
