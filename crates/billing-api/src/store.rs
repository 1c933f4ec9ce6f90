//! Persistence: SQLite in WAL mode with full fsync, so an acknowledged write survives a
//! restart. All SQL lives here, behind methods that speak the domain's types, so that another
//! database (PostgreSQL through sqlx) can follow without touching the handlers.

use std::path::Path;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use pricing_core::api::SessionStatus;
use pricing_core::{Currency, Interval, Money, Subscription};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous};
use sqlx::{Row, SqlitePool};

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS customers (
    id TEXT PRIMARY KEY,
    pack_credits INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
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
    plan_credits INTEGER NOT NULL,
    cancel_at_period_end INTEGER NOT NULL DEFAULT 0,
    scheduled_plan TEXT,
    scheduled_interval TEXT
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
CREATE TABLE IF NOT EXISTS idempotency (
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER,
    body BLOB,
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
    pub plan_credits: i64,
    pub cancel_at_period_end: bool,
    pub scheduled: Option<(String, Interval)>,
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

/// What a new idempotent request finds.
pub enum Claim {
    /// The key is new: this request runs and must `finish` or `release` it.
    Fresh,
    Replay {
        status: u16,
        body: Vec<u8>,
    },
    InFlight,
    Mismatch,
}

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
        Ok(Store { pool })
    }

    pub async fn claim(&self, scope: &str, key: &str, hash: &str, now: DateTime<Utc>) -> Result<Claim, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM idempotency WHERE scope = ? AND key = ? AND created_at < ?")
            .bind(scope)
            .bind(key)
            .bind(millis(now - IDEMPOTENCY_TTL))
            .execute(&mut *tx)
            .await?;
        let inserted = sqlx::query(
            "INSERT INTO idempotency (scope, key, request_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        )
        .bind(scope)
        .bind(key)
        .bind(hash)
        .bind(millis(now))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let claim = if inserted == 1 {
            Claim::Fresh
        } else {
            let row = sqlx::query("SELECT request_hash, status, body FROM idempotency WHERE scope = ? AND key = ?")
                .bind(scope)
                .bind(key)
                .fetch_one(&mut *tx)
                .await?;
            let stored_hash: String = row.get(0);
            match (stored_hash == hash, row.get::<Option<i64>, _>(1)) {
                (false, _) => Claim::Mismatch,
                (true, None) => Claim::InFlight,
                (true, Some(status)) => Claim::Replay { status: status as u16, body: row.get(2) },
            }
        };
        tx.commit().await?;
        Ok(claim)
    }

    pub async fn finish(&self, scope: &str, key: &str, status: u16, body: &[u8]) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE idempotency SET status = ?, body = ? WHERE scope = ? AND key = ?")
            .bind(status as i64)
            .bind(body)
            .bind(scope)
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Forgets a claimed key whose request failed on our side, so that a retry can run.
    pub async fn release(&self, scope: &str, key: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM idempotency WHERE scope = ? AND key = ?")
            .bind(scope)
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn create_customer(&self, now: DateTime<Utc>) -> Result<String, sqlx::Error> {
        let id = format!("cus_{}", uuid::Uuid::new_v4().simple());
        sqlx::query("INSERT INTO customers (id, created_at) VALUES (?, ?)")
            .bind(&id)
            .bind(millis(now))
            .execute(&self.pool)
            .await?;
        Ok(id)
    }

    pub async fn pack_credits(&self, customer_id: &str) -> Result<Option<i64>, sqlx::Error> {
        let row = sqlx::query("SELECT pack_credits FROM customers WHERE id = ?")
            .bind(customer_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.get(0)))
    }

    pub async fn subscription(&self, customer_id: &str) -> Result<Option<SubscriptionRecord>, sqlx::Error> {
        let row = sqlx::query("SELECT * FROM subscriptions WHERE customer_id = ?")
            .bind(customer_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|row| subscription_record(&row)))
    }

    /// Writes a subscription's new state and, when money moved, the payment, atomically; a
    /// quote named by `quote_id` is spent in the same transaction, so it charges only once.
    pub async fn save_subscription(
        &self,
        record: &SubscriptionRecord,
        payment: Option<(Money, &str)>,
        quote_id: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        if let Some(quote_id) = quote_id {
            let spent = sqlx::query("UPDATE quotes SET used = 1 WHERE id = ? AND used = 0")
                .bind(quote_id)
                .execute(&mut *tx)
                .await?;
            if spent.rows_affected() != 1 {
                return Ok(false);
            }
        }
        upsert_subscription(&mut tx, record).await?;
        if let Some((amount, description)) = payment {
            insert_payment(&mut tx, &record.customer_id, amount, description, now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    pub async fn end_subscription(&self, customer_id: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM subscriptions WHERE customer_id = ?").bind(customer_id).execute(&self.pool).await?;
        Ok(())
    }

    pub async fn create_session(&self, session: &SessionRecord, now: DateTime<Utc>) -> Result<(), sqlx::Error> {
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
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn session(&self, id: &str) -> Result<Option<SessionRecord>, sqlx::Error> {
        let row =
            sqlx::query("SELECT * FROM checkout_sessions WHERE id = ?").bind(id).fetch_optional(&self.pool).await?;
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
                status: if row.get::<String, _>("status") == "paid" {
                    SessionStatus::Paid
                } else {
                    SessionStatus::Open
                },
            }
        }))
    }

    /// Pays an open session: marks it paid, records the payment, and grants what it bought
    /// (a new subscription or pack credits), all in one transaction.
    pub async fn pay_session(
        &self,
        session: &SessionRecord,
        customer_id: &str,
        grant: Grant,
        now: DateTime<Utc>,
    ) -> Result<Paid, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let paid = sqlx::query(
            "UPDATE checkout_sessions SET status = 'paid', customer_id = ? WHERE id = ? AND status = 'open'",
        )
        .bind(customer_id)
        .bind(&session.id)
        .execute(&mut *tx)
        .await?;
        if paid.rows_affected() != 1 {
            return Ok(Paid::NotOpen);
        }
        sqlx::query("INSERT INTO customers (id, created_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
            .bind(customer_id)
            .bind(millis(now))
            .execute(&mut *tx)
            .await?;
        match grant {
            Grant::PackCredits(credits) => {
                sqlx::query("UPDATE customers SET pack_credits = pack_credits + ? WHERE id = ?")
                    .bind(credits)
                    .bind(customer_id)
                    .execute(&mut *tx)
                    .await?;
            }
            Grant::Subscription(record) => {
                let taken = sqlx::query("SELECT 1 FROM subscriptions WHERE customer_id = ?")
                    .bind(customer_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                if taken.is_some() {
                    return Ok(Paid::AlreadySubscribed);
                }
                upsert_subscription(&mut tx, &record).await?;
            }
        }
        insert_payment(&mut tx, customer_id, session.amount, &session.description, now).await?;
        tx.commit().await?;
        Ok(Paid::Done)
    }

    pub async fn save_quote(
        &self,
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
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A customer's unspent quote, as JSON.
    pub async fn quote(&self, id: &str, customer_id: &str) -> Result<Option<(String, bool)>, sqlx::Error> {
        let row = sqlx::query("SELECT body, used FROM quotes WHERE id = ? AND customer_id = ?")
            .bind(id)
            .bind(customer_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| (r.get(0), r.get(1))))
    }

    /// Every payment of a customer, oldest first.
    pub async fn payments(&self, customer_id: &str) -> Result<Vec<(Money, String)>, sqlx::Error> {
        let rows = sqlx::query("SELECT amount, currency, description FROM payments WHERE customer_id = ? ORDER BY id")
            .bind(customer_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|r| (Money::new(r.get(0), currency(&r.get::<String, _>(1))), r.get(2))).collect())
    }
}

pub enum Grant {
    Subscription(SubscriptionRecord),
    PackCredits(i64),
}

/// What paying a session did.
#[derive(Debug, PartialEq, Eq)]
pub enum Paid {
    Done,
    NotOpen,
    AlreadySubscribed,
}

async fn upsert_subscription(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    record: &SubscriptionRecord,
) -> Result<(), sqlx::Error> {
    let s = &record.subscription;
    sqlx::query(
            "INSERT INTO subscriptions (customer_id, plan_id, interval, currency, period_start, period_end, paid, unlimited_until,
                plan_credits, cancel_at_period_end, scheduled_plan, scheduled_interval)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (customer_id) DO UPDATE SET plan_id = excluded.plan_id, interval = excluded.interval,
                currency = excluded.currency, period_start = excluded.period_start, period_end = excluded.period_end,
                paid = excluded.paid, unlimited_until = excluded.unlimited_until, plan_credits = excluded.plan_credits,
                cancel_at_period_end = excluded.cancel_at_period_end, scheduled_plan = excluded.scheduled_plan,
                scheduled_interval = excluded.scheduled_interval",
        )
        .bind(&record.customer_id)
        .bind(&s.plan_id)
        .bind(s.interval.as_str())
        .bind(s.currency.code())
        .bind(millis(s.period_start))
        .bind(millis(s.period_end))
        .bind(s.paid)
        .bind(s.unlimited_until.map(millis))
        .bind(record.plan_credits)
        .bind(record.cancel_at_period_end)
        .bind(record.scheduled.as_ref().map(|(plan, _)| plan.as_str()))
        .bind(record.scheduled.as_ref().map(|(_, i)| i.as_str()))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn insert_payment(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
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
        .execute(&mut **tx)
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
        plan_credits: row.get("plan_credits"),
        cancel_at_period_end: row.get("cancel_at_period_end"),
        scheduled: scheduled_plan.zip(scheduled_interval.as_deref().map(interval)),
    }
}
