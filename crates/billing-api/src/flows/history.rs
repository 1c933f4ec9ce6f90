//! A customer's credit history (`GET /v1/customer/credits/history`): their generations and
//! grants, newest first, a page at a time. A page starts after a place in that order (the
//! cursor `next`: the last entry's time and id), never at an offset, so entries written between
//! two page reads neither repeat an entry nor push one out. At one instant a generation is
//! listed as the newer (credits are granted before they are spent).

use chrono::{DateTime, Utc};
use pricing_core::api::account::{CreditHistory, HistoryEntry};
use pricing_core::api::{is_id, MAX_ID_BYTES};

use crate::error::ApiError;
use crate::flows::subscription;
use crate::state::AppState;
use crate::store::{self, Conn};

/// Why a cursor is refused.
pub const CURSOR_REFUSED: &str = "after must be the `next` of a page of this history, as it was given";

/// The cursors `next` holds, for the contract: every text of this form is a place in the
/// history (`g.<ms>.<generation id>`, `c.<ms>.<grant number>`), so no cursor of this form is
/// refused.
pub fn cursor_pattern() -> String {
    format!(r"^(g\.[0-9]{{1,15}}\.[A-Za-z0-9_]{{1,{MAX_ID_BYTES}}}|c\.[0-9]{{1,15}}\.[0-9]{{1,18}})$")
}

/// A place in the history: a page starts after it.
enum Place {
    Start,
    Generation { at: i64, id: String },
    Grant { at: i64, id: i64 },
}

impl Place {
    /// The place a cursor names, if it has `cursor_pattern`'s form.
    fn read(cursor: &str) -> Option<Place> {
        let digits =
            |text: &str, most: usize| (1..=most).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit());
        let (kind, rest) = cursor.split_once('.')?;
        let (millis, id) = rest.split_once('.')?;
        let at = millis.parse().ok().filter(|_| digits(millis, 15))?;
        match kind {
            "g" if is_id(id) => Some(Place::Generation { at, id: id.to_string() }),
            "c" if digits(id, 18) => Some(Place::Grant { at, id: id.parse().ok()? }),
            _ => None,
        }
    }

    /// The cursor of the place of `entry`, stored at `at` (milliseconds).
    fn cursor(at: i64, entry: &HistoryEntry) -> String {
        match entry {
            HistoryEntry::Generation { id, .. } => format!("g.{at}.{id}"),
            HistoryEntry::Grant { id, .. } => format!("c.{at}.{id}"),
        }
    }
}

/// The page of `limit` entries after the place `after` names (the first without it): read
/// without a write when nothing about the customer is due, else after settling what is (a
/// renewal's grant, a hold that ran out).
pub async fn page(
    state: &AppState,
    customer: &str,
    after: Option<&str>,
    limit: u32,
    now: DateTime<Utc>,
) -> Result<CreditHistory, ApiError> {
    let after = match after {
        None => Place::Start,
        Some(cursor) => Place::read(cursor).ok_or(ApiError::InvalidQuery(CURSOR_REFUSED.into()))?,
    };
    {
        let mut conn = state.store.read().await?;
        if subscription::as_stored_if_current(state, &mut conn, customer, now).await?.is_some() {
            return entries(&mut conn, customer, &after, limit).await;
        }
    }
    let mut tx = state.store.write().await?;
    subscription::at(state, &mut tx, customer, now).await?;
    let page = entries(&mut tx, customer, &after, limit).await?;
    tx.commit().await?;
    Ok(page)
}

async fn entries(conn: &mut Conn, customer: &str, after: &Place, limit: u32) -> Result<CreditHistory, ApiError> {
    // Where each list resumes: a generation's place ends the generations before it at its
    // instant and keeps every grant of that instant; a grant's, the other way round.
    let (generations_from, grants_from) = match after {
        Place::Start => ((i64::MAX, ""), (i64::MAX, 0)),
        Place::Generation { at, id } => ((*at, id.as_str()), (*at, i64::MAX)),
        Place::Grant { at, id } => ((*at, ""), (*at, *id)),
    };
    // One more than a page, to know whether another follows.
    let generations = store::generations::history(conn, customer, generations_from, limit + 1).await?;
    let grants = store::credits::history(conn, customer, grants_from, limit + 1).await?;
    // Both lists are newest first (each in the database's own order within an instant): merged
    // by time only, so that the order within each is the one its next query continues.
    let (mut generations, mut grants) = (generations.into_iter().peekable(), grants.into_iter().peekable());
    let mut merged = Vec::new();
    while merged.len() <= limit as usize {
        let next = match (generations.peek(), grants.peek()) {
            (Some((g, _)), Some((c, _))) if g >= c => generations.next(),
            (_, Some(_)) => grants.next(),
            (Some(_), None) => generations.next(),
            (None, None) => None,
        };
        let Some(next) = next else { break };
        merged.push(next);
    }
    let next = match merged.len() > limit as usize {
        true => {
            merged.truncate(limit as usize);
            merged.last().map(|(at, entry)| Place::cursor(*at, entry))
        }
        false => None,
    };
    Ok(CreditHistory { entries: merged.into_iter().map(|(_, entry)| entry).collect(), next })
}
