#!/usr/bin/env bash
# Test servers for the Bulletin end-to-end suite.
#
#   tests/e2e/servers.sh start <root-dist> <sub-dist> <workdir>
#   tests/e2e/servers.sh stop  <root-dist> <sub-dist> <workdir>
#
# start: stops whatever a previous `start` with the same <workdir> left running, then starts
#   * nginx on 127.0.0.1:18080 (or $E2E_NGINX_PORT; config written by scripts/nginx.sh, pid, logs
#     and temp paths all inside <workdir>):
#       /            -> <root-dist>, `try_files $uri $uri/index.html /index.html`: a route's
#                       prerendered page without a redirect, else the SPA fallback (a folder
#                       without index.html, such as /list/, is not a page)
#       /notices/    -> <sub-dist> (alias), SPA fallback to /notices/index.html
#     data files (<base>data/…) never fall back to index.html: a missing notice is a real 404.
#     Cache-Control: `public, max-age=31536000, immutable` for hashed assets
#     (name-<16 hex>[_bg].js|.wasm|.css), `no-cache` for index.html and data/*.json.
#     Every answer carries the security headers of docs/deploy.md §6 (the header part of the
#     Content-Security-Policy, with frame-ancestors 'none'; nosniff), from one included file;
#     the page's own <meta> carries the rest of the policy (script-src, style-src).
#   * python3 -m http.server on 127.0.0.1:18081 (or $E2E_PLAIN_PORT) serving <root-dist> (no rewrites at all).
#   * nginx WITHOUT any fallback on 127.0.0.1:18090 (or $E2E_STRICT_PORT): / -> <root-dist>,
#     /notices/ -> <sub-dist>, a missing file is a 404 answered with the build's 404.html
#     (the prerendered pages are what make deep links work there).
#   * python3 -m http.server on 127.0.0.1:18091 (or $E2E_PLAIN_SUB_PORT) serving <sub-dist> under
#     /notices/ (a folder holding only a `notices` link to <sub-dist>).
#   and waits until all answer.
# stop: stops both (only the processes recorded in <workdir>); safe to run when nothing runs.
set -euo pipefail

NGINX_PORT=${E2E_NGINX_PORT:-18080}
PLAIN_PORT=${E2E_PLAIN_PORT:-18081}
STRICT_PORT=${E2E_STRICT_PORT:-18090}
PLAIN_SUB_PORT=${E2E_PLAIN_SUB_PORT:-18091}

usage() {
  echo "usage: $0 start|stop <root-dist> <sub-dist> <workdir>" >&2
  exit 2
}

[ $# -eq 4 ] || usage
cmd=$1
root_dist=$(realpath -m "$2")
sub_dist=$(realpath -m "$3")
work=$(realpath -m "$4")
nginx=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/nginx.sh

pid_alive() {
  [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null
}

# Stops the process whose pid is in file $1 (TERM, then KILL after ~5 s) and removes the file.
stop_pidfile() {
  local file=$1 pid
  [ -f "$file" ] || return 0
  pid=$(tr -dc '0-9' <"$file" || true)
  if pid_alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      pid_alive "$pid" || break
      sleep 0.1
    done
    if pid_alive "$pid"; then
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
    fi
  fi
  rm -f "$file"
}

port_answers() {
  curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$1/" 2>/dev/null
}

stop_all() {
  "$nginx" stop "$work"
  stop_pidfile "$work/http-server.pid"
  stop_pidfile "$work/http-server-sub.pid"
}

start_all() {
  for d in "$root_dist" "$sub_dist"; do
    if [ ! -f "$d/index.html" ]; then
      echo "servers.sh: $d/index.html not found (build the app first)" >&2
      exit 1
    fi
  done
  mkdir -p "$work/logs" "$work/tmp"
  stop_all
  for port in $NGINX_PORT $PLAIN_PORT $STRICT_PORT $PLAIN_SUB_PORT; do
    if port_answers "$port"; then
      echo "servers.sh: 127.0.0.1:$port is already in use by a process this script did not start" >&2
      exit 1
    fi
  done

  "$nginx" conf "$work" --charset \
    server --port "$NGINX_PORT" --root "$root_dist" --sub /notices/ "$sub_dist" \
    --fallback --cache --security-headers \
    server --port "$STRICT_PORT" --root "$root_dist" --sub /notices/ "$sub_dist" --security-headers
  "$nginx" start "$work"

  # The harsh host: a plain file server, no rewrites.
  nohup python3 -m http.server "$PLAIN_PORT" --bind 127.0.0.1 --directory "$root_dist" \
    >"$work/logs/http-server.log" 2>&1 </dev/null &
  echo $! >"$work/http-server.pid"
  # The sub-path build on the plain server: <workdir>/plain-sub/notices -> <sub-dist>.
  mkdir -p "$work/plain-sub"
  ln -sfn "$sub_dist" "$work/plain-sub/notices"
  nohup python3 -m http.server "$PLAIN_SUB_PORT" --bind 127.0.0.1 --directory "$work/plain-sub" \
    >"$work/logs/http-server-sub.log" 2>&1 </dev/null &
  echo $! >"$work/http-server-sub.pid"

  for _ in $(seq 1 100); do
    if port_answers "$NGINX_PORT" && port_answers "$PLAIN_PORT" && port_answers "$STRICT_PORT" \
      && port_answers "$PLAIN_SUB_PORT"; then
      echo "servers.sh: nginx http://127.0.0.1:$NGINX_PORT/ (+ /notices/), plain http://127.0.0.1:$PLAIN_PORT/," \
        "nginx without fallback http://127.0.0.1:$STRICT_PORT/ (+ /notices/), plain http://127.0.0.1:$PLAIN_SUB_PORT/notices/"
      return 0
    fi
    sleep 0.1
  done
  echo "servers.sh: servers did not answer within 10 s; logs in $work/logs" >&2
  cat "$work/logs/error.log" "$work/logs/http-server.log" >&2 2>/dev/null || true
  stop_all
  exit 1
}

case "$cmd" in
  start) start_all ;;
  stop)
    stop_all
    echo "servers.sh: stopped"
    ;;
  *) usage ;;
esac
