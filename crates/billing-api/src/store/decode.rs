//! Reading stored values back, strictly: a value the code never writes (an unknown currency or
//! interval, a negative count, a time out of range, a column of the wrong type) is a corrupt
//! row, and reading it is an error that names the column and the value. Never a default: a
//! subscription that silently became a monthly one in dollars would be charged wrongly.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use pricing_core::{Currency, Interval, Money};
use sqlx::any::AnyRow;
use sqlx::{ColumnIndex, Decode, Row, Type};

/// The error for a stored `value` in `column` that the code could not have written.
pub fn corrupt(column: &str, value: impl std::fmt::Display, expected: &str) -> sqlx::Error {
    sqlx::Error::ColumnDecode {
        index: column.to_string(),
        source: format!("stored '{value}' is not {expected}").into(),
    }
}

/// A column's value, or the driver's error naming the column (no panic on a wrong type).
pub fn column<'r, T, I>(row: &'r AnyRow, column: I) -> Result<T, sqlx::Error>
where
    T: Decode<'r, sqlx::Any> + Type<sqlx::Any>,
    I: ColumnIndex<AnyRow>,
{
    row.try_get(column)
}

/// A value stored by its name, read back through the core's `FromStr` (`Interval`,
/// `Currency`, `CreditSource`, …); `expected` says what the column holds.
pub fn named<T: FromStr>(row: &AnyRow, name: &str, expected: &str) -> Result<T, sqlx::Error> {
    let text: String = row.try_get(name)?;
    text.parse().map_err(|_| corrupt(name, text, expected))
}

pub fn interval(row: &AnyRow, name: &str) -> Result<Interval, sqlx::Error> {
    named(row, name, "monthly or annual")
}

pub fn optional_interval(row: &AnyRow, name: &str) -> Result<Option<Interval>, sqlx::Error> {
    match row.try_get::<Option<String>, _>(name)? {
        None => Ok(None),
        Some(_) => interval(row, name).map(Some),
    }
}

pub fn currency(row: &AnyRow, name: &str) -> Result<Currency, sqlx::Error> {
    named(row, name, "a currency the API prices in")
}

/// An amount stored as minor units in `amount` and its currency in `currency_column`.
pub fn money(row: &AnyRow, amount: &str, currency_column: &str) -> Result<Money, sqlx::Error> {
    Ok(Money::new(row.try_get(amount)?, currency(row, currency_column)?))
}

/// A time stored as milliseconds since the epoch.
pub fn time(row: &AnyRow, name: &str) -> Result<DateTime<Utc>, sqlx::Error> {
    millis(name, row.try_get(name)?)
}

pub fn optional_time(row: &AnyRow, name: &str) -> Result<Option<DateTime<Utc>>, sqlx::Error> {
    row.try_get::<Option<i64>, _>(name)?.map(|ms| millis(name, ms)).transpose()
}

fn millis(name: &str, ms: i64) -> Result<DateTime<Utc>, sqlx::Error> {
    DateTime::from_timestamp_millis(ms).ok_or_else(|| corrupt(name, ms, "a time"))
}

/// A count that cannot go below zero (credits left, an HTTP status).
pub fn count(row: &AnyRow, name: &str) -> Result<u64, sqlx::Error> {
    let stored: i64 = row.try_get(name)?;
    u64::try_from(stored).map_err(|_| corrupt(name, stored, "a count"))
}

/// A yes/no column: BOOLEAN in PostgreSQL, 0 or 1 in SQLite.
pub fn flag(row: &AnyRow, name: &str) -> Result<bool, sqlx::Error> {
    if let Ok(flag) = row.try_get::<bool, _>(name) {
        return Ok(flag);
    }
    match row.try_get::<i64, _>(name)? {
        0 => Ok(false),
        1 => Ok(true),
        other => Err(corrupt(name, other, "0 or 1")),
    }
}

/// One of a text column's known values, mapped to what it means.
pub fn one_of<T: Copy>(row: &AnyRow, name: &str, known: &[(&str, T)]) -> Result<T, sqlx::Error> {
    let text: String = row.try_get(name)?;
    known.iter().find(|(stored, _)| *stored == text).map(|(_, value)| *value).ok_or_else(|| {
        let names: Vec<&str> = known.iter().map(|(stored, _)| *stored).collect();
        corrupt(name, &text, &names.join(" or "))
    })
}
