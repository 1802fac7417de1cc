#!/usr/bin/env bash
# Installs what is missing, then runs every check and test of Bulletin:
#   1. cargo fmt --check; clippy -D warnings, native and wasm32
#   2. native tests (logic, data contract, sample content, hostile content, a short fuzz run)
#   3. component tests and the panic hook in headless Chromium (wasm-bindgen-test)
#   4. release builds (site root and /notices/ sub-path); the wasm size guard (app wasm + js, gzip,
#      at most bench/size-record.txt + 2 KB) and its self-test; the end-to-end suite
#      (Playwright + Debian Chromium against nginx and python3 -m http.server)
#   5. Lighthouse 12.2.3 on home, list and notice, mobile and desktop (Accessibility 100, SEO >= 95)
# Prints one closing line "N passed, N failed" over all test runners.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export CARGO_TERM_COLOR=never

logs=target/test-logs
mkdir -p "$logs"
rm -f "$logs"/*.log
step() { printf '\n=== %s\n' "$*"; }

step "format and lints"
cargo fmt --all -- --check
cargo clippy --offline --all-targets -- -D warnings
cargo clippy --offline --all-targets --target wasm32-unknown-unknown -- -D warnings

step "native tests"
cargo test --offline 2>&1 | tee "$logs/native.log"

step "component tests (wasm-bindgen-test, headless Chromium)"
cargo test --offline --target wasm32-unknown-unknown --test components 2>&1 | tee "$logs/wasm.log"

step "panic hook (wasm-bindgen-test, headless Chromium)"
cargo test --offline --target wasm32-unknown-unknown --test crash 2>&1 | tee "$logs/wasm-crash.log"

step "browser JSON reading against serde_json (wasm-bindgen-test, headless Chromium)"
cargo test --offline --target wasm32-unknown-unknown --test json_browser 2>&1 | tee "$logs/wasm-json.log"

step "release builds"
bash scripts/build.sh --dist target/e2e/dist-root
bash scripts/build.sh --public-url /notices/ --dist target/e2e/dist-sub

step "wasm size guard: app wasm + js, gzip -9, at most bench/size-record.txt + 2 KB; its self-test"
set +e
bash scripts/size-guard.sh target/e2e/dist-root 2>&1 | tee "$logs/size.log"
size_status=${PIPESTATUS[0]}
bash scripts/size-guard.sh --self-test target/e2e/dist-root 2>&1 | tee "$logs/size-self-test.log"
size_self_status=${PIPESTATUS[0]}
set -e

step "end-to-end (Playwright + Chromium, nginx and python3 -m http.server)"
set +e
bash tests/e2e/run.sh target/e2e/dist-root target/e2e/dist-sub 2>&1 | tee "$logs/e2e.log"
e2e_status=${PIPESTATUS[0]}
set -e

step "Lighthouse 12.2.3 (home, list, notice; mobile and desktop): Accessibility 100, SEO >= 95"
set +e
bash tests/lighthouse/run.sh target/e2e/dist-root target/e2e/dist-sub 2>&1 | tee "$logs/lighthouse.log"
lighthouse_status=${PIPESTATUS[0]}
set -e

passed=0
failed=0
while read -r p f; do
  passed=$((passed + p))
  failed=$((failed + f))
done < <(sed -nE 's/^test result: [a-zA-Z]+\. ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/p' \
  "$logs/native.log" "$logs/wasm.log" "$logs/wasm-crash.log" "$logs/wasm-json.log")
e2e_pass=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$logs/e2e.log" | tail -n 1)
e2e_fail=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$logs/e2e.log" | tail -n 1)
passed=$((passed + ${e2e_pass:-0}))
failed=$((failed + ${e2e_fail:-0}))
if [ "$e2e_status" -ne 0 ] && [ "${e2e_fail:-0}" -eq 0 ]; then
  failed=$((failed + 1))
fi
# The size guard and its self-test: every "# pass N" / "# fail N" line counts; a run that stopped
# before its count (exit status 2) counts as one failure.
for log in size:$size_status size-self-test:$size_self_status; do
  name=${log%%:*} status=${log##*:}
  s_pass=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$logs/$name.log" | awk '{ s += $1 } END { print s + 0 }')
  s_fail=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$logs/$name.log" | awk '{ s += $1 } END { print s + 0 }')
  passed=$((passed + s_pass))
  failed=$((failed + s_fail))
  if [ "$status" -ne 0 ] && [ "$s_fail" -eq 0 ]; then
    failed=$((failed + 1))
  fi
done
lh_pass=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$logs/lighthouse.log" | tail -n 1)
lh_fail=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$logs/lighthouse.log" | tail -n 1)
passed=$((passed + ${lh_pass:-0}))
failed=$((failed + ${lh_fail:-0}))
if [ "$lighthouse_status" -ne 0 ] && [ "${lh_fail:-0}" -eq 0 ]; then
  failed=$((failed + 1))
fi
echo
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ] && [ "$e2e_status" -eq 0 ] && [ "$lighthouse_status" -eq 0 ]
