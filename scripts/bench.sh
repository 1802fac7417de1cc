#!/usr/bin/env bash
# Benchmark (not a test): release sizes; cold-load time of the notice page as prerendered by
# Bulletin, as a client-rendered app page (the same shell without the prerendered content) and as
# one hand-written static HTML page (bench/static-notice.html), all on the same nginx; Lighthouse
# mobile (simulated) for the three; in-app list → notice navigation and a 2,000-paragraph notice.
#
#   scripts/bench.sh                 build, serve, measure, print
#   BENCH_RUNS=10 scripts/bench.sh   cold loads per page (default 10)
#
# Steps:
#   1. the sample content plus one generated 2,000-paragraph notice (target/bench/content), then
#      BULLETIN_CONTENT=target/bench/content scripts/build.sh --dist target/bench/dist
#      (release build with prerendered pages; stops here if it fails); target/bench/dist/csr.html
#      is the reference notice's page with its prerendered content and data removed (the
#      client-rendered app), served for /notice/<id>?csr=1
#   2. copies bench/static-notice.html to target/bench/static/notice.html
#   3. nginx on 127.0.0.1:18090 from a temp workdir (scripts/nginx.sh: config, pid, logs, temp
#      paths inside it):
#        /                    -> target/bench/dist, try_files $uri $uri/index.html /index.html
#        /static/notice.html  -> the static page
#      gzip as in docs/deploy.md 3.1 (level 6) for text, js, json, wasm, css and svg,
#      Cache-Control as in production: immutable for hashed assets, no-cache for index.html,
#      data/*.json (and the static page).
#   4. node bench/load.mjs (Playwright + Debian Chromium), node bench/nav.mjs, and Lighthouse
#      12.2.3 (mobile, simulated throttling; installed into target/lighthouse with npm when missing,
#      BENCH_LIGHTHOUSE=0 skips it) on each page; then stops nginx (also on error/^C).
#   5. prints the sizes (raw and gzip -9; wasm + js against the record in bench/size-record.txt that
#      scripts/size-guard.sh holds the app to) and load.mjs's table and its `BENCH_JSON {...}` line.
# Needs scripts/setup.sh done once. Run scripts/setup.sh first if the build cannot find its tools.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PORT=${BENCH_PORT:-18090}
DIST=target/bench/dist
STATIC_DIR=target/bench/static
BUILD_LOG=target/bench/build.log

die() {
  echo "bench.sh: $*" >&2
  exit 1
}

for tool in nginx node gzip curl; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || die "$tool not found"
done
[ -x /usr/bin/chromium ] || [ -n "${CHROMIUM_PATH:-}" ] || die "/usr/bin/chromium not found"
[ -d node_modules/playwright-core ] || die "node_modules/playwright-core missing (run scripts/setup.sh)"
export PATH="$PATH:/usr/sbin"

# ---- 1. build ------------------------------------------------------------------------------
mkdir -p target/bench
echo "bench.sh: release build into $DIST (log: $BUILD_LOG) ..." >&2
build_start=$(date +%s)
rm -rf target/bench/content
cp -r content target/bench/content
python3 - target/bench/content/gzdt/bench-2000-paragraphs.md <<'PY'
import sys
from datetime import datetime, timedelta, timezone
# Dated yesterday: the newest notice (first in 全部) and already published (a notice dated in
# the future is held back until its time).
date = (datetime.now(timezone(timedelta(hours=8))) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S+08:00")
paras = [f"第{i}段。这是用于测量渲染时间的长篇通知正文，内容为示例文字，包含标点、数字{i}和常见的公文用语，以接近真实通知的段落长度。" for i in range(1, 2001)]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write(f'+++\ntitle = "基准测试：两千段的长篇通知"\ndate = {date}\nsummary = "两千段正文，用于测量渲染时间。"\n+++\n\n')
    f.write("\n\n".join(paras) + "\n")
PY
if ! BULLETIN_CONTENT=target/bench/content bash scripts/build.sh --dist "$DIST" >"$BUILD_LOG" 2>&1; then
  echo "bench.sh: BUILD FAILED; last lines of $BUILD_LOG:" >&2
  tail -n 40 "$BUILD_LOG" >&2
  exit 1
fi
echo "bench.sh: build done in $(($(date +%s) - build_start)) s" >&2
# The client-rendered app for comparison: the notice page without its prerendered content and data.
python3 - "$DIST/notice/2026-work-conference/index.html" "$DIST/csr.html" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
html = re.sub(r"<!--bulletin-prerender-->.*<!--/bulletin-prerender-->", "", html, flags=re.S)
html = re.sub(r'<script type="application/json" id="bulletin-data"[^>]*>.*?</script>', "", html, flags=re.S)
open(sys.argv[2], "w", encoding="utf-8").write(html)
PY

shopt -s nullglob
wasm_files=("$DIST"/*-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]_bg.wasm)
js_files=("$DIST"/bulletin-web-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f].js)
css_files=("$DIST"/*-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f].css)
shopt -u nullglob
[ -f "$DIST/index.html" ] || die "$DIST/index.html missing after the build"
[ ${#wasm_files[@]} -eq 1 ] || die "expected one hashed *_bg.wasm in $DIST, found ${#wasm_files[@]}"
[ ${#js_files[@]} -eq 1 ] || die "expected one hashed *.js in $DIST, found ${#js_files[@]}"

# ---- sizes -----------------------------------------------------------------------------------
raw_size() { stat -c %s "$1"; }
gz_size() { gzip -9 -c "$1" | wc -c; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }

wasm=${wasm_files[0]} js=${js_files[0]}
wasm_raw=$(raw_size "$wasm") wasm_gz=$(gz_size "$wasm")
js_raw=$(raw_size "$js") js_gz=$(gz_size "$js")
code_gz=$((wasm_gz + js_gz))
record=$(bash scripts/size-guard.sh --show)
css_raw=0 css_gz=0 css_lines=() css_json=''
for f in "${css_files[@]}"; do
  r=$(raw_size "$f") g=$(gz_size "$f")
  css_raw=$((css_raw + r)) css_gz=$((css_gz + g))
  css_lines+=("$(printf '  %-44s %9d B %8s KB   gzip -9 %8d B %7s KB' "$(basename "$f")" "$r" "$(kb "$r")" "$g" "$(kb "$g")")")
  css_json+="${css_json:+,}\"$(basename "$f")\":{\"raw\":$r,\"gzip9\":$g}"
done
# The screen stylesheet is inline in every page (src/tool/shell/trunk.rs): its <style>.
inline_css=target/bench/inline-style.css
python3 - "$DIST/notice/2026-work-conference/index.html" "$inline_css" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
styles = re.findall(r"<style>(.*?)</style>", html, flags=re.S)
open(sys.argv[2], "w", encoding="utf-8").write("".join(styles))
PY
if [ -s "$inline_css" ]; then
  r=$(raw_size "$inline_css") g=$(gz_size "$inline_css")
  css_raw=$((css_raw + r)) css_gz=$((css_gz + g))
  css_lines+=("$(printf '  %-44s %9d B %8s KB   gzip -9 %8d B %7s KB' "inline <style> (every page)" "$r" "$(kb "$r")" "$g" "$(kb "$g")")")
  css_json+="${css_json:+,}\"inline-style\":{\"raw\":$r,\"gzip9\":$g}"
fi
within_guard=true
bash scripts/size-guard.sh "$DIST" >/dev/null || within_guard=false
verdict="record $record B (bench/size-record.txt): $(printf '%+d' $((code_gz - record))) B"
[ "$within_guard" = true ] || verdict+=", OVER the size guard's 2 KB allowance"
sizes_json=$(printf '{"wasm":{"file":"%s","raw":%d,"gzip9":%d},"js":{"file":"%s","raw":%d,"gzip9":%d},"wasmJsGzip9":%d,"recordBytes":%d,"withinSizeGuard":%s,"css":{"raw":%d,"gzip9":%d,"files":{%s}}}' \
  "$(basename "$wasm")" "$wasm_raw" "$wasm_gz" "$(basename "$js")" "$js_raw" "$js_gz" "$code_gz" "$record" \
  "$within_guard" "$css_raw" "$css_gz" "$css_json")

# ---- 2. static page --------------------------------------------------------------------------
rm -rf "$STATIC_DIR"
mkdir -p "$STATIC_DIR"
cp bench/static-notice.html "$STATIC_DIR/notice.html"

# ---- 3. nginx ----------------------------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/bulletin-bench.XXXXXX")
mkdir -p "$work/logs" "$work/tmp"
load_out="$work/load.out"
root_dist=$(realpath "$DIST")
static_dir=$(realpath "$STATIC_DIR")

stop_nginx() {
  bash scripts/nginx.sh stop "$work"
}
cleanup() {
  stop_nginx
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then
  die "127.0.0.1:$PORT is already in use"
fi

# nginx with production caching and compression (scripts/nginx.sh --cache, gzip at docs/deploy.md's
# level 6) and the single-page-app fallback, plus what only the benchmark serves: the static page
# and, for /notice/<id>?csr=1, the client-rendered app. Notice pages say no-cache, as every page of
# docs/deploy.md 3.1 does, and are served without a redirect ($uri/ would answer /notice/<id> with
# a 301 to /notice/<id>/, one more round trip).
cat >"$work/bench-locations.conf" <<EOF
location = /static/notice.html {
  alias $static_dir/notice.html;
  add_header Cache-Control "no-cache";
}
location = /csr.html {
  add_header Cache-Control "no-cache";
}
location /notice/ {
  if (\$arg_csr) {
    rewrite ^ /csr.html last;
  }
  add_header Cache-Control "no-cache";
  try_files \$uri \$uri/index.html /index.html;
}
EOF
bash scripts/nginx.sh conf "$work" --log off --gzip 6 \
  server --port "$PORT" --root "$root_dist" --fallback --cache --include "$work/bench-locations.conf" \
  || die "nginx config not written"
bash scripts/nginx.sh start "$work" || die "nginx did not start"
up=''
for _ in $(seq 1 50); do
  if curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/static/notice.html"; then up=1; break; fi
  sleep 0.1
done
[ -n "$up" ] || { cat "$work/logs/error.log" >&2 || true; die "nginx did not answer on 127.0.0.1:$PORT"; }
# Sanity: the app route falls back to index.html, and the wasm goes out gzipped.
curl -sf -o /dev/null "http://127.0.0.1:$PORT/notice/2026-work-conference" || die "app route did not answer"
enc=$(curl -s -o /dev/null -D - -H 'Accept-Encoding: gzip' "http://127.0.0.1:$PORT/$(basename "$wasm")" | tr -d '\r' | awk -F': ' 'tolower($1)=="content-encoding"{print $2}')
[ "$enc" = gzip ] || die "the wasm is not served gzipped (Content-Encoding: '${enc}')"

# ---- 4. measure ------------------------------------------------------------------------------
echo "bench.sh: nginx on http://127.0.0.1:$PORT/; running bench/load.mjs ..." >&2
if ! BENCH_URL="http://127.0.0.1:$PORT/" BENCH_SIZES="$sizes_json" \
  timeout --kill-after=10 200 node bench/load.mjs >"$load_out"; then
  cat "$load_out" >&2 || true
  die "bench/load.mjs failed"
fi
nav_out="$work/nav.out"
if ! BENCH_URL="http://127.0.0.1:$PORT/" timeout --kill-after=10 300 node bench/nav.mjs >"$nav_out"; then
  cat "$nav_out" >&2 || true
  die "bench/nav.mjs failed"
fi

# Lighthouse mobile (simulated throttling, its defaults), 3 runs per page, median.
lh_out="$work/lighthouse.out"
: >"$lh_out"
if [ "${BENCH_LIGHTHOUSE:-1}" != 0 ]; then
  lh=target/lighthouse/node_modules/.bin/lighthouse
  if [ ! -x "$lh" ]; then
    echo "bench.sh: installing lighthouse@12.2.3 into target/lighthouse ..." >&2
    mkdir -p target/lighthouse
    npm install --prefix target/lighthouse --no-audit --no-fund --silent lighthouse@12.2.3 >&2 || die "npm install lighthouse failed"
  fi
  for kind in prerendered csr static; do
    case $kind in
      prerendered) url="http://127.0.0.1:$PORT/notice/2026-work-conference" ;;
      csr) url="http://127.0.0.1:$PORT/notice/2026-work-conference?csr=1" ;;
      static) url="http://127.0.0.1:$PORT/static/notice.html" ;;
    esac
    for i in 1 2 3; do
      CHROME_PATH=${CHROMIUM_PATH:-/usr/bin/chromium} timeout 120 "$lh" "$url" --quiet \
        --only-categories=performance --output=json --output-path="$work/lh-$kind-$i.json" \
        --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking --disable-component-update --disable-sync --no-first-run" \
        >/dev/null 2>&1 || die "lighthouse failed on $url"
    done
  done
  node - "$work" >"$lh_out" <<'JS'
const fs = require('fs');
const dir = process.argv[2];
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const out = {};
for (const kind of ['prerendered', 'csr', 'static']) {
  const rs = [1, 2, 3].map((i) => JSON.parse(fs.readFileSync(`${dir}/lh-${kind}-${i}.json`, 'utf8')));
  out[kind] = {
    lcpMs: med(rs.map((r) => r.audits['largest-contentful-paint'].numericValue)),
    fcpMs: med(rs.map((r) => r.audits['first-contentful-paint'].numericValue)),
    cls: med(rs.map((r) => r.audits['cumulative-layout-shift'].numericValue)),
    performance: med(rs.map((r) => Math.round(r.categories.performance.score * 100))),
    transferBytes: med(rs.map((r) => r.audits['total-byte-weight'].numericValue)),
  };
}
const f = (x, d = 0) => x.toFixed(d);
console.log('Lighthouse 12.2.3 mobile (simulated), median of 3:');
console.log('                    prerendered        csr     static  prerendered/static  csr/static');
console.log(`  LCP ms         ${f(out.prerendered.lcpMs).padStart(14)} ${f(out.csr.lcpMs).padStart(10)} ${f(out.static.lcpMs).padStart(10)} ${f(out.prerendered.lcpMs / out.static.lcpMs, 2).padStart(19)} ${f(out.csr.lcpMs / out.static.lcpMs, 2).padStart(11)}`);
console.log(`  FCP ms         ${f(out.prerendered.fcpMs).padStart(14)} ${f(out.csr.fcpMs).padStart(10)} ${f(out.static.fcpMs).padStart(10)}`);
console.log(`  Performance    ${String(out.prerendered.performance).padStart(14)} ${String(out.csr.performance).padStart(10)} ${String(out.static.performance).padStart(10)}`);
console.log(`  CLS            ${f(out.prerendered.cls, 3).padStart(14)} ${f(out.csr.cls, 3).padStart(10)} ${f(out.static.cls, 3).padStart(10)}`);
console.log(`  bytes          ${String(out.prerendered.transferBytes).padStart(14)} ${String(out.csr.transferBytes).padStart(10)} ${String(out.static.transferBytes).padStart(10)} ${f(out.prerendered.transferBytes / out.static.transferBytes, 1).padStart(19)} ${f(out.csr.transferBytes / out.static.transferBytes, 1).padStart(11)}`);
console.log(`BENCH_LIGHTHOUSE_JSON ${JSON.stringify(out)}`);
JS
fi
stop_nginx

# ---- 5. report -------------------------------------------------------------------------------
echo
echo "== Release sizes ($DIST; KB = 1024 bytes; gzip -9) =="
printf '  %-44s %9d B %8s KB   gzip -9 %8d B %7s KB\n' "$(basename "$wasm")" "$wasm_raw" "$(kb "$wasm_raw")" "$wasm_gz" "$(kb "$wasm_gz")"
printf '  %-44s %9d B %8s KB   gzip -9 %8d B %7s KB\n' "$(basename "$js")" "$js_raw" "$(kb "$js_raw")" "$js_gz" "$(kb "$js_gz")"
printf '  %-44s %9d B %8s KB   gzip -9 %8d B %7s KB   %s\n' "wasm + js" \
  $((wasm_raw + js_raw)) "$(kb $((wasm_raw + js_raw)))" "$code_gz" "$(kb "$code_gz")" "$verdict"
for l in "${css_lines[@]}"; do echo "$l"; done
printf '  %-44s %9d B %8s KB   gzip -9 %8d B %7s KB\n' "CSS total" "$css_raw" "$(kb "$css_raw")" "$css_gz" "$(kb "$css_gz")"
echo
echo "== Load: /notice/2026-work-conference prerendered, ?csr=1 client-rendered, /static/notice.html, nginx gzip =="
cat "$load_out"
echo
echo "== In-app navigation =="
cat "$nav_out"
if [ -s "$lh_out" ]; then
  echo
  echo "== Lighthouse =="
  cat "$lh_out"
fi
