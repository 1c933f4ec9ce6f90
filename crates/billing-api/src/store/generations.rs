//! Generations and the grants they were paid from: reported in one step (captured at once) or
//! held while they run, then captured (kept, perhaps in part) or given back (released, expired,
//! refunded). Every debit names its grant, so what goes back goes where it came from.

use chrono::{DateTime, Utc};
use pricing_core::api::account::{HistoryEntry, RecentWork};
use pricing_core::api::holds::HoldState;
use pricing_core::credits::{Debit, Queue};
use sqlx::any::AnyRow;

use super::decode::{self, column};
use super::{millis, Conn};

/// A generation as it starts: what it makes, how it is paid, and its state.
pub struct NewGeneration<'a> {
    pub id: &'a str,
    pub customer_id: &'a str,
    pub model: &'a str,
    pub resolution: &'a str,
    pub seconds: Option<u32>,
    pub queue: Queue,
    pub debits: &'a [Debit],
    /// `Held` until `expires_at`, or `Captured` at once.
    pub state: HoldState,
    pub expires_at: Option<DateTime<Utc>>,
}

/// Records a generation and takes its debits from their grants; false when a grant no longer
/// holds its debit (it changed since it was read): the caller must then commit nothing.
pub async fn record(conn: &mut Conn, generation: &NewGeneration<'_>, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let credits: u64 = generation.debits.iter().map(|d| d.credits).sum();
    sqlx::query(
        "INSERT INTO generations (id, customer_id, queue, credits, created_at, state, expires_at, model, resolution, seconds)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(generation.id)
    .bind(generation.customer_id)
    .bind(generation.queue.as_str())
    .bind(credits as i64)
    .bind(millis(now))
    .bind(generation.state.as_str())
    .bind(generation.expires_at.map(millis))
    .bind(generation.model)
    .bind(generation.resolution)
    .bind(generation.seconds.map(i64::from))
    .execute(&mut *conn)
    .await?;
    for debit in generation.debits {
        let debited =
            sqlx::query("UPDATE credit_grants SET remaining = remaining - $1 WHERE id = $2 AND remaining >= $3")
                .bind(debit.credits as i64)
                .bind(debit.grant)
                .bind(debit.credits as i64)
                .execute(&mut *conn)
                .await?;
        if debited.rows_affected() != 1 {
            return Ok(false);
        }
        sqlx::query("INSERT INTO generation_debits (generation_id, grant_id, credits) VALUES ($1, $2, $3)")
            .bind(generation.id)
            .bind(debit.grant)
            .bind(debit.credits as i64)
            .execute(&mut *conn)
            .await?;
    }
    Ok(true)
}

/// Gives `debits` of a generation back to their grants.
async fn give_back(conn: &mut Conn, id: &str, debits: &[Debit]) -> Result<(), sqlx::Error> {
    for debit in debits {
        sqlx::query("UPDATE credit_grants SET remaining = remaining + $1 WHERE id = $2")
            .bind(debit.credits as i64)
            .bind(debit.grant)
            .execute(&mut *conn)
            .await?;
        sqlx::query("UPDATE generation_debits SET credits = credits - $1 WHERE generation_id = $2 AND grant_id = $3")
            .bind(debit.credits as i64)
            .bind(id)
            .bind(debit.grant)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A generation's debits in spending order (plan credits, then packs soonest-expiring first).
pub async fn debits(conn: &mut Conn, id: &str) -> Result<Vec<Debit>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT d.grant_id, d.credits, g.source, g.expires_at FROM generation_debits d
         JOIN credit_grants g ON g.id = d.grant_id WHERE d.generation_id = $1 AND d.credits > 0",
    )
    .bind(id)
    .fetch_all(conn)
    .await?;
    let mut debits = rows
        .iter()
        .map(|row| {
            let source: pricing_core::credits::CreditSource = decode::named(row, "source", "plan or pack")?;
            let debit = Debit { grant: column(row, "grant_id")?, credits: decode::count(row, "credits")? };
            Ok(((source, decode::time(row, "expires_at")?, debit.grant), debit))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    debits.sort_by_key(|(order, _)| *order);
    Ok(debits.into_iter().map(|(_, debit)| debit).collect())
}

/// A customer's hold as stored.
pub struct HoldRecord {
    pub state: HoldState,
    pub queue: Queue,
    pub credits: u64,
    pub expires_at: Option<DateTime<Utc>>,
}

pub async fn hold(conn: &mut Conn, id: &str, customer_id: &str) -> Result<Option<HoldRecord>, sqlx::Error> {
    let row =
        sqlx::query("SELECT state, queue, credits, expires_at FROM generations WHERE id = $1 AND customer_id = $2")
            .bind(id)
            .bind(customer_id)
            .fetch_optional(conn)
            .await?;
    row.map(|row| {
        Ok(HoldRecord {
            state: hold_state(&row)?,
            queue: decode::named(&row, "queue", "standard or priority")?,
            credits: decode::count(&row, "credits")?,
            expires_at: decode::optional_time(&row, "expires_at")?,
        })
    })
    .transpose()
}

fn hold_state(row: &AnyRow) -> Result<HoldState, sqlx::Error> {
    let states = HoldState::NAMES.map(|name| (name, name));
    Ok(match decode::one_of(row, "state", &states)? {
        "held" => HoldState::Held,
        "captured" => HoldState::Captured,
        "released" => HoldState::Released,
        _ => HoldState::Expired,
    })
}

/// Settles a held generation: it keeps `kept` credits and gives `back` to their grants, in the
/// state `to`; false when it was no longer held (settled by a request that got there first).
pub async fn settle(conn: &mut Conn, id: &str, to: HoldState, kept: u64, back: &[Debit]) -> Result<bool, sqlx::Error> {
    let settled = sqlx::query("UPDATE generations SET state = $1, credits = $2 WHERE id = $3 AND state = 'held'")
        .bind(to.as_str())
        .bind(kept as i64)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    if settled.rows_affected() != 1 {
        return Ok(false);
    }
    give_back(conn, id, back).await?;
    Ok(true)
}

/// Holds whose time ran out by `now`: of one customer, or of everyone (at most `limit`).
pub async fn expired_holds(
    conn: &mut Conn,
    customer_id: Option<&str>,
    now: DateTime<Utc>,
    limit: u32,
) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM generations WHERE state = 'held' AND expires_at <= $1 AND ($2 IS NULL OR customer_id = $2)
         ORDER BY expires_at LIMIT $3",
    )
    .bind(millis(now))
    .bind(customer_id)
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await
}

/// Gives back the credits of every hold (of one customer, or anyone's: at most 100 at a time)
/// that ran out by `now`: how many.
pub async fn release_expired(
    conn: &mut Conn,
    customer_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<usize, sqlx::Error> {
    let expired = expired_holds(conn, customer_id, now, 100).await?;
    for id in &expired {
        let all = debits(conn, id).await?;
        settle(conn, id, HoldState::Expired, 0, &all).await?;
    }
    Ok(expired.len())
}

/// The credits a customer's generations under way hold.
pub async fn held_credits(conn: &mut Conn, customer_id: &str) -> Result<u64, sqlx::Error> {
    let held: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(credits), 0) AS BIGINT) FROM generations WHERE customer_id = $1 AND state = 'held'",
    )
    .bind(customer_id)
    .fetch_one(conn)
    .await?;
    Ok(held.max(0) as u64)
}

/// Gives a captured generation's credits back to the grants they came from, once: the credits
/// it refunded, or `None` when it is not the customer's, was refunded already or is not captured.
pub async fn refund(conn: &mut Conn, id: &str, customer_id: &str) -> Result<Option<u64>, sqlx::Error> {
    let marked = sqlx::query(
        "UPDATE generations SET refunded = TRUE WHERE id = $1 AND customer_id = $2 AND refunded = FALSE AND state = 'captured'",
    )
    .bind(id)
    .bind(customer_id)
    .execute(&mut *conn)
    .await?;
    if marked.rows_affected() != 1 {
        return Ok(None);
    }
    let debits = debits(conn, id).await?;
    give_back(conn, id, &debits).await?;
    Ok(Some(debits.iter().map(|d| d.credits).sum()))
}

/// The customer's work since `since`: their generations neither refunded nor given back (under
/// way, or captured), one line per model, resolution and duration, with how many. Generations
/// recorded before what they made was kept name no work.
pub async fn recent_work(
    conn: &mut Conn,
    customer_id: &str,
    since: DateTime<Utc>,
) -> Result<Vec<RecentWork>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT model, resolution, seconds, COUNT(*) AS count FROM generations
         WHERE customer_id = $1 AND created_at > $2 AND refunded = FALSE AND state IN ('held', 'captured')
            AND model IS NOT NULL AND resolution IS NOT NULL
         GROUP BY model, resolution, seconds",
    )
    .bind(customer_id)
    .bind(millis(since))
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(RecentWork {
                model: column(row, "model")?,
                resolution: column(row, "resolution")?,
                seconds: seconds(row)?,
                count: decode::count(row, "count")?,
            })
        })
        .collect()
}

/// A video's length as stored, or none.
fn seconds(row: &AnyRow) -> Result<Option<u32>, sqlx::Error> {
    let stored: Option<i64> = column(row, "seconds")?;
    stored.map(|s| u32::try_from(s).map_err(|_| decode::corrupt("seconds", s, "a video's length"))).transpose()
}

/// The customer's generations as their credit history lists them, newest first: those before
/// `at` (milliseconds), and those at `at` whose id comes before `id` in the database's order
/// (none with `""`), at most `limit`. Generations recorded before what they made was kept are
/// left out: they have no line to show.
pub async fn history(
    conn: &mut Conn,
    customer_id: &str,
    (at, id): (i64, &str),
    limit: u32,
) -> Result<Vec<(i64, HistoryEntry)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, created_at, model, resolution, seconds, credits, queue, state, refunded FROM generations
         WHERE customer_id = $1 AND model IS NOT NULL AND resolution IS NOT NULL
            AND (created_at < $2 OR (created_at = $2 AND id < $3))
         ORDER BY created_at DESC, id DESC LIMIT $4",
    )
    .bind(customer_id)
    .bind(at)
    .bind(id)
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let state = hold_state(row)?;
            let queue: Queue = decode::named(row, "queue", "standard or priority")?;
            let entry = HistoryEntry::Generation {
                id: column(row, "id")?,
                at: decode::time(row, "created_at")?,
                model: column(row, "model")?,
                resolution: column(row, "resolution")?,
                seconds: seconds(row)?,
                credits: decode::count(row, "credits")?,
                unlimited: queue == Queue::Standard,
                held: state == HoldState::Held,
                refunded: decode::flag(row, "refunded")? || state.given_back(),
            };
            Ok((column(row, "created_at")?, entry))
        })
        .collect()
}
