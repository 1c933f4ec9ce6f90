#!/usr/bin/env bash
# The whole flow on one machine: the reference billing API on http://127.0.0.1:8787 (with the
# pricing studio at /studio/) and the widget's demo page on http://127.0.0.1:8080/, pointed at
# it. Ctrl-C stops both. The API keeps
# its data in target/demo/billing.sqlite, or in the PostgreSQL database BILLING_DATABASE_URL
# names (`BILLING_DATABASE_URL=postgres://user:password@host/db bash scripts/run.sh`).
source "$(dirname "$0")/lib/command.sh"

cargo build --locked --release -p billing-api
# The pricing studio, served by the API at /studio/.
(cd crates/studio && trunk build --release --offline)
mkdir -p target/demo
BILLING_DEV_TOKENS=1 \
BILLING_STUDIO_DIR=target/studio \
BILLING_WIDGET_URL=http://127.0.0.1:8080/ \
BILLING_DATABASE_URL=${BILLING_DATABASE_URL:-sqlite://target/demo/billing.sqlite} \
BILLING_ADDR=127.0.0.1:8787 \
BILLING_ALLOWED_ORIGINS=http://127.0.0.1:8080,http://localhost:8080 \
  target/release/billing-api &
api=$!
trap 'kill $api 2>/dev/null || true' EXIT INT TERM

echo "Billing API:   http://127.0.0.1:8787 (contract at /openapi.json; dev tokens: POST /v1/dev/tokens)"
echo "Pricing studio: http://127.0.0.1:8787/studio/ (development editor credential: development-only-editor-secret-change-me)"
echo "Pricing widget: http://127.0.0.1:8080/ (Ctrl-C stops both)"
trunk serve --release --offline --port 8080
