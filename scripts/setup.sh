#!/usr/bin/env bash
# Installs what building and testing the widget needs, and nothing twice: the wasm target,
# Trunk, wasm-bindgen-cli (the version pinned in Cargo.toml), Debian's Chromium and
# ChromeDriver, wrk and curl for the API benchmark, PostgreSQL's programs, Python's venv, the npm
# tools (binaryen's wasm-opt, Playwright, axe-core), and schemathesis for the contract fuzz, in a
# virtual environment at .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
SCHEMATHESIS_VERSION=4.32.5
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)

has_version() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -qF "$2"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

# The installs below do not depend on one another, and each spends much of its time on one core
# (a crate's last compile and link) or on the network: they run side by side, each writing to a
# log of its own, shown when it fails. On a fresh machine with 2 cores that takes the set-up from
# the sum of the installs to about the longest of them.
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
names=()
pids=()
in_background() {
  local name=$1
  shift
  names+=("$name")
  (
    start=$SECONDS
    "$@" >"$logs/$name.log" 2>&1
    echo "setup: $name done in $((SECONDS - start)) s" >>"$logs/$name.log"
  ) &
  pids+=("$!")
}

# Both tools are built without optimization or debug info: they drive the build (cargo,
# wasm-opt) or rewrite one wasm file, and run as fast where it counts (`trunk build --release`
# 81 s either way; wasm-bindgen +1 s, its test runner +13 s), while they install in 3 and 1
# minutes on 2 cores instead of 9 and 2.5 (Trunk's release profile links with fat LTO on one
# codegen unit). Trunk runs offline, so it needs neither TLS nor its update check.
if ! has_version trunk "$TRUNK_VERSION"; then
  in_background trunk env CARGO_PROFILE_DEV_DEBUG=0 \
    cargo install trunk --version "$TRUNK_VERSION" --locked --no-default-features --debug
fi
if ! has_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  # No --locked: the CLI's lock file names a crate version the registry does not serve.
  in_background wasm-bindgen env CARGO_PROFILE_DEV_DEBUG=0 \
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force --debug
fi

# Debian's packages, only those missing, in one install: Chromium and its driver for the browser
# tests, wrk and curl for the API benchmark, openssl for the README's webhook check in shell
# (run by the API's tests), Python's venv for schemathesis, and PostgreSQL's
# programs (initdb, pg_ctl, postgres) for the API's second store: the tests start a throwaway
# server of their own (scripts/postgres.sh), never the system service. schemathesis then goes
# into its virtual environment (which needs Debian's venv first).
debian_and_python() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  command -v wrk >/dev/null || missing+=(wrk)
  command -v curl >/dev/null || missing+=(curl)
  command -v openssl >/dev/null || missing+=(openssl)
  python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3 python3-venv)
  command -v initdb >/dev/null || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  fi
  if ! .venv/bin/schemathesis --version 2>/dev/null | grep -qF "$SCHEMATHESIS_VERSION"; then
    python3 -m venv .venv
    .venv/bin/pip install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
  fi
}
in_background debian-and-python debian_and_python
if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  in_background npm npm ci --no-audit --no-fund
fi
in_background crates cargo fetch --locked

failed=0
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then
    tail -n 1 "$logs/${names[$i]}.log"
  else
    echo "setup: ${names[$i]} failed:" >&2
    cat "$logs/${names[$i]}.log" >&2
    failed=1
  fi
done
exit $failed
