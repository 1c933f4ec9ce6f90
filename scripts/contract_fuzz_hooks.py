"""Schemathesis hooks for scripts/contract-fuzz.sh (loaded through SCHEMATHESIS_HOOKS).

An Idempotency-Key names one intended operation: the same key with another body is refused
with 422, as the contract says. JSON Schema cannot say "unique", so the fuzzer would send a
drawn key again with another body; every well-formed key is made unique here instead, as a
client's would be. Malformed keys are sent as drawn, so their refusal is still tested.
"""

import os
import re
import uuid

import schemathesis

# The header's pattern, read by contract-fuzz.sh from the contract the server serves: the Rust
# code that generates the contract is the only place it is written.
WELL_FORMED_KEY = re.compile(os.environ["IDEMPOTENCY_KEY_PATTERN"])


@schemathesis.hook
def before_call(context, case, kwargs):
    headers = case.headers or {}
    for name, value in headers.items():
        if name.lower() == "idempotency-key" and isinstance(value, str) and WELL_FORMED_KEY.match(value):
            headers[name] = f"fuzz-{uuid.uuid4().hex}"
