#!/usr/bin/env bash
# Benchmark (not a test): release sizes, and cold-load time of the app's notice page against the
# same notice as one static HTML page (bench/static-notice.html), both served by nginx.
#
#   scripts/bench.sh                 build, serve, measure, print
#   BENCH_RUNS=10 scripts/bench.sh   cold loads per page (default 10)
#
# Steps:
#   1. scripts/build.sh --dist target/bench/dist          (release build; stops here if it fails)
#   2. copies bench/static-notice.html to target/bench/static/notice.html
#   3. nginx on 127.0.0.1:18090 from a temp workdir (config, pid, logs, temp paths inside it):
#        /                    -> target/bench/dist, SPA fallback try_files $uri $uri/ /index.html
#        /static/notice.html  -> the static page
#      gzip as in docs/deploy.md (level: nginx default) for text, js, json, wasm, css and svg,
#      Cache-Control as in production: immutable for hashed assets, no-cache for index.html,
#      prefs.js, data/*.json (and the static page).
#   4. node bench/load.mjs (Playwright + Debian Chromium), then stops nginx (also on error/^C).
#   5. prints the sizes (raw and gzip -9, against the 200 KB budget) and load.mjs's table and its
#      `BENCH_JSON {...}` line.
# Needs scripts/setup.sh done once. Run scripts/setup.sh first if the build cannot find its tools.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PORT=18090
BUDGET_KB=200
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
if ! bash scripts/build.sh --dist "$DIST" >"$BUILD_LOG" 2>&1; then
  echo "bench.sh: BUILD FAILED; last lines of $BUILD_LOG:" >&2
  tail -n 40 "$BUILD_LOG" >&2
  exit 1
fi
echo "bench.sh: build done in $(($(date +%s) - build_start)) s" >&2

shopt -s nullglob
wasm_files=("$DIST"/*-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]_bg.wasm)
js_files=("$DIST"/*-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f].js)
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
budget=$((BUDGET_KB * 1024))
css_raw=0 css_gz=0 css_lines=() css_json=''
for f in "${css_files[@]}"; do
  r=$(raw_size "$f") g=$(gz_size "$f")
  css_raw=$((css_raw + r)) css_gz=$((css_gz + g))
  css_lines+=("$(printf '  %-44s %9d B %8s KB   gzip -9 %8d B %7s KB' "$(basename "$f")" "$r" "$(kb "$r")" "$g" "$(kb "$g")")")
  css_json+="${css_json:+,}\"$(basename "$f")\":{\"raw\":$r,\"gzip9\":$g}"
done
if [ "$code_gz" -le "$budget" ]; then
  verdict="within budget by $(kb $((budget - code_gz))) KB"
else
  verdict="OVER budget by $(kb $((code_gz - budget))) KB ($(awk -v a="$code_gz" -v b="$budget" 'BEGIN { printf "%.2f", a / b }')x)"
fi
sizes_json=$(printf '{"wasm":{"file":"%s","raw":%d,"gzip9":%d},"js":{"file":"%s","raw":%d,"gzip9":%d},"wasmJsGzip9":%d,"budgetBytes":%d,"withinBudget":%s,"css":{"raw":%d,"gzip9":%d,"files":{%s}}}' \
  "$(basename "$wasm")" "$wasm_raw" "$wasm_gz" "$(basename "$js")" "$js_raw" "$js_gz" "$code_gz" "$budget" \
  "$([ "$code_gz" -le "$budget" ] && echo true || echo false)" "$css_raw" "$css_gz" "$css_json")

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
  local pid=''
  [ -f "$work/nginx.pid" ] && pid=$(tr -dc '0-9' <"$work/nginx.pid" || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
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

user_line='' wasm_types=''
[ "$(id -u)" -eq 0 ] && user_line='user root;'
grep -qE 'application/wasm[[:space:]]+wasm' /etc/nginx/mime.types 2>/dev/null || wasm_types='types { application/wasm wasm; }'
hashed='-[0-9a-f]{16}(_bg)?\.(js|wasm|css)$'
cat >"$work/nginx.conf" <<EOF
# Generated by scripts/bench.sh.
daemon on;
$user_line
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  $wasm_types
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path $work/tmp/client_body;
  proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fastcgi;
  uwsgi_temp_path $work/tmp/uwsgi;
  scgi_temp_path $work/tmp/scgi;
  sendfile on;
  server_tokens off;
  absolute_redirect off;

  # As docs/deploy.md 3.1 (text/html is always compressed once gzip is on).
  gzip on;
  gzip_vary on;
  gzip_min_length 1024;
  gzip_types text/plain text/css application/javascript text/javascript application/wasm
             application/json image/svg+xml text/csv;

  server {
    listen 127.0.0.1:$PORT;
    server_name localhost;
    root $root_dist;
    index index.html;

    location = /static/notice.html {
      alias $static_dir/notice.html;
      add_header Cache-Control "no-cache";
    }
    location ~ "$hashed" {
      add_header Cache-Control "public, max-age=31536000, immutable";
      try_files \$uri =404;
    }
    location = /index.html {
      add_header Cache-Control "no-cache";
    }
    location = /prefs.js {
      add_header Cache-Control "no-cache";
    }
    location /data/ {
      try_files \$uri =404;
      location ~ \.json\$ {
        add_header Cache-Control "no-cache";
      }
    }
    location / {
      try_files \$uri \$uri/ /index.html;
    }
  }
}
EOF
nginx -t -q -p "$work/" -e "$work/logs/error.log" -c "$work/nginx.conf" || die "nginx config test failed"
nginx -p "$work/" -e "$work/logs/error.log" -c "$work/nginx.conf" || die "nginx did not start"
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
stop_nginx

# ---- 5. report -------------------------------------------------------------------------------
echo
echo "== Release sizes ($DIST; KB = 1024 bytes; gzip -9) =="
printf '  %-44s %9d B %8s KB   gzip -9 %8d B %7s KB\n' "$(basename "$wasm")" "$wasm_raw" "$(kb "$wasm_raw")" "$wasm_gz" "$(kb "$wasm_gz")"
printf '  %-44s %9d B %8s KB   gzip -9 %8d B %7s KB\n' "$(basename "$js")" "$js_raw" "$(kb "$js_raw")" "$js_gz" "$(kb "$js_gz")"
printf '  %-44s %9d B %8s KB   gzip -9 %8d B %7s KB   budget %d KB: %s\n' "wasm + js" \
  $((wasm_raw + js_raw)) "$(kb $((wasm_raw + js_raw)))" "$code_gz" "$(kb "$code_gz")" "$BUDGET_KB" "$verdict"
for l in "${css_lines[@]}"; do echo "$l"; done
printf '  %-44s %9d B %8s KB   gzip -9 %8d B %7s KB\n' "CSS total" "$css_raw" "$(kb "$css_raw")" "$css_gz" "$(kb "$css_gz")"
echo
echo "== Load: /notice/2026-work-conference (app) vs /static/notice.html (static), nginx gzip =="
cat "$load_out"
