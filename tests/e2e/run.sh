#!/usr/bin/env bash
# Runs the Bulletin end-to-end suite against two release builds.
#
#   tests/e2e/run.sh <root-dist> <sub-dist>
#
# <root-dist>: `trunk build --release --dist <root-dist>`
# <sub-dist>:  `trunk build --release --public-url /notices/ --dist <sub-dist>`
#
# Starts nginx (127.0.0.1:18080) and python3 -m http.server (127.0.0.1:18081) with servers.sh,
# runs `node --test` on tests/e2e/, stops the servers whatever happens, and exits with the
# tests' status. Environment:
#   E2E_WORKDIR      where servers.sh keeps its config, pids and logs (default: a new temp dir)
#   E2E_PORT_BASE    nginx on this port, http.server on the next, nginx without fallback on
#                    +10 and the sub-path http.server on +11 (default 18080, 18081, 18090, 18091), so two
#                    checkouts can run their suites at once; faults.test.mjs runs its own
#                    fault-injecting server on the nginx port + 12 (or $E2E_FAULT_PORT), and
#                    deploy-update.test.mjs its switchable static server on the nginx port + 13
#                    (or $E2E_UPDATE_PORT); engines.test.mjs runs WebKitWebDriver on the nginx
#                    port + 14 (or $E2E_WEBKIT_PORT; default 18094)
#   E2E_CONCURRENCY  test files run at once (default 2, for a 2-core machine: ~35 s; 1: ~55 s)
#   BULLETIN_URL, BULLETIN_SUB_URL, BULLETIN_PLAIN_URL, CHROMIUM_PATH: see helpers.mjs
# engines.test.mjs drives Debian firefox-esr (puppeteer-core, WebDriver BiDi) and WebKit
# (WebKitWebDriver + MiniBrowser under its own Xvfb), and stops every process it started.
# search-corpus.test.mjs also serves a generated site with python3 -m http.server on the port
# after the plain server's.
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 <root-dist> <sub-dist>" >&2
  exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
root_dist=$1
sub_dist=$2
own_work=0
if [ -n "${E2E_WORKDIR:-}" ]; then
  work=$E2E_WORKDIR
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/bulletin-e2e.XXXXXX")
  own_work=1
fi
status=1

if [ -n "${E2E_PORT_BASE:-}" ]; then
  export E2E_NGINX_PORT=$E2E_PORT_BASE
  export E2E_PLAIN_PORT=$((E2E_PORT_BASE + 1))
  export BULLETIN_URL="http://127.0.0.1:$E2E_NGINX_PORT/"
  export BULLETIN_SUB_URL="http://127.0.0.1:$E2E_NGINX_PORT/notices/"
  export BULLETIN_PLAIN_URL="http://127.0.0.1:$E2E_PLAIN_PORT/"
  export E2E_STRICT_PORT=$((E2E_PORT_BASE + 10))
  export E2E_PLAIN_SUB_PORT=$((E2E_PORT_BASE + 11))
  export BULLETIN_STRICT_URL="http://127.0.0.1:$E2E_STRICT_PORT/"
  export BULLETIN_PLAIN_SUB_URL="http://127.0.0.1:$E2E_PLAIN_SUB_PORT/notices/"
  export E2E_WEBKIT_PORT=$((E2E_PORT_BASE + 14))
fi

stop_servers() {
  "$here/servers.sh" stop "$root_dist" "$sub_dist" "$work" >/dev/null 2>&1 || true
  # Keep the logs of a failed run; remove a passing run's temporary work dir.
  if [ "$own_work" -eq 1 ] && [ "$status" -eq 0 ]; then
    rm -rf "$work"
  fi
}
trap stop_servers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$here/servers.sh" start "$root_dist" "$sub_dist" "$work" || exit 1
# search-corpus.test.mjs builds a generated corpus into a copy of the root build.
E2E_ROOT_DIST=$(cd "$root_dist" && pwd)
export E2E_ROOT_DIST

cd "$repo" || exit 1
started=$(date +%s)
node --test --test-concurrency="${E2E_CONCURRENCY:-2}" tests/e2e/
status=$?
echo "e2e: node --test exited with $status after $(( $(date +%s) - started )) s"
[ "$status" -eq 0 ] || echo "e2e: server logs kept in $work/logs"
exit "$status"
