#!/usr/bin/env bash
# The nginx of the tests and the benchmarks (tests/e2e/servers.sh, scripts/bench.sh,
# scripts/bench-search.sh): writes its config, in the shape of the production config of
# docs/deploy.md (§3 caching and fallbacks, §6 security headers), starts it and stops it. Config,
# pid, logs and temp files all stay in <workdir>; the system's nginx is left alone.
#
#   scripts/nginx.sh conf <workdir> [http options] server <server options> [server <server options>]…
#   scripts/nginx.sh start <workdir>
#   scripts/nginx.sh stop <workdir>
#
# conf: writes <workdir>/nginx.conf (and <workdir>/security-headers.conf), one `server` block per
# `server` word. Options for all servers:
#   --log on|off|bytes  access log <workdir>/logs/access.log in nginx's default format, none, or
#                       one `$bytes_sent` per answer (default: on)
#   --charset           text answers (HTML, JSON, CSS, JavaScript, SVG, plain text) name UTF-8
#   --gzip LEVEL        compression as in docs/deploy.md §3.1, at this level (6 there)
# Options for one server:
#   --port N            listens on 127.0.0.1:N (required)
#   --root DIST         the build served at / (required)
#   --sub PATH DIST     a build made with `--public-url PATH` (such as /notices/), served at PATH
#   --fallback          a path that is no file is answered with the build's index.html (the
#                       single-page-app fallback, which docs/deploy.md §3.1 describes beside its
#                       `=404`; a route's prerendered page, $uri/index.html, first, without a
#                       redirect); data files (<base>data/…) never fall back: a missing one is a
#                       real 404. Without it: no fallback at all, only real files answer and a
#                       missing one gets the build's 404.html with status 404 (a static host
#                       without rewrite rules)
#   --cache             Cache-Control as in production: `public, max-age=31536000, immutable`
#                       for hashed assets (name-<16 hex>[_bg].js|.wasm|.css), `no-cache` for
#                       index.html and data/*.json (needs --fallback)
#   --security-headers  every answer carries the security headers of docs/deploy.md §6 (from one
#                       included file, repeated in each location that sets its own add_header)
#   --include FILE      the caller's own locations, included in the server block
#
# start: checks the config (nginx -t) and starts nginx as a daemon. stop: stops the nginx whose pid
# is in <workdir>/nginx.pid (TERM, then KILL after about 5 s); safe to run when none runs.
set -euo pipefail
export PATH="$PATH:/usr/sbin"

usage() {
  sed -n '7,9p' "${BASH_SOURCE[0]}" | sed 's/^# *//' >&2
  exit 2
}
die() {
  echo "nginx.sh: $*" >&2
  exit 2
}

# Hashed build output: the names Trunk writes with filehash (non-capturing groups: the sub-path
# locations capture the whole name).
HASHED='-[0-9a-f]{16}(?:_bg)?\.(?:js|wasm|css)$'

# The headers of docs/deploy.md §6.
write_security_headers() {
  cat >"$1" <<'EOF'
add_header Content-Security-Policy "img-src 'self'; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'" always;
add_header X-Content-Type-Options "nosniff" always;
add_header Referrer-Policy "strict-origin-when-cross-origin" always;
EOF
}

# One server block, from the server options in "$@".
server_block() {
  local port='' root='' sub_path='' sub_dist='' fallback=0 cache=0 security=0 include=''
  while [ $# -gt 0 ]; do
    case $1 in
      --port) port=${2:?--port N}; shift 2 ;;
      --root) root=$(realpath -m "${2:?--root DIST}"); shift 2 ;;
      --sub)
        sub_path=${2:?--sub PATH DIST} sub_dist=$(realpath -m "${3:?--sub PATH DIST}")
        [[ $sub_path == /*/ ]] || die "--sub: PATH starts and ends with / (such as /notices/)"
        shift 3
        ;;
      --fallback) fallback=1; shift ;;
      --cache) cache=1; shift ;;
      --security-headers) security=1; shift ;;
      --include) include=$(realpath -m "${2:?--include FILE}"); shift 2 ;;
      *) die "unknown server option $1" ;;
    esac
  done
  [ -n "$port" ] && [ -n "$root" ] || die "a server needs --port and --root"
  [ "$cache" -eq 0 ] || [ "$fallback" -eq 1 ] || die "--cache goes with --fallback"
  # `sec` is the include line for a block that sets its own add_header (nginx drops the inherited
  # ones there), empty without --security-headers (the line left blank is dropped).
  local sec='' sub=${sub_path%/}
  [ "$security" -eq 1 ] && sec="include $work/security-headers.conf;"

  echo
  echo "  server {"
  echo "    listen 127.0.0.1:$port;"
  echo "    server_name localhost;"
  echo "    root $root;"
  echo "    index index.html;"
  [ "$fallback" -eq 1 ] || echo "    error_page 404 /404.html;"
  [ -z "$sec" ] || echo "    $sec"
  [ -z "$include" ] || echo "    include $include;"

  if [ -n "$sub_path" ]; then
    cat <<EOF

    # ---- $sub_path: the sub-path build (regex locations are tried in this order) ----
    location = $sub {
      return 301 $sub_path;
    }
EOF
    if [ "$fallback" -eq 0 ]; then
      cat <<EOF
    location $sub_path {
      alias $sub_dist/;
      error_page 404 ${sub_path}404.html;
    }
EOF
    else
      [ "$cache" -eq 0 ] || cat <<EOF
    location = ${sub_path}index.html {
      alias $sub_dist/index.html;
      add_header Cache-Control "no-cache" always;
      $sec
    }
    location ~ "^$sub_path(.+$HASHED)" {
      alias $sub_dist/\$1;
      add_header Cache-Control "public, max-age=31536000, immutable";
      $sec
    }
    location ~ "^$sub_path(data/.+\.json)$" {
      alias $sub_dist/\$1;
      add_header Cache-Control "no-cache" always;
      $sec
    }
EOF
      cat <<EOF
    location ${sub_path}data/ {
      alias $sub_dist/data/;
      try_files \$uri =404;
    }
    location $sub_path {
      alias $sub_dist/;
      try_files \$uri \$uri/index.html ${sub_path}index.html;
    }
EOF
    fi
  fi

  if [ "$fallback" -eq 1 ]; then
    echo
    echo "    # ---- /: the root build ----"
    [ "$cache" -eq 0 ] || cat <<EOF
    location = /index.html {
      add_header Cache-Control "no-cache" always;
      $sec
    }
    location ~ "^/data/.+\.json$" {
      try_files \$uri =404;
      add_header Cache-Control "no-cache" always;
      $sec
    }
EOF
    cat <<EOF
    location /data/ {
      try_files \$uri =404;
    }
EOF
    [ "$cache" -eq 0 ] || cat <<EOF
    location ~ "$HASHED" {
      try_files \$uri =404;
      add_header Cache-Control "public, max-age=31536000, immutable";
      $sec
    }
EOF
    cat <<EOF
    location / {
      try_files \$uri \$uri/index.html /index.html;
    }
EOF
  fi
  echo "  }"
}

write_conf() {
  local log=on charset=0 gzip=''
  while [ $# -gt 0 ] && [ "$1" != server ]; do
    case $1 in
      --log)
        log=${2:?--log on|off|bytes}
        [[ $log =~ ^(on|off|bytes)$ ]] || die "--log on|off|bytes"
        shift 2
        ;;
      --charset) charset=1; shift ;;
      --gzip) gzip=${2:?--gzip LEVEL}; shift 2 ;;
      *) die "unknown option $1 (the server options follow the word server)" ;;
    esac
  done
  [ $# -gt 0 ] || die "no server"
  mkdir -p "$work/logs" "$work/tmp"
  write_security_headers "$work/security-headers.conf"

  local user_line='' wasm_types=''
  # As root, keep the workers root too (they read the dists and write the temp paths in <workdir>).
  [ "$(id -u)" -eq 0 ] && user_line='user root;'
  # Debian's mime.types maps .wasm already; add it only for systems whose list lacks it.
  if ! grep -qE 'application/wasm[[:space:]]+wasm' /etc/nginx/mime.types 2>/dev/null; then
    wasm_types='types { application/wasm wasm; }'
  fi
  {
    cat <<EOF
# Generated by scripts/nginx.sh; do not edit.
daemon on;
$user_line
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;

events {
  worker_connections 256;
}

http {
  include /etc/nginx/mime.types;
  $wasm_types
  default_type application/octet-stream;
EOF
    [ "$charset" -eq 0 ] || cat <<EOF
  charset utf-8;
  charset_types application/json text/css application/javascript image/svg+xml text/plain;
EOF
    case $log in
      on) echo "  access_log $work/logs/access.log;" ;;
      off) echo "  access_log off;" ;;
      bytes)
        echo "  log_format sent '\$bytes_sent \$request_uri';"
        echo "  access_log $work/logs/access.log sent;"
        ;;
    esac
    cat <<EOF
  client_body_temp_path $work/tmp/client_body;
  proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fastcgi;
  uwsgi_temp_path $work/tmp/uwsgi;
  scgi_temp_path $work/tmp/scgi;

  sendfile on;
  server_tokens off;
  absolute_redirect off;
EOF
    [ -z "$gzip" ] || cat <<EOF

  # As docs/deploy.md §3.1 (text/html is always compressed once gzip is on).
  gzip on;
  gzip_vary on;
  gzip_comp_level $gzip;
  gzip_min_length 1024;
  gzip_types text/plain text/css application/javascript text/javascript application/wasm
             application/json image/svg+xml text/csv;
EOF
    # One block per `server` word, each with the options up to the next one.
    local args=()
    shift
    while [ $# -gt 0 ]; do
      if [ "$1" = server ]; then
        server_block "${args[@]}"
        args=()
      else
        args+=("$1")
      fi
      shift
    done
    server_block "${args[@]}"
    echo "}"
  } | sed -E '/^ +$/d' >"$work/nginx.conf.new"
  mv "$work/nginx.conf.new" "$work/nginx.conf"
}

start() {
  [ -f "$work/nginx.conf" ] || die "$work/nginx.conf missing (scripts/nginx.sh conf first)"
  nginx -t -q -p "$work/" -e "$work/logs/error.log" -c "$work/nginx.conf"
  nginx -p "$work/" -e "$work/logs/error.log" -c "$work/nginx.conf"
}

stop() {
  local file=$work/nginx.pid pid
  [ -f "$file" ] || return 0
  pid=$(tr -dc '0-9' <"$file" || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
    fi
  fi
  rm -f "$file"
}

[ $# -ge 2 ] || usage
cmd=$1
work=$(realpath -m "$2")
shift 2
case $cmd in
  conf) write_conf "$@" ;;
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
