#!/usr/bin/env bash
# Contract fuzzing: schemathesis (installed in .venv by scripts/setup.sh) generates requests
# from the document the billing API serves at /openapi.json, sends them to the real binary
# on a fresh SQLite file, and runs all its checks on every answer. Any failure fails this
# script. The operations run with the token of a customer who holds a paid plan, so that
# previews, changes and cancellations get past "not subscribed"; the studio's as the development
# editor; the webhook, event and usage calls with the service's secret. The usage calls' schema
# does not tie a model to its resolutions and durations, nor names the customers who exist, so a
# well-formed report of an unknown pair or customer is a truthful 422 or 404 there, as the
# contract lists; the API tests cover what they do (tests/credits.rs, tests/holds.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/lib/servers.sh

SCHEMATHESIS=.venv/bin/schemathesis
EXAMPLES_PER_OPERATION=${FUZZ_EXAMPLES:-60}

cargo build --locked -q -p billing-api --bin billing-api
work=$(mktemp -d)
trap 'billing_api_stop; rm -rf "$work"' EXIT
# Generous rate limits: the fuzzer's bursts must not turn into 429s.
usage_secret=contract-fuzz-usage-secret-0123456789abcdef
billing_api_start target/debug/billing-api "sqlite://$work/billing.sqlite" BILLING_RATE_PER_SECOND=1000 BILLING_RATE_BURST=100000 \
  BILLING_USAGE_SECRET="$usage_secret"
base=$BILLING_API_URL

# The Idempotency-Key header's pattern, as the contract the server generates states it (the
# same on every operation that takes the header): the hook tells well-formed keys by it.
idempotency_key_pattern=$(curl -fsS "$base/openapi.json" | python3 -c '
import json, sys
patterns = set()
for path in json.load(sys.stdin)["paths"].values():
    for operation in (value for value in path.values() if isinstance(value, dict)):
        for parameter in operation.get("parameters", []):
            if parameter.get("in") == "header" and parameter.get("name") == "Idempotency-Key":
                patterns.add(parameter["schema"]["pattern"])
if len(patterns) != 1:
    sys.exit(f"the contract should give the Idempotency-Key header one pattern, not {sorted(patterns)}")
print(patterns.pop())')

# A customer with a paid plan: a token, a checkout, and the hosted page's pay button.
field() { python3 -c "import json, sys; print(json.load(sys.stdin)['$1'])"; }
token=$(curl -fsS -X POST "$base/v1/dev/tokens" -H 'Content-Type: application/json' -d '{}' | field token)
session_url=$(curl -fsS -X POST "$base/v1/checkout/sessions" -H "Authorization: Bearer $token" \
  -H 'Idempotency-Key: contract-fuzz-subscribe' -H 'Content-Type: application/json' \
  -d '{"kind": "subscription", "plan": "pro", "interval": "monthly", "currency": "USD",
       "success_url": "http://127.0.0.1:8080/?done", "cancel_url": "http://127.0.0.1:8080/"}' | field url)
[ "$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$session_url/pay")" = 303 ]

# The token goes in through its security scheme rather than as a plain header, so that
# schemathesis can also leave it out and check the refusal.
printf '[auth.openapi.customerToken]\nbearer = "%s"\n' "$token" >"$work/schemathesis.toml"
# The studio's calls as the development editor (BILLING_DEV_TOKENS=1; config.rs DEV_EDITOR).
printf '[auth.openapi.editorSecret]\nbearer = "%s"\n' development-only-editor-secret-change-me >>"$work/schemathesis.toml"
# The webhook and event calls as the service's backend (its secret).
printf '[auth.openapi.usageSecret]\nbearer = "%s"\n' "$usage_secret" >>"$work/schemathesis.toml"
# A catalog is held to rules no JSON Schema can state (prices rising from plan to plan, a
# struck-through price read from the price history, a publication time still to come): a
# well-formed catalog that breaks one is a truthful 400 or 422 there, as the contract lists.
cat >>"$work/schemathesis.toml" <<'TOML'
[[operations]]
include-tag = "studio"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "422", "429", "5xx"]

[[operations]]
include-tag = "usage"
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "400", "401", "402", "403", "404", "409", "422", "429", "5xx"]

# A body over the size limit is refused before its shape is read: 413 is a refusal too.
[checks.negative_data_rejection]
expected-statuses = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"]
TOML

echo "-- contract fuzz: every operation, as a customer with a paid plan, an editor and the service"
status=0
# The hosted checkout's 303 goes to the shop's page, which is not running: not followed. The
# stateful phase is left out: there schemathesis follows that redirect all the same.
PYTHONPATH=scripts SCHEMATHESIS_HOOKS=contract_fuzz_hooks IDEMPOTENCY_KEY_PATTERN="$idempotency_key_pattern" \
  "$SCHEMATHESIS" --config-file "$work/schemathesis.toml" \
  run "$base/openapi.json" --checks all --max-examples "$EXAMPLES_PER_OPERATION" --seed 20270201 \
  --max-redirects 0 --phases examples,coverage,fuzzing --no-color | tee "$work/fuzz.out" || status=$?
cases=$(sed -n 's/^ *\([0-9]*\) generated.*/\1/p' "$work/fuzz.out" | tail -1)
echo "contract fuzz: ${cases:-0} generated cases, schemathesis exit status $status"
[ "$status" = 0 ] || exit "$status"
if [ "${cases:-0}" -lt 1000 ]; then
  echo "contract fuzz: fewer than 1,000 generated cases; raise FUZZ_EXAMPLES" >&2
  exit 1
fi
