-- Why a customer cancels (a reason from the list and their words), and the retention offer:
-- a subscription that took it renews `retention_renewals` more times at `retention_percent` off;
-- a customer takes it once (`retention_taken_at`).
ALTER TABLE subscriptions ADD COLUMN cancel_reason TEXT;
ALTER TABLE subscriptions ADD COLUMN cancel_comment TEXT;
ALTER TABLE subscriptions ADD COLUMN retention_percent BIGINT;
ALTER TABLE subscriptions ADD COLUMN retention_renewals BIGINT NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN retention_taken_at BIGINT;
