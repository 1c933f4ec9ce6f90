-- Every payment has a numbered receipt. The number comes from one counter, taken in the
-- payment's own transaction: sequential, never reused and without gaps (a payment rolled back
-- gives its number back), across processes too (the counter's row stays locked until the
-- payment commits). The receipt states the catalog's tax rule for the currency at that moment.
ALTER TABLE payments ADD COLUMN receipt_number BIGINT;
ALTER TABLE payments ADD COLUMN tax_included BOOLEAN;
ALTER TABLE payments ADD COLUMN tax_name TEXT;
CREATE UNIQUE INDEX payments_by_receipt ON payments (receipt_number);
CREATE TABLE receipt_numbers (id BIGINT PRIMARY KEY CHECK (id = 1), last_number BIGINT NOT NULL);
-- Payments made before receipts are numbered in the order they were made.
UPDATE payments SET receipt_number = (SELECT COUNT(*) FROM payments earlier WHERE earlier.id <= payments.id);
INSERT INTO receipt_numbers (id, last_number) SELECT 1, COUNT(*) FROM payments;
