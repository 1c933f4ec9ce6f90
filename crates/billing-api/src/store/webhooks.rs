//! Events and their webhook deliveries (the outbox): events are written in the caller's
//! transaction with one delivery per endpoint that takes their type; the sending processes lease
//! deliveries that are due, one process per delivery, a customer's in order.

use chrono::{DateTime, Utc};
use pricing_core::api::webhooks::{Attempt, Delivery, DeliveryState, Endpoint, Event, EventType};
use sqlx::any::AnyRow;

use super::decode::{self, column};
use super::{millis, Conn};

fn event_type(row: &AnyRow, name: &str) -> Result<EventType, sqlx::Error> {
    let text: String = column(row, name)?;
    EventType::parse(&text).ok_or_else(|| decode::corrupt(name, &text, "an event type"))
}

fn event(row: &AnyRow) -> Result<Event, sqlx::Error> {
    let data: String = column(row, "data")?;
    Ok(Event {
        id: column(row, "id")?,
        event_type: event_type(row, "type")?,
        created_at: decode::time(row, "created_at")?,
        customer_id: column(row, "customer_id")?,
        data: serde_json::from_str(&data).map_err(|_| decode::corrupt("data", &data, "a JSON object"))?,
    })
}

/// Writes an event and, for each enabled endpoint that takes its type (or only `endpoint`), a
/// delivery due at once. A customer's deliveries keep their order; others' need none.
pub async fn insert_event(conn: &mut Conn, event: &Event, endpoint: Option<&str>) -> Result<(), sqlx::Error> {
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO events (id, type, customer_id, data, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING seq",
    )
    .bind(&event.id)
    .bind(event.event_type.as_str())
    .bind(&event.customer_id)
    .bind(event.data.to_string())
    .bind(millis(event.created_at))
    .fetch_one(&mut *conn)
    .await?;
    let ordering_key = event.customer_id.as_deref().unwrap_or(&event.id);
    // '_' is LIKE's any-character: escaped, a type name matches itself only.
    let listed = format!("%,{},%", event.event_type.as_str().replace('_', "\\_"));
    sqlx::query(
        "INSERT INTO webhook_deliveries (event_seq, endpoint_id, ordering_key, state, next_attempt_at, created_at)
         SELECT $1, id, $2, 'pending', $3, $4 FROM webhook_endpoints
         WHERE enabled = TRUE AND (id = $5 OR ($5 IS NULL AND (event_types = '*' OR event_types LIKE $6 ESCAPE '\\')))",
    )
    .bind(seq)
    .bind(ordering_key)
    .bind(millis(event.created_at))
    .bind(millis(event.created_at))
    .bind(endpoint)
    .bind(listed)
    .execute(conn)
    .await?;
    Ok(())
}

/// Events, newest first: a customer's, or everyone's, before the event `before` when given.
pub async fn events(
    conn: &mut Conn,
    customer: Option<&str>,
    before: Option<&str>,
    limit: u32,
) -> Result<Vec<Event>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, type, customer_id, data, created_at FROM events
         WHERE ($1 IS NULL OR customer_id = $1) AND ($2 IS NULL OR seq < (SELECT seq FROM events WHERE id = $2))
         ORDER BY seq DESC LIMIT $3",
    )
    .bind(customer)
    .bind(before)
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await?;
    rows.iter().map(event).collect()
}

pub async fn event_by_id(conn: &mut Conn, id: &str) -> Result<Option<Event>, sqlx::Error> {
    let row = sqlx::query("SELECT id, type, customer_id, data, created_at FROM events WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(|row| event(&row)).transpose()
}

/// An endpoint as stored: what the API shows, and the secrets that sign for it.
pub struct EndpointRecord {
    pub endpoint: Endpoint,
    pub secret: String,
    pub previous_secret: Option<String>,
}

impl EndpointRecord {
    /// The secrets that sign a delivery at `now`: the current one, and the one it replaced
    /// until that one's time is up.
    pub fn signing_secrets(&self, now: DateTime<Utc>) -> Vec<&str> {
        let previous = self.endpoint.previous_secret_expires_at.filter(|until| *until > now);
        let previous = previous.and(self.previous_secret.as_deref());
        std::iter::once(self.secret.as_str()).chain(previous).collect()
    }
}

fn types_column(types: &[EventType]) -> String {
    match types.is_empty() {
        true => "*".into(),
        false => format!(",{},", types.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",")),
    }
}

fn endpoint_record(row: &AnyRow) -> Result<EndpointRecord, sqlx::Error> {
    let types: String = column(row, "event_types")?;
    let event_types = types
        .split(',')
        .filter(|t| !t.is_empty() && *t != "*")
        .map(|t| EventType::parse(t).ok_or_else(|| decode::corrupt("event_types", t, "event types")))
        .collect::<Result<_, _>>()?;
    Ok(EndpointRecord {
        endpoint: Endpoint {
            id: column(row, "id")?,
            url: column(row, "url")?,
            event_types,
            enabled: decode::flag(row, "enabled")?,
            created_at: decode::time(row, "created_at")?,
            previous_secret_expires_at: decode::optional_time(row, "previous_secret_expires_at")?,
        },
        secret: column(row, "secret")?,
        previous_secret: column(row, "previous_secret")?,
    })
}

pub async fn insert_endpoint(conn: &mut Conn, endpoint: &Endpoint, secret: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO webhook_endpoints (id, url, event_types, secret, enabled, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&endpoint.id)
    .bind(&endpoint.url)
    .bind(types_column(&endpoint.event_types))
    .bind(secret)
    .bind(endpoint.enabled)
    .bind(millis(endpoint.created_at))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn endpoints(conn: &mut Conn) -> Result<Vec<EndpointRecord>, sqlx::Error> {
    let rows = sqlx::query("SELECT * FROM webhook_endpoints ORDER BY created_at, id").fetch_all(conn).await?;
    rows.iter().map(endpoint_record).collect()
}

pub async fn endpoint(conn: &mut Conn, id: &str) -> Result<Option<EndpointRecord>, sqlx::Error> {
    let row = sqlx::query("SELECT * FROM webhook_endpoints WHERE id = $1").bind(id).fetch_optional(conn).await?;
    row.map(|row| endpoint_record(&row)).transpose()
}

/// Stores an endpoint's URL, types and switch (its secrets are `rotate_secret`'s).
pub async fn save_endpoint(conn: &mut Conn, endpoint: &Endpoint) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE webhook_endpoints SET url = $1, event_types = $2, enabled = $3 WHERE id = $4")
        .bind(&endpoint.url)
        .bind(types_column(&endpoint.event_types))
        .bind(endpoint.enabled)
        .bind(&endpoint.id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Signs with `secret` from now on, and with the current secret too until `previous_until`.
pub async fn rotate_secret(
    conn: &mut Conn,
    id: &str,
    secret: &str,
    previous_until: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE webhook_endpoints SET previous_secret = secret, secret = $1, previous_secret_expires_at = $2 WHERE id = $3",
    )
    .bind(secret)
    .bind(millis(previous_until))
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes an endpoint; what was still on its way to it fails (a replay cannot reach it).
pub async fn delete_endpoint(conn: &mut Conn, id: &str) -> Result<bool, sqlx::Error> {
    sqlx::query("UPDATE webhook_deliveries SET state = 'failed' WHERE endpoint_id = $1 AND state = 'pending'")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    let deleted = sqlx::query("DELETE FROM webhook_endpoints WHERE id = $1").bind(id).execute(conn).await?;
    Ok(deleted.rows_affected() == 1)
}

/// Deliveries due at `now` that no process holds and that no earlier pending delivery of the
/// same customer to the same endpoint waits before, oldest first.
pub async fn due(conn: &mut Conn, now: DateTime<Utc>, limit: u32) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT d.id FROM webhook_deliveries d
         WHERE d.state = 'pending' AND d.next_attempt_at <= $1 AND d.lease_until <= $2
           AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.endpoint_id = d.endpoint_id
               AND e.ordering_key = d.ordering_key AND e.state = 'pending' AND e.id < d.id)
         ORDER BY d.id LIMIT $3",
    )
    .bind(millis(now))
    .bind(millis(now))
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await
}

/// Takes a due delivery for this process until `until`; false when another process has it.
pub async fn lease(conn: &mut Conn, id: i64, now: DateTime<Utc>, until: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let leased = sqlx::query(
        "UPDATE webhook_deliveries SET lease_until = $1 WHERE id = $2 AND state = 'pending' AND lease_until <= $3",
    )
    .bind(millis(until))
    .bind(id)
    .bind(millis(now))
    .execute(conn)
    .await?;
    Ok(leased.rows_affected() == 1)
}

/// What a leased delivery sends and where.
pub struct Outgoing {
    pub event: Event,
    /// The endpoint, gone if it was deleted.
    pub endpoint: Option<EndpointRecord>,
    /// Attempts made so far.
    pub tried: u32,
    pub created_at: DateTime<Utc>,
}

pub async fn outgoing(conn: &mut Conn, id: i64) -> Result<Option<Outgoing>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT e.id, e.type, e.customer_id, e.data, e.created_at, d.endpoint_id, d.created_at AS delivery_created_at,
            (SELECT COUNT(*) FROM webhook_attempts a WHERE a.delivery_id = d.id) AS tried
         FROM webhook_deliveries d JOIN events e ON e.seq = d.event_seq WHERE d.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let endpoint_id: String = column(&row, "endpoint_id")?;
    let tried = decode::count(&row, "tried")?;
    Ok(Some(Outgoing {
        event: event(&row)?,
        endpoint: endpoint(conn, &endpoint_id).await?,
        tried: u32::try_from(tried).unwrap_or(u32::MAX),
        created_at: decode::time(&row, "delivery_created_at")?,
    }))
}

/// What came of an attempt.
pub enum Outcome {
    Delivered,
    RetryAt(DateTime<Utc>),
    GaveUp,
}

/// Keeps an attempt and moves its delivery on; the lease ends.
pub async fn record_attempt(conn: &mut Conn, id: i64, attempt: &Attempt, outcome: Outcome) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO webhook_attempts (delivery_id, at, status, error, duration_ms) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(millis(attempt.at))
    .bind(attempt.status.map(i64::from))
    .bind(&attempt.error)
    .bind(attempt.duration_ms as i64)
    .execute(&mut *conn)
    .await?;
    let (state, next, delivered) = match outcome {
        Outcome::Delivered => (DeliveryState::Delivered, attempt.at, Some(millis(attempt.at))),
        Outcome::RetryAt(next) => (DeliveryState::Pending, next, None),
        Outcome::GaveUp => (DeliveryState::Failed, attempt.at, None),
    };
    sqlx::query(
        "UPDATE webhook_deliveries SET state = $1, next_attempt_at = $2, delivered_at = $3, lease_until = 0 WHERE id = $4",
    )
    .bind(state.as_str())
    .bind(millis(next))
    .bind(delivered)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A new delivery of a delivery's event to its endpoint, due now: its id.
pub async fn replay(conn: &mut Conn, id: i64, now: DateTime<Utc>) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO webhook_deliveries (event_seq, endpoint_id, ordering_key, state, next_attempt_at, created_at)
         SELECT event_seq, endpoint_id, ordering_key, 'pending', $1, $2 FROM webhook_deliveries
         WHERE id = $3 AND endpoint_id IN (SELECT id FROM webhook_endpoints) RETURNING id",
    )
    .bind(millis(now))
    .bind(millis(now))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Which deliveries a list shows.
#[derive(Default)]
pub struct DeliveryFilter<'a> {
    pub endpoint: Option<&'a str>,
    pub event: Option<&'a str>,
    pub state: Option<DeliveryState>,
    pub id: Option<i64>,
}

/// Deliveries with their attempts, newest first.
pub async fn deliveries(
    conn: &mut Conn,
    filter: &DeliveryFilter<'_>,
    limit: u32,
) -> Result<Vec<Delivery>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT d.id, d.endpoint_id, d.state, d.next_attempt_at, d.delivered_at, d.created_at, e.id AS event_id, e.type
         FROM webhook_deliveries d JOIN events e ON e.seq = d.event_seq
         WHERE ($1 IS NULL OR d.endpoint_id = $1) AND ($2 IS NULL OR e.id = $2) AND ($3 IS NULL OR d.state = $3)
           AND ($4 IS NULL OR d.id = $4)
         ORDER BY d.id DESC LIMIT $5",
    )
    .bind(filter.endpoint)
    .bind(filter.event)
    .bind(filter.state.map(DeliveryState::as_str))
    .bind(filter.id)
    .bind(i64::from(limit))
    .fetch_all(&mut *conn)
    .await?;
    let mut deliveries = Vec::with_capacity(rows.len());
    for row in &rows {
        let id: i64 = column(row, "id")?;
        let state = decode::one_of(
            row,
            "state",
            &[
                ("pending", DeliveryState::Pending),
                ("delivered", DeliveryState::Delivered),
                ("failed", DeliveryState::Failed),
            ],
        )?;
        deliveries.push(Delivery {
            id,
            event_id: column(row, "event_id")?,
            event_type: event_type(row, "type")?,
            endpoint_id: column(row, "endpoint_id")?,
            state,
            next_attempt_at: match state {
                DeliveryState::Pending => Some(decode::time(row, "next_attempt_at")?),
                _ => None,
            },
            delivered_at: decode::optional_time(row, "delivered_at")?,
            created_at: decode::time(row, "created_at")?,
            attempts: attempts(conn, id).await?,
        });
    }
    Ok(deliveries)
}

async fn attempts(conn: &mut Conn, delivery: i64) -> Result<Vec<Attempt>, sqlx::Error> {
    let rows =
        sqlx::query("SELECT at, status, error, duration_ms FROM webhook_attempts WHERE delivery_id = $1 ORDER BY at")
            .bind(delivery)
            .fetch_all(conn)
            .await?;
    rows.iter()
        .map(|row| {
            let status: Option<i64> = column(row, "status")?;
            Ok(Attempt {
                at: decode::time(row, "at")?,
                status: status
                    .map(|s| u16::try_from(s).map_err(|_| decode::corrupt("status", s, "an HTTP status")))
                    .transpose()?,
                error: column(row, "error")?,
                duration_ms: decode::count(row, "duration_ms")?,
            })
        })
        .collect()
}
