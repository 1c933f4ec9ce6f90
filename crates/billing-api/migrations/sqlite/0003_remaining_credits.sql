-- `left` is a reserved word in PostgreSQL: both stores name the column the same way.
ALTER TABLE credit_grants RENAME COLUMN left TO remaining;
