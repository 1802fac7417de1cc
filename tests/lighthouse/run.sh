#!/usr/bin/env bash
# Runs the Lighthouse audits (tests/lighthouse/lighthouse.test.mjs) against two release builds
# served by the e2e suite's nginx set-up (tests/e2e/servers.sh), on their own ports.
#
#   tests/lighthouse/run.sh <root-dist> <sub-dist>
#
# Environment: LIGHTHOUSE_PORT_BASE (default: E2E_PORT_BASE + 2, else 18082) for nginx, the next
# port for the plain server; LIGHTHOUSE_OUT for the reports (default target/lighthouse).
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 <root-dist> <sub-dist>" >&2
  exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
port=${LIGHTHOUSE_PORT_BASE:-$(( ${E2E_PORT_BASE:-18080} + 2 ))}
work=$(mktemp -d "${TMPDIR:-/tmp}/bulletin-lighthouse.XXXXXX")
status=1

stop() {
  E2E_NGINX_PORT=$port E2E_PLAIN_PORT=$((port + 1)) \
    "$repo/tests/e2e/servers.sh" stop "$1" "$2" "$work" >/dev/null 2>&1 || true
  [ "$status" -eq 0 ] && rm -rf "$work"
}
trap 'stop "$1" "$2"' EXIT

E2E_NGINX_PORT=$port E2E_PLAIN_PORT=$((port + 1)) \
  "$repo/tests/e2e/servers.sh" start "$1" "$2" "$work" || exit 1
cd "$repo" || exit 1
LIGHTHOUSE_URL="http://127.0.0.1:$port/" node --test --test-concurrency=1 tests/lighthouse/
status=$?
[ -f "${LIGHTHOUSE_OUT:-target/lighthouse}/summary.json" ] && cat "${LIGHTHOUSE_OUT:-target/lighthouse}/summary.json"
exit "$status"
