//! Persistence: SQLite in WAL mode with full fsync, so an acknowledged write survives a
//! restart. All SQL lives here, behind functions that speak the domain's types, so that another
//! database (PostgreSQL through sqlx) can follow without touching the handlers.
//!
//! Every change runs in a write transaction (`Store::write`, SQLite's `BEGIN IMMEDIATE`: one
//! writer at a time, across processes too) on a connection the billing flows pass along, so a
//! flow's reads and writes, and the idempotent answer it leaves, commit together or not at all.
//! A subscription also carries a version that every update checks and bumps, so a change
//! computed from a state that has moved on is refused rather than applied twice.

use std::path::Path;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use pricing_core::api::SessionStatus;
use pricing_core::credits::CreditSource;
use pricing_core::{Currency, Interval, Money, Subscription};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous};
use sqlx::{Row, Sqlite, SqliteConnection, SqlitePool, Transaction};

pub mod credits;

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

/// How long an idempotency key is remembered.
pub const IDEMPOTENCY_TTL: chrono::Duration = chrono::Duration::hours(24);

#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
}

/// A paid subscription with what the billing side tracks around it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriptionRecord {
    pub customer_id: String,
    pub subscription: Subscription,
    pub cancel_at_period_end: bool,
    pub scheduled: Option<(String, Interval)>,
    /// Bumped by every update; an update names the version it was computed from.
    pub version: i64,
}

#[derive(Clone, Debug)]
pub struct SessionRecord {
    pub id: String,
    pub customer_id: Option<String>,
    pub purchase: Purchase,
    pub amount: Money,
    pub description: String,
    pub success_url: String,
    pub cancel_url: String,
    pub status: SessionStatus,
}

#[derive(Clone, Debug)]
pub enum Purchase {
    Subscription { plan: String, interval: Interval },
    CreditPack { pack: String },
}

/// An answer kept for an idempotency key.
pub struct Remembered {
    pub request_hash: String,
    pub status: u16,
    pub body: Vec<u8>,
}

/// A write transaction; the flows take `&mut Conn` from it (`&mut tx`).
pub type WriteTx = Transaction<'static, Sqlite>;
pub type Conn = SqliteConnection;

fn millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

fn time(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

fn interval(text: &str) -> Interval {
    if text == "annual" {
        Interval::Annual
    } else {
        Interval::Monthly
    }
}

fn currency(code: &str) -> Currency {
    Currency::from_code(code).unwrap_or(Currency::USD)
}

impl Store {
    pub async fn open(path: &Path) -> Result<Store, sqlx::Error> {
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(std::time::Duration::from_secs(5))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        sqlx::raw_sql(SCHEMA).execute(&pool).await?;
        upgrade(&pool).await?;
        Ok(Store { pool })
    }

    /// A write transaction that holds the database's write lock from its first statement, so
    /// that what it read cannot change before it commits.
    pub async fn write(&self) -> Result<WriteTx, sqlx::Error> {
        self.pool.begin_with("BEGIN IMMEDIATE").await
    }

    /// A connection for reads that change nothing.
    pub async fn read(&self) -> Result<sqlx::pool::PoolConnection<Sqlite>, sqlx::Error> {
        self.pool.acquire().await
    }
}

/// Brings a database written by an earlier version up to this schema.
async fn upgrade(pool: &SqlitePool) -> Result<(), sqlx::Error> {
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

/// The answer kept for a key, unless it is older than `IDEMPOTENCY_TTL`.
pub async fn remembered(
    conn: &mut Conn,
    scope: &str,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Option<Remembered>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT request_hash, status, body FROM idempotency WHERE scope = ? AND key = ? AND created_at >= ?",
    )
    .bind(scope)
    .bind(key)
    .bind(millis(now - IDEMPOTENCY_TTL))
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|row| Remembered { request_hash: row.get(0), status: row.get::<i64, _>(1) as u16, body: row.get(2) }))
}

/// Keeps the answer to a key, in the transaction that did the work.
pub async fn remember(
    conn: &mut Conn,
    scope: &str,
    key: &str,
    answer: &Remembered,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO idempotency (scope, key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (scope, key) DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status,
            body = excluded.body, created_at = excluded.created_at",
    )
    .bind(scope)
    .bind(key)
    .bind(&answer.request_hash)
    .bind(answer.status as i64)
    .bind(&answer.body)
    .bind(millis(now))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn create_customer(conn: &mut Conn, now: DateTime<Utc>) -> Result<String, sqlx::Error> {
    let id = format!("cus_{}", uuid::Uuid::new_v4().simple());
    sqlx::query("INSERT INTO customers (id, created_at) VALUES (?, ?)")
        .bind(&id)
        .bind(millis(now))
        .execute(conn)
        .await?;
    Ok(id)
}

pub async fn subscription(conn: &mut Conn, customer_id: &str) -> Result<Option<SubscriptionRecord>, sqlx::Error> {
    let row =
        sqlx::query("SELECT * FROM subscriptions WHERE customer_id = ?").bind(customer_id).fetch_optional(conn).await?;
    Ok(row.map(|row| subscription_record(&row)))
}

/// Writes a subscription's new state, computed from `record.version`, and, when money moved,
/// the payment; a quote named by `quote_id` is spent with them, so it charges only once. False
/// when the quote was spent or the subscription changed meanwhile: nothing is then written
/// (the caller's transaction is dropped, not committed).
pub async fn save_subscription(
    conn: &mut Conn,
    record: &SubscriptionRecord,
    payment: Option<(Money, &str)>,
    quote_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    if let Some(quote_id) = quote_id {
        let spent = sqlx::query("UPDATE quotes SET used = 1 WHERE id = ? AND used = 0")
            .bind(quote_id)
            .execute(&mut *conn)
            .await?;
        if spent.rows_affected() != 1 {
            return Ok(false);
        }
    }
    let s = &record.subscription;
    let updated = sqlx::query(
        "UPDATE subscriptions SET plan_id = ?, interval = ?, currency = ?, period_start = ?, period_end = ?, paid = ?,
            unlimited_until = ?, cancel_at_period_end = ?, scheduled_plan = ?, scheduled_interval = ?,
            version = version + 1
         WHERE customer_id = ? AND version = ?",
    )
    .bind(&s.plan_id)
    .bind(s.interval.as_str())
    .bind(s.currency.code())
    .bind(millis(s.period_start))
    .bind(millis(s.period_end))
    .bind(s.paid)
    .bind(s.unlimited_until.map(millis))
    .bind(record.cancel_at_period_end)
    .bind(record.scheduled.as_ref().map(|(plan, _)| plan.as_str()))
    .bind(record.scheduled.as_ref().map(|(_, i)| i.as_str()))
    .bind(&record.customer_id)
    .bind(record.version)
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() != 1 {
        return Ok(false);
    }
    if let Some((amount, description)) = payment {
        insert_payment(conn, &record.customer_id, amount, description, now).await?;
    }
    Ok(true)
}

/// Ends a subscription in the state it was read in; false when it changed meanwhile.
pub async fn end_subscription(conn: &mut Conn, record: &SubscriptionRecord) -> Result<bool, sqlx::Error> {
    let ended = sqlx::query("DELETE FROM subscriptions WHERE customer_id = ? AND version = ?")
        .bind(&record.customer_id)
        .bind(record.version)
        .execute(conn)
        .await?;
    Ok(ended.rows_affected() == 1)
}

pub async fn create_session(conn: &mut Conn, session: &SessionRecord, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
    let (kind, item, interval) = match &session.purchase {
        Purchase::Subscription { plan, interval } => ("subscription", plan.as_str(), Some(interval.as_str())),
        Purchase::CreditPack { pack } => ("credit_pack", pack.as_str(), None),
    };
    sqlx::query(
        "INSERT INTO checkout_sessions (id, customer_id, kind, item_id, interval, currency, amount, description,
            success_url, cancel_url, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)",
    )
    .bind(&session.id)
    .bind(&session.customer_id)
    .bind(kind)
    .bind(item)
    .bind(interval)
    .bind(session.amount.currency.code())
    .bind(session.amount.minor)
    .bind(&session.description)
    .bind(&session.success_url)
    .bind(&session.cancel_url)
    .bind(millis(now))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn session(conn: &mut Conn, id: &str) -> Result<Option<SessionRecord>, sqlx::Error> {
    let row = sqlx::query("SELECT * FROM checkout_sessions WHERE id = ?").bind(id).fetch_optional(conn).await?;
    Ok(row.map(|row| {
        let kind: String = row.get("kind");
        let item: String = row.get("item_id");
        let purchase = if kind == "subscription" {
            Purchase::Subscription { plan: item, interval: interval(&row.get::<String, _>("interval")) }
        } else {
            Purchase::CreditPack { pack: item }
        };
        SessionRecord {
            id: row.get("id"),
            customer_id: row.get("customer_id"),
            purchase,
            amount: Money::new(row.get("amount"), currency(&row.get::<String, _>("currency"))),
            description: row.get("description"),
            success_url: row.get("success_url"),
            cancel_url: row.get("cancel_url"),
            status: if row.get::<String, _>("status") == "paid" { SessionStatus::Paid } else { SessionStatus::Open },
        }
    }))
}

/// Pays an open session: marks it paid, records the payment, and grants what it bought
/// (a new subscription or pack credits), in the caller's transaction.
pub async fn pay_session(
    conn: &mut Conn,
    session: &SessionRecord,
    customer_id: &str,
    grant: Grant,
    now: DateTime<Utc>,
) -> Result<Paid, sqlx::Error> {
    let paid =
        sqlx::query("UPDATE checkout_sessions SET status = 'paid', customer_id = ? WHERE id = ? AND status = 'open'")
            .bind(customer_id)
            .bind(&session.id)
            .execute(&mut *conn)
            .await?;
    if paid.rows_affected() != 1 {
        return Ok(Paid::NotOpen);
    }
    sqlx::query("INSERT INTO customers (id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
        .bind(customer_id)
        .bind(millis(now))
        .execute(&mut *conn)
        .await?;
    match grant {
        Grant::Pack { pack_id, credits, expires_at } => {
            credits::grant(conn, customer_id, CreditSource::Pack, Some(&pack_id), credits, now, expires_at).await?;
        }
        Grant::Subscription { record, allowance, cycle } => {
            if !insert_subscription(conn, &record).await? {
                return Ok(Paid::AlreadySubscribed);
            }
            credits::move_plan_credits_expiry(conn, customer_id, now, now).await?;
            let from = credits::cycle(conn, customer_id).await?.flatten();
            credits::advance_cycle(conn, customer_id, from, cycle).await?;
            credits::grant(conn, customer_id, CreditSource::Plan, None, allowance, now, cycle.end).await?;
        }
    }
    insert_payment(conn, customer_id, session.amount, &session.description, now).await?;
    Ok(Paid::Done)
}

pub async fn save_quote(
    conn: &mut Conn,
    id: &str,
    customer_id: &str,
    body: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO quotes (id, customer_id, body, expires_at) VALUES (?, ?, ?, ?)")
        .bind(id)
        .bind(customer_id)
        .bind(body)
        .bind(millis(expires_at))
        .execute(conn)
        .await?;
    Ok(())
}

/// A customer's quote, as JSON, and whether it was spent.
pub async fn quote(conn: &mut Conn, id: &str, customer_id: &str) -> Result<Option<(String, bool)>, sqlx::Error> {
    let row = sqlx::query("SELECT body, used FROM quotes WHERE id = ? AND customer_id = ?")
        .bind(id)
        .bind(customer_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| (r.get(0), r.get(1))))
}

/// Deletes idempotency keys past `IDEMPOTENCY_TTL` and quotes that expired over a day ago, so
/// the tables do not grow forever: (keys, quotes) deleted.
pub async fn sweep(conn: &mut Conn, now: DateTime<Utc>) -> Result<(u64, u64), sqlx::Error> {
    let keys = sqlx::query("DELETE FROM idempotency WHERE created_at < ?")
        .bind(millis(now - IDEMPOTENCY_TTL))
        .execute(&mut *conn)
        .await?
        .rows_affected();
    let quotes = sqlx::query("DELETE FROM quotes WHERE expires_at < ?")
        .bind(millis(now - chrono::Duration::days(1)))
        .execute(&mut *conn)
        .await?
        .rows_affected();
    Ok((keys, quotes))
}

/// Every payment of a customer, oldest first.
pub async fn payments(conn: &mut Conn, customer_id: &str) -> Result<Vec<(Money, String)>, sqlx::Error> {
    let rows = sqlx::query("SELECT amount, currency, description FROM payments WHERE customer_id = ? ORDER BY id")
        .bind(customer_id)
        .fetch_all(conn)
        .await?;
    Ok(rows.iter().map(|r| (Money::new(r.get(0), currency(&r.get::<String, _>(1))), r.get(2))).collect())
}

/// What a paid checkout grants.
pub enum Grant {
    /// A first subscription, its first cycle's allowance and that cycle.
    Subscription {
        record: SubscriptionRecord,
        allowance: u64,
        cycle: credits::Cycle,
    },
    Pack {
        pack_id: String,
        credits: u64,
        expires_at: DateTime<Utc>,
    },
}

/// What paying a session did.
#[derive(Debug, PartialEq, Eq)]
pub enum Paid {
    Done,
    NotOpen,
    AlreadySubscribed,
}

/// A customer's first subscription; false when the customer already has one.
async fn insert_subscription(conn: &mut Conn, record: &SubscriptionRecord) -> Result<bool, sqlx::Error> {
    let s = &record.subscription;
    let inserted = sqlx::query(
        "INSERT INTO subscriptions (customer_id, plan_id, interval, currency, period_start, period_end, paid,
            unlimited_until, plan_credits, cancel_at_period_end, scheduled_plan, scheduled_interval, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 0) ON CONFLICT (customer_id) DO NOTHING",
    )
    .bind(&record.customer_id)
    .bind(&s.plan_id)
    .bind(s.interval.as_str())
    .bind(s.currency.code())
    .bind(millis(s.period_start))
    .bind(millis(s.period_end))
    .bind(s.paid)
    .bind(s.unlimited_until.map(millis))
    .bind(record.cancel_at_period_end)
    .bind(record.scheduled.as_ref().map(|(plan, _)| plan.as_str()))
    .bind(record.scheduled.as_ref().map(|(_, i)| i.as_str()))
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

async fn insert_payment(
    conn: &mut Conn,
    customer_id: &str,
    amount: Money,
    description: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO payments (customer_id, amount, currency, description, created_at) VALUES (?, ?, ?, ?, ?)")
        .bind(customer_id)
        .bind(amount.minor)
        .bind(amount.currency.code())
        .bind(description)
        .bind(millis(now))
        .execute(conn)
        .await?;
    Ok(())
}

fn subscription_record(row: &SqliteRow) -> SubscriptionRecord {
    let scheduled_plan: Option<String> = row.get("scheduled_plan");
    let scheduled_interval: Option<String> = row.get("scheduled_interval");
    SubscriptionRecord {
        customer_id: row.get("customer_id"),
        subscription: Subscription {
            plan_id: row.get("plan_id"),
            interval: interval(&row.get::<String, _>("interval")),
            currency: currency(&row.get::<String, _>("currency")),
            period_start: time(row.get("period_start")),
            period_end: time(row.get("period_end")),
            paid: row.get("paid"),
            unlimited_until: row.get::<Option<i64>, _>("unlimited_until").map(time),
        },
        cancel_at_period_end: row.get("cancel_at_period_end"),
        scheduled: scheduled_plan.zip(scheduled_interval.as_deref().map(interval)),
        version: row.get("version"),
    }
}
