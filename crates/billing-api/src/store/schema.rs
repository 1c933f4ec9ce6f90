//! The schema, as versioned migrations (`migrations/sqlite/`, embedded at build time): a new
//! database gets them all; one written by an earlier version gets those it lacks, in order,
//! each in its own transaction. The first is the schema from before migrations, so a database
//! of that time upgrades in place.

use sqlx::SqlitePool;

pub(super) async fn migrate(pool: &SqlitePool) -> Result<(), sqlx::migrate::MigrateError> {
    sqlx::migrate!("./migrations/sqlite").run(pool).await
}
