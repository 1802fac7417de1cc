#!/usr/bin/env bash
# Benchmark (not a test): Bulletin's site search against Pagefind 1.6 on the same generated
# notices. Prints index build time and size for both, then bench/search.mjs's table (bytes
# downloaded for a first and a second query, browser latency over 50 queries, recall on the query
# set, rank of the notice that holds a 文号).
#
#   scripts/bench-search.sh                 10,000 notices
#   BENCH_COUNT=2000 scripts/bench-search.sh
#   BENCH_SKIP_APP_BUILD=1 scripts/bench-search.sh   reuse target/bench/search/app's app files
#   BENCH_REUSE=1 scripts/bench-search.sh   measure again without rebuilding anything (the build
#                                           figures printed are those of the last full run)
#   BENCH_SKIP_PAGEFIND=1 scripts/bench-search.sh   Bulletin only (Pagefind 1.6's Node indexing
#                                           exits with status 13 on the 100,000 notices here)
#
# Steps (everything under target/bench/search/):
#   1. python3 tools/gen-corpus.py --count N (seed 2026) -> corpus/, or the same corpus from
#      target/bench-corpus/nN-s2026 when scripts/bench-build.sh has generated it (its stamp matches)
#   2. the release app (scripts/build.sh) -> app/, then `bulletin build corpus --out app` (timed:
#      the whole content build, Bulletin's search index included)
#   3. Pagefind 1.6.0 (npm pagefind + @pagefind/linux-x64, installed into target/bench/pagefind
#      only for this benchmark), indexing the same notices as custom records (timed) -> app/pf/
#   4. bench/search_query_set.rs (the cargo example search_query_set): per query of the query set,
#      the expected notice ids (plain scan of the notice texts) and the ids Bulletin's index finds
#   5. nginx on 127.0.0.1:${BENCH_PORT:-18510} (scripts/nginx.sh, gzip), then node bench/search.mjs
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH:/usr/sbin"

COUNT=${BENCH_COUNT:-10000}
PORT=${BENCH_PORT:-18510}
W=target/bench/search
mkdir -p "$W"

if [ -n "${BENCH_REUSE:-}" ] && [ -f "$W/app/index.html" ] &&
  { [ -n "${BENCH_SKIP_PAGEFIND:-}" ] || [ -f "$W/app/pf/pagefind/pagefind.js" ]; }; then
  echo "== BENCH_REUSE: measuring the existing builds in $W" >&2
else
echo "== corpus: $COUNT notices" >&2
CORPUS=$W/corpus
sources=$(python3 tools/gen-corpus.py --list-sources)
# shellcheck disable=SC2086 # one path a line, no spaces
gen_sum=$(cat tools/gen-corpus.py $sources | sha256sum | cut -c1-16)
cached=target/bench-corpus/n$COUNT-s2026
if [ -d "$cached" ] && [ "$(cat "$cached.stamp" 2>/dev/null)" = "count=$COUNT seed=2026 generator=$gen_sum" ]; then
  echo "== reusing $cached" >&2
  CORPUS=$cached
else
  python3 tools/gen-corpus.py --count "$COUNT" --out "$CORPUS" --force --quiet
fi

if [ -z "${BENCH_SKIP_APP_BUILD:-}" ] || [ ! -f "$W/app/index.html" ]; then
  echo "== release app build" >&2
  bash scripts/build.sh --dist "$W/app" >"$W/app-build.log" 2>&1 || { tail -n 30 "$W/app-build.log"; exit 1; }
fi
cargo build --offline --profile tool --bin bulletin --example search_query_set >&2

echo "== Bulletin: content build with the search index" >&2
/usr/bin/time -f '%e s wall, %M KB peak' -o "$W/bulletin-time.txt" \
  ./target/tool/bulletin build "$CORPUS" --out "$W/app" >&2
ours_files=$(find "$W/app/data/search" -type f | wc -l)
ours_bytes=$(du -sb "$W/app/data/search" | cut -f1)

if [ -n "${BENCH_SKIP_PAGEFIND:-}" ]; then
  echo "== Pagefind skipped (BENCH_SKIP_PAGEFIND)" >&2
  rm -rf "$W/app/pf"
  echo "(skipped)" >"$W/pagefind-time.txt"
else
echo "== Pagefind 1.6.0" >&2
if [ ! -f target/bench/pagefind/node_modules/pagefind/package.json ]; then
  mkdir -p target/bench/pagefind
  [ -f target/bench/pagefind/package.json ] || echo '{"private": true}' >target/bench/pagefind/package.json
  npm --prefix target/bench/pagefind install --no-audit --no-fund pagefind@1.6.0 @pagefind/linux-x64@1.6.0 >&2
fi
rm -rf "$W/app/pf"
mkdir -p "$W/app/pf"
/usr/bin/time -f '%e s wall' -o "$W/pagefind-time.txt" \
  node bench/search-pagefind-index.mjs "$W/app" "$W/app/pf/pagefind" >&2
cat >"$W/app/pf/harness.html" <<'HTML'
<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Pagefind harness</title>
<script type="module">
import * as pf from '/pf/pagefind/pagefind.js';
await pf.options({});
window.pf = pf;
window.pagefindReady = true;
</script></head><body></body></html>
HTML
fi
fi
ours_files=$(find "$W/app/data/search" -type f | wc -l)
ours_bytes=$(du -sb "$W/app/data/search" | cut -f1)
pf_files=0 pf_bytes=0
if [ -d "$W/app/pf/pagefind" ]; then
  pf_files=$(find "$W/app/pf/pagefind" -type f | wc -l)
  pf_bytes=$(du -sb "$W/app/pf/pagefind" | cut -f1)
fi

cargo build --offline --profile tool --example search_query_set >&2
echo "== query set" >&2
queries=(信息通 通信管 21号 用算 浙通管〔2026〕21号 浙通管〔2026〕121号 70EFLOPS EFLOPS 5G FTTR 进一步 算力 督导 "电信 诈骗" ftrr:fttr eflosp:eflops)
./target/tool/examples/search_query_set "$W/app" "${queries[@]}" >"$W/query-set.jsonl"

echo "== nginx on 127.0.0.1:$PORT" >&2
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-search.XXXXXX")
stop() {
  bash scripts/nginx.sh stop "$work"
  rm -rf "$work"
}
trap stop EXIT
# The SPA fallback without Cache-Control; Pagefind's files under /pf/ never fall back either. The
# access log has the bytes of every answer (bench/search.mjs adds them up); gzip at level 1, the
# level of the figures in docs/search.md (docs/deploy.md uses 6).
echo 'location /pf/ { try_files $uri =404; }' >"$work/pagefind.conf"
bash scripts/nginx.sh conf "$work" --log bytes --gzip 1 \
  server --port "$PORT" --root "$W/app" --fallback --include "$work/pagefind.conf"
bash scripts/nginx.sh start "$work"
for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done

echo
echo "Index build on $COUNT generated notices (2 cores):"
echo "| | build | index size | files |"
echo "|---|---|---|---|"
echo "| Bulletin (whole content build: notices, lists, feeds, sitemap and the index) | $(cat "$W/bulletin-time.txt") | $((ours_bytes / 1024)) KB | $ours_files |"
echo "| Pagefind 1.6.0 (Node API, custom records) | $(cat "$W/pagefind-time.txt") | $((pf_bytes / 1024)) KB | $pf_files |"
BENCH_SKIP_PAGEFIND=${BENCH_SKIP_PAGEFIND:-} BENCH_ACCESS_LOG="$work/logs/access.log" node bench/search.mjs "http://127.0.0.1:$PORT/" "$W/query-set.jsonl"
