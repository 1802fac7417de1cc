#!/usr/bin/env bash
# The wasm size guard. The browser app's code as a reader downloads it, its wasm
# (bulletin-web-<hash>_bg.wasm) and js glue (bulletin-web-<hash>.js) from a release build, gzip -9
# (as scripts/bench.sh measures), may be at most the record in bench/size-record.txt plus 2,048 B.
# Raising the record is a commit of its own that says what the bytes bought.
#
#   scripts/size-guard.sh DIST              DIST's app against the record; exit 1 when over
#   scripts/size-guard.sh --record DIST     writes DIST's figures as the record
#   scripts/size-guard.sh --show            prints the recorded total (bytes)
#   scripts/size-guard.sh --self-test DIST  the guard itself, on a copy of DIST against a record of
#                                           that copy: unchanged passes, 1 KB more passes, 3 KB of
#                                           incompressible bytes more fails
#
# SIZE_RECORD=FILE uses another record file. A check and the self-test print "# pass N" and
# "# fail N", which scripts/test.sh adds to its closing count.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ALLOWANCE=2048
RECORD=${SIZE_RECORD:-bench/size-record.txt}

die() {
  echo "size-guard: $*" >&2
  exit 2
}

# The app's file in DIST whose name matches bulletin-web-<16 hex><suffix>; exactly one.
app_file() {
  local dist=$1 suffix=$2 found=() f
  for f in "$dist"/bulletin-web-*"$suffix"; do
    [[ $(basename "$f") =~ ^bulletin-web-[0-9a-f]{16}${suffix//./\\.}$ ]] && found+=("$f")
  done
  [ ${#found[@]} -eq 1 ] || die "expected one bulletin-web-<hash>$suffix in $dist, found ${#found[@]}"
  echo "${found[0]}"
}

gz_size() { gzip -9 -c "$1" | wc -c; }

# Sets wasm_gz, js_gz and total_gz for DIST.
measure() {
  local wasm js
  [ -d "$1" ] || die "$1 is not a folder (build it with scripts/build.sh --dist $1)"
  # (`|| exit` as well: a failure inside $(…) does not stop the script where `check` is a condition)
  wasm=$(app_file "$1" _bg.wasm) || exit 2
  js=$(app_file "$1" .js) || exit 2
  wasm_gz=$(gz_size "$wasm") || die "gzip failed on $wasm"
  js_gz=$(gz_size "$js") || die "gzip failed on $js"
  total_gz=$((wasm_gz + js_gz))
}

# The value of KEY in the record file.
recorded() {
  [ -f "$RECORD" ] || die "no record file $RECORD"
  local value
  value=$(awk -v key="$1" '$1 == key { print $2 }' "$RECORD")
  [[ $value =~ ^[0-9]+$ ]] || die "$RECORD has no '$1 <bytes>' line"
  echo "$value"
}

# Thousands separators: 258357 -> 258,357.
n() { printf '%s' "$1" | sed -E ':a; s/([0-9])([0-9]{3})($|,)/\1,\2\3/; ta'; }

write_record() {
  measure "$1"
  cat >"$RECORD" <<EOF
# The browser app's code as a reader downloads it: wasm (bulletin-web-<hash>_bg.wasm) + js glue
# (bulletin-web-<hash>.js) of a release build, gzip -9 bytes. scripts/size-guard.sh, run by
# scripts/test.sh, fails when a build exceeds total by more than $ALLOWANCE B; scripts/bench.sh
# prints the difference. Written by \`scripts/size-guard.sh --record <dist>\`; raising it is a
# commit of its own that says what the bytes bought.
wasm $wasm_gz
js $js_gz
total $total_gz
EOF
  echo "size-guard: recorded in $RECORD: wasm $(n "$wasm_gz") + js $(n "$js_gz") = $(n "$total_gz") B (gzip -9)"
}

# Exit 0 when DIST is within the record plus the allowance, 1 when over.
check() {
  measure "$1"
  local record limit diff
  record=$(recorded total) || exit 2
  limit=$((record + ALLOWANCE))
  diff=$((total_gz - record))
  printf 'size-guard: %s: app wasm + js, gzip -9: %s B (wasm %s + js %s); record %s B (%+d B), limit %s B\n' \
    "$1" "$(n "$total_gz")" "$(n "$wasm_gz")" "$(n "$js_gz")" "$(n "$record")" "$diff" "$(n "$limit")"
  if [ "$total_gz" -le "$limit" ]; then
    echo "size-guard: ok"
    return 0
  fi
  echo "size-guard: FAIL: $(n "$total_gz") B is $(n "$diff") B over the record $(n "$record") B ($RECORD), more than the $ALLOWANCE B allowed." \
    "Make the app smaller, or raise the record in a commit of its own that says what the bytes bought."
  return 1
}

# Appends BYTES random (incompressible) bytes to the wasm FILE as a custom section named
# `size-guard-pad`, so the file stays a valid wasm.
pad_wasm() {
  local file=$1 bytes=$2 name=size-guard-pad
  leb128() {
    local v=$1 b
    while :; do
      b=$((v & 127)) v=$((v >> 7))
      if [ "$v" -gt 0 ]; then printf "\\x$(printf %02x $((b | 128)))"; else printf "\\x$(printf %02x "$b")"; return; fi
    done
  }
  {
    printf '\x00'
    leb128 $((1 + ${#name} + bytes))
    leb128 ${#name}
    printf '%s' "$name"
    head -c "$bytes" /dev/urandom
  } >>"$file"
}

self_test() {
  local dist=$1 work pass=0 fail=0 before after
  [ -d "$dist" ] || die "$dist is not a folder"
  work=$(mktemp -d "${TMPDIR:-/tmp}/size-guard.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$work'" EXIT
  cp -r "$dist" "$work/dist"
  RECORD="$work/record.txt"
  write_record "$work/dist" >/dev/null
  expect() { # WANT (pass|fail) WHAT
    local status=0
    check "$work/dist" >"$work/out" 2>&1 || status=$?
    sed 's/^/    /' "$work/out"
    if { [ "$1" = pass ] && [ "$status" -eq 0 ]; } || { [ "$1" = fail ] && [ "$status" -eq 1 ]; }; then
      echo "ok - $2: the guard says ${1}"
      pass=$((pass + 1))
    else
      echo "not ok - $2: the guard should $1 (exit status $status)"
      fail=$((fail + 1))
    fi
  }
  expect pass "unchanged copy of $dist"
  local wasm
  wasm=$(app_file "$work/dist" _bg.wasm) || exit 2
  before=$total_gz
  pad_wasm "$wasm" 1024
  measure "$work/dist"
  expect pass "wasm +1 KB of incompressible bytes (gzip $(printf '%+d' $((total_gz - before))) B)"
  pad_wasm "$wasm" 2048
  measure "$work/dist"
  after=$total_gz
  expect fail "wasm +3 KB of incompressible bytes (gzip $(printf '%+d' $((after - before))) B)"
  echo "# pass $pass"
  echo "# fail $fail"
  [ "$fail" -eq 0 ]
}

case "${1:-}" in
  --record) [ $# -eq 2 ] || die "usage: $0 --record DIST"; write_record "$2" ;;
  --show) [ $# -eq 1 ] || die "usage: $0 --show"; recorded total ;;
  --self-test) [ $# -eq 2 ] || die "usage: $0 --self-test DIST"; self_test "$2" ;;
  -* | '') die "usage: $0 DIST | --record DIST | --show | --self-test DIST" ;;
  *)
    [ $# -eq 1 ] || die "usage: $0 DIST"
    if check "$1"; then
      printf '# pass 1\n# fail 0\n'
    else
      printf '# pass 0\n# fail 1\n'
      exit 1
    fi
    ;;
esac
