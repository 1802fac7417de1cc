#!/usr/bin/env bash
# Probe (not a test, not part of the build): how small could the wasm a notice page loads get with
# code splitting? Builds the app's wasm in five variants of the committed source (HEAD) and prints
# gzip -9 sizes of what a notice page loads and of all files. docs/speed.md "Code splitting" has
# the figures and what they mean.
#
#   bash bench/split-probe.sh
#
# Variants (patches in bench/split-probe/, applied to a copy of HEAD's files):
#   baseline         the app as it is
#   notice-only      the home, list and search pages and the header's search box removed: the
#                    smallest app that can still take over a notice page (a perfect split's floor)
#   lazy-routes      home, list and search pages behind Leptos `#[lazy]` split points
#   lazy-routes-box  the same plus the header's search box (probe only: shown late)
#   lazy-routes-typeahead  lazy-routes, and the search box's type-ahead (the engine's start and
#                    its suggestions) behind split points, loaded on first focus or input
#
# Each variant: `cargo rustc --release` of bulletin-web with `-C link-arg=--emit-relocs -C
# strip=none` (the split needs the linker's relocations); for the split variants
# tools/wasm-split (crate wasm_split_cli_support 0.2.4, what `cargo leptos --split` runs) splits it
# before wasm-bindgen, and the main module's `__indirect_function_table` export is renamed so that
# wasm-bindgen 0.2.130 keeps it (Trunk 0.21 cannot pass `--keep-lld-exports`; the chunks import
# that table); then wasm-bindgen --target web, custom sections dropped, and wasm-opt with the
# flags of index.html's bulletin-web link, on the main module and on every chunk.
#
# Uses its own cargo target dir (target/split-probe/cargo: the first run compiles the wasm
# dependencies once, several minutes) so that it never touches the app's build. Needs
# scripts/setup.sh done once (wasm-bindgen, npm binaryen) and crates.io for the first tool build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"

OUT=$ROOT/target/split-probe
WT=$OUT/src
CARGO_DIR=$OUT/cargo
VARIANTS=(baseline notice-only lazy-routes lazy-routes-box lazy-routes-typeahead)
mkdir -p "$OUT"

command -v wasm-bindgen >/dev/null || { echo "split-probe: wasm-bindgen missing (scripts/setup.sh)" >&2; exit 1; }
[ -x node_modules/.bin/wasm-opt ] || { echo "split-probe: npm binaryen missing (scripts/setup.sh)" >&2; exit 1; }
OPT_FLAGS=$(python3 - <<'PY'
import re
html = open("index.html", encoding="utf-8").read()
link = re.search(r'<link[^>]*data-bin="bulletin-web"[^>]*>', html, re.S).group(0)
level = re.search(r'data-wasm-opt="(\w+)"', link).group(1)
params = re.search(r'data-wasm-opt-params="([^"]*)"', link).group(1)
print(f"-O{level} {params}")
PY
)

echo "split-probe: building tools/wasm-split ..." >&2
CARGO_TARGET_DIR=$OUT/tool cargo build --quiet --release --locked \
  --manifest-path tools/wasm-split/Cargo.toml
SPLIT=$OUT/tool/release/bulletin-wasm-split

# A copy of HEAD's files (git archive: no worktree registered, the repository left as it is),
# dated now (tar -m) so that cargo rebuilds from them and not from an earlier run's artifacts.
rm -rf "$WT"
mkdir -p "$WT"
git archive --format=tar HEAD | tar -x -m -C "$WT"

# Drops a wasm's custom sections (after wasm-bindgen, which reads its own custom section).
strip_custom() {
  python3 - "$1" "$2" <<'PY'
import sys
def leb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1; r |= (x & 0x7f) << s; s += 7
        if x < 0x80: return r, i
data = open(sys.argv[1], "rb").read()
out = bytearray(data[:8]); i = 8
while i < len(data):
    sid = data[i]; n, j = leb(data, i + 1)
    if sid != 0: out += data[i:j + n]
    i = j + n
open(sys.argv[2], "wb").write(out)
PY
}

for variant in "${VARIANTS[@]}"; do
  echo "split-probe: $variant ..." >&2
  [ "$variant" = baseline ] || patch --quiet -d "$WT" -p1 <"$ROOT/bench/split-probe/$variant.patch"
  (cd "$WT" && CARGO_TARGET_DIR=$CARGO_DIR cargo rustc --quiet --release --offline \
    --target wasm32-unknown-unknown --bin bulletin-web -- \
    -C link-arg=--emit-relocs -C strip=none)
  [ "$variant" = baseline ] || patch --quiet -R -d "$WT" -p1 <"$ROOT/bench/split-probe/$variant.patch"
  raw=$CARGO_DIR/wasm32-unknown-unknown/release/bulletin-web.wasm
  d=$OUT/$variant
  rm -rf "$d"
  mkdir -p "$d/split" "$d/bg" "$d/files"
  main=$raw
  if [[ $variant == lazy-* ]]; then
    "$SPLIT" "$raw" "$d/split" >"$d/prefetch.json"
    # Same length, so nothing else in the module moves.
    python3 - "$d/split/main.wasm" <<'PY'
import sys
p = sys.argv[1]; data = open(p, "rb").read()
old, new = b"__indirect_function_table", b"__wasm_split_table_export"
assert data.count(old) == 1, "expected one table export"
open(p, "wb").write(data.replace(old, new))
PY
    sed -e '/initSync(undefined/s#{ __indirect_function_table,#{ __wasm_split_table_export: __indirect_function_table,#' \
      -e 's#"./main.js"#"./app.js"#' "$d/split/__wasm_split.js" >"$d/files/__wasm_split.js"
    for chunk in "$d"/split/*.wasm; do
      [ "$(basename "$chunk")" = main.wasm ] && continue
      strip_custom "$chunk" "$d/split/nc.tmp"
      # shellcheck disable=SC2086
      wasm-opt $OPT_FLAGS "$d/split/nc.tmp" -o "$d/files/$(basename "$chunk")"
    done
    main=$d/split/main.wasm
  fi
  wasm-bindgen --target web --no-typescript --out-name app --out-dir "$d/bg" "$main"
  cp "$d/bg/app.js" "$d/files/app.js"
  strip_custom "$d/bg/app_bg.wasm" "$d/bg/nc.wasm"
  # shellcheck disable=SC2086
  wasm-opt $OPT_FLAGS "$d/bg/nc.wasm" -o "$d/files/app_bg.wasm"
done

python3 - "$OUT" "${VARIANTS[@]}" <<'PY'
import json, os, subprocess, sys
out, variants = sys.argv[1], sys.argv[2:]
def gz(path):
    with open(path, "rb") as f:
        return len(subprocess.run(["gzip", "-9c"], stdin=f, capture_output=True, check=True).stdout)
print()
print("Code-splitting probe: gzip -9 bytes (wasm-opt'd wasm, wasm-bindgen js)")
print(f"{'variant':<22} {'main wasm':>10} {'glue js':>8} {'split js':>9} {'chunks':>8} "
      f"{'notice page loads':>18} {'all files':>10}")
for v in variants:
    files = os.path.join(out, v, "files")
    sizes = {f: gz(os.path.join(files, f)) for f in os.listdir(files)}
    main, js = sizes.pop("app_bg.wasm"), sizes.pop("app.js")
    split_js = sizes.pop("__wasm_split.js", 0)
    # The notice page loads the main module, its glue (which imports __wasm_split.js) and
    # the chunks of the split points it calls: the search box's in lazy-routes-box (the
    # type-ahead's chunks of lazy-routes-typeahead wait for the reader's first focus or input).
    initial = main + js + split_js
    pf = os.path.join(out, v, "prefetch.json")
    if os.path.exists(pf):
        for split, names in json.load(open(pf)).items():
            if split.startswith("lazy_search_box_"):
                initial += sum(sizes[n + ".wasm"] for n in names)
    total = main + js + split_js + sum(sizes.values())
    print(f"{v:<22} {main:>10,} {js:>8,} {split_js:>9,} {sum(sizes.values()):>8,} "
          f"{initial:>18,} {total:>10,}")
    for split, names in sorted(json.load(open(pf)).items()) if os.path.exists(pf) else []:
        print(f"    {split.rsplit('_', 1)[0]:<16} loads {sum(sizes[n + '.wasm'] for n in names):>7,} B: "
              + " ".join(names))
PY
