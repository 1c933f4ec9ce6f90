# Sourced by the scripts that start servers of their own on loopback (127.0.0.1):
# - `free_port` prints a TCP port that nothing listens on;
# - `billing_api_start BINARY DATABASE_URL [VAR=value...]` starts that build of the billing API
#   on a free port, on that database, with dev tokens on and the given settings added, waits
#   until it answers, and exports its base URL as BILLING_API_URL (on a failed start it prints
#   the server's log and returns 1);
# - `billing_api_stop` stops it (a no-op when none runs). One API at a time.

# The kernel picks the port; the probe lets it go at once, for the caller's server to take.
free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })'
}

billing_api_start() {
  local binary=$1 database_url=$2 port _
  shift 2
  port=$(free_port)
  BILLING_API_LOG=$(mktemp /tmp/billing-api.XXXXXX)
  env BILLING_ADDR="127.0.0.1:$port" BILLING_DATABASE_URL="$database_url" BILLING_DEV_TOKENS=1 "$@" \
    "$binary" 2>"$BILLING_API_LOG" &
  BILLING_API_PID=$!
  export BILLING_API_URL="http://127.0.0.1:$port"
  # 200 tries 50 ms apart: 10 s at the most, and no wait at all for a server that has died.
  for _ in $(seq 200); do
    if curl -fsS -o /dev/null "$BILLING_API_URL/healthz" 2>/dev/null; then return 0; fi
    kill -0 "$BILLING_API_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "billing-api ($binary) did not answer at $BILLING_API_URL; its log:" >&2
  cat "$BILLING_API_LOG" >&2
  billing_api_stop
  return 1
}

billing_api_stop() {
  if [ -n "${BILLING_API_PID:-}" ]; then
    kill "$BILLING_API_PID" 2>/dev/null || true
    wait "$BILLING_API_PID" 2>/dev/null || true
    BILLING_API_PID=
  fi
  if [ -n "${BILLING_API_LOG:-}" ]; then rm -f "$BILLING_API_LOG"; fi
}
