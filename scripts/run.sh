#!/usr/bin/env bash
# Builds the widget (release, wasm-opt) and serves the demo page on a localhost address.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
PORT=${PORT:-8080}
echo "The pricing widget will be at http://127.0.0.1:$PORT/ (Ctrl-C stops it)"
exec trunk serve --release --offline --port "$PORT"
