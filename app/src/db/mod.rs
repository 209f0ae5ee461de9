//! Data access: the only module that speaks SQL.
//!
//! Everything goes through `sqlx`'s `Any` driver with portable SQL (`$1`
//! placeholders, TEXT ids, BIGINT unix-second timestamps, INTEGER 0/1 flags),
//! so that a PostgreSQL backend can be added without touching pages.

pub mod analysis;
pub mod auth;
pub mod export;
pub mod import;
pub mod mail;
pub mod questionnaires;
pub mod registry;
pub mod rounds;

/// Errors from the database, as the layers above see them.
pub use sqlx::Error as DbError;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor, Row};
use std::path::PathBuf;
use std::time::Duration;

/// The database URL used when none is configured.
pub const DEFAULT_DATABASE_URL: &str = "sqlite:data/nulage.db";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(
        "ogiltig databasadress \"{0}\": använd sqlite:SÖKVÄG (till exempel sqlite:data/nulage.db)"
    )]
    BadUrl(String),
    #[error("kan inte skapa mappen {path} för databasen: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("kan inte öppna databasen {url}: {source}")]
    Open { url: String, source: sqlx::Error },
    #[error("kan inte uppdatera databasens struktur: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// A handle to the database, cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
}

/// A parsed database URL.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    SqliteFile(PathBuf),
}

fn parse_url(url: &str) -> Result<Target, ConnectError> {
    let bad = || ConnectError::BadUrl(url.to_string());
    let rest = url.strip_prefix("sqlite:").ok_or_else(bad)?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Err(bad());
    }
    Ok(Target::SqliteFile(PathBuf::from(path)))
}

impl Db {
    /// Opens (creating if needed) the database and applies pending migrations.
    pub async fn connect(url: &str) -> Result<Db, ConnectError> {
        sqlx::any::install_default_drivers();
        let Target::SqliteFile(path) = parse_url(url)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| ConnectError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let connect_url = format!("sqlite://{}?mode=rwc", path.display());
        let pool = AnyPoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(|conn, _meta| {
                Box::pin(async move {
                    // WAL lets readers work while a writer commits; the busy
                    // timeout makes concurrent writers wait instead of failing.
                    // Reading through a memory map spares a system call and a
                    // copy per page, which large exports and analyses feel.
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                         PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL; \
                         PRAGMA mmap_size = 268435456;",
                    )
                    .await?;
                    Ok(())
                })
            })
            .connect(&connect_url)
            .await
            .map_err(|source| ConnectError::Open {
                url: url.to_string(),
                source,
            })?;
        let db = Db {
            pool,
            backend: Backend::Sqlite,
        };
        db.migrate().await?;
        Ok(db)
    }

    async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self.backend {
            Backend::Sqlite => sqlx::migrate!("../migrations/sqlite").run(&self.pool).await,
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// True when the database answers a trivial query within two seconds.
    pub async fn ping(&self) -> bool {
        let query = sqlx::query("SELECT 1").fetch_one(&self.pool);
        matches!(
            tokio::time::timeout(Duration::from_secs(2), query).await,
            Ok(Ok(_))
        )
    }

    /// Waits for open connections to finish and closes them (checkpointing the WAL).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }
}

/// Current time as unix seconds, the one timestamp format in the database.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Reads a 0/1 flag column portably (the `Any` driver has no SQLite booleans).
pub(crate) fn flag(row: &AnyRow, column: &str) -> Result<bool, sqlx::Error> {
    Ok(row.try_get::<i64, _>(column)? != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sqlite_urls() {
        assert_eq!(
            parse_url("sqlite:data/nulage.db").unwrap(),
            Target::SqliteFile("data/nulage.db".into())
        );
        assert_eq!(
            parse_url("sqlite:///tmp/x.db?mode=rwc").unwrap(),
            Target::SqliteFile("/tmp/x.db".into())
        );
    }

    #[test]
    fn rejects_malformed_urls() {
        for url in ["", "data.db", "mysql://x", "sqlite:", "sqlite::memory:"] {
            assert!(
                matches!(parse_url(url), Err(ConnectError::BadUrl(_))),
                "{url}"
            );
        }
    }
}
