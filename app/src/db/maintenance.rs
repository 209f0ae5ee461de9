//! Keeping an installation: a consistent online copy of an SQLite database,
//! and moving all data from one database to another (SQLite to PostgreSQL).

use super::{Backend, Db};
use futures::TryStreamExt;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, Row};
use std::path::Path;

/// Every table, parents before the tables that refer to them, which is the
/// order rows can be inserted in. A test checks that it names every table
/// the migrations create.
pub const TABLES: &[&str] = &[
    "municipality",
    "municipality_priority",
    "sector",
    "sector_alias",
    "unit",
    "contact",
    "app_user",
    "user_municipality",
    "user_session",
    "one_time_link",
    "login_failure",
    "audit_event",
    "registry_import",
    "questionnaire",
    "questionnaire_version",
    "round",
    "round_municipality",
    "round_unit",
    "response",
    "response_revision",
    "carried_response",
    "confirmed_part",
    "mail_template",
    "mail_job",
    "mail_pace",
    "app_secret",
    "mail_heartbeat",
    "reminder_plan",
    "reminder_plan_run",
    "unit_report_link",
    "reported_project",
    "api_token",
    "accessibility_statement",
];

/// Tables the migrations fill with defaults; a move replaces their rows
/// (those that refer to another first).
const SEEDED: &[&str] = &["sector_alias", "sector"];

#[derive(Debug, thiserror::Error)]
pub enum MaintenanceError {
    #[error("säkerhetskopian {0} finns redan: välj ett nytt filnamn")]
    BackupExists(String),
    #[error(
        "nulage backup kopierar SQLite-databaser; säkerhetskopiera PostgreSQL med pg_dump \
         (se docs/DEPLOYMENT.md)"
    )]
    BackupUnsupported,
    #[error("måldatabasen innehåller redan data (tabellen {0}); flytta bara till en tom databas")]
    TargetNotEmpty(String),
    #[error(
        "antalet rader skiljer sig efter flytten: {table} har {source_rows} i källan men \
         {target_rows} i målet"
    )]
    CountMismatch {
        table: String,
        source_rows: i64,
        target_rows: i64,
    },
    #[error("databasfel: {0}")]
    Db(#[from] sqlx::Error),
}

/// How a column's values are carried from one database to the other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ColumnType {
    Integer,
    Real,
    Text,
}

impl ColumnType {
    fn of(declared: &str) -> ColumnType {
        let declared = declared.to_ascii_lowercase();
        if declared.contains("int") {
            ColumnType::Integer
        } else if declared.contains("real")
            || declared.contains("double")
            || declared.contains("float")
        {
            ColumnType::Real
        } else {
            ColumnType::Text
        }
    }
}

impl Db {
    /// The server's own secret called `name`, made (256 random bits) the
    /// first time any instance asks; every instance then reads the same.
    pub async fn secret(&self, name: &str) -> Result<String, sqlx::Error> {
        sqlx::query(
            "INSERT INTO app_secret (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(crate::auth::server::new_token())
        .execute(self.pool())
        .await?;
        sqlx::query_scalar("SELECT value FROM app_secret WHERE name = $1")
            .bind(name)
            .fetch_one(self.pool())
            .await
    }

    /// Writes a consistent copy of the SQLite database to `path` while the
    /// server keeps running (SQLite's `VACUUM INTO`); the copy is compact
    /// and opens as an ordinary database.
    pub async fn backup_to(&self, path: &Path) -> Result<(), MaintenanceError> {
        if self.backend != Backend::Sqlite {
            return Err(MaintenanceError::BackupUnsupported);
        }
        if path.exists() {
            return Err(MaintenanceError::BackupExists(path.display().to_string()));
        }
        sqlx::query("VACUUM INTO $1")
            .bind(path.display().to_string())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The number of rows of every table, in [`TABLES`] order.
    pub async fn table_counts(&self) -> Result<Vec<(&'static str, i64)>, sqlx::Error> {
        let mut counts = Vec::with_capacity(TABLES.len());
        for table in TABLES {
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(self.pool())
                .await?;
            counts.push((*table, n));
        }
        Ok(counts)
    }

    /// The tables the database has (besides sqlx's own), for checking
    /// [`TABLES`] against the migrations.
    pub async fn table_names(&self) -> Result<Vec<String>, sqlx::Error> {
        let sql = match self.backend {
            Backend::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table'
                 AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' ORDER BY name"
            }
            Backend::Postgres => {
                "SELECT CAST(table_name AS TEXT) AS name FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
                 AND table_name NOT LIKE '\\_sqlx%' ORDER BY name"
            }
        };
        sqlx::query(sql)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(|row| row.try_get("name"))
            .collect()
    }

    /// A table's columns with how to carry their values, in table order.
    async fn columns(&self, table: &str) -> Result<Vec<(String, ColumnType)>, sqlx::Error> {
        let rows = match self.backend {
            Backend::Sqlite => {
                sqlx::query("SELECT name, type FROM pragma_table_info($1) ORDER BY cid")
                    .bind(table)
                    .fetch_all(self.pool())
                    .await?
            }
            Backend::Postgres => {
                sqlx::query(
                    "SELECT CAST(column_name AS TEXT) AS name, CAST(data_type AS TEXT) AS type
                     FROM information_schema.columns
                     WHERE table_schema = current_schema() AND table_name = $1
                     ORDER BY ordinal_position",
                )
                .bind(table)
                .fetch_all(self.pool())
                .await?
            }
        };
        rows.iter()
            .map(|row| {
                let declared: String = row.try_get("type")?;
                Ok((row.try_get("name")?, ColumnType::of(&declared)))
            })
            .collect()
    }

    /// Copies every row of this database into `target`, which must be empty
    /// (but for the defaults the migrations add), in one transaction on the
    /// target, then compares the row counts of every table.
    pub async fn copy_all_to(
        &self,
        target: &Db,
    ) -> Result<Vec<(&'static str, i64)>, MaintenanceError> {
        for (table, n) in target.table_counts().await? {
            if n > 0 && !SEEDED.contains(&table) {
                return Err(MaintenanceError::TargetNotEmpty(table.to_string()));
            }
        }
        let mut tx = target.begin_write().await?;
        for table in SEEDED {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(&mut *tx)
                .await?;
        }
        for table in TABLES {
            let columns = target.columns(table).await?;
            let names: Vec<&str> = columns.iter().map(|(name, _)| name.as_str()).collect();
            // A round may be based on an earlier one: earlier rounds first.
            let order = if *table == "round" {
                " ORDER BY created_at"
            } else {
                ""
            };
            let select = format!("SELECT {} FROM {table}{order}", names.join(", "));
            let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("${i}")).collect();
            let insert = format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                names.join(", "),
                placeholders.join(", ")
            );
            let mut rows = sqlx::query(&select).fetch(self.pool());
            while let Some(row) = rows.try_next().await? {
                let mut query: Query<'_, Any, AnyArguments<'_>> = sqlx::query(&insert);
                for (i, (_, kind)) in columns.iter().enumerate() {
                    query = match kind {
                        ColumnType::Integer => query.bind(row.try_get::<Option<i64>, _>(i)?),
                        ColumnType::Real => query.bind(row.try_get::<Option<f64>, _>(i)?),
                        ColumnType::Text => query.bind(row.try_get::<Option<String>, _>(i)?),
                    };
                }
                query.execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        let (source, copied) = (self.table_counts().await?, target.table_counts().await?);
        for ((table, source_rows), (_, target_rows)) in source.iter().zip(&copied) {
            if source_rows != target_rows {
                return Err(MaintenanceError::CountMismatch {
                    table: table.to_string(),
                    source_rows: *source_rows,
                    target_rows: *target_rows,
                });
            }
        }
        Ok(copied)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_types_follow_the_declarations_of_both_backends() {
        for declared in ["BIGINT", "INTEGER", "bigint", "integer"] {
            assert_eq!(ColumnType::of(declared), ColumnType::Integer);
        }
        assert_eq!(ColumnType::of("double precision"), ColumnType::Real);
        for declared in ["TEXT", "text", "character varying"] {
            assert_eq!(ColumnType::of(declared), ColumnType::Text);
        }
    }
}
