#!/usr/bin/env bash
# Benchmark (not a test): how fast `bulletin build` turns a content folder into dist data, on
# synthetic corpora of 10,000 and 100,000 notices, against the goals and against Hugo.
#
#   scripts/bench-build.sh                              both corpora, 3 runs each
#   BENCH_COUNTS="10000" scripts/bench-build.sh         only the 10,000-notice corpus
#   BENCH_RUNS=5 BENCH_SEED=7 scripts/bench-build.sh    more runs, another corpus
#   CARGO_TARGET_DIR=/tmp/t scripts/bench-build.sh      the binary is built (and taken) there
#   BENCH_PROFILE=release scripts/bench-build.sh        build with --release instead of --profile tool
#   BENCH_BIN=/path/to/bulletin scripts/bench-build.sh  measure that binary, no cargo build
#   BENCH_OUT_PARENT=/dev/shm scripts/bench-build.sh    write the outputs there (e.g. tmpfs, to
#                                                       leave the disk's file-creation cost out)
#
# Steps:
#   1. python3 tools/gen-corpus.py --count N --seed S --out target/bench-corpus/nN-sS for each N,
#      unless that folder already holds the same corpus (target/bench-corpus/nN-sS.stamp records
#      the count, the seed and a checksum of the generator and of the sample files it reads);
#   2. cargo build --profile tool --bin bulletin when Cargo.toml defines the content tool's `tool`
#      profile, else cargo build --release --bin bulletin (BENCH_PROFILE=release forces the latter);
#      stops with a message if there is no such binary yet or the build fails (log:
#      target/bench-corpus/cargo-build.log);
#   3. for each corpus, BENCH_RUNS times: `sync` (so that no writeback of earlier files is left),
#      then `bulletin build <corpus> --out <fresh folder>` (in target/bench-corpus, or in
#      BENCH_OUT_PARENT) under /usr/bin/time -v, or, without it or with BENCH_NO_TIME=1, under a
#      Python wrapper reading getrusage(RUSAGE_CHILDREN). The output of the last run is measured
#      (du -sh, file count); every output is deleted after its run. Logs: target/bench-corpus/logs/;
#   4. for each corpus, once, with an app shell (the repository's index.html at the site root, so
#      every route also gets its prerendered page): a clean build into a fresh folder, then three
#      edits built again over that output, each timed with the files it wrote (the build's
#      `files: W written, K unchanged, D deleted` line): one notice's body changed, one new notice,
#      one notice deleted. The edits are made in a hard-linked copy of the corpus (a changed file
#      is replaced, never written through the link), so the cached corpus stays as generated.
#      BENCH_PAGES=0 leaves this step out;
#   5. prints a table: median wall time, notices per second, median user and system CPU time,
#      peak RSS (the largest over the runs), output size and files, the goals (10,000 ≤ 3 s,
#      100,000 ≤ 30 s, ≤ 1 GB) and Hugo's figures on the same machine kind (10,000 in 3.4 s /
#      773 MB; 100,000 in 46.1 s / 6.9 GB); a note when the load average before a run was above
#      half the CPUs; the prerendered build and the three incremental builds; then one
#      `BENCH_JSON {...}` line.
# Exits non-zero when the binary is missing, does not build, or a build of a corpus fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

COUNTS=${BENCH_COUNTS:-"10000 100000"}
RUNS=${BENCH_RUNS:-3}
SEED=${BENCH_SEED:-2026}
WORK=target/bench-corpus
LOGS=$WORK/logs
TARGET_DIR=${CARGO_TARGET_DIR:-target}
# The cargo profile: the content tool's own `tool` profile (opt-level 3) when Cargo.toml has one,
# else `release` (which the browser app tunes for size: opt-level "z", LTO).
if [ -z "${BENCH_PROFILE:-}" ]; then
  BENCH_PROFILE=release
  grep -q '^\[profile\.tool\]' Cargo.toml && BENCH_PROFILE=tool
fi
[[ $BENCH_PROFILE =~ ^[a-z][a-z0-9_-]*$ ]] || { echo "bench-build.sh: bad BENCH_PROFILE" >&2; exit 1; }
if [ "$BENCH_PROFILE" = release ]; then
  BIN=$TARGET_DIR/release/bulletin
  BUILD_CMD=(cargo build --release --bin bulletin)
else
  BIN=$TARGET_DIR/$BENCH_PROFILE/bulletin
  BUILD_CMD=(cargo build --profile "$BENCH_PROFILE" --bin bulletin)
fi

die() {
  echo "bench-build.sh: $*" >&2
  exit 1
}
say() { echo "bench-build.sh: $*" >&2; }

command -v python3 >/dev/null || die "python3 not found"
command -v cargo >/dev/null || [ -x "$HOME/.cargo/bin/cargo" ] || die "cargo not found"
export PATH="$PATH:$HOME/.cargo/bin"
[[ $RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer"
for n in $COUNTS; do [[ $n =~ ^[1-9][0-9]*$ ]] || die "BENCH_COUNTS: '$n' is not a count"; done
if [ -z "${BENCH_BIN:-}" ] && [ ! -f src/bin/bulletin.rs ]; then
  die "src/bin/bulletin.rs does not exist yet: there is no \`bulletin\` binary to measure"
fi
mkdir -p "$WORK" "$LOGS"

# The outputs go into a fresh folder, removed at the end (also on error or ^C).
out_parent=${BENCH_OUT_PARENT:-$WORK}
mkdir -p "$out_parent"
rm -rf "$WORK"/bench-out.* # left over by an interrupted run
out_root=$(mktemp -d "$out_parent/bench-out.XXXXXX")
trap 'rm -rf "$out_root"' EXIT

# ---- 1. corpora ----------------------------------------------------------------------------
sources=$(python3 tools/gen-corpus.py --list-sources) || die "gen-corpus.py finds no sample text"
# shellcheck disable=SC2086 # one path a line, no spaces
gen_sum=$(cat tools/gen-corpus.py $sources | sha256sum | cut -c1-16)
declare -A GEN_SECONDS=()
for n in $COUNTS; do
  dir=$WORK/n$n-s$SEED
  stamp=$dir.stamp
  want="count=$n seed=$SEED generator=$gen_sum"
  if [ -d "$dir" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    say "reusing $dir ($n notices, seed $SEED)"
    GEN_SECONDS[$n]=reused
    continue
  fi
  rm -rf "$dir" "$stamp"
  say "generating $n notices into $dir ..."
  start=$(date +%s%N)
  python3 tools/gen-corpus.py --count "$n" --seed "$SEED" --out "$dir" --quiet || die "gen-corpus.py failed"
  end=$(date +%s%N)
  GEN_SECONDS[$n]=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.1f s", ns / 1e9 }')
  echo "$want" >"$stamp"
  say "generated in ${GEN_SECONDS[$n]}"
done

# ---- 2. the binary ---------------------------------------------------------------------------
if [ -n "${BENCH_BIN:-}" ]; then
  BIN=$BENCH_BIN
  [ -x "$BIN" ] || die "BENCH_BIN=$BIN is not an executable"
  say "measuring BENCH_BIN=$BIN (no cargo build)"
else
  say "${BUILD_CMD[*]} (target dir $TARGET_DIR, log $WORK/cargo-build.log) ..."
  if ! "${BUILD_CMD[@]}" >"$WORK/cargo-build.log" 2>&1; then
    echo "bench-build.sh: BUILD FAILED: ${BUILD_CMD[*]}; last lines of $WORK/cargo-build.log:" >&2
    tail -n 40 "$WORK/cargo-build.log" >&2
    exit 1
  fi
  [ -x "$BIN" ] || die "the build succeeded but $BIN is missing (CARGO_TARGET_DIR=$TARGET_DIR)"
fi

# ---- 3. measure ------------------------------------------------------------------------------
# measure LOG CMD... : runs CMD, stdout+stderr to LOG; sets WALL_S, USER_S, SYS_S (seconds) and
# RSS_KB (peak resident set); returns CMD's status.
if [ -x /usr/bin/time ] && [ -z "${BENCH_NO_TIME:-}" ]; then
  METER="/usr/bin/time -v"
  measure() {
    local log=$1 tfile=$1.time status start end
    shift
    start=$(date +%s%N)
    set +e
    /usr/bin/time -v -o "$tfile" "$@" >"$log" 2>&1
    status=$?
    set -e
    end=$(date +%s%N)
    WALL_S=$(awk -v ns=$((end - start)) 'BEGIN { printf "%.3f", ns / 1e9 }')
    RSS_KB=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tfile")
    USER_S=$(awk -F': ' '/User time \(seconds\)/ { print $2 }' "$tfile")
    SYS_S=$(awk -F': ' '/System time \(seconds\)/ { print $2 }' "$tfile")
    return $status
  }
else
  METER="python3 getrusage(RUSAGE_CHILDREN) (no /usr/bin/time)"
  measure() {
    local log=$1 result status
    shift
    set +e
    result=$(python3 - "$log" "$@" <<'PY'
import resource, subprocess, sys, time
log, cmd = sys.argv[1], sys.argv[2:]
with open(log, "wb") as out:
    start = time.perf_counter()
    status = subprocess.call(cmd, stdout=out, stderr=subprocess.STDOUT)
    wall = time.perf_counter() - start
ru = resource.getrusage(resource.RUSAGE_CHILDREN)  # ru_maxrss: KiB on Linux
print(f"{wall:.3f} {ru.ru_maxrss} {ru.ru_utime:.2f} {ru.ru_stime:.2f} {status}")
PY
    )
    status=$?
    set -e
    [ $status -eq 0 ] || return $status
    read -r WALL_S RSS_KB USER_S SYS_S status <<<"$result"
    return "$status"
  }
fi

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

declare -A MED=() MED_USER=() MED_SYS=() RSS=() SIZE=() FILES=() ALL=()
LOADS=()
for n in $COUNTS; do
  dir=$WORK/n$n-s$SEED
  walls=() users=() syss=()
  peak=0
  for run in $(seq 1 "$RUNS"); do
    out=$out_root/n$n-run$run
    sync # start clean: no writeback left from the corpus generation or from the previous output
    log=$LOGS/n$n-run$run.log
    load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
    LOADS+=("$load")
    say "$n notices, run $run/$RUNS (load average $load): $BIN build $dir --out $out"
    if ! measure "$log" "$BIN" build "$dir" --out "$out"; then
      echo "bench-build.sh: FAILED: \`bulletin build $dir --out $out\` exited with an error (run $run). Last lines of $log:" >&2
      tail -n 40 "$log" >&2
      exit 1
    fi
    walls+=("$WALL_S") users+=("$USER_S") syss+=("$SYS_S")
    [ "$RSS_KB" -gt "$peak" ] && peak=$RSS_KB
    diag=$(grep -c -i -E 'warning|error' "$log" || true)
    note=""
    [ "${diag:-0}" -gt 0 ] && note=", $diag warning/error lines in $log"
    say "  ${WALL_S} s wall (user $USER_S s, sys $SYS_S s), max RSS $((RSS_KB / 1024)) MB$note"
    if [ "$run" -eq "$RUNS" ]; then
      [ -d "$out" ] || die "\`bulletin build\` succeeded but wrote no $out"
      SIZE[$n]=$(du -sh "$out" | cut -f1)
      FILES[$n]=$(find "$out" -type f | wc -l)
    fi
    # The outputs stay until the end: right after deleting tens of thousands of files, ext4
    # spends seconds of system time creating new ones (it skips recently freed inodes), which
    # would be charged to the next run; a deployer's build into a fresh folder does not pay it.
  done
  MED[$n]=$(printf '%s\n' "${walls[@]}" | median)
  MED_USER[$n]=$(printf '%s\n' "${users[@]}" | median)
  MED_SYS[$n]=$(printf '%s\n' "${syss[@]}" | median)
  RSS[$n]=$peak
  ALL[$n]="${walls[*]}"
done

# ---- 3b. with prerendered pages, then incremental builds ------------------------------------
# files_line LOG: the build's "files: W written, K unchanged, D deleted" line, as "W written, D deleted".
files_line() { sed -n 's/^files: \([0-9]*\) written, [0-9]* unchanged, \([0-9]*\) deleted$/\1 written, \2 deleted/p' "$1"; }
declare -A PAGES=() INC=()
if [ "${BENCH_PAGES:-1}" != 0 ]; then
  shell=$out_root/shell.html
  sed 's|<base data-trunk-public-url />|<base href="/" />|' index.html >"$shell"
  grep -q '<base href="/" />' "$shell" || die "index.html has no <base data-trunk-public-url />"
  for n in $COUNTS; do
    dir=$WORK/n$n-s$SEED
    edit=$out_root/n$n-edit
    out=$out_root/n$n-pages
    cp -al "$dir" "$edit"
    sync
    log=$LOGS/n$n-pages.log
    say "$n notices with prerendered pages: $BIN build $edit --out $out --shell index.html"
    measure "$log" "$BIN" build "$edit" --out "$out" --shell "$shell" || { tail -n 40 "$log" >&2; die "the build with pages failed"; }
    PAGES[$n]="$WALL_S s wall, user $USER_S + sys $SYS_S s, $((RSS_KB / 1024)) MB, $(du -sh "$out" | cut -f1) in $(find "$out" -type f | wc -l) files"
    say "  ${PAGES[$n]}"
    # The notices to edit: the first and the last file of the first channel folder, by name.
    mapfile -t channels < <(find "$edit" -mindepth 1 -maxdepth 1 -type d | sort)
    first_channel=${channels[0]}
    mapfile -t notices < <(find "$first_channel" -name '*.md' | sort)
    body=${notices[0]}
    gone=${notices[${#notices[@]} - 1]}
    for step in body new deleted; do
      case $step in
        body) # a changed file is a new file: the hard link to the cached corpus stays as it was
          python3 - "$body" <<'PY'
import os, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read().rstrip("\n") + "\n\n本通知自发布之日起施行，由省通信管理局负责解释。\n"
os.unlink(path)
open(path, "w", encoding="utf-8").write(text)
PY
          what="one notice's body edited" ;;
        new)
          # dated today at midnight: the newest notice, as a new one is (the build's clock is now)
          printf '+++\ntitle = "关于开展信息通信行业安全生产专项检查的通知"\ndate = "%s 00:00"\n+++\n\n各基础电信企业：现将专项检查安排通知如下。\n' "$(date +%Y-%m-%d)" >"$first_channel/bench-new-notice.md"
          what="one new notice" ;;
        deleted)
          rm "$gone"
          what="one notice deleted" ;;
      esac
      log=$LOGS/n$n-inc-$step.log
      sync
      measure "$log" "$BIN" build "$edit" --out "$out" --shell "$shell" || { tail -n 40 "$log" >&2; die "the incremental build ($what) failed"; }
      INC[$n,$step]="$what: $WALL_S s wall (user $USER_S + sys $SYS_S s, $((RSS_KB / 1024)) MB), $(files_line "$log")"
      say "  ${INC[$n,$step]}"
    done
  done
fi

# ---- 4. report -------------------------------------------------------------------------------
hugo_s() { case $1 in 10000) echo 3.4 ;; 100000) echo 46.1 ;; *) echo "" ;; esac; }
hugo_mb() { case $1 in 10000) echo 773 ;; 100000) echo 7066 ;; *) echo "" ;; esac; } # 6.9 GB = 6.9 × 1024 MB
hugo_label() { case $1 in 10000) echo "3.4 s / 773 MB" ;; 100000) echo "46.1 s / 6.9 GB" ;; *) echo "" ;; esac; }
goal_s() { case $1 in 10000) echo 3 ;; 100000) echo 30 ;; *) echo "" ;; esac; }
GOAL_MB=1024

cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
echo
echo "bulletin build — synthetic corpora (seed $SEED), $RUNS runs each, median wall time"
echo "machine: $(nproc) CPUs${cpu:+ ($cpu)}, $(awk '/MemTotal/ { printf "%.0f GB RAM", $2 / 1048576 }' /proc/meminfo); $(rustc --version 2>/dev/null || echo rustc ?)"
label=$([ -n "${BENCH_BIN:-}" ] && echo "prebuilt (BENCH_BIN)" || echo "cargo profile $BENCH_PROFILE")
echo "binary:  $BIN ($(du -h "$BIN" | cut -f1), $label); memory measured with $METER"
echo "output:  $out_parent ($(df -T "$out_parent" | awk 'NR == 2 { print $2 }'))"
echo
printf '%-9s %11s %11s %15s %10s %8s %9s   %-30s %s\n' "notices" "median wall" "notices/s" "user + sys" "peak RSS" "output" "files" "goal (time / memory)" "Hugo, same machine kind"
json=""
for n in $COUNTS; do
  med=${MED[$n]} rss_mb=$(( ${RSS[$n]} / 1024 ))
  rate=$(awk -v n="$n" -v s="$med" 'BEGIN { printf "%.0f", n / s }')
  g=$(goal_s "$n") goal="-"
  if [ -n "$g" ]; then
    t_ok=$(awk -v s="$med" -v g="$g" 'BEGIN { print (s <= g) ? "met" : "MISSED" }')
    m_ok=$([ "$rss_mb" -le "$GOAL_MB" ] && echo met || echo MISSED)
    goal="<= ${g} s $t_ok, <= 1 GB $m_ok"
  fi
  hs=$(hugo_s "$n") hm=$(hugo_mb "$n") hugo="-"
  if [ -n "$hs" ]; then
    hugo=$(awk -v s="$med" -v hs="$hs" -v m="$rss_mb" -v hm="$hm" -v label="$(hugo_label "$n")" 'BEGIN {
      printf "%s: Bulletin takes %.2f× its time and %.2f× its memory", label, s / hs, (hm > 0 ? m / hm : 0) }')
  fi
  cpu_s="${MED_USER[$n]} + ${MED_SYS[$n]} s"
  printf '%-9s %9s s %11s %15s %7s MB %8s %9s   %-30s %s\n' "$n" "$med" "$rate" "$cpu_s" "$rss_mb" "${SIZE[$n]}" "${FILES[$n]}" "$goal" "$hugo"
  json+="${json:+,}\"$n\":{\"binary\":\"$label\",\"runs_s\":[$(echo "${ALL[$n]}" | tr ' ' ',')],\"median_s\":$med,\"median_user_s\":${MED_USER[$n]},\"median_sys_s\":${MED_SYS[$n]},\"notices_per_s\":$rate,\"peak_rss_kb\":${RSS[$n]},\"output\":\"${SIZE[$n]}\",\"files\":${FILES[$n]},\"corpus_generation\":\"${GEN_SECONDS[$n]}\"}"
done
echo
for n in $COUNTS; do
  echo "runs for $n notices (s): ${ALL[$n]}; corpus generation: ${GEN_SECONDS[$n]}"
done
if [ "${BENCH_PAGES:-1}" != 0 ]; then
  echo
  echo "with prerendered pages (--shell index.html), one run, then built again over that output:"
  for n in $COUNTS; do
    echo "  $n notices, clean build: ${PAGES[$n]}"
    for step in body new deleted; do
      echo "    ${INC[$n,$step]}"
    done
    json+=",\"$n-pages\":{\"clean\":\"${PAGES[$n]}\",\"body\":\"${INC[$n,body]}\",\"new\":\"${INC[$n,new]}\",\"deleted\":\"${INC[$n,deleted]}\"}"
  done
fi
busy=$(printf '%s\n' "${LOADS[@]}" | awk -v c="$(nproc)" '$1 + 0 > c / 2 { b = 1 } END { print b + 0 }')
if [ "$busy" -eq 1 ]; then
  echo "note: the 1-minute load average before some runs was above half the CPU count (${LOADS[*]}):"
  echo "      other work was running, so these times are noisy; run again on a quiet machine."
fi
echo "BENCH_JSON {\"seed\":$SEED,\"runs\":$RUNS,$json}"
