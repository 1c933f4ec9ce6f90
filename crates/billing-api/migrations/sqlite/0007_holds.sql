-- A generation that takes a while is held first: its credits are taken when it starts
-- (`state` 'held' until `expires_at`) and kept ('captured') or given back ('released',
-- 'expired') at its end. A generation reported in one step is captured at once. Each keeps
-- what it made, for the customer's history.
ALTER TABLE generations ADD COLUMN state TEXT NOT NULL DEFAULT 'captured';
ALTER TABLE generations ADD COLUMN expires_at BIGINT;
ALTER TABLE generations ADD COLUMN model TEXT;
ALTER TABLE generations ADD COLUMN resolution TEXT;
ALTER TABLE generations ADD COLUMN seconds BIGINT;
CREATE INDEX generations_held ON generations (state, expires_at);
CREATE INDEX generations_by_customer ON generations (customer_id, state);
