//! The schema, as versioned migrations per database (`migrations/sqlite/`,
//! `migrations/postgres/`, embedded at build time): a new database gets them all; one written by
//! an earlier version gets those it lacks, in order, each in its own transaction. SQLite's first
//! is the schema from before migrations, so a database of that time upgrades in place.

use sqlx::AnyPool;

use super::Backend;

pub(super) async fn migrate(pool: &AnyPool, backend: Backend) -> Result<(), sqlx::migrate::MigrateError> {
    match backend {
        Backend::Sqlite => sqlx::migrate!("./migrations/sqlite").run(pool).await,
        Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(pool).await,
    }
}
