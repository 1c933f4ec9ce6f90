#!/usr/bin/env bash
# Load benchmark of the billing API (release build) on loopback, on each store at full
# durability (SQLite: WAL, fsync on commit; PostgreSQL: a throwaway server with its defaults,
# fsync on): the catalog's bytes on the wire per encoding and wrk at saturation for
# GET /v1/catalog; then per store, wrk at saturation for POST /v1/checkout/sessions (a fresh
# Idempotency-Key per request, so every request creates a session), and checkout creation at a
# fixed 1,000 requests/s (the `fixed_rate` example, open loop: latency from the moment each
# request was due) and the generation service's usage check (a read) at the same rate, beside
# the same rate of GET /healthz: what the generator and loopback add on
# their own. `bash scripts/bench-api.sh [BINARY]` measures another build of the API the same
# way (with this tree's generator). Figures are printed, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/postgres.sh
source scripts/lib/servers.sh
DURATION=${BENCH_SECONDS:-5}
# p99 at a fixed rate over 20 s: in 5-s windows a single stall of the machine (25–50 ms, a few
# a minute here, with or without WAL checkpoints) decides a run's p99.
FIXED_SECONDS=${BENCH_FIXED_SECONDS:-20}
binary=${1:-target/release/billing-api}
if [ -n "${1:-}" ]; then
  cargo build --locked --release -q -p billing-api --example fixed_rate
else
  cargo build --locked --release -q -p billing-api --bin billing-api --example fixed_rate
fi
fixed_rate=target/release/examples/fixed_rate
dir=$(mktemp -d)
usage_secret=bench-usage-secret-0123456789abcdefghij
trap 'billing_api_stop; postgres_stop; rm -rf "$dir"' EXIT

# Starts the API on the database URL $1, with rate limits far above what wrk sends.
start_api() {
  # BILLING_DB too, so that a build from before BILLING_DATABASE_URL benches on the same file.
  local file=
  case "$1" in sqlite://*) file=${1#sqlite://} ;; esac
  billing_api_start "$binary" "$1" BILLING_DB="$file" BILLING_RATE_PER_SECOND=1000000 BILLING_RATE_BURST=1000000 \
    BILLING_USAGE_SECRET="$usage_secret"
}

cat > "$dir/checkout.lua" <<'LUA'
-- Keys must differ across wrk's threads, which share one random sequence.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"kind":"subscription","plan":"pro","interval":"annual","currency":"EUR","success_url":"http://127.0.0.1:8080/","cancel_url":"http://127.0.0.1:8080/"}'
request = function()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = string.format("bench-%s-%d", tid, counter)
  return wrk.format()
end
LUA

summary() { grep -E "Requests/sec|^ +(50|90|99)%|requests in|Non-2xx" | sed 's/^ */  /; s/^  \(50\|90\|99\)%/  latency p\1/'; }

# Checkout creation on the store at $2 (named $1): at saturation, then at a fixed rate.
bench_checkouts() {
  start_api "$2"
  echo "[$1] POST /v1/checkout/sessions, a new session each time (${DURATION}s, 2 threads, 16 connections)"
  wrk -t2 -c16 -d"${DURATION}s" --latency -s "$dir/checkout.lua" "$BILLING_API_URL/v1/checkout/sessions" | summary
  echo "[$1] POST /v1/checkout/sessions at a fixed 1,000 requests/s (${FIXED_SECONDS}s, open loop)"
  "$fixed_rate" "$BILLING_API_URL/v1/checkout/sessions" 1000 "$FIXED_SECONDS"
  bench_usage_check "$1"
  billing_api_stop
}

# The generation service's check before a generation (a read), for a customer on Pro.
bench_usage_check() {
  local minted token customer session check
  field() { python3 -c "import json, sys; print(json.load(sys.stdin)['$1'])"; }
  minted=$(curl -fsS -X POST "$BILLING_API_URL/v1/dev/tokens" -H 'Content-Type: application/json' -d '{}')
  token=$(field token <<<"$minted")
  customer=$(field customer_id <<<"$minted")
  session=$(curl -fsS -X POST "$BILLING_API_URL/v1/checkout/sessions" -H "Authorization: Bearer $token" \
    -H 'Idempotency-Key: bench-check' -H 'Content-Type: application/json' \
    -d '{"kind":"subscription","plan":"pro","interval":"monthly","currency":"USD","success_url":"http://127.0.0.1:8080/","cancel_url":"http://127.0.0.1:8080/"}' | field url)
  curl -sS -o /dev/null -X POST "$session/pay"
  check="$BILLING_API_URL/v1/usage/check?customer_id=$customer&model=kling-3.0&resolution=1080p&seconds=10"
  if [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $usage_secret" "$check")" != 200 ]; then
    echo "[$1] GET /v1/usage/check: not measured (this build has no usage check)"
    return 0
  fi
  echo "[$1] GET /v1/usage/check at a fixed 1,000 requests/s (${FIXED_SECONDS}s, open loop)"
  FIXED_RATE_BEARER=$usage_secret "$fixed_rate" "$check" 1000 "$FIXED_SECONDS"
}

start_api "sqlite://$dir/catalog.sqlite"
echo "GET /v1/catalog (${DURATION}s, 2 threads, 32 connections)"
wrk -t2 -c32 -d"${DURATION}s" --latency "$BILLING_API_URL/v1/catalog" | summary
echo "GET /v1/catalog bytes on the wire"
for encoding in identity gzip br; do
  bytes=$(curl -s -H "Accept-Encoding: $encoding" -o /dev/null -w '%{size_download}' "$BILLING_API_URL/v1/catalog")
  echo "  $encoding: $bytes"
done
echo "GET /healthz at a fixed 1,000 requests/s (${FIXED_SECONDS}s, open loop): the generator's and loopback's own share"
"$fixed_rate" "$BILLING_API_URL/healthz" 1000 "$FIXED_SECONDS"
billing_api_stop

bench_checkouts SQLite "sqlite://$dir/bench.sqlite"
if [ -n "${1:-}" ] && ! grep -q BILLING_DATABASE_URL "$binary"; then
  echo "[PostgreSQL] not measured: this build has no PostgreSQL store"
  exit 0
fi
postgres_start
bench_checkouts PostgreSQL "$POSTGRES_URL/postgres"
