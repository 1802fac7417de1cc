#!/usr/bin/env bash
# Trunk post_build hook (see Trunk.toml): writes the site's data tree, feeds and sitemap, built
# from the Markdown notices in content/, and a prerendered entry page for every route (made from
# the index.html Trunk just built, which becomes the prerendered home page) into the dist Trunk
# is about to publish. A content error
# fails the Trunk build with the tool's `path:line:column: message` diagnostics.
set -euo pipefail
cd "${TRUNK_SOURCE_DIR:-$(dirname "${BASH_SOURCE[0]}")/..}"
: "${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
exec cargo run --profile tool --offline --quiet --bin bulletin -- \
  build "${BULLETIN_CONTENT:-content}" --out "$TRUNK_STAGING_DIR" \
  --shell "$TRUNK_STAGING_DIR/index.html"
