#!/usr/bin/env bash
# Trunk post_build hook (see Trunk.toml): one command, `bulletin build --trunk`, that finishes the
# app Trunk is about to publish (its staging folder) and writes the site into it:
#   1. makes Trunk's index.html into the app shell (src/tool/shell/trunk.rs): the search engine's
#      worker files get hashed names, the worker's script named in a <meta>; Trunk's hashes are
#      padded to 16 digits; comments go; Trunk's inline module loader moves into a hashed file
#      named by a <meta>; the screen stylesheet and the boot script (prefs.js) are written inline,
#      named by their hashes in the strict Content-Security-Policy of index.html; sw.js is stamped
#      with the build's id. Any other inline script or style fails the build;
#   2. writes the site's data tree, feeds and sitemap, built from the Markdown notices in
#      content/, and a prerendered entry page for every route from that shell (the shell becomes
#      the prerendered home page). A content error fails the Trunk build with the tool's
#      `path:line:column: message` diagnostics. The site is built in a folder kept between builds
#      (target/trunk-site/<content folder and public URL>, `--keep`), where only the files whose
#      bytes change are written and only the pages whose data, shell or tool changed are made
#      again, then hard-linked into the staging folder (Trunk's is new for every build).
set -euo pipefail
cd "${TRUNK_SOURCE_DIR:-$(dirname "${BASH_SOURCE[0]}")/..}"
: "${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
content=${BULLETIN_CONTENT:-content}
url=${TRUNK_PUBLIC_URL:-/}
keep=target/trunk-site/$(printf '%s\n%s' "$content" "$url" | cksum | cut -d' ' -f1)
exec cargo run --profile tool --offline --quiet --bin bulletin -- \
  build "$content" --out "$TRUNK_STAGING_DIR" --trunk --public-url "$url" --keep "$keep"
