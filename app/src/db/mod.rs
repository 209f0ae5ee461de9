//! Data access: the only module that speaks SQL.
//!
//! Everything goes through `sqlx`'s `Any` driver with portable SQL (`$1`
//! placeholders, TEXT ids, BIGINT unix-second timestamps, INTEGER 0/1 flags),
//! so that a PostgreSQL backend can be added without touching pages.

pub mod analysis;
pub mod api_tokens;
pub mod auth;
pub mod carry;
pub mod export;
pub mod import;
pub mod mail;
pub mod maintenance;
pub mod plan;
pub mod project_reports;
pub mod questionnaires;
pub mod registry;
pub mod rounds;
pub mod statement;

/// Errors from the database, as the layers above see them.
pub use sqlx::Error as DbError;

use crate::auth::link_key::LinkKey;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor, Row};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The database URL used when none is configured.
pub const DEFAULT_DATABASE_URL: &str = "sqlite:data/nulage.db";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error(
        "ogiltig databasadress \"{0}\": använd sqlite:SÖKVÄG (till exempel sqlite:data/nulage.db) \
         eller postgres://ANVÄNDARE@VÄRD/DATABAS"
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
    /// Seals and unseals the secrets of personal links (`with_link_key`);
    /// without it no link can be made or shown.
    link_key: Option<Arc<LinkKey>>,
}

/// A parsed database URL.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    SqliteFile(PathBuf),
    Postgres(String),
}

fn parse_url(url: &str) -> Result<Target, ConnectError> {
    let bad = || ConnectError::BadUrl(redact(url));
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let rest = url.split_once("://").map_or("", |(_, rest)| rest);
        let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
        // A host is needed; the database name may be left to the server's default.
        if host.is_empty() || host.starts_with('/') {
            return Err(bad());
        }
        return Ok(Target::Postgres(url.to_string()));
    }
    let rest = url.strip_prefix("sqlite:").ok_or_else(bad)?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Err(bad());
    }
    Ok(Target::SqliteFile(PathBuf::from(path)))
}

/// The file of an SQLite database URL; None for PostgreSQL or a bad URL.
pub fn sqlite_file(url: &str) -> Option<PathBuf> {
    match parse_url(url) {
        Ok(Target::SqliteFile(path)) => Some(path),
        _ => None,
    }
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((credentials, host)) if credentials.contains(':') => {
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        _ => url.to_string(),
    }
}

impl Db {
    /// Opens the database (creating an SQLite file if needed) and applies
    /// pending migrations. The same migrations serve both backends: the SQL
    /// in this layer is written for both.
    pub async fn connect(url: &str) -> Result<Db, ConnectError> {
        sqlx::any::install_default_drivers();
        let open_error = |source| ConnectError::Open {
            url: redact(url),
            source,
        };
        let db = match parse_url(url)? {
            Target::SqliteFile(path) => {
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
                    .map_err(open_error)?;
                Db {
                    pool,
                    backend: Backend::Sqlite,
                    link_key: None,
                }
            }
            Target::Postgres(url) => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(&url)
                    .await
                    .map_err(open_error)?;
                Db {
                    pool,
                    backend: Backend::Postgres,
                    link_key: None,
                }
            }
        };
        db.migrate().await?;
        Ok(db)
    }

    async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        // On PostgreSQL, sqlx holds an advisory lock while migrating, so
        // several instances starting at once apply each migration once.
        sqlx::migrate!("../migrations").run(&self.pool).await
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// `column` for `ORDER BY`, sorted the Swedish way (`crate::sorting`).
    pub(crate) fn sv(&self, column: &str) -> String {
        crate::sorting::swedish_order_sql(column, self.backend == Backend::Postgres)
    }

    /// This handle with the key that seals personal links: needed to make
    /// links and to show them (the key is never in the database).
    pub fn with_link_key(mut self, key: LinkKey) -> Db {
        self.link_key = Some(Arc::new(key));
        self
    }

    /// The link key, or an error for a handle opened without one.
    pub(crate) fn link_key(&self) -> Result<&LinkKey, sqlx::Error> {
        self.link_key
            .as_deref()
            .ok_or_else(|| sqlx::Error::Configuration("no link key: use Db::with_link_key".into()))
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

    /// Begins a transaction that will write. On SQLite it takes the write
    /// lock at once (`BEGIN IMMEDIATE`): a deferred transaction that reads
    /// first and writes later cannot wait for the lock when another writer
    /// got there in between, and fails with "database is locked" instead.
    /// Every transaction that writes begins here.
    pub(crate) async fn begin_write(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
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
    fn parses_postgres_urls() {
        for url in [
            "postgres://nulage@localhost/nulage",
            "postgresql://nulage:secret@db.example:5433/nulage?sslmode=require",
        ] {
            assert_eq!(parse_url(url).unwrap(), Target::Postgres(url.into()));
        }
    }

    #[test]
    fn passwords_stay_out_of_messages() {
        assert_eq!(
            redact("postgres://nulage:hemligt@db/nulage"),
            "postgres://nulage:***@db/nulage"
        );
        assert_eq!(redact("postgres://nulage@db/x"), "postgres://nulage@db/x");
        let error = parse_url("postgres://:hemligt@/").unwrap_err().to_string();
        assert!(!error.contains("hemligt"), "{error}");
    }

    #[test]
    fn rejects_malformed_urls() {
        for url in [
            "",
            "data.db",
            "mysql://x",
            "sqlite:",
            "sqlite::memory:",
            "postgres://",
            "postgres:///db",
        ] {
            assert!(
                matches!(parse_url(url), Err(ConnectError::BadUrl(_))),
                "{url}"
            );
        }
    }
}
