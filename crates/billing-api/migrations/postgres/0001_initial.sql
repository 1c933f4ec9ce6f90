-- The schema SQLite reaches through its migrations 0001 to 0003, in PostgreSQL's types:
-- times are milliseconds since the epoch and amounts minor units, as BIGINT in both stores.
CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL,
    cycle_anchor BIGINT,
    cycle_end BIGINT
);
CREATE TABLE subscriptions (
    customer_id TEXT PRIMARY KEY REFERENCES customers(id),
    plan_id TEXT NOT NULL,
    interval TEXT NOT NULL,
    currency TEXT NOT NULL,
    period_start BIGINT NOT NULL,
    period_end BIGINT NOT NULL,
    paid BIGINT NOT NULL,
    unlimited_until BIGINT,
    cancel_at_period_end BOOLEAN NOT NULL DEFAULT FALSE,
    scheduled_plan TEXT,
    scheduled_interval TEXT,
    version BIGINT NOT NULL DEFAULT 0
);
CREATE TABLE checkout_sessions (
    id TEXT PRIMARY KEY,
    customer_id TEXT,
    kind TEXT NOT NULL,
    item_id TEXT NOT NULL,
    interval TEXT,
    currency TEXT NOT NULL,
    amount BIGINT NOT NULL,
    description TEXT NOT NULL,
    success_url TEXT NOT NULL,
    cancel_url TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE quotes (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    body TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    used BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE payments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id TEXT NOT NULL,
    amount BIGINT NOT NULL,
    currency TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX payments_by_customer ON payments (customer_id, id);
CREATE TABLE idempotency (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status BIGINT NOT NULL,
    body BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_by_age ON idempotency (created_at);
CREATE TABLE credit_grants (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    source TEXT NOT NULL,
    pack_id TEXT,
    granted BIGINT NOT NULL,
    remaining BIGINT NOT NULL CHECK (remaining >= 0),
    granted_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX credit_grants_by_customer ON credit_grants (customer_id, expires_at);
CREATE TABLE generations (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    queue TEXT NOT NULL,
    credits BIGINT NOT NULL,
    refunded BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);
CREATE TABLE generation_debits (
    generation_id TEXT NOT NULL REFERENCES generations(id),
    grant_id BIGINT NOT NULL REFERENCES credit_grants(id),
    credits BIGINT NOT NULL
);
CREATE INDEX generation_debits_by_generation ON generation_debits (generation_id);
