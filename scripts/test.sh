#!/usr/bin/env bash
# Runs every test of the project. Installs nothing the core tests do not need.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== format and lints"
cargo fmt --all --check
cargo clippy --locked --workspace --all-targets -- -D warnings

echo "== pricing-core: unit, property and command tests"
cargo test --locked --workspace

echo "== the default catalog"
cargo run --locked -q -p pricing-core --bin catalog-check -- catalog/default.json

echo "== the catalog fuzz target builds"
cargo build --locked --manifest-path fuzz/Cargo.toml -q
