//! The tables, and the in-place upgrade of databases written by earlier versions (until
//! versioned migrations replace it).

use chrono::Utc;
use sqlx::SqlitePool;

use super::millis;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS customers (
    id TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    cycle_anchor INTEGER,
    cycle_end INTEGER
);
CREATE TABLE IF NOT EXISTS subscriptions (
    customer_id TEXT PRIMARY KEY REFERENCES customers(id),
    plan_id TEXT NOT NULL,
    interval TEXT NOT NULL,
    currency TEXT NOT NULL,
    period_start INTEGER NOT NULL,
    period_end INTEGER NOT NULL,
    paid INTEGER NOT NULL,
    unlimited_until INTEGER,
    plan_credits INTEGER NOT NULL DEFAULT 0, -- before the credit ledger; always 0 now
    cancel_at_period_end INTEGER NOT NULL DEFAULT 0,
    scheduled_plan TEXT,
    scheduled_interval TEXT,
    version INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS checkout_sessions (
    id TEXT PRIMARY KEY,
    customer_id TEXT,
    kind TEXT NOT NULL,
    item_id TEXT NOT NULL,
    interval TEXT,
    currency TEXT NOT NULL,
    amount INTEGER NOT NULL,
    description TEXT NOT NULL,
    success_url TEXT NOT NULL,
    cancel_url TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS quotes (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    body TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS credit_grants (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    source TEXT NOT NULL,
    pack_id TEXT,
    granted INTEGER NOT NULL,
    left INTEGER NOT NULL CHECK (left >= 0),
    granted_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS credit_grants_by_customer ON credit_grants (customer_id, expires_at);
CREATE TABLE IF NOT EXISTS generations (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL,
    queue TEXT NOT NULL,
    credits INTEGER NOT NULL,
    refunded INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS generation_debits (
    generation_id TEXT NOT NULL REFERENCES generations(id),
    grant_id INTEGER NOT NULL REFERENCES credit_grants(id),
    credits INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    body BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (scope, key)
);
"#;

/// Creates the tables, and brings a database written by an earlier version up to this schema.
pub(super) async fn create_or_upgrade(pool: &SqlitePool) -> Result<(), sqlx::Error> {
    sqlx::raw_sql(SCHEMA).execute(pool).await?;
    let has_column = |table: &'static str, column: &'static str| async move {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?")
            .bind(table)
            .bind(column)
            .fetch_one(pool)
            .await
            .map(|n| n > 0)
    };
    if !has_column("customers", "cycle_anchor").await? {
        sqlx::raw_sql("ALTER TABLE customers ADD COLUMN cycle_anchor INTEGER; ALTER TABLE customers ADD COLUMN cycle_end INTEGER;")
            .execute(pool)
            .await?;
    }
    // Pack credits were one balance that never expired: each becomes a pack grant valid for a
    // year from the upgrade. (Plan credits are re-granted by the next cycle.)
    if has_column("customers", "pack_credits").await? {
        let year_later = millis(Utc::now() + chrono::Duration::days(365));
        sqlx::query(
            "INSERT INTO credit_grants (customer_id, source, granted, left, granted_at, expires_at)
             SELECT id, 'pack', pack_credits, pack_credits, ?, ? FROM customers WHERE pack_credits > 0",
        )
        .bind(millis(Utc::now()))
        .bind(year_later)
        .execute(pool)
        .await?;
        sqlx::query("UPDATE customers SET pack_credits = 0").execute(pool).await?;
    }
    let versioned: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM pragma_table_info('subscriptions') WHERE name = 'version'")
            .fetch_one(pool)
            .await?;
    if versioned == 0 {
        sqlx::query("ALTER TABLE subscriptions ADD COLUMN version INTEGER NOT NULL DEFAULT 0").execute(pool).await?;
    }
    // Earlier versions claimed a key before its work and answered after it, in separate
    // transactions; a crash in between left the key "in flight" with no answer. Forget those.
    let unanswered: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM pragma_table_info('idempotency') WHERE name = 'status' AND \"notnull\" = 0",
    )
    .fetch_one(pool)
    .await?;
    if unanswered == 1 {
        sqlx::raw_sql(
            "DELETE FROM idempotency WHERE status IS NULL OR body IS NULL;
             CREATE TABLE idempotency_answered (scope TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL,
                status INTEGER NOT NULL, body BLOB NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (scope, key));
             INSERT INTO idempotency_answered SELECT scope, key, request_hash, status, body, created_at FROM idempotency;
             DROP TABLE idempotency;
             ALTER TABLE idempotency_answered RENAME TO idempotency;",
        )
        .execute(pool)
        .await?;
    }
    Ok(())
}
