#!/usr/bin/env bash
# Release build of the app into a dist folder, with the pinned tools and without any download.
#
#   scripts/build.sh                               -> dist/ for the site root
#   scripts/build.sh --public-url /notices/        -> dist/ for https://host/notices/
#   scripts/build.sh --public-url /notices/ --dist out/notices
#
# Run scripts/setup.sh once first (scripts/dev.sh and scripts/test.sh do).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"

public_url=/
dist=dist
while [ $# -gt 0 ]; do
  case "$1" in
    --public-url) public_url=$2; shift 2 ;;
    --dist) dist=$2; shift 2 ;;
    *) echo "usage: $0 [--public-url /path/] [--dist DIR]" >&2; exit 2 ;;
  esac
done

trunk build --release --offline --public-url "$public_url" --dist "$dist"
