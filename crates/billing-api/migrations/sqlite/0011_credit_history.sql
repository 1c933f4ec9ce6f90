-- A customer's credit history reads their generations and grants newest first, a page at a
-- time, and their recent work by time.
CREATE INDEX generations_by_customer_time ON generations (customer_id, created_at, id);
CREATE INDEX credit_grants_by_customer_time ON credit_grants (customer_id, granted_at, id);
