#!/usr/bin/env bash
# Trunk post_build hook (see Trunk.toml):
#   1. writes the site's data tree, feeds and sitemap, built from the Markdown notices in
#      content/, and a prerendered entry page for every route (from the index.html Trunk just
#      built and step 2 changed, which becomes the prerendered home page) into the dist Trunk is
#      about to publish. A content error fails the Trunk build with the tool's
#      `path:line:column: message` diagnostics.
#   2. (first) moves Trunk's inline module loader out of index.html into a hashed file and writes
#      the screen stylesheet and the boot script (prefs.js) inline, named by their hashes in the
#      strict Content-Security-Policy of index.html (scripts/external-loader.py), and gives the search engine's worker files hashed names, the
#      worker's script named in a <meta> of index.html (scripts/hash-worker.py); the
#      prerendered pages inherit all.
set -euo pipefail
cd "${TRUNK_SOURCE_DIR:-$(dirname "${BASH_SOURCE[0]}")/..}"
: "${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
python3 scripts/hash-worker.py "$TRUNK_STAGING_DIR"
python3 scripts/external-loader.py "$TRUNK_STAGING_DIR" "${TRUNK_PUBLIC_URL:-/}"
exec cargo run --profile tool --offline --quiet --bin bulletin -- \
  build "${BULLETIN_CONTENT:-content}" --out "$TRUNK_STAGING_DIR" \
  --shell "$TRUNK_STAGING_DIR/index.html"
