-- Issue 10: versioned subscription updates, answers kept with their keys, the credit ledger.

-- Every update of a subscription names the version it was computed from.
ALTER TABLE subscriptions ADD COLUMN version INTEGER NOT NULL DEFAULT 0;

-- Keys used to be claimed before their work and answered after it; a crash in between left
-- them "in flight" with no answer. Those are forgotten; answers are now kept with their work.
CREATE TABLE idempotency_answered (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    body BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
);
INSERT INTO idempotency_answered
    SELECT scope, key, request_hash, status, body, created_at FROM idempotency
    WHERE status IS NOT NULL AND body IS NOT NULL;
DROP TABLE idempotency;
ALTER TABLE idempotency_answered RENAME TO idempotency;

-- Credit cycles per customer, and grants with what is left of them.
ALTER TABLE customers ADD COLUMN cycle_anchor INTEGER;
ALTER TABLE customers ADD COLUMN cycle_end INTEGER;
CREATE TABLE credit_grants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    source TEXT NOT NULL,
    pack_id TEXT,
    granted INTEGER NOT NULL,
    left INTEGER NOT NULL CHECK (left >= 0),
    granted_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX credit_grants_by_customer ON credit_grants (customer_id, expires_at);
CREATE TABLE generations (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    queue TEXT NOT NULL,
    credits INTEGER NOT NULL,
    refunded INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE TABLE generation_debits (
    generation_id TEXT NOT NULL REFERENCES generations(id),
    grant_id INTEGER NOT NULL REFERENCES credit_grants(id),
    credits INTEGER NOT NULL
);

-- Pack credits were one balance that never expired: each becomes a pack grant valid for a
-- year from this upgrade. Plan credits are re-granted by the next cycle (cycles start unset).
INSERT INTO credit_grants (customer_id, source, granted, left, granted_at, expires_at)
    SELECT id, 'pack', pack_credits, pack_credits,
        CAST(unixepoch('now') AS INTEGER) * 1000, (CAST(unixepoch('now') AS INTEGER) + 365 * 86400) * 1000
    FROM customers WHERE pack_credits > 0;
ALTER TABLE customers DROP COLUMN pack_credits;
ALTER TABLE subscriptions DROP COLUMN plan_credits;
