-- A customer's auto top-up: the pack bought when their credits fall below `threshold`, within
-- `monthly_cap` (minor units of `currency`) a calendar month; `capped_month` ('YYYY-MM') is the
-- last month a top-up was stopped by the cap, announced once. Payments say what they were for,
-- so a month's top-ups can be added up; a customer's cycle remembers the highest low-balance
-- mark announced (80, 90, 100% of its plan credits spent).
CREATE TABLE auto_top_ups (
    customer_id TEXT PRIMARY KEY REFERENCES customers(id),
    enabled INTEGER NOT NULL,
    pack_id TEXT NOT NULL,
    threshold BIGINT NOT NULL,
    monthly_cap BIGINT NOT NULL,
    currency TEXT NOT NULL,
    capped_month TEXT
);
ALTER TABLE payments ADD COLUMN kind TEXT NOT NULL DEFAULT 'purchase';
CREATE INDEX payments_by_kind ON payments (customer_id, kind, created_at);
ALTER TABLE customers ADD COLUMN low_balance_mark BIGINT NOT NULL DEFAULT 0;
