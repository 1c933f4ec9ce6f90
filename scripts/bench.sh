#!/usr/bin/env bash
# The benchmarks, a command of their own beside the tests: the widget's sizes and timings
# (scripts/bench.mjs) on a release build made here, then the billing API's load figures
# (scripts/bench-api.sh), installing what is missing first (scripts/setup.sh). Figures are
# printed, never asserted; the command fails only when a benchmark cannot run.
source "$(dirname "$0")/lib/command.sh"

# Always built, never taken from dist/ as found: dist/ may hold a debug build (`trunk serve`
# writes there too) or one from other sources, and its age cannot tell either. On a tree just
# built, cargo has nothing to compile: the cost is wasm-opt and the pre-render again.
echo "== release build (with the pre-rendered widget)"
trunk build --release --offline

echo "== the widget: sizes and timings (the billing API renders one of the pages measured)"
cargo build --locked -q -p billing-api
node scripts/bench.mjs

echo "== the billing API: load on SQLite and PostgreSQL"
bash scripts/bench-api.sh
