#!/usr/bin/env bash
# Runs every test of the project, installing what is missing first (scripts/setup.sh). The
# benchmarks, which assert nothing, are a command of their own: scripts/bench.sh.
source "$(dirname "$0")/lib/command.sh"

# Each stage's time in the log, so that a slow run shows where its minutes went.
stage_name="set-up (scripts/setup.sh)" stage_start=0
stage() {
  printf '\n   (%s: %d min %d s)\n' "$stage_name" $(((SECONDS - stage_start) / 60)) $(((SECONDS - stage_start) % 60))
  stage_name=$1 stage_start=$SECONDS
  [ "$1" = done ] || echo "== $1"
}

stage "format, lints, and the modules' arrows (each crate's modules in layers, none importing up)"
cargo fmt --all --check
node scripts/module-arrows.mjs
cargo clippy --locked --workspace --exclude pricing-widget --exclude studio --all-targets -- -D warnings
# The widget in each of its builds: client-side with the component tests (wasm), the browser's
# (hydrate), and the native pre-render (ssr). It is never built natively client-side.
cargo clippy --locked --target wasm32-unknown-unknown --all-targets -- -D warnings
cargo clippy --locked --target wasm32-unknown-unknown --no-default-features --features hydrate --lib -- -D warnings
# The signed-in customer's account view, a wasm of its own.
cargo clippy --locked --target wasm32-unknown-unknown --no-default-features --features account --lib -- -D warnings
# The pricing studio, a browser-only app (its rules are the core's, tested there).
cargo clippy --locked --target wasm32-unknown-unknown -p studio -- -D warnings
# With the billing API, which links the ssr build: one feature set, one check of Leptos.
cargo clippy --locked -p pricing-widget -p billing-api --no-default-features --features pricing-widget/ssr --lib --bins --tests -- -D warnings

stage "pricing-core (unit, property, command tests), the billing API over real HTTP and SQLite, the widget's native unit tests"
cargo test --locked --workspace --exclude pricing-widget --exclude studio
# Beside the billing API (it links the widget's ssr build): the same features, so Leptos is
# compiled once for both, and for the pre-render the release build runs.
cargo test --locked -p pricing-widget -p billing-api --no-default-features --features pricing-widget/ssr --lib

stage "the billing API killed between every two phases of a request, and by kill -9 mid-burst"
cargo test --locked -p billing-api --features fault-injection --test crash

stage "every billing API test again on PostgreSQL (a throwaway server, a new database per test)"
source scripts/postgres.sh
trap postgres_stop EXIT
postgres_start
BILLING_TEST_POSTGRES=$POSTGRES_URL cargo test --locked -p billing-api --tests
BILLING_TEST_POSTGRES=$POSTGRES_URL cargo test --locked -p billing-api --features fault-injection --test crash
postgres_stop

stage "contract fuzz: schemathesis against the billing API's generated contract"
bash scripts/contract-fuzz.sh

stage "the default catalog"
cargo run --locked -q -p pricing-core --bin catalog-check -- catalog/default.json

stage "the catalog fuzz target builds"
cargo build --locked --manifest-path fuzz/Cargo.toml -q

stage "components in headless Chromium (wasm-bindgen-test)"
cargo test --locked --target wasm32-unknown-unknown --test components

stage "release builds, once each: the widget with its pre-render and the account view, the studio"
trunk build --release --offline
(cd crates/studio && trunk build --release --offline)

stage "end-to-end tests in Chromium"
node --test tests/e2e/
stage done
echo "== all tests passed in $((SECONDS / 60)) min $((SECONDS % 60)) s"
