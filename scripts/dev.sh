#!/usr/bin/env bash
# Installs what is missing, then serves the app with the sample content and live reload at
# http://127.0.0.1:8080/ (edit src/, style/ or a notice under content/ and the browser reloads).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
exec trunk serve --offline "$@"
