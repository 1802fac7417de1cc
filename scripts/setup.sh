#!/usr/bin/env bash
# Installs whatever is missing to build, serve and test Bulletin, and nothing else.
# Idempotent and quick when everything is present (each step checks before it installs).
#
#   wasm32 target, clippy, rustfmt     (rustup)
#   trunk 0.21.14                      (cargo install --locked; 0.22 needs a newer rustc)
#   wasm-bindgen-cli = Cargo.lock's wasm-bindgen (cargo install, without --locked)
#   wasm-opt 132, playwright-core, puppeteer-core, axe, lighthouse 12.2.3, jsqr, pngjs
#                                      (npm, from package-lock.json, into node_modules/)
#   chromium, chromium-driver, fonts-noto-cjk, nginx, poppler-utils, firefox-esr, webkit2gtk-driver,
#   xvfb                               (Debian packages, for the tests)
#   the crates of Cargo.lock (cargo fetch, so builds can run --offline)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TRUNK_VERSION=0.21.14
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { printf 'setup: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- Debian packages -------------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto/NotoSansCJK* >/dev/null 2>&1 \
  || missing+=(fonts-noto-cjk)
command -v curl >/dev/null 2>&1 || missing+=(curl)
# pdftotext and pdftoppm read the printed notice's PDF back (tests/e2e/share.test.mjs).
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
# The other engines' journey (tests/engines/run.sh): Gecko (driven by puppeteer-core over WebDriver
# BiDi) and WebKit (WebKitWebDriver starting MiniBrowser, which needs a display: Xvfb).
command -v firefox-esr >/dev/null 2>&1 || missing+=(firefox-esr)
command -v WebKitWebDriver >/dev/null 2>&1 || missing+=(webkit2gtk-driver)
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- Rust toolchain pieces ---------------------------------------------------------------------
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in clippy rustfmt; do
  if ! rustup component list --installed | grep -q "^$component"; then
    say "adding $component"
    rustup component add "$component"
  fi
done

if ! trunk --version 2>/dev/null | grep -q "trunk $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (takes ~9 minutes once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ -z "$wbg_version" ]; then
  echo "setup: cannot find the wasm-bindgen version in Cargo.lock" >&2
  exit 1
fi
if ! grep -q "^wasm_bindgen = \"$wbg_version\"" Trunk.toml; then
  echo "setup: Trunk.toml pins another wasm_bindgen than Cargo.lock's $wbg_version" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "wasm-bindgen $wbg_version"; then
  say "installing wasm-bindgen-cli $wbg_version (takes ~3 minutes once)"
  # Without --locked: the locked set fails to build here.
  cargo install wasm-bindgen-cli --version "$wbg_version" --force
fi

# --- npm tools ---------------------------------------------------------------------------------
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
  || [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/lighthouse ]; then
  say "installing npm tools (binaryen wasm-opt, playwright-core, puppeteer-core, axe-core, lighthouse, jsqr, pngjs)"
  npm ci --no-audit --no-fund --loglevel=error
fi
if ! wasm-opt --version | grep -q "version 132"; then
  echo "setup: node_modules/.bin/wasm-opt is not binaryen 132" >&2
  exit 1
fi

# --- crates, so that builds can run offline ---------------------------------------------------
cargo fetch --locked -q
say "ready"
